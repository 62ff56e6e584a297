package city.urbanops.localplatform.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void stepLineShowsNumberTotalAndSecondsWithOneDecimal() {
        assertThat(Progress.line(3, 11, "Keycloak", 14_230_000_000L)).isEqualTo("[ 3/11] Keycloak ... ready in 14.2 s");
    }
}
