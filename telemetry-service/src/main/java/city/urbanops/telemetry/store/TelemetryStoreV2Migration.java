package city.urbanops.telemetry.store;

import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.stereotype.Component;

/**
 * Flyway V2: adds {@code quarantined} to {@code telemetry_measurement}, true for readings that ingestion accepted while
 * the registry had their device in quarantine. One statement serves both layouts {@link TelemetryStoreV1Migration}
 * may have chosen: on a natively partitioned table PostgreSQL adds the column to the DEFAULT and every day partition,
 * and TimescaleDB (2.6 and later) accepts a {@code NOT NULL DEFAULT} column on a hypertable with compressed chunks.
 * A constant default is stored in the catalogue, not written into existing rows, so the change is instant on a store
 * of any size; every reading stored before it counts as not quarantined, which is what it was. A Java migration
 * like V1, so that Flyway sees one kind of migration and the versions stay in one place.
 */
@Component
class TelemetryStoreV2Migration implements JavaMigration {

    static final String COLUMN = "quarantined";

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("2");
    }

    @Override
    public String getDescription() {
        return "Mark quarantined readings";
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
        try (Statement sql = context.getConnection().createStatement()) {
            sql.execute("ALTER TABLE " + TelemetryStoreV1Migration.TABLE + " ADD COLUMN " + COLUMN
                    + " boolean NOT NULL DEFAULT false");
        }
    }
}
