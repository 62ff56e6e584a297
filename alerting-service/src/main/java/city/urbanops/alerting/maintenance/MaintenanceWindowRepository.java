package city.urbanops.alerting.maintenance;

import city.urbanops.alerting.alert.Alert;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Maintenance windows in PostgreSQL, and the answer to whether one covers an alert: a window for the alert's device,
 * gateway, site or district whose range holds the moment (start inclusive, end exclusive). When several do, the one
 * that lasts longest from that moment is answered, so the mark on the alert says until when it is quiet.
 */
@Repository
public class MaintenanceWindowRepository implements MaintenanceWindows {

    private final JdbcClient jdbc;

    public MaintenanceWindowRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<MaintenanceWindow> covering(Alert alert, Instant at) {
        return jdbc.sql("""
                        SELECT * FROM maintenance_window
                        WHERE starts_at <= :at AND ends_at > :at
                          AND ((target = 'DEVICE' AND target_id = :device)
                            OR (target = 'GATEWAY' AND target_id = :gateway)
                            OR (target = 'SITE' AND target_id = :site)
                            OR (target = 'DISTRICT' AND target_id = :district))
                        ORDER BY ends_at DESC, id LIMIT 1""")
                .param("at", Timestamp.from(at))
                .param("device", alert.deviceId()).param("gateway", alert.gatewayId())
                .param("site", alert.siteId()).param("district", alert.district())
                .query(MaintenanceWindowRepository::window).optional();
    }

    public void save(MaintenanceWindow window, Instant at) {
        jdbc.sql("""
                        INSERT INTO maintenance_window (id, target, target_id, starts_at, ends_at, reason, created_by,
                            created_at)
                        VALUES (:id, :target, :targetId, :starts, :ends, :reason, :createdBy, :at)""")
                .param("id", window.id()).param("target", window.target().name()).param("targetId", window.targetId())
                .param("starts", Timestamp.from(window.startsAt())).param("ends", Timestamp.from(window.endsAt()))
                .param("reason", window.reason()).param("createdBy", window.createdBy())
                .param("at", Timestamp.from(at))
                .update();
    }

    public Optional<MaintenanceWindow> find(UUID id) {
        return jdbc.sql("SELECT * FROM maintenance_window WHERE id = ?").param(id)
                .query(MaintenanceWindowRepository::window).optional();
    }

    /** Windows that have not ended by the instant, soonest first, at most {@code limit}. */
    public List<MaintenanceWindow> notEndedBy(Instant at, int limit) {
        return jdbc.sql("SELECT * FROM maintenance_window WHERE ends_at > ? ORDER BY starts_at, id LIMIT ?")
                .params(Timestamp.from(at), limit).query(MaintenanceWindowRepository::window).list();
    }

    public boolean delete(UUID id) {
        return jdbc.sql("DELETE FROM maintenance_window WHERE id = ?").param(id).update() == 1;
    }

    private static MaintenanceWindow window(ResultSet rs, int row) throws SQLException {
        return new MaintenanceWindow(rs.getObject("id", UUID.class),
                MaintenanceWindow.Target.valueOf(rs.getString("target")), rs.getString("target_id"),
                rs.getTimestamp("starts_at").toInstant(), rs.getTimestamp("ends_at").toInstant(),
                rs.getString("reason"), rs.getString("created_by"));
    }
}
