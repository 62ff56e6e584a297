package city.urbanops.alerting.maintenance;

import java.time.Instant;
import java.util.UUID;

/** A planned period for a device, gateway, site or district in which alerts are recorded and marked, not notified. */
public record MaintenanceWindow(UUID id, Target target, String targetId, Instant startsAt, Instant endsAt,
                                String reason, String createdBy) {

    public enum Target { DEVICE, GATEWAY, SITE, DISTRICT }
}
