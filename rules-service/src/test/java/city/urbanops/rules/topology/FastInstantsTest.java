package city.urbanops.rules.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.urbanops.events.codec.EventJson;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;

class FastInstantsTest {

    private static final tools.jackson.databind.json.JsonMapper MAPPER = FastInstants.on(new EventJson().mapper());

    record Stamped(Instant time) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-30T08:00:00Z", "2026-11-30T08:00:00.1Z", "2026-11-30T08:00:00.123Z",
            "2026-11-30T23:59:59.123456Z", "2026-11-30T08:00:00.123456789Z", "2024-02-29T12:00:00Z",
            "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "0001-01-01T00:00:00Z"})
    void readsThePlatformsInstantsExactlyAsTheIsoParserDoes(String text) {
        assertThat(FastInstants.parse(text)).isEqualTo(Instant.parse(text));
        assertThat(MAPPER.readValue("{\"time\":\"" + text + "\"}", Stamped.class).time()).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-30T09:00:00+01:00", "2026-11-30T08:00:00.Z", "2026-11-30T08:00:00.1234567890Z",
            "2026-13-30T08:00:00Z", "2026-02-30T08:00:00Z", "2026-11-30T24:00:00Z", "2026-11-30T08:60:00Z",
            "2026-11-30 08:00:00Z", "2026-11-30T08:00:0xZ", "+12026-11-30T08:00:00Z", "not an instant at all"})
    void leavesEveryOtherTextToJacksonsOwnParser(String text) {
        assertThat(FastInstants.parse(text)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-30T09:00:00+01:00", "1796025600"})
    void whatJacksonAcceptsIsStillAccepted(String value) {
        var json = value.contains("T") ? "\"" + value + "\"" : value;
        assertThat(MAPPER.readValue("{\"time\":" + json + "}", Stamped.class).time())
                .isEqualTo(Instant.parse("2026-11-30T08:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T08:00:00Z", "yesterday"})
    void whatJacksonRefusesIsStillRefused(String text) {
        assertThatThrownBy(() -> MAPPER.readValue("{\"time\":\"" + text + "\"}", Stamped.class))
                .isInstanceOf(JacksonException.class);
    }
}
