package city.urbanops.registry.device;

import city.urbanops.events.registry.DeviceLifecycle;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads {@code device_history}; its lines are written by {@link DeviceChanges} only. */
@Repository
public class DeviceHistory {

    private final JdbcClient jdbc;

    public DeviceHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Up to {@code limit} lines of the device's history after line {@code afterId} (null: from the start). */
    public List<HistoryEntry> page(String deviceId, Long afterId, int limit) {
        return jdbc.sql("""
                select id, device_id, version, action, from_state, to_state, reason, actor, proposal_id, at
                from device_history where device_id = ? and id > ? order by id limit ?""")
                .params(deviceId, afterId == null ? 0L : afterId, limit)
                .query((rs, n) -> new HistoryEntry(rs.getLong("id"), rs.getString("device_id"),
                        rs.getLong("version"), HistoryAction.valueOf(rs.getString("action")),
                        lifecycle(rs.getString("from_state")), lifecycle(rs.getString("to_state")),
                        rs.getString("reason"), rs.getString("actor"), rs.getString("proposal_id"),
                        rs.getTimestamp("at").toInstant()))
                .list();
    }

    private static DeviceLifecycle lifecycle(String name) {
        return name == null ? null : DeviceLifecycle.valueOf(name);
    }
}
