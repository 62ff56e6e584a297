package city.urbanops.alerting.alert;

import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.codec.EventJson;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The alert tables: alerts, their timeline and comments, applied event ids and resolution modes (JDBC). */
@Repository
class AlertRepository {

    private static final String COLUMNS = "id, condition_key, occurrence_id, status, severity, cause, cause_explanation, "
            + "title, recommended_action, rule_id, rule_version, device_id, gateway_id, site_id, department, district, "
            + "latitude, longitude, opened_at, active_since, last_seen_at, occurrences, assignee, assignee_kind, "
            + "acknowledged_at, acknowledged_by, resolved_at, resolved_by, cleared_by_rule_at, in_maintenance, "
            + "latest::text as latest, version";

    private final JdbcClient jdbc;
    private final EventJson json;

    AlertRepository(JdbcClient jdbc, EventJson json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Records an applied event id; false if it was applied before (a copy). */
    boolean markProcessed(String eventId, Instant now) {
        return jdbc.sql("insert into alert_processed_event (event_id, processed_at) values (?, ?) on conflict do nothing")
                .params(eventId, ts(now)).update() == 1;
    }

    /** Removes up to {@code limit} applied event ids older than {@code before}; the count removed. */
    int pruneProcessed(Instant before, int limit) {
        return jdbc.sql("delete from alert_processed_event where event_id in (select event_id from "
                        + "alert_processed_event where processed_at < ? limit ?)")
                .params(ts(before), limit).update();
    }

    Optional<StoredAlert> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from alert where id = ?").param(id).query(this::row).optional();
    }

    // Alert rows are locked FOR NO KEY UPDATE: enough to serialise changes of one alert, and it does not block the
    // KEY SHARE lock a foreign key takes, so a transaction that locked a notification group and inserts a row
    // referencing this alert never deadlocks with one that locked this alert and inserts into that group.
    Optional<StoredAlert> lockById(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from alert where id = ? for no key update").param(id).query(this::row)
                .optional();
    }

    Optional<StoredAlert> lockOpen(String conditionKey) {
        return jdbc.sql("select " + COLUMNS + " from alert where condition_key = ? and status <> 'RESOLVED' "
                        + "for no key update")
                .param(conditionKey).query(this::row).optional();
    }

    /** The alert of {@code conditionKey} resolved last, locked, so that two re-opens of it are one after the other. */
    Optional<StoredAlert> lockLastResolved(String conditionKey) {
        return jdbc.sql("select " + COLUMNS + " from alert where condition_key = ? and status = 'RESOLVED' "
                        + "order by resolved_at desc limit 1 for no key update")
                .param(conditionKey).query(this::row).optional();
    }

    void insert(StoredAlert stored) {
        jdbc.sql("insert into alert (id, condition_key, occurrence_id, status, severity, cause, cause_explanation, title, "
                        + "recommended_action, rule_id, rule_version, device_id, gateway_id, site_id, department, district, "
                        + "latitude, longitude, opened_at, active_since, last_seen_at, occurrences, assignee, assignee_kind, "
                        + "acknowledged_at, acknowledged_by, resolved_at, resolved_by, cleared_by_rule_at, in_maintenance, "
                        + "latest, latest_time, latest_revision, version) values (:id, :conditionKey, :occurrenceId, "
                        + ":status, :severity, :cause, :causeExplanation, :title, :recommendedAction, :ruleId, "
                        + ":ruleVersion, :deviceId, :gatewayId, :siteId, :department, :district, :latitude, :longitude, "
                        + ":openedAt, :activeSince, :lastSeenAt, :occurrences, :assignee, :assigneeKind, "
                        + ":acknowledgedAt, :acknowledgedBy, :resolvedAt, :resolvedBy, :clearedByRuleAt, "
                        + ":inMaintenance, cast(:latest as jsonb), :latestTime, :latestRevision, :version)")
                .params(parameters(stored)).update();
    }

