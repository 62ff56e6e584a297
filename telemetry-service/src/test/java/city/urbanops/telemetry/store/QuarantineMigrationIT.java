package city.urbanops.telemetry.store;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.postgres.PostgresDatabase;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The quarantine mark reaches a store that already holds readings: V2 applied to a natively partitioned V1 store with
 * rows in a day partition and in the DEFAULT partition, on real PostgreSQL. (TimescaleDB is not installable here; the
 * same statement is documented as supported on hypertables with compressed chunks from TimescaleDB 2.6.)
 */
class QuarantineMigrationIT {

    private static final String ROW = "INSERT INTO telemetry_measurement (device_id, time, seq, name, unit, value,"
            + " event_class, received_at) VALUES (?, ?::timestamptz, 1, 'pm2_5', 'ug/m3', 4.2, 'ENVIRONMENTAL', now())";

    @Test
    void anExistingStoreGainsTheMarkWithEveryStoredReadingUnquarantined() {
        PostgresDatabase db = TestInfrastructure.postgres().createDatabase("telemetry_v1_"
                + Long.toHexString(UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE));
        JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
        migrate(db, "1");
        jdbc.execute("CREATE TABLE telemetry_measurement_p20261125 PARTITION OF telemetry_measurement"
                + " FOR VALUES FROM ('2026-11-25T00:00:00Z') TO ('2026-11-26T00:00:00Z')");
        jdbc.update(ROW, "in-day-partition", "2026-11-25T08:00:00Z");
        jdbc.update(ROW, "in-default-partition", "2020-01-01T08:00:00Z");

        migrate(db, "latest");

        assertThat(jdbc.queryForList("SELECT device_id || ':' || quarantined FROM telemetry_measurement"
                + " ORDER BY device_id", String.class))
                .containsExactly("in-day-partition:false", "in-default-partition:false");
        jdbc.update("INSERT INTO telemetry_measurement (device_id, time, seq, name, value, event_class, received_at,"
                + " quarantined) VALUES ('quarantined', '2026-11-25T09:00:00Z', 1, 'pm2_5', 400, 'ENVIRONMENTAL',"
                + " now(), true)");
        assertThat(jdbc.queryForObject("SELECT quarantined FROM telemetry_measurement_p20261125"
                + " WHERE device_id = 'quarantined'", Boolean.class)).isTrue();
        assertThat(jdbc.queryForObject("SELECT max(version) FROM flyway_schema_history", String.class))
                .isEqualTo("2");
    }

    private static void migrate(PostgresDatabase db, String target) {
        Flyway.configure().dataSource(db.dataSource()).failOnMissingLocations(false)
                .javaMigrations(new TelemetryStoreV1Migration(), new TelemetryStoreV2Migration())
                .target(target).load().migrate();
    }
}
