package city.urbanops.rules.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WordingTest {

    @Test
    void durationsDistancesAndNumbersReadAsPeopleWriteThem() {
        assertThat(Wording.duration(Duration.ofSeconds(20))).isEqualTo("20 s");
        assertThat(Wording.duration(Duration.ofMinutes(14).plusSeconds(40))).isEqualTo("14 min");
        assertThat(Wording.duration(Duration.ofMinutes(125))).isEqualTo("2 h 5 min");
        assertThat(Wording.distance(800)).isEqualTo("800 m");
        assertThat(Wording.distance(1_000)).isEqualTo("1 km");
        assertThat(Wording.distance(1_500)).isEqualTo("1.5 km");
        assertThat(Wording.number(2.0)).isEqualTo("2");
        assertThat(Wording.number(0.35)).isEqualTo("0.35");
        assertThat(Wording.number(1200)).isEqualTo("1200");
        assertThat(Wording.number(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
    }

    @Test
    void longListsOfNamesAreCut() {
        var names = IntStream.range(0, 12).mapToObj(i -> "s-" + i).toList();
        assertThat(Wording.names(names)).endsWith("s-9 and 2 more");
    }
}
