package city.urbanops.registry.bulkimport;

import city.urbanops.events.registry.DeviceKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads the reference data rows are checked against; these catalogues are small (types, departments, sites). */
@Repository
class ImportCatalogRepository {

    private final JdbcTemplate jdbc;

    ImportCatalogRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    ImportCatalog load() {
        Map<String, List<String>> measurements = new HashMap<>();
        jdbc.query("select device_type_id, measurement from device_type_measurement order by device_type_id, "
                + "measurement", rs -> {
                    measurements.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(rs.getString(2));
                });
        Map<String, ImportCatalog.DeviceType> types = new HashMap<>();
        jdbc.query("select id, kind from device_type", rs -> {
            String id = rs.getString(1);
            types.put(id, new ImportCatalog.DeviceType(DeviceKind.valueOf(rs.getString(2)),
                    List.copyOf(measurements.getOrDefault(id, List.of()))));
        });
        var departments = new HashSet<>(jdbc.queryForList("select id from department", String.class));
        var districts = new HashSet<>(jdbc.queryForList("select id from district", String.class));
        Map<String, String> sites = new HashMap<>();
        jdbc.query("select id, district_id from site", rs -> {
            sites.put(rs.getString(1), rs.getString(2));
        });
        return new ImportCatalog(Map.copyOf(types), Set.copyOf(departments), Set.copyOf(districts), Map.copyOf(sites));
    }
}