    /** Stores {@code stored} over the row it was read from; fails if someone else changed it in between. */
    void update(StoredAlert stored) {
        int updated = jdbc.sql("update alert set occurrence_id = :occurrenceId, status = :status, severity = :severity, "
                        + "cause = :cause, cause_explanation = :causeExplanation, title = :title, "
                        + "recommended_action = :recommendedAction, rule_id = :ruleId, rule_version = :ruleVersion, "
                        + "device_id = :deviceId, gateway_id = :gatewayId, site_id = :siteId, "
                        + "department = :department, district = :district, latitude = :latitude, "
                        + "longitude = :longitude, active_since = :activeSince, last_seen_at = :lastSeenAt, "
                        + "occurrences = :occurrences, assignee = :assignee, assignee_kind = :assigneeKind, "
                        + "acknowledged_at = :acknowledgedAt, acknowledged_by = :acknowledgedBy, "
                        + "resolved_at = :resolvedAt, resolved_by = :resolvedBy, cleared_by_rule_at = :clearedByRuleAt, "
                        + "in_maintenance = :inMaintenance, latest = cast(:latest as jsonb), latest_time = :latestTime, "
                        + "latest_revision = :latestRevision, version = :version "
                        + "where id = :id and version = :version - 1")
                .params(parameters(stored)).update();
        if (updated != 1) {
            throw new org.springframework.dao.OptimisticLockingFailureException(
                    "alert " + stored.alert().id() + " changed while it was being updated");
        }
    }

    void appendTimeline(UUID alertId, long alertVersion, AlertChange.Kind kind, String actor, Instant at, String note) {
        jdbc.sql("insert into alert_timeline (alert_id, alert_version, kind, actor, at, note) values (?, ?, ?, ?, ?, ?)")
                .params(alertId, alertVersion, kind.name(), actor, ts(at), note).update();
    }

    List<TimelineEntry> timeline(UUID alertId, long afterSequence, int limit) {
        return jdbc.sql("select id, alert_version, kind, actor, at, note from alert_timeline where alert_id = ? "
                        + "and id > ? order by id limit ?")
                .params(alertId, afterSequence, limit)
                .query((rs, n) -> new TimelineEntry(rs.getLong("id"), rs.getLong("alert_version"),
                        AlertChange.Kind.valueOf(rs.getString("kind")), rs.getString("actor"), instant(rs, "at"),
                        rs.getString("note")))
                .list();
    }

    void insertComment(UUID commentId, UUID alertId, String author, Instant at, String body) {
        jdbc.sql("insert into alert_comment (id, alert_id, author, at, body) values (?, ?, ?, ?, ?)")
                .params(commentId, alertId, author, ts(at), body).update();
    }

    ResolutionMode resolutionMode(String ruleId) {
        if (ruleId == null) {
            return ResolutionMode.AUTOMATIC;
        }
        return jdbc.sql("select mode from alert_resolution_mode where rule_id = ?").param(ruleId)
                .query(String.class).optional().map(ResolutionMode::valueOf).orElse(ResolutionMode.AUTOMATIC);
    }

    void setResolutionMode(String ruleId, ResolutionMode mode, String actor, Instant at) {
        jdbc.sql("insert into alert_resolution_mode (rule_id, mode, changed_by, changed_at) values (?, ?, ?, ?) "
                        + "on conflict (rule_id) do update set mode = excluded.mode, changed_by = excluded.changed_by, "
                        + "changed_at = excluded.changed_at")
                .params(ruleId, mode.name(), actor, ts(at)).update();
    }

    /** One page of alerts, newest first, after the cursor position, within the query's filters and scope. */
    List<StoredAlert> list(AlertQuery query, int limit) {
        var sql = new StringBuilder("select " + COLUMNS + " from alert where true");
        Map<String, Object> params = new LinkedHashMap<>();
        if (query.status() != null) {
            sql.append(" and status = :status");
            params.put("status", query.status().name());
        }
        if (query.severity() != null) {
            sql.append(" and severity = :severity");
            params.put("severity", query.severity().name());
        }
        if (query.cause() != null) {
            sql.append(" and cause = :cause");
            params.put("cause", query.cause().name());
        }
        if (query.department() != null) {
            sql.append(" and department = :department");
            params.put("department", query.department());
        }
        if (query.district() != null) {
            sql.append(" and district = :district");
            params.put("district", query.district());
        }
        if (query.from() != null) {
            sql.append(" and opened_at >= :from");
            params.put("from", ts(query.from()));
        }
        if (query.to() != null) {
            sql.append(" and opened_at < :to");
            params.put("to", ts(query.to()));
        }
        if (!query.scope().departments().contains("*")) {
            sql.append(" and department = any(:scopeDepartments)");
            params.put("scopeDepartments", query.scope().departments().toArray(String[]::new));
        }
        if (!query.scope().districts().contains("*")) {
            sql.append(" and district = any(:scopeDistricts)");
            params.put("scopeDistricts", query.scope().districts().toArray(String[]::new));
        }
        if (query.after() != null) {
            sql.append(" and (opened_at, id) < (:afterOpenedAt, :afterId)");
            params.put("afterOpenedAt", ts(query.after().openedAt()));
            params.put("afterId", query.after().id());
        }
        sql.append(" order by opened_at desc, id desc limit :limit");
        params.put("limit", limit);
        return jdbc.sql(sql.toString()).params(params).query(this::row).list();
    }

