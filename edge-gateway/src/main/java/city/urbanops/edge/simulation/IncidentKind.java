package city.urbanops.edge.simulation;

/** A real-world incident the simulation can play on one device, and the device type it applies to. */
public enum IncidentKind {
    /** The water level rises steadily well above its normal band. */
    FLOOD(DeviceType.FLOOD_LEVEL),
    /** The leak sensor reports a leak. */
    LEAK(DeviceType.WATER_LEAK),
    /** Particulates and NO2 rise to unhealthy levels. */
    AIR_POLLUTION(DeviceType.AIR_QUALITY),
    /** Traffic crawls: speed collapses while vehicles queue over the loop. */
    TRAFFIC_JAM(DeviceType.TRAFFIC_LOOP),
    /** The charger reports a fault and delivers no power. */
    CHARGER_FAULT(DeviceType.EV_CHARGER),
    /** The lamp stays dark. */
    LIGHT_OUTAGE(DeviceType.STREETLIGHT),
    /** The bin is full and stays full. */
    BIN_OVERFLOW(DeviceType.WASTE_BIN);

    private final DeviceType appliesTo;

    IncidentKind(DeviceType appliesTo) {
        this.appliesTo = appliesTo;
    }

    public DeviceType appliesTo() {
        return appliesTo;
    }
}
