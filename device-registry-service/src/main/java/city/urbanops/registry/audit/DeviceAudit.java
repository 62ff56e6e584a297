package city.urbanops.registry.audit;

import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.registry.device.DeviceChangeListener;
import city.urbanops.registry.device.DeviceChanges.Change;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Sends what is done to devices and gateways to the audit log, in the change's own transaction: provisioning, attribute
 * changes, lifecycle changes, quarantine and release, and the gateway's credentials (issued, rotated and revoked
 * secrets by credential id, added and removed certificates by fingerprint; never a secret or its hash). A device
 * republished because its type's measurements changed is not sent: the type's change is. The event id is the device,
 * the version the change made and what the change was.
 */
@Component
class DeviceAudit implements DeviceChangeListener {

    private final AuditLog audit;

    DeviceAudit(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public void onDeviceChange(DeviceRecord device, long version, Instant at, Change change) {
        String thing = device.kind() == DeviceKind.GATEWAY ? "gateway" : "device";
        String action = switch (change.action()) {
            case CREATED -> thing + ".provisioned";
            case UPDATED -> thing + ".updated";
            case ACTIVATED, SUSPENDED, RESUMED, REVOKED, DECOMMISSIONED -> thing + ".lifecycle-changed";
            case QUARANTINED -> thing + ".quarantined";
            case RELEASED -> thing + ".released";
            case QUARANTINE_ENDED -> thing + ".quarantine-ended";
            case SECRET_ISSUED -> "gateway.secret-issued";
            case SECRET_ROTATED -> "gateway.secret-rotated";
            case SECRET_REVOKED -> "gateway.secret-revoked";
            case CERTIFICATE_ADDED -> "gateway.certificate-added";
            case CERTIFICATE_REMOVED -> "gateway.certificate-removed";
            case TYPE_CHANGED -> null;
        };
        if (action == null) {
            return;
        }
        var details = new LinkedHashMap<String, String>();
        if (change.from() != null) {
            details.put("from", change.from().name());
        }
        if (change.to() != null) {
            details.put("to", change.to().name());
        }
        if (change.reason() != null) {
            details.put("reason", change.reason());
        }
        if (change.proposalId() != null) {
            details.put("proposalId", change.proposalId());
        }
        details.put("version", String.valueOf(version));
        audit.record(thing + ":" + device.deviceId() + ":" + version + ":" + change.action().name().toLowerCase(), at,
                new AuditLog.Action(change.actor(), action, thing, device.deviceId(), device.department(),
                        device.district(), Map.copyOf(details)));
    }
}
