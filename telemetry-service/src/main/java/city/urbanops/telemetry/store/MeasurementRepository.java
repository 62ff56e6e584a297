package city.urbanops.telemetry.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** Reads and writes {@code telemetry_measurement}; the only code that touches the telemetry tables' rows. */
@Repository
public class MeasurementRepository {

    // One statement per chunk: the arrays travel as 12 parameters, and the update count is exactly the rows that
    // were new, so duplicates (ON CONFLICT DO NOTHING) are counted as such.
    private static final String INSERT = """
            INSERT INTO telemetry_measurement
                (device_id, time, seq, name, unit, value, value_bool, value_text, event_class, gateway_id, received_at,
                 quarantined)
            SELECT d, t::timestamptz, s, n, u, v, vb, vs, c, g, r::timestamptz, q
            FROM unnest(?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::float8[], ?::boolean[],
                        ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[])
                 AS x(d, t, s, n, u, v, vb, vs, c, g, r, q)
            ON CONFLICT (device_id, time, seq, name) DO NOTHING""";

    // Raw points carry every reading, quarantined or not, each with its mark, unless the caller leaves them out.
    private static final String RAW = """
            SELECT time, seq, unit, value, value_bool, value_text, quarantined FROM telemetry_measurement
            WHERE device_id = ? AND name = ? AND time >= ?::timestamptz AND time < ?::timestamptz
              AND (? OR NOT quarantined)
            ORDER BY time, seq LIMIT ?""";

    // Aggregates are trends: quarantined readings are left out unless the caller includes them on purpose.
    private static final String BUCKETED = """
            SELECT date_bin(?::interval, time, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket,
                   count(*) AS n, count(*) FILTER (WHERE quarantined) AS quarantined_n,
                   min(value) AS min, max(value) AS max, avg(value) AS avg,
                   (array_agg(value ORDER BY time DESC, seq DESC))[1] AS last_value,
                   (array_agg(value_bool ORDER BY time DESC, seq DESC))[1] AS last_bool,
                   (array_agg(value_text ORDER BY time DESC, seq DESC))[1] AS last_text,
                   (array_agg(unit ORDER BY time DESC, seq DESC))[1] AS unit
            FROM telemetry_measurement
            WHERE device_id = ? AND name = ? AND time >= ?::timestamptz AND time < ?::timestamptz
              AND (? OR NOT quarantined)
            GROUP BY bucket ORDER BY bucket""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public MeasurementRepository(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /**
     * Stores {@code rows} in one transaction, {@code chunkSize} rows per statement; rows already stored are ignored.
     * Returns once the transaction has committed, with the number of rows that were new, or — nothing stored — the
     * database's refusal of what the rows hold ({@link DatabaseRefusals}). Throws while the database is unavailable.
     */
    public WriteOutcome insertAll(List<MeasurementRow> rows, int chunkSize) {
        if (rows.isEmpty()) {
            return new WriteOutcome.Stored(0);
        }
        try {
            Integer inserted = transaction.execute(status -> jdbc.execute((ConnectionCallback<Integer>) connection -> {
                int total = 0;
                for (int from = 0; from < rows.size(); from += chunkSize) {
                    total += insertChunk(connection, rows.subList(from, Math.min(rows.size(), from + chunkSize)));
                }
                return total;
            }));
            return new WriteOutcome.Stored(inserted == null ? 0 : inserted);
        } catch (DataAccessException failure) {
            return DatabaseRefusals.of(failure).orElseThrow(() -> failure);
        }
    }

    /**
     * Raw points of one measurement of one device in {@code [from, to)}, oldest first, at most {@code limit}, each
     * with its quarantine mark; quarantined ones only if {@code includeQuarantined}.
     */
    public List<StoredPoint> points(String deviceId, String name, Instant from, Instant to, int limit,
                                    boolean includeQuarantined) {
        return jdbc.query(RAW, (rs, i) -> new StoredPoint(rs.getObject("time", java.time.OffsetDateTime.class)
                        .toInstant(), rs.getLong("seq"), rs.getString("unit"), nullableDouble(rs, "value"),
                        nullableBoolean(rs, "value_bool"), rs.getString("value_text"), rs.getBoolean("quarantined")),
                deviceId, name, from.toString(), to.toString(), includeQuarantined, limit);
    }

    /**
     * Per-bucket aggregates of one measurement of one device in {@code [from, to)}; empty buckets are absent.
     * Quarantined readings count only if {@code includeQuarantined}.
     */
    public List<StoredBucket> buckets(String deviceId, String name, Instant from, Instant to, Duration width,
                                      boolean includeQuarantined) {
        return jdbc.query(BUCKETED, (rs, i) -> new StoredBucket(
                        rs.getObject("bucket", java.time.OffsetDateTime.class).toInstant(), rs.getLong("n"),
                        rs.getLong("quarantined_n"), nullableDouble(rs, "min"), nullableDouble(rs, "max"),
                        nullableDouble(rs, "avg"), nullableDouble(rs, "last_value"), nullableBoolean(rs, "last_bool"),
                        rs.getString("last_text"), rs.getString("unit")),
                width.toMillis() + " milliseconds", deviceId, name, from.toString(), to.toString(),
                includeQuarantined);
    }

    private static int insertChunk(Connection connection, List<MeasurementRow> chunk) throws SQLException {
        int n = chunk.size();
        String[] devices = new String[n];
        String[] times = new String[n];
        Long[] seqs = new Long[n];
        String[] names = new String[n];
        String[] units = new String[n];
        Double[] values = new Double[n];
        Boolean[] bools = new Boolean[n];
        String[] texts = new String[n];
        String[] classes = new String[n];
        String[] gateways = new String[n];
        String[] received = new String[n];
        Boolean[] quarantined = new Boolean[n];
        for (int i = 0; i < n; i++) {
            MeasurementRow row = chunk.get(i);
            devices[i] = row.deviceId();
            times[i] = row.time().toString();
            seqs[i] = row.seq();
            names[i] = row.name();
            units[i] = row.unit();
            values[i] = row.value();
            bools[i] = row.valueBool();
            texts[i] = row.valueText();
            classes[i] = row.eventClass();
            gateways[i] = row.gatewayId();
            received[i] = row.receivedAt().toString();
            quarantined[i] = row.quarantined();
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            Array[] arrays = {
                    connection.createArrayOf("text", devices), connection.createArrayOf("text", times),
                    connection.createArrayOf("int8", seqs), connection.createArrayOf("text", names),
                    connection.createArrayOf("text", units), connection.createArrayOf("float8", values),
                    connection.createArrayOf("bool", bools), connection.createArrayOf("text", texts),
                    connection.createArrayOf("text", classes), connection.createArrayOf("text", gateways),
                    connection.createArrayOf("text", received), connection.createArrayOf("bool", quarantined)};
            for (int i = 0; i < arrays.length; i++) {
                insert.setArray(i + 1, arrays[i]);
            }
            return insert.executeUpdate();
        }
    }

    private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private static Boolean nullableBoolean(ResultSet rs, String column) throws SQLException {
        boolean value = rs.getBoolean(column);
        return rs.wasNull() ? null : value;
    }
}
