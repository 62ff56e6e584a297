package city.urbanops.operatorapi.command;

import city.urbanops.events.codec.EventJson;
import city.urbanops.events.command.CommandType;
import city.urbanops.security.AccessScope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code command}, {@code command_history} and {@code command_outbox} tables; only this feature touches them. */
@Repository
class CommandRepository {

    private static final String COLUMNS = "id, type, device_id, gateway_id, department, district, parameters::text "
            + "as parameters, reason, status, proposed_by, proposed_at, decided_by, decided_at, approved_by, "
            + "expires_in_minutes, expires_at, result_reason, updated_at";

    private final JdbcClient jdbc;
    private final EventJson json = new EventJson();

    CommandRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Where a page of the newest-first list ends. */
    record Position(Instant proposedAt, UUID id) {
    }

    void insert(StoredCommand c) {
        jdbc.sql("insert into command (id, type, device_id, gateway_id, department, district, parameters, reason, "
                        + "status, proposed_by, proposed_at, expires_in_minutes, updated_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)")
                .params(c.id(), c.type().name(), c.deviceId(), c.gatewayId(), c.department(), c.district(),
                        json.writeString(c.parameters()), c.reason(), c.status().name(), c.proposedBy(),
                        ts(c.proposedAt()), c.expiresInMinutes(), ts(c.updatedAt()))
                .update();
    }

    Optional<StoredCommand> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from command where id = ?").param(id).query(this::map).optional();
    }

    /** The command, its row locked until the transaction ends, so two decisions or results never interleave. */
    Optional<StoredCommand> lock(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from command where id = ? for update").param(id).query(this::map)
                .optional();
    }

    void decided(UUID id, CommandStatus status, String decidedBy, Instant at, String approvedBy, Instant expiresAt) {
        jdbc.sql("update command set status = ?, decided_by = ?, decided_at = ?, approved_by = ?, expires_at = ?, "
                        + "updated_at = ? where id = ?")
                .params(status.name(), decidedBy, ts(at), approvedBy, ts(expiresAt), ts(at), id).update();
    }

    void moved(UUID id, CommandStatus status, String resultReason, Instant at) {
        jdbc.sql("update command set status = ?, result_reason = coalesce(?, result_reason), updated_at = ? "
                        + "where id = ?")
                .params(status.name(), resultReason, ts(at), id).update();
    }

    /**
     * Marks the commands SENT that are still APPROVED (a gateway's answer may already have moved them on) and answers
     * those it marked.
     */
    List<UUID> sent(List<UUID> ids, Instant at) {
        return jdbc.sql("update command set status = 'SENT', updated_at = ? where id = any(?) and status = 'APPROVED' "
                        + "returning id")
                .params(ts(at), ids.toArray(UUID[]::new)).query(UUID.class).list();
    }

    /** Appends a history line; false when {@code eventId} was recorded before (a copy). */
    boolean history(UUID id, CommandStatus status, String actor, Instant at, String reason, String eventId) {
        return jdbc.sql("insert into command_history (command_id, status, actor, at, reason, event_id) "
                        + "values (?, ?, ?, ?, ?, ?) on conflict (event_id) do nothing")
                .params(id, status.name(), actor, ts(at), reason, eventId).update() == 1;
    }

    List<HistoryEntry> historyOf(UUID id) {
        return jdbc.sql("select status, actor, at, reason from command_history where command_id = ? order by seq")
                .param(id)
                .query((rs, n) -> new HistoryEntry(CommandStatus.valueOf(rs.getString("status")),
                        rs.getString("actor"), rs.getTimestamp("at").toInstant(), rs.getString("reason")))
                .list();
    }

    void enqueue(UUID id, String gatewayId, byte[] payload, Instant at) {
        jdbc.sql("insert into command_outbox (command_id, gateway_id, payload, created_at) values (?, ?, ?, ?)")
                .params(id, gatewayId, payload, ts(at)).update();
    }

    void dequeue(UUID id) {
        jdbc.sql("delete from command_outbox where command_id = ?").param(id).update();
    }

    /** Open commands past their expiry, oldest first, locked (skipping rows another transaction holds). */
    List<StoredCommand> pastExpiry(Instant now, int limit) {
        return jdbc.sql("select " + COLUMNS + " from command where status in ('APPROVED', 'SENT', 'DELIVERED') "
                        + "and expires_at <= ? order by expires_at limit ? for update skip locked")
                .params(ts(now), limit).query(this::map).list();
    }

    /** A page of the commands the scope allows, newest first, after {@code after}. */
    List<StoredCommand> page(AccessScope scope, CommandStatus status, Position after, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from command where true");
        List<Object> params = new ArrayList<>();
        if (!scope.departments().contains(AccessScope.ALL)) {
            sql.append(" and department = any(?)");
            params.add(scope.departments().toArray(String[]::new));
        }
        if (!scope.districts().contains(AccessScope.ALL)) {
            sql.append(" and district = any(?)");
            params.add(scope.districts().toArray(String[]::new));
        }
        if (status != null) {
            sql.append(" and status = ?");
            params.add(status.name());
        }
        if (after != null) {
            sql.append(" and (proposed_at, id) < (?, ?)");
            params.add(ts(after.proposedAt()));
            params.add(after.id());
        }
        sql.append(" order by proposed_at desc, id desc limit ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(this::map).list();
    }

    private StoredCommand map(ResultSet rs, int row) throws SQLException {
        @SuppressWarnings("unchecked")
        Map<String, String> parameters = json.read(rs.getString("parameters").getBytes(), Map.class);
        return new StoredCommand(rs.getObject("id", UUID.class), CommandType.valueOf(rs.getString("type")),
                rs.getString("device_id"), rs.getString("gateway_id"), rs.getString("department"),
                rs.getString("district"), parameters, rs.getString("reason"),
                CommandStatus.valueOf(rs.getString("status")), rs.getString("proposed_by"),
                instant(rs.getTimestamp("proposed_at")), rs.getString("decided_by"),
                instant(rs.getTimestamp("decided_at")), rs.getString("approved_by"),
                rs.getInt("expires_in_minutes"), instant(rs.getTimestamp("expires_at")),
                rs.getString("result_reason"), instant(rs.getTimestamp("updated_at")));
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
