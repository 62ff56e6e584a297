package city.urbanops.registry.device;

/** A device near another of the same type, with the great-circle distance between their locations in metres. */
public record Neighbour(double distanceMeters, DeviceView device) {
}
