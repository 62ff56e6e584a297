package city.urbanops.alerting.alert;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.alerting.alert.AlertEventDecoder.Decoded;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventSchemas;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class AlertEventDecoderTest {

    private static final Instant T = Instant.parse("2026-11-30T08:00:00Z");
    private final EventJson json = new EventJson();
    private final AlertEventDecoder decoder = new AlertEventDecoder(json, new EventSchemas());

    @Test
    void aCompleteEventDecodes() {
        var event = AlertEvents.raised("flood/fl-1", "flood", "water", "north", T);

        assertThat(decoder.decode(json.write(event))).isEqualTo(new Decoded.Event(event));
    }

    @Test
    void aMissingRequiredFieldIsInvalidAndNamed() {
        ObjectNode tree = json.mapper().valueToTree(AlertEvents.raised("flood/fl-1", "flood", "water", "north", T));
        tree.remove("district");

        var decoded = decoder.decode(json.write(tree));

        assertThat(decoded).isInstanceOfSatisfying(Decoded.Refused.class, refused -> {
            assertThat(refused.reason()).isEqualTo(DeadLetterReason.INVALID);
            assertThat(refused.detail()).contains("district");
        });
    }

    @Test
    void anUnknownTransitionIsInvalid() {
        ObjectNode tree = json.mapper().valueToTree(AlertEvents.raised("flood/fl-1", "flood", "water", "north", T));
        tree.put("transition", "EXPLODED");

        assertThat(decoder.decode(json.write(tree))).isInstanceOfSatisfying(Decoded.Refused.class,
                refused -> assertThat(refused.detail()).contains("/transition"));
    }

    @Test
    void whatIsNotJsonIsUnreadableAndATombstoneIsInvalid() {
        assertThat(decoder.decode("{\"alertId\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(Decoded.Refused.class,
                        refused -> assertThat(refused.reason()).isEqualTo(DeadLetterReason.UNREADABLE));
        assertThat(decoder.decode(null)).isInstanceOfSatisfying(Decoded.Refused.class,
                refused -> assertThat(refused.reason()).isEqualTo(DeadLetterReason.INVALID));
        assertThat(decoder.decode("[1,2]".getBytes(StandardCharsets.UTF_8))).isInstanceOfSatisfying(
                Decoded.Refused.class, refused -> assertThat(refused.reason()).isEqualTo(DeadLetterReason.INVALID));
    }
}
