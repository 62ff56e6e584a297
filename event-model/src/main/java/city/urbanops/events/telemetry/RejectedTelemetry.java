package city.urbanops.events.telemetry;

import city.urbanops.events.codec.EventIds;
import java.time.Instant;

/**
 * A dead-letter record on {@code telemetry.rejected}: what arrived, from whom, and why it was refused.
 * A whole message is rejected with {@code readingIndex} null; a single reading of an otherwise good batch carries
 * its index and only its own JSON in {@code payload}. Payloads that are not UTF-8 are carried base64-encoded;
 * payloads over the dead-letter size limit are cut, with {@code payloadSize} giving the original size.
 * Schema: {@code schemas/v1/rejected-telemetry.json}.
 */
public record RejectedTelemetry(
        String gatewayId,
        String mqttTopic,
        RejectReason reason,
        String detail,
        Integer readingIndex,
        String deviceId,
        PayloadEncoding payloadEncoding,
        String payload,
        int payloadSize,
        boolean payloadTruncated,
        Instant receivedAt) {

    /**
     * The CloudEvents id of this dead letter, {@code gatewayId/reason/digest}: derived from what was refused (gateway,
     * MQTT topic, reason, reading index, device, the payload as kept and its original size), not from when, so a
     * batch re-sent after an error PUBACK yields dead letters with the same ids.
     */
    public String eventId() {
        return gatewayId + "/" + reason + "/" + EventIds.digest(mqttTopic, readingIndex, deviceId, payloadEncoding,
                payloadSize, payloadTruncated, payload);
    }

    /** How {@link #payload} is written. */
    public enum PayloadEncoding { UTF8, BASE64 }
}
