package city.urbanops.ingestion.uplink;

import city.urbanops.events.telemetry.RejectReason;
import city.urbanops.events.telemetry.RejectedTelemetry;
import city.urbanops.events.telemetry.RejectedTelemetry.PayloadEncoding;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Builds dead-letter records: what arrived is kept for diagnosis, but never more than {@link #MAX_PAYLOAD_BYTES}
 * of it, so that one oversized message cannot turn into an oversized Kafka record.
 */
final class DeadLetters {

    /** The most of a refused payload a dead letter carries. */
    static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    private DeadLetters() {
    }

    /** A dead letter for a whole message; {@code payload} is read from its position without being consumed. */
    static RejectedTelemetry wholeMessage(String gatewayId, String mqttTopic, RejectReason reason, String detail,
                                          ByteBuffer payload, Instant receivedAt) {
        int size = payload.remaining();
        var kept = Kept.of(payload, size);
        return new RejectedTelemetry(gatewayId, mqttTopic, reason, detail, null, null, kept.encoding(),
                kept.text(), size, kept.truncated(), receivedAt);
    }

    /** A dead letter for one reading of an otherwise processed batch, carrying only that reading's JSON. */
    static RejectedTelemetry reading(String gatewayId, String mqttTopic, RejectReason reason, String detail,
                                     int readingIndex, String deviceId, String readingJson, Instant receivedAt) {
        var bytes = readingJson.getBytes(StandardCharsets.UTF_8);
        var kept = Kept.of(ByteBuffer.wrap(bytes), bytes.length);
        return new RejectedTelemetry(gatewayId, mqttTopic, reason, detail, readingIndex, deviceId, kept.encoding(),
                kept.text(), bytes.length, kept.truncated(), receivedAt);
    }

    private record Kept(PayloadEncoding encoding, String text, boolean truncated) {

        static Kept of(ByteBuffer payload, int size) {
            int limit = Math.min(size, MAX_PAYLOAD_BYTES);
            boolean truncated = size > limit;
            var head = payload.duplicate();
            head.limit(head.position() + limit);
            var utf8 = decodeUtf8(head.duplicate(), truncated);
            if (utf8 != null) {
                return new Kept(PayloadEncoding.UTF8, utf8, truncated);
            }
            var bytes = new byte[limit];
            head.duplicate().get(bytes);
            return new Kept(PayloadEncoding.BASE64, Base64.getEncoder().encodeToString(bytes), truncated);
        }

        /**
         * Strict UTF-8 decoding, or null when the bytes are not UTF-8. A truncated head is decoded as unfinished
         * input, so a character cut in half by the limit is left out instead of making the payload look binary.
         */
        private static String decodeUtf8(ByteBuffer head, boolean truncated) {
            var decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            var chars = CharBuffer.allocate(head.remaining());
            CoderResult result = decoder.decode(head, chars, !truncated);
            if (result.isError() || (!truncated && decoder.flush(chars).isError())) {
                return null;
            }
            return chars.flip().toString();
        }
    }
}
