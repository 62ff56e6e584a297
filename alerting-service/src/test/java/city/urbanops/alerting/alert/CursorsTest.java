package city.urbanops.alerting.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.urbanops.security.problem.InvalidRequestException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CursorsTest {

    @Test
    void anAlertCursorNamesThePositionItWasMadeFrom() {
        var position = new AlertQuery.Position(Instant.parse("2026-11-30T08:00:00.123456Z"), UUID.randomUUID());

        assertThat(Cursors.alertPosition(Cursors.ofAlert(position))).isEqualTo(position);
        assertThat(Cursors.alertPosition(null)).isNull();
    }

    @Test
    void aCursorThisApiDidNotIssueIsRefusedNamingCursor() {
        for (String forged : new String[] {"not-ours", Cursors.ofTimeline(7), "x".repeat(500), "%%%"}) {
            assertThatThrownBy(() -> Cursors.alertPosition(forged)).isInstanceOfSatisfying(
                    InvalidRequestException.class,
                    refused -> assertThat(refused.problems().getFirst().field()).isEqualTo("cursor"));
        }
        assertThatThrownBy(() -> Cursors.timelinePosition(Cursors.ofAlert(new AlertQuery.Position(Instant.EPOCH,
                UUID.randomUUID())))).isInstanceOf(InvalidRequestException.class);
        assertThat(Cursors.timelinePosition(Cursors.ofTimeline(42))).isEqualTo(42);
    }
}
