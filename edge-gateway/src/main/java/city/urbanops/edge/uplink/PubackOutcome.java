package city.urbanops.edge.uplink;

/**
 * What a PUBACK (MQTT 5) says about a batch. Reason codes below 0x80 mean delivered; ingestion answers
 * 0x99 (payload format invalid) and 0x87 (not authorized) for a batch that no retry can fix; every other error
 * (0x83 implementation specific, when ingestion could not write to Kafka, included) means "keep it and retry".
 */
public sealed interface PubackOutcome {

    int PAYLOAD_FORMAT_INVALID = 0x99;
    int NOT_AUTHORIZED = 0x87;

    int reasonCode();

    /** The broker took responsibility for the batch. */
    record Delivered(int reasonCode) implements PubackOutcome {
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
        if (reasonCode < 0x80) {
            return new Delivered(reasonCode);
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
