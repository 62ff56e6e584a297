package city.urbanops.registry.reference;

/**
 * The measurements a device type reports changed, inside the transaction that changed them: every device of the type
 * now publishes a different record, which the device feature republishes in the same transaction.
 */
public record DeviceTypeMeasurementsChanged(String deviceType, java.util.List<String> measurements, String actor) {
}
