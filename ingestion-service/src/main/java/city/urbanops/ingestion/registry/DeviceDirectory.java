package city.urbanops.ingestion.registry;

/** Looks up what the registry says about a device; null when the registry does not know it. */
@FunctionalInterface
public interface DeviceDirectory {

    KnownDevice device(String deviceId);
}
