package city.urbanops.alerting.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.alerting.maintenance.MaintenanceWindowsController.WindowRequest;
import city.urbanops.security.problem.FieldProblem;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MaintenanceWindowValidationTest {

    private static final Instant NOW = Instant.parse("2026-04-01T08:00:00Z");
    private static final Duration MAX = Duration.ofDays(30);

    @Test
    void plannedWindowPasses() {
        var request = new WindowRequest(MaintenanceWindow.Target.SITE, "station-3", NOW, NOW.plusSeconds(3600), "pumps");

        assertThat(MaintenanceWindowsController.problems(request, NOW, MAX)).isEmpty();
    }

    @Test
    void endBeforeStartIsRefusedNamingEndsAt() {
        var request = new WindowRequest(MaintenanceWindow.Target.SITE, "station-3", NOW.plusSeconds(7200),
                NOW.plusSeconds(3600), "pumps");

        assertThat(MaintenanceWindowsController.problems(request, NOW, MAX))
                .containsExactly(new FieldProblem("endsAt", "must be after startsAt"));
    }

    @Test
    void windowLongerThanTheBoundIsRefused() {
        var request = new WindowRequest(MaintenanceWindow.Target.DISTRICT, "harbour", NOW,
                NOW.plus(Duration.ofDays(31)), "works");

        assertThat(MaintenanceWindowsController.problems(request, NOW, MAX)).extracting(FieldProblem::field)
                .containsExactly("endsAt");
    }

    @Test
    void missingFieldsAreEachNamed() {
        var request = new WindowRequest(null, " ", null, NOW.minusSeconds(1), null);

        assertThat(MaintenanceWindowsController.problems(request, NOW, MAX)).extracting(FieldProblem::field)
                .containsExactly("target", "targetId", "reason", "startsAt", "endsAt");
    }
}
