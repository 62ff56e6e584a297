package city.urbanops.registry.device;

/** What a line of a device's history records; every committed change has one (or more) of these. */
public enum HistoryAction {
    CREATED, UPDATED, TYPE_CHANGED,
    ACTIVATED, SUSPENDED, RESUMED, REVOKED, DECOMMISSIONED,
    QUARANTINED, RELEASED, QUARANTINE_ENDED,
    SECRET_ISSUED, SECRET_ROTATED, SECRET_REVOKED, CERTIFICATE_ADDED, CERTIFICATE_REMOVED
}
