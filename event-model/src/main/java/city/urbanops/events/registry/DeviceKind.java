package city.urbanops.events.registry;

/** Whether a registry entry is a sensor device or a gateway that publishes for devices. */
public enum DeviceKind { SENSOR, GATEWAY }
