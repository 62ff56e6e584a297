package city.urbanops.registry.reference;

import java.time.Instant;
import java.util.Map;

/**
 * A department, district, site or device type was created or changed, published inside the change's transaction so
 * that a listener's writes (the audit log's event) commit with it.
 *
 * @param action     {@code <thing>.<verb>}, e.g. {@code district.changed}
 * @param targetType {@code department}, {@code district}, {@code site} or {@code device-type}
 * @param department the department it is, or null
 * @param district   the district it is or lies in, or null
 * @param details    what a reader needs (the name, a site's district, a type's measurements)
 */
public record ReferenceDataChanged(String actor, String action, String targetType, String targetId, String department,
                                   String district, Map<String, String> details, Instant at) {
}
