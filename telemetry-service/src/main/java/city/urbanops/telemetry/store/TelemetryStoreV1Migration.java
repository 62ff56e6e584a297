package city.urbanops.telemetry.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Flyway V1: creates {@code telemetry_measurement}, one row per measurement, unique on
 * {@code (device_id, time, seq, name)}. If the {@code timescaledb} extension is available it becomes a hypertable
 * (day chunks; compression and retention policies are applied by {@link StoreMaintenance}); otherwise it is
 * range-partitioned by day with a DEFAULT partition, and {@link StoreMaintenance} keeps day partitions created
 * ahead. The choice is recorded in {@code telemetry_store_info} so the running service never has to guess.
 * Java rather than SQL because the choice depends on the server the migration runs against.
 */
@Component
class TelemetryStoreV1Migration implements JavaMigration {

    private static final Logger log = LoggerFactory.getLogger(TelemetryStoreV1Migration.class);

    static final String TABLE = "telemetry_measurement";
    static final String DEFAULT_PARTITION = TABLE + "_default";

    private static final String COLUMNS = """
            device_id   text             NOT NULL,
            time        timestamptz      NOT NULL,
            seq         bigint           NOT NULL,
            name        text             NOT NULL,
            unit        text,
            value       double precision,
            value_bool  boolean,
            value_text  text,
            event_class text             NOT NULL,
            gateway_id  text,
            received_at timestamptz      NOT NULL,
            -- (device_id, name, time) leads so the series query is an index range scan; seq makes it unique.
            CONSTRAINT telemetry_measurement_pk PRIMARY KEY (device_id, name, time, seq)
            """;

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("1");
    }

    @Override
    public String getDescription() {
        return "Create telemetry store";
    }

    @Override
    public Integer getChecksum() {
        return 1;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE telemetry_store_info (key text PRIMARY KEY, value text NOT NULL)");
            StorageMode mode = timescaleAvailable(sql) && createTimescaleTable(connection) ? StorageMode.TIMESCALEDB
                    : createPartitionedTable(sql);
            sql.execute("INSERT INTO telemetry_store_info (key, value) VALUES ('storage_mode', '" + mode.name() + "')");
            log.info("Telemetry store created in {} mode", mode);
        }
    }

    private static boolean timescaleAvailable(Statement sql) throws SQLException {
        try (ResultSet rs = sql.executeQuery(
                "SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'")) {
            return rs.next();
        }
    }

    // Available is not the same as loadable (shared_preload_libraries, privileges): on failure fall back to native.
    private static boolean createTimescaleTable(Connection connection) throws SQLException {
        Savepoint beforeTimescale = connection.setSavepoint();
        try (Statement sql = connection.createStatement()) {
            sql.execute("CREATE EXTENSION IF NOT EXISTS timescaledb");
            sql.execute("CREATE TABLE " + TABLE + " (" + COLUMNS + ")");
            sql.execute("SELECT create_hypertable('" + TABLE + "', by_range('time', INTERVAL '1 day'))");
            sql.execute("ALTER TABLE " + TABLE + " SET (timescaledb.compress,"
                    + " timescaledb.compress_segmentby = 'device_id, name',"
                    + " timescaledb.compress_orderby = 'time DESC, seq DESC')");
            connection.releaseSavepoint(beforeTimescale);
            return true;
        } catch (SQLException timescaleUnusable) {
            connection.rollback(beforeTimescale);
            log.warn("timescaledb is listed as available but cannot be used ({}); using native partitioning",
                    timescaleUnusable.getMessage());
            return false;
        }
    }

    private static StorageMode createPartitionedTable(Statement sql) throws SQLException {
        sql.execute("CREATE TABLE " + TABLE + " (" + COLUMNS + ") PARTITION BY RANGE (time)");
        // Readings outside every day partition (very late or far-future) land here instead of failing the batch.
        sql.execute("CREATE TABLE " + DEFAULT_PARTITION + " PARTITION OF " + TABLE + " DEFAULT");
        return StorageMode.NATIVE_PARTITIONED;
    }
}
