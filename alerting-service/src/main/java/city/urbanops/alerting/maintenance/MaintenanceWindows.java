package city.urbanops.alerting.maintenance;

import city.urbanops.alerting.alert.Alert;
import java.time.Instant;
import java.util.Optional;

/** Whether an alert falls in a maintenance window at a moment (by its device, gateway, site or district). */
public interface MaintenanceWindows {

    Optional<MaintenanceWindow> covering(Alert alert, Instant at);
}
