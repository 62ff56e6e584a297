package city.urbanops.registry.bulkimport;

import city.urbanops.events.registry.DeviceKind;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The registry's reference data an import row is checked against, read once per run: device types with their kind
 * and the measurements they report, departments, districts, and each site's district.
 */
record ImportCatalog(Map<String, DeviceType> deviceTypes, Set<String> departments, Set<String> districts,
                     Map<String, String> siteDistricts) {

    record DeviceType(DeviceKind kind, List<String> measurements) {
    }

    /** The measurements a device of {@code deviceType} reports, in name order. */
    List<String> measurementsOf(String deviceType) {
        DeviceType type = deviceTypes.get(deviceType);
        return type == null ? List.of() : type.measurements();
    }
}
