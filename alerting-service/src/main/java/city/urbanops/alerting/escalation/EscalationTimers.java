package city.urbanops.alerting.escalation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The pending escalation of each alert (at most one): which level is next and when it is due. */
@Repository
class EscalationTimers {

    /** A pending escalation. */
    record Timer(UUID alertId, int level, Instant dueAt, String policyId) {
    }

    private final JdbcClient jdbc;

    EscalationTimers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Sets the alert's pending escalation, replacing any it had. */
    void schedule(UUID alertId, int level, Instant dueAt, String policyId, Instant now) {
        jdbc.sql("""
                        INSERT INTO escalation_timer (alert_id, level, due_at, policy_id, created_at)
                        VALUES (:alert, :level, :due, :policy, :now)
                        ON CONFLICT (alert_id) DO UPDATE SET level = EXCLUDED.level, due_at = EXCLUDED.due_at,
                            policy_id = EXCLUDED.policy_id, created_at = EXCLUDED.created_at""")
                .param("alert", alertId).param("level", level).param("due", Timestamp.from(dueAt))
                .param("policy", policyId).param("now", Timestamp.from(now))
                .update();
    }

    void cancel(UUID alertId) {
        jdbc.sql("DELETE FROM escalation_timer WHERE alert_id = ?").param(alertId).update();
    }

    /**
     * The earliest due timer, locked for the caller's transaction; timers another instance holds are skipped, so
     * instances polling together each fire different timers and none fires one twice.
     */
    Optional<Timer> claimNextDue(Instant now) {
        return jdbc.sql("""
                        SELECT alert_id, level, due_at, policy_id FROM escalation_timer
                        WHERE due_at <= ? ORDER BY due_at, alert_id LIMIT 1 FOR UPDATE SKIP LOCKED""")
                .param(Timestamp.from(now))
                .query((rs, row) -> new Timer(rs.getObject("alert_id", UUID.class), rs.getInt("level"),
                        rs.getTimestamp("due_at").toInstant(), rs.getString("policy_id")))
                .optional();
    }

    Optional<Timer> find(UUID alertId) {
        return jdbc.sql("SELECT alert_id, level, due_at, policy_id FROM escalation_timer WHERE alert_id = ?")
                .param(alertId)
                .query((rs, row) -> new Timer(rs.getObject("alert_id", UUID.class), rs.getInt("level"),
                        rs.getTimestamp("due_at").toInstant(), rs.getString("policy_id")))
                .optional();
    }
}
