package city.urbanops.edge.uplink;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a PUBACK (MQTT 5) says about a batch. Reason codes below 0x80 mean delivered; ingestion answers
 * 0x99 (payload format invalid) and 0x87 (not authorized) for a batch that no retry can fix; every other error
 * (0x83 implementation specific, when ingestion could not write to Kafka, included) means "keep it and retry".
 * When ingestion rejected some readings of a batch, its PUBACK counts them by reason in MQTT 5 user properties
 * ({@code urbanops.rejected.<REASON>}).
 */
public sealed interface PubackOutcome {

    int PAYLOAD_FORMAT_INVALID = 0x99;
    int NOT_AUTHORIZED = 0x87;

    int reasonCode();

    /** Prefix of the PUBACK user properties that count rejected readings by reason. */
    String REJECTED_PREFIX = "urbanops.rejected.";

    /**
     * The broker took responsibility for the batch; {@code rejectedReadings} counts, by ingestion's reject reason, the
     * readings of it that were dead-lettered instead of accepted.
     */
    record Delivered(int reasonCode, Map<String, Integer> rejectedReadings) implements PubackOutcome {

        public Delivered {
            rejectedReadings = Map.copyOf(rejectedReadings);
        }

        Delivered(int reasonCode) {
            this(reasonCode, Map.of());
        }

        int rejectedCount() {
            return rejectedReadings.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** The broker refused the batch for good: sending it again would be refused again. */
    record Rejected(int reasonCode, String reason) implements PubackOutcome {
    }

    /** Not delivered this time (error PUBACK, timeout, connection lost): the same batch must be sent again. */
    record RetryLater(int reasonCode, String reason) implements PubackOutcome {
    }

    /** Reason code for a publish that got no PUBACK at all (not connected, timed out, connection lost). */
    int NO_PUBACK = -1;

    static PubackOutcome ofReasonCode(int reasonCode, String reason) {
        return ofPuback(reasonCode, reason, Map.of());
    }

    /** The outcome of a PUBACK with its reason code, reason string and user properties. */
    static PubackOutcome ofPuback(int reasonCode, String reason, Map<String, String> userProperties) {
        if (reasonCode < 0x80) {
            var rejected = new TreeMap<String, Integer>();
            userProperties.forEach((name, value) -> {
                if (name.startsWith(REJECTED_PREFIX) && value.matches("\\d{1,9}")) {
                    rejected.put(name.substring(REJECTED_PREFIX.length()), Integer.parseInt(value));
                }
            });
            return new Delivered(reasonCode, rejected);
        }
        if (reasonCode == PAYLOAD_FORMAT_INVALID || reasonCode == NOT_AUTHORIZED) {
            return new Rejected(reasonCode, reason);
        }
        return new RetryLater(reasonCode, reason);
    }

    static PubackOutcome noPuback(String why) {
        return new RetryLater(NO_PUBACK, why);
    }
}
