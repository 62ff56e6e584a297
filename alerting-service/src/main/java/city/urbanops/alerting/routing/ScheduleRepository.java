package city.urbanops.alerting.routing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** On-call schedules (rotations as JSON) and their overrides (rows, queried by time range). */
@Repository
public class ScheduleRepository {

    private static final TypeReference<List<Rotation>> ROTATIONS = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public ScheduleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
        // Its own mapping, so the stored documents do not change with the web API's JSON settings.
        this.json = JsonMapper.builder().build();
    }

    /** The schedule with the overrides that cover the instant: enough to say who is on call then. */
    public Optional<OnCallSchedule> findAt(String id, Instant at) {
        return find(id, "starts_at <= :at AND ends_at > :at", at);
    }

    /** The schedule with its overrides that have not ended by the instant (current and future ones). */
    public Optional<OnCallSchedule> findFrom(String id, Instant from) {
        return find(id, "ends_at > :at", from);
    }

    public List<OnCallSchedule> all() {
        return jdbc.sql("SELECT id, name, time_zone, rotations FROM on_call_schedule ORDER BY id")
                .query((rs, row) -> schedule(rs, List.of())).list();
    }

    public int count() {
        return jdbc.sql("SELECT count(*) FROM on_call_schedule").query(Integer.class).single();
    }

    /** Inserts or replaces the schedule's name, zone and rotations (overrides stay); answers whether it was new. */
    public boolean save(OnCallSchedule schedule, String actor, Instant at) {
        return jdbc.sql("""
                        INSERT INTO on_call_schedule (id, name, time_zone, rotations, updated_by, updated_at)
                        VALUES (:id, :name, :zone, CAST(:rotations AS jsonb), :actor, :at)
                        ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, time_zone = EXCLUDED.time_zone,
                            rotations = EXCLUDED.rotations, updated_by = EXCLUDED.updated_by,
                            updated_at = EXCLUDED.updated_at
                        RETURNING (xmax = 0)""")
                .param("id", schedule.id()).param("name", schedule.name()).param("zone", schedule.timeZone())
                .param("rotations", json.writeValueAsString(schedule.rotations())).param("actor", actor)
                .param("at", Timestamp.from(at))
                .query(Boolean.class).single();
    }

    public boolean delete(String id) {
        return jdbc.sql("DELETE FROM on_call_schedule WHERE id = ?").param(id).update() == 1;
    }

    public void addOverride(String scheduleId, OnCallOverride override, Instant at) {
        jdbc.sql("""
                        INSERT INTO on_call_override (id, schedule_id, user_id, display_name, email, starts_at, ends_at,
                            created_by, created_at)
                        VALUES (:id, :schedule, :user, :name, :email, :starts, :ends, :actor, :at)""")
                .param("id", override.id()).param("schedule", scheduleId)
                .param("user", override.person().userId()).param("name", override.person().displayName())
                .param("email", override.person().email())
                .param("starts", Timestamp.from(override.startsAt())).param("ends", Timestamp.from(override.endsAt()))
                .param("actor", override.createdBy()).param("at", Timestamp.from(at))
                .update();
    }

    public boolean deleteOverride(String scheduleId, UUID overrideId) {
        return jdbc.sql("DELETE FROM on_call_override WHERE schedule_id = ? AND id = ?")
                .params(scheduleId, overrideId).update() == 1;
    }

    private Optional<OnCallSchedule> find(String id, String overrideFilter, Instant at) {
        var overrides = jdbc.sql("""
                        SELECT id, user_id, display_name, email, starts_at, ends_at, created_by FROM on_call_override
                        WHERE schedule_id = :schedule AND """ + " " + overrideFilter + " ORDER BY starts_at, id")
                .param("schedule", id).param("at", Timestamp.from(at))
                .query((rs, row) -> new OnCallOverride(rs.getObject("id", UUID.class),
                        new Recipient(rs.getString("user_id"), rs.getString("display_name"), rs.getString("email")),
                        rs.getTimestamp("starts_at").toInstant(), rs.getTimestamp("ends_at").toInstant(),
                        rs.getString("created_by")))
                .list();
        return jdbc.sql("SELECT id, name, time_zone, rotations FROM on_call_schedule WHERE id = ?").param(id)
                .query((rs, row) -> schedule(rs, overrides)).optional();
    }

    private OnCallSchedule schedule(ResultSet rs, List<OnCallOverride> overrides) throws SQLException {
        return new OnCallSchedule(rs.getString("id"), rs.getString("name"), rs.getString("time_zone"),
                json.readValue(rs.getString("rotations"), ROTATIONS), overrides);
    }
}