    private Map<String, Object> parameters(StoredAlert stored) {
        Alert a = stored.alert();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", a.id());
        p.put("conditionKey", a.conditionKey());
        p.put("occurrenceId", a.occurrenceId());
        p.put("status", a.status().name());
        p.put("severity", a.severity().name());
        p.put("cause", a.cause().name());
        p.put("causeExplanation", a.causeExplanation());
        p.put("title", a.title());
        p.put("recommendedAction", a.recommendedAction());
        p.put("ruleId", a.ruleId());
        p.put("ruleVersion", a.ruleVersion());
        p.put("deviceId", a.deviceId());
        p.put("gatewayId", a.gatewayId());
        p.put("siteId", a.siteId());
        p.put("department", a.department());
        p.put("district", a.district());
        p.put("latitude", a.latitude());
        p.put("longitude", a.longitude());
        p.put("openedAt", ts(a.openedAt()));
        p.put("activeSince", ts(stored.activeSince()));
        p.put("lastSeenAt", ts(a.lastSeenAt()));
        p.put("occurrences", a.occurrences());
        p.put("assignee", a.assignee());
        p.put("assigneeKind", stored.assigneeKind() == null ? null : stored.assigneeKind().name());
        p.put("acknowledgedAt", ts(a.acknowledgedAt()));
        p.put("acknowledgedBy", a.acknowledgedBy());
        p.put("resolvedAt", ts(a.resolvedAt()));
        p.put("resolvedBy", a.resolvedBy());
        p.put("clearedByRuleAt", ts(stored.clearedByRuleAt()));
        p.put("inMaintenance", a.inMaintenance());
        p.put("latest", json.writeString(a.latest()));
        p.put("latestTime", ts(a.latest().time()));
        p.put("latestRevision", a.latest().revision());
        p.put("version", a.version());
        return p;
    }

    private StoredAlert row(ResultSet rs, int rowNum) throws SQLException {
        var alert = new Alert(rs.getObject("id", UUID.class), rs.getString("condition_key"),
                rs.getString("occurrence_id"), AlertStatus.valueOf(rs.getString("status")),
                AlertEvent.Severity.valueOf(rs.getString("severity")), AlertEvent.Cause.valueOf(rs.getString("cause")),
                rs.getString("cause_explanation"), rs.getString("title"), rs.getString("recommended_action"),
                rs.getString("rule_id"), rs.getObject("rule_version", Integer.class), rs.getString("device_id"),
                rs.getString("gateway_id"), rs.getString("site_id"), rs.getString("department"),
                rs.getString("district"), rs.getObject("latitude", Double.class),
                rs.getObject("longitude", Double.class), instant(rs, "opened_at"), instant(rs, "last_seen_at"),
                rs.getInt("occurrences"), rs.getString("assignee"), instant(rs, "acknowledged_at"),
                rs.getString("acknowledged_by"), instant(rs, "resolved_at"), rs.getString("resolved_by"),
                rs.getBoolean("in_maintenance"),
                json.read(rs.getString("latest").getBytes(StandardCharsets.UTF_8), AlertEvent.class),
                rs.getLong("version"));
        String kind = rs.getString("assignee_kind");
        return new StoredAlert(alert, kind == null ? null : AssigneeKind.valueOf(kind), instant(rs, "active_since"),
                instant(rs, "cleared_by_rule_at"));
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
