package city.urbanops.registry.device;

/**
 * Whether a device is heard from. A gateway: its last status event ({@code ONLINE}/{@code OFFLINE}), {@code UNKNOWN}
 * before the first. A sensor: {@code OFFLINE} when its gateway is, {@code ONLINE} when its gateway is online and it
 * was seen within the staleness threshold, {@code STALE} when its gateway is online but it fell silent, and
 * {@code UNKNOWN} while its gateway's state is unknown.
 */
public enum Connectivity { ONLINE, OFFLINE, STALE, UNKNOWN }
