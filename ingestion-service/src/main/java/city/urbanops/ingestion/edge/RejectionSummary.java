package city.urbanops.ingestion.edge;

import city.urbanops.events.telemetry.RejectReason;
import city.urbanops.events.telemetry.RejectedTelemetry;
import city.urbanops.ingestion.uplink.UplinkOutcome.Processed;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a gateway is told about the readings of its batch that were rejected: the PUBACK code (0x00 while any reading
 * was accepted; an error once every reading was rejected, because sending the batch again cannot help) and MQTT 5
 * user properties counting the rejections by reason, so a gateway sees what to fix without reading Kafka.
 */
record RejectionSummary(AckReasonCode code, String reasonString, Map<String, String> userProperties) {

    /** User property with the number of readings of the batch that were rejected. */
    static final String REJECTED = "urbanops.rejected";
    /** Prefix of the per-reason counts: {@code urbanops.rejected.SCHEMA = 2}. */
    static final String REJECTED_PREFIX = REJECTED + ".";
    /** User property with the number of readings of the batch that were accepted. */
    static final String ACCEPTED = "urbanops.accepted";

    /** Rejections that say the gateway may not speak for the device, rather than that the data is wrong. */
    private static final Set<RejectReason> NOT_AUTHORIZED =
            EnumSet.of(RejectReason.UNKNOWN_DEVICE, RejectReason.INACTIVE_DEVICE, RejectReason.GATEWAY_MISMATCH);

    static RejectionSummary of(Processed processed) {
        var rejected = processed.rejected();
        if (rejected.isEmpty()) {
            return new RejectionSummary(AckReasonCode.SUCCESS, null, Map.of());
        }
        var byReason = new EnumMap<RejectReason, Integer>(RejectReason.class);
        for (RejectedTelemetry deadLetter : rejected) {
            byReason.merge(deadLetter.reason(), 1, Integer::sum);
        }
        var properties = new LinkedHashMap<String, String>();
        properties.put(ACCEPTED, Integer.toString(processed.accepted().size()));
        properties.put(REJECTED, Integer.toString(rejected.size()));
        byReason.forEach((reason, count) -> properties.put(REJECTED_PREFIX + reason, Integer.toString(count)));
        if (!processed.accepted().isEmpty()) {
            return new RejectionSummary(AckReasonCode.SUCCESS, null, properties);
        }
        var first = rejected.getFirst();
        var code = NOT_AUTHORIZED.containsAll(byReason.keySet())
                ? AckReasonCode.NOT_AUTHORIZED : AckReasonCode.PAYLOAD_FORMAT_INVALID;
        return new RejectionSummary(code, "all " + rejected.size() + " readings rejected; first: " + first.reason()
                + ": " + first.detail(), properties);
    }

    boolean allRejected() {
        return code != AckReasonCode.SUCCESS;
    }
}
