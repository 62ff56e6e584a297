package city.urbanops.events.registry;

/** A device identity's lifecycle; only {@link #ACTIVE} devices may publish telemetry. */
public enum DeviceLifecycle { PROVISIONED, ACTIVE, SUSPENDED, REVOKED, DECOMMISSIONED }
