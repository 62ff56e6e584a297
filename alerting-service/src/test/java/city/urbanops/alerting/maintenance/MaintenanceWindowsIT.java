package city.urbanops.alerting.maintenance;

import static city.urbanops.alerting.TestAlerts.located;
import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.alerting.AlertingDatabase;
import city.urbanops.alerting.maintenance.MaintenanceWindow.Target;
import city.urbanops.events.alert.AlertEvent.Cause;
import city.urbanops.events.alert.AlertEvent.Severity;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Which maintenance window covers an alert, on a real PostgreSQL. */
class MaintenanceWindowsIT {

    private static final Instant START = Instant.parse("2026-04-01T08:00:00Z");
    private static final Instant END = Instant.parse("2026-04-01T12:00:00Z");
    private static final Instant DURING = Instant.parse("2026-04-01T10:00:00Z");

    private MaintenanceWindowRepository windows;

    @BeforeEach
    void freshDatabase() {
        windows = new MaintenanceWindowRepository(JdbcClient.create(AlertingDatabase.fresh("maintenance")));
    }

    private MaintenanceWindow plan(Target target, String id, Instant from, Instant to) {
        var window = new MaintenanceWindow(UUID.randomUUID(), target, id, from, to, "pump replacement", "supervisor");
        windows.save(window, from);
        return window;
    }

    private static city.urbanops.alerting.alert.Alert alertOn(String device, String gateway, String site, String district) {
        return located("water", district, Severity.MAJOR, Cause.DEVICE_FAULT, device, gateway, site);
    }

    @Test
    void windowForTheDeviceGatewaySiteOrDistrictCoversTheAlert() {
        var device = plan(Target.DEVICE, "pump-7", START, END);
        var gateway = plan(Target.GATEWAY, "gw-north", START, END);
        var site = plan(Target.SITE, "station-3", START, END);
        var district = plan(Target.DISTRICT, "harbour", START, END);

        assertThat(windows.covering(alertOn("pump-7", "gw-x", "s-x", "d-x"), DURING)).contains(device);
        assertThat(windows.covering(alertOn("d-y", "gw-north", "s-x", "d-x"), DURING)).contains(gateway);
        assertThat(windows.covering(alertOn("d-y", "gw-x", "station-3", "d-x"), DURING)).contains(site);
        assertThat(windows.covering(alertOn("d-y", "gw-x", "s-x", "harbour"), DURING)).contains(district);
    }

    @Test
    void windowForAnotherTargetDoesNotCover() {
        plan(Target.DEVICE, "pump-7", START, END);
        plan(Target.DISTRICT, "pump-8", START, END); // a district named like the device: the target kind matters

        assertThat(windows.covering(alertOn("pump-8", "gw-x", "s-x", "d-x"), DURING)).isEmpty();
    }

    @Test
    void windowCoversFromItsStartUntilJustBeforeItsEnd() {
        var window = plan(Target.DEVICE, "pump-7", START, END);
        var alert = alertOn("pump-7", "gw-x", "s-x", "d-x");

        assertThat(windows.covering(alert, START)).contains(window);
        assertThat(windows.covering(alert, END.minusMillis(1))).contains(window);
        assertThat(windows.covering(alert, END)).isEmpty();
        assertThat(windows.covering(alert, START.minusMillis(1))).isEmpty();
    }

    @Test
    void whenSeveralCoverTheOneLastingLongestIsAnswered() {
        plan(Target.DEVICE, "pump-7", START, END);
        var longer = plan(Target.DISTRICT, "harbour", START, END.plusSeconds(3600));

        assertThat(windows.covering(alertOn("pump-7", "gw-x", "s-x", "harbour"), DURING)).contains(longer);
    }

    @Test
    void alertWithoutGatewayOrSiteIsMatchedByWhatItHas() {
        var device = plan(Target.DEVICE, "pump-7", START, END);
        plan(Target.SITE, "station-3", START, END);

        assertThat(windows.covering(alertOn("pump-7", null, null, null), DURING)).contains(device);
        assertThat(windows.covering(alertOn("pump-9", null, null, null), DURING)).isEmpty();
    }

    @Test
    void listedWindowsAreThoseNotEndedAndDeletedOnesGo() {
        var past = plan(Target.DEVICE, "pump-1", START.minusSeconds(86_400), END.minusSeconds(86_400));
        var current = plan(Target.DEVICE, "pump-2", START, END);

        assertThat(windows.notEndedBy(DURING, 10)).containsExactly(current);
        assertThat(windows.delete(current.id())).isTrue();
        assertThat(windows.find(current.id())).isEmpty();
        assertThat(windows.find(past.id())).contains(past);
    }
}
