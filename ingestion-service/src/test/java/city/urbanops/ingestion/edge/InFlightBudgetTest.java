package city.urbanops.ingestion.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class InFlightBudgetTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InFlightBudget budget = new InFlightBudget(1000, meters);

    @Test
    void publishesAreAdmittedWhileTheirBytesFit() {
        assertThat(budget.tryTake(600)).isTrue();
        assertThat(budget.tryTake(400)).isTrue();

        assertThat(budget.used()).isEqualTo(1000);
        assertThat(meters.get("urbanops.ingestion.inflight.bytes").gauge().value()).isEqualTo(1000);
    }

    @Test
    void aPublishThatDoesNotFitIsRefusedWithoutTakingAnything() {
        budget.tryTake(600);

        assertThat(budget.tryTake(401)).isFalse();
        assertThat(budget.used()).isEqualTo(600);
    }

    @Test
    void bytesGivenBackAdmitTheNextPublish() {
        budget.tryTake(600);
        budget.giveBack(600);

        assertThat(budget.tryTake(1000)).isTrue();
    }
}
