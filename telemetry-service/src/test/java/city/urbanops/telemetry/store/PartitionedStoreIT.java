package city.urbanops.telemetry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.events.EventClass;
import city.urbanops.events.uplink.Measurement;
import city.urbanops.telemetry.support.AdjustableClock;
import city.urbanops.telemetry.support.TelemetryServiceIT;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Native partitioning (embedded PostgreSQL has no TimescaleDB): day partitions ahead, a DEFAULT for the rest. */
class PartitionedStoreIT extends TelemetryServiceIT {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    StoreMaintenance maintenance;

    @Autowired
    AdjustableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void withoutTimescaleTheStoreIsNativelyPartitioned() {
        assertThat(maintenance.storageMode()).isEqualTo(StorageMode.NATIVE_PARTITIONED);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_partitioned_table pt JOIN pg_class c"
                + " ON c.oid = pt.partrelid WHERE c.relname = 'telemetry_measurement'", Long.class)).isEqualTo(1);
    }

    @Test
    void dayPartitionsExistFromYesterdayToAWeekAhead() {
        Instant now = Instant.now();
        clock.freezeAt(now);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);

        maintenance.maintain();

        assertThat(maintenance.dayPartitions()).contains(
                StoreMaintenance.partitionName(today.minusDays(1)),
                StoreMaintenance.partitionName(today),
                StoreMaintenance.partitionName(today.plusDays(7)));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_class WHERE relname = 'telemetry_measurement_default'",
                Long.class)).isEqualTo(1);
    }

    @Test
    void readingLandsInItsDayPartition() {
        String device = newDeviceId("part");
        Instant now = clock.instant();
        produce(reading(device, 1, now, EventClass.ENVIRONMENTAL, Measurement.numeric("pm10", "ug/m3", 20)));

        String partition = await().atMost(Duration.ofSeconds(30)).until(() -> partitionOf(device),
                p -> p != null);

        assertThat(partition).isEqualTo(StoreMaintenance.partitionName(LocalDate.ofInstant(now, ZoneOffset.UTC)));
    }

    @Test
    void readingBeyondThePartitionsIsKeptInTheDefaultPartitionAndMovedWhenItsDayIsCreated() {
        String device = newDeviceId("late");
        Instant farAhead = clock.instant().plus(Duration.ofDays(10));
        produce(reading(device, 1, farAhead, EventClass.ENVIRONMENTAL, Measurement.numeric("pm10", "ug/m3", 3)));
        String before = await().atMost(Duration.ofSeconds(30)).until(() -> partitionOf(device), p -> p != null);
        assertThat(before).isEqualTo("telemetry_measurement_default");

        clock.shift(Duration.ofDays(5));
        maintenance.maintain();

        assertThat(partitionOf(device))
                .isEqualTo(StoreMaintenance.partitionName(LocalDate.ofInstant(farAhead, ZoneOffset.UTC)));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM telemetry_measurement WHERE device_id = ?",
                Long.class, device)).isEqualTo(1);
    }

    private String partitionOf(String device) {
        return jdbc.query("SELECT tableoid::regclass::text FROM telemetry_measurement WHERE device_id = ?",
                rs -> rs.next() ? rs.getString(1) : null, device);
    }
}
