package city.urbanops.localplatform.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void stepLineShowsNumberTotalAndSecondsWithOneDecimal() {
        assertThat(Progress.line(3, 11, "Keycloak", 14_230_000_000L)).isEqualTo("[ 3/11] Keycloak ... ready in 14.2 s");
    }

    @Test
    void aSkippedStepCountsAsDoneAndSaysWhy() {
        var bytes = new ByteArrayOutputStream();
        var progress = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), 3);

        progress.ready("Kafka", 1_000_000_000L);
        progress.skipped("Alerting set up", "alerting-service refused: HTTP 404");
        progress.ready("edge-gateway", 2_000_000_000L);

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "[ 1/3] Kafka ... ready in 1.0 s",
                "[ 2/3] Alerting set up ... SKIPPED",
                "        !! alerting-service refused: HTTP 404",
                "[ 3/3] edge-gateway ... ready in 2.0 s");
    }
}
