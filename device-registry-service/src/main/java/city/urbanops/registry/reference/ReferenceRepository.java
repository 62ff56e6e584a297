package city.urbanops.registry.reference;

import city.urbanops.events.registry.DeviceKind;
import city.urbanops.registry.reference.ReferenceData.Department;
import city.urbanops.registry.reference.ReferenceData.DeviceType;
import city.urbanops.registry.reference.ReferenceData.District;
import city.urbanops.registry.reference.ReferenceData.Measurement;
import city.urbanops.registry.reference.ReferenceData.Site;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Rows of {@code department}, {@code district}, {@code site}, {@code device_type} and its measurements. */
@Repository
public class ReferenceRepository {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public ReferenceRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public List<Department> departments(String afterId, int limit) {
        return jdbc.sql("select id, name, created_at from department where id > ? order by id limit ?")
                .params(after(afterId), limit)
                .query((rs, n) -> new Department(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
                .list();
    }

    public Optional<Department> department(String id) {
        return jdbc.sql("select id, name, created_at from department where id = ?").param(id)
                .query((rs, n) -> new Department(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
                .optional();
    }

    public boolean departmentExists(String id) {
        return count("select count(*) from department where id = ?", id);
    }

    public void insertDepartment(String id, String name, Instant at) {
        jdbc.sql("insert into department (id, name, created_at) values (?, ?, ?)")
                .params(id, name, Timestamp.from(at)).update();
    }

    public boolean updateDepartment(String id, String name) {
        return jdbc.sql("update department set name = ? where id = ?").params(name, id).update() == 1;
    }

    public List<District> districts(String afterId, int limit) {
        return jdbc.sql("select id, name, boundary::text, created_at from district where id > ? order by id limit ?")
                .params(after(afterId), limit)
                .query((rs, n) -> new District(rs.getString(1), rs.getString(2), json.readTree(rs.getString(3)),
                        rs.getTimestamp(4).toInstant()))
                .list();
    }

    public Optional<District> district(String id) {
        return jdbc.sql("select id, name, boundary::text, created_at from district where id = ?").param(id)
                .query((rs, n) -> new District(rs.getString(1), rs.getString(2), json.readTree(rs.getString(3)),
                        rs.getTimestamp(4).toInstant()))
                .optional();
    }

    public boolean districtExists(String id) {
        return count("select count(*) from district where id = ?", id);
    }

    public void insertDistrict(String id, String name, String boundaryJson, Instant at) {
        jdbc.sql("insert into district (id, name, boundary, created_at) values (?, ?, ?::jsonb, ?)")
                .params(id, name, boundaryJson, Timestamp.from(at)).update();
    }

    public boolean updateDistrict(String id, String name, String boundaryJson) {
        return jdbc.sql("update district set name = ?, boundary = ?::jsonb where id = ?")
                .params(name, boundaryJson, id).update() == 1;
    }

    public List<Site> sites(String afterId, int limit) {
        return jdbc.sql("select * from site where id > ? order by id limit ?").params(after(afterId), limit)
                .query((rs, n) -> site(rs)).list();
    }

    public Optional<Site> site(String id) {
        return jdbc.sql("select * from site where id = ?").param(id).query((rs, n) -> site(rs)).optional();
    }

    public void insertSite(Site site) {
        jdbc.sql("insert into site (id, name, district_id, latitude, longitude, created_at) values (?, ?, ?, ?, ?, ?)")
                .params(site.id(), site.name(), site.districtId(), site.latitude(), site.longitude(),
                        Timestamp.from(site.createdAt()))
                .update();
    }

    public boolean updateSite(String id, String name, Double latitude, Double longitude) {
        return jdbc.sql("update site set name = ?, latitude = ?, longitude = ? where id = ?")
                .params(name, latitude, longitude, id).update() == 1;
    }

    public List<DeviceType> deviceTypes(String afterId, int limit) {
        return jdbc.sql("select id from device_type where id > ? order by id limit ?").params(after(afterId), limit)
                .query(String.class).list().stream().map(id -> deviceType(id).orElseThrow()).toList();
    }

    public Optional<DeviceType> deviceType(String id) {
        return jdbc.sql("select id, kind, description, created_at from device_type where id = ?").param(id)
                .query((rs, n) -> new DeviceType(rs.getString(1), DeviceKind.valueOf(rs.getString(2)),
                        rs.getString(3), measurementsOf(rs.getString(1)), rs.getTimestamp(4).toInstant()))
                .optional();
    }

    public void insertDeviceType(String id, DeviceKind kind, String description, List<String> measurements,
                                 Instant at) {
        jdbc.sql("insert into device_type (id, kind, description, created_at) values (?, ?, ?, ?)")
                .params(id, kind.name(), description, Timestamp.from(at)).update();
        insertMeasurements(id, measurements);
    }

    public void updateDeviceType(String id, String description, List<String> measurements) {
        jdbc.sql("update device_type set description = ? where id = ?").params(description, id).update();
        jdbc.sql("delete from device_type_measurement where device_type_id = ?").param(id).update();
        insertMeasurements(id, measurements);
    }

    private void insertMeasurements(String id, List<String> measurements) {
        for (String measurement : measurements) {
            jdbc.sql("insert into device_type_measurement (device_type_id, measurement) values (?, ?)")
                    .params(id, measurement).update();
        }
    }

    private List<Measurement> measurementsOf(String deviceType) {
        return jdbc.sql("select measurement from device_type_measurement where device_type_id = ? order by measurement")
                .param(deviceType).query(String.class).list().stream().map(Measurement::of).toList();
    }

    private boolean count(String sql, String id) {
        return jdbc.sql(sql).param(id).query(Long.class).single() > 0;
    }

    private static Site site(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Site(rs.getString("id"), rs.getString("name"), rs.getString("district_id"),
                rs.getObject("latitude", Double.class), rs.getObject("longitude", Double.class),
                rs.getTimestamp("created_at").toInstant());
    }

    // Ids match [A-Za-z0-9]...: the empty string sorts before every one of them.
    private static String after(String afterId) {
        return afterId == null ? "" : afterId;
    }
}
