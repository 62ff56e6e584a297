package city.urbanops.rules.rule;

import city.urbanops.events.registry.DeviceRecord;
import java.util.List;

/**
 * Which devices a rule applies to: every list given must contain the device's value (device type, department,
 * district, site, device id), an empty or missing list does not restrict. A rule with an empty scope applies to every
 * device that reports its measurement.
 */
public record Scope(List<String> deviceTypes, List<String> departments, List<String> districts, List<String> sites,
                    List<String> devices) {

    public Scope {
        deviceTypes = copy(deviceTypes);
        departments = copy(departments);
        districts = copy(districts);
        sites = copy(sites);
        devices = copy(devices);
    }

    public static Scope everything() {
        return new Scope(null, null, null, null, null);
    }

    public boolean covers(DeviceRecord device) {
        return coversApartFromDeviceIds(device) && admits(devices, device.deviceId());
    }

    /** {@link #covers} for a device already known to be among {@code devices} (an index found it by its id). */
    public boolean coversApartFromDeviceIds(DeviceRecord device) {
        return admits(deviceTypes, device.deviceType())
                && admits(departments, device.department())
                && admits(districts, device.district())
                && admits(sites, device.siteId());
    }

    private static boolean admits(List<String> allowed, String value) {
        return allowed.isEmpty() || (value != null && allowed.contains(value));
    }

    private static List<String> copy(List<String> values) {
        return values == null ? List.of() : List.copyOf(values);
    }
}
