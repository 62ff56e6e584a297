package city.urbanops.registry.bulkimport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reference data of the registry's own tables (departments, districts, a site, device types) under ids of one test,
 * and import files generated from device descriptions. The departments are the demo realm's scope values, shared
 * by every test and inserted only if missing.
 */
final class ImportFixtures {

    static final String ENVIRONMENT = "environment";
    static final String TRANSPORT = "transport";

    private ImportFixtures() {
    }

    /** The ids a test's reference data got. */
    record Catalog(String north, String south, String site, String airQuality, String gateway, String flood) {
    }

    static Catalog seed(JdbcTemplate jdbc, String tag) {
        var catalog = new Catalog(tag + "-north", tag + "-south", tag + "-site", tag + "-aq", tag + "-gw",
                tag + "-flood");
        for (String department : List.of(ENVIRONMENT, TRANSPORT)) {
            jdbc.update("insert into department (id, name) values (?, ?) on conflict do nothing", department,
                    department);
        }
        String square = "{\"type\":\"Polygon\",\"coordinates\":[[[8.5,47.3],[8.6,47.3],[8.6,47.4],[8.5,47.3]]]}";
        for (String district : List.of(catalog.north(), catalog.south())) {
            jdbc.update("insert into district (id, name, boundary) values (?, ?, ?::jsonb)", district, district,
                    square);
        }
        jdbc.update("insert into site (id, name, district_id, latitude, longitude) values (?, ?, ?, 47.35, 8.55)",
                catalog.site(), catalog.site(), catalog.north());
        jdbc.update("insert into device_type (id, kind) values (?, 'SENSOR'), (?, 'GATEWAY'), (?, 'SENSOR')",
                catalog.airQuality(), catalog.gateway(), catalog.flood());
        jdbc.update("insert into device_type_measurement (device_type_id, measurement) values (?, 'pm2_5'), "
                + "(?, 'pm10'), (?, 'water_level')", catalog.airQuality(), catalog.airQuality(), catalog.flood());
        return catalog;
    }

    /** One row of an import file, by wire name; absent values are left out (CSV: empty). */
    static final class Row {

        private final Map<String, String> values = new LinkedHashMap<>();

        Row set(String field, Object value) {
            if (value == null) {
                values.remove(field);
            } else {
                values.put(field, value.toString());
            }
            return this;
        }

        String get(String field) {
            return values.get(field);
        }

        Row copy() {
            var copy = new Row();
            copy.values.putAll(values);
            return copy;
        }
    }

    static Row gateway(String id, Catalog catalog, String department) {
        return new Row().set("deviceId", id).set("externalId", "ext-" + id).set("kind", "GATEWAY")
                .set("deviceType", catalog.gateway()).set("department", department).set("district", catalog.north())
                .set("lifecycle", "ACTIVE");
    }

    static Row sensor(String id, String gatewayId, Catalog catalog, String department) {
        return new Row().set("deviceId", id).set("externalId", "ext-" + id).set("deviceType", catalog.airQuality())
                .set("gatewayId", gatewayId).set("department", department).set("district", catalog.north())
                .set("siteId", catalog.site()).set("latitude", "47.35").set("longitude", "8.55");
    }

    /** {@code gateways} gateways, then {@code total - gateways} sensors spread over them: {@code total} rows. */
    static List<Row> fleet(String prefix, int total, int gateways, Catalog catalog, String department) {
        List<Row> rows = new ArrayList<>(total);
        for (int g = 0; g < gateways; g++) {
            rows.add(gateway(prefix + "-gw-" + g, catalog, department));
        }
        for (int s = 0; rows.size() < total; s++) {
            rows.add(sensor(prefix + "-s-" + s, prefix + "-gw-" + (s % gateways), catalog, department));
        }
        return rows;
    }

    static final List<String> COLUMNS = Arrays.stream(ImportField.values()).map(ImportField::wireName).toList();

    static byte[] csv(List<Row> rows) {
        var out = new StringBuilder(rows.size() * 160);
        out.append(String.join(",", COLUMNS)).append("\r\n");
        for (Row row : rows) {
            out.append(COLUMNS.stream().map(c -> quoted(row.get(c))).collect(Collectors.joining(","))).append("\r\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] json(List<Row> rows) {
        Function<String, String> string = v -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return rows.stream().map(row -> row.values.entrySet().stream()
                        .map(e -> string.apply(e.getKey()) + ":" + (e.getKey().matches("latitude|longitude")
                                ? e.getValue() : string.apply(e.getValue())))
                        .collect(Collectors.joining(",", "{", "}")))
                .collect(Collectors.joining(",\n", "[\n", "\n]")).getBytes(StandardCharsets.UTF_8);
    }

    private static String quoted(String value) {
        if (value == null) {
            return "";
        }
        return value.matches("[^\",\r\n]*") ? value : "\"" + value.replace("\"", "\"\"") + "\"";
    }
}
