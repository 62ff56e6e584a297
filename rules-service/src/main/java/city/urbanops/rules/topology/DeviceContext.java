package city.urbanops.rules.topology;

import city.urbanops.events.registry.DeviceRecord;

/** Where a device is and who owns it, as the registry had it when a finding was made; carried into every alert. */
public record DeviceContext(String deviceId, String deviceType, String gatewayId, String department, String district,
                            String siteId, Double latitude, Double longitude) {

    /** The district alerts of a device without one are filed under. */
    public static final String NO_DISTRICT = "unassigned";

    public static DeviceContext of(DeviceRecord device) {
        return new DeviceContext(device.deviceId(), device.deviceType(), device.gatewayId(), device.department(),
                device.district() == null ? NO_DISTRICT : device.district(), device.siteId(), device.latitude(),
                device.longitude());
    }

    /** Great-circle distance in metres to {@code other}; empty when either has no location. */
    public java.util.OptionalDouble metresTo(DeviceContext other) {
        if (latitude == null || longitude == null || other.latitude == null || other.longitude == null) {
            return java.util.OptionalDouble.empty();
        }
        double earthRadius = 6_371_000;
        double dLat = Math.toRadians(other.latitude - latitude);
        double dLon = Math.toRadians(other.longitude - longitude);
        double a = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(Math.toRadians(latitude))
                * Math.cos(Math.toRadians(other.latitude)) * Math.pow(Math.sin(dLon / 2), 2);
        return java.util.OptionalDouble.of(2 * earthRadius * Math.asin(Math.sqrt(a)));
    }
}
