package city.urbanops.registry.bulkimport;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The columns of a CSV import and the members of a JSON import's device objects; the wire name is the same in both. */
enum ImportField {
    DEVICE_ID("deviceId"),
    EXTERNAL_ID("externalId"),
    KIND("kind"),
    DEVICE_TYPE("deviceType"),
    GATEWAY_ID("gatewayId"),
    DEPARTMENT("department"),
    DISTRICT("district"),
    SITE_ID("siteId"),
    LATITUDE("latitude"),
    LONGITUDE("longitude"),
    LIFECYCLE("lifecycle");

    private static final Map<String, ImportField> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ImportField::wireName, Function.identity()));

    private final String wireName;

    ImportField(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }

    static Optional<ImportField> byWireName(String name) {
        return Optional.ofNullable(BY_WIRE_NAME.get(name));
    }

    static String wireNames() {
        return Arrays.stream(values()).map(ImportField::wireName).collect(Collectors.joining(", "));
    }
}
