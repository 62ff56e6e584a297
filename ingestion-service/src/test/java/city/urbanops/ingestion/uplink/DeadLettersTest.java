package city.urbanops.ingestion.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.telemetry.RejectReason;
import city.urbanops.events.telemetry.RejectedTelemetry.PayloadEncoding;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    @Test
    void aCutThroughAMultiByteCharacterStillKeepsTheHeadAsUtf8() {
        // 'é' is two bytes: 65,535 ASCII bytes then 'é' puts the 64 KiB limit between its two bytes.
        String text = "a".repeat(DeadLetters.MAX_PAYLOAD_BYTES - 1) + "é".repeat(10);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);

        var deadLetter = DeadLetters.wholeMessage("gw-1", "city/v1/gw/gw-1/up", RejectReason.OVERSIZED, "too big",
                ByteBuffer.wrap(bytes), Instant.EPOCH);

        assertThat(deadLetter.payloadEncoding()).isEqualTo(PayloadEncoding.UTF8);
        assertThat(deadLetter.payload()).isEqualTo("a".repeat(DeadLetters.MAX_PAYLOAD_BYTES - 1));
        assertThat(deadLetter.payloadTruncated()).isTrue();
        assertThat(deadLetter.payloadSize()).isEqualTo(bytes.length);
    }

    @Test
    void readingThePayloadDoesNotConsumeTheBuffer() {
        var buffer = ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8));

        DeadLetters.wholeMessage("gw-1", "t", RejectReason.SCHEMA, "d", buffer, Instant.EPOCH);

        assertThat(buffer.remaining()).isEqualTo(2);
    }
}
