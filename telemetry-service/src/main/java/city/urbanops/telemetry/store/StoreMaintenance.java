package city.urbanops.telemetry.store;

import city.urbanops.telemetry.config.TelemetryProperties;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the store in shape, at start-up and every {@code urbanops.telemetry.store.maintenance-interval}. Native
 * mode: day partitions from {@code partition-days-behind} before to {@code partition-days-ahead} after today exist
 * (rows already in the DEFAULT partition for such a day are moved into it), and partitions past the retention are
 * dropped. TimescaleDB mode: the compression and retention policies match the settings. Every run is idempotent and
 * serialised across instances by an advisory lock.
 */
@Component
public class StoreMaintenance {

    private static final Logger log = LoggerFactory.getLogger(StoreMaintenance.class);
    private static final long ADVISORY_LOCK = 0x7e1e_3e7a_0001L;
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final String PARTITION_PREFIX = TelemetryStoreV1Migration.TABLE + "_p";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final TelemetryProperties.Store settings;
    private final Clock clock;

    public StoreMaintenance(JdbcTemplate jdbc, TransactionTemplate transaction, TelemetryProperties properties,
                            Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.settings = properties.store();
        this.clock = clock;
    }

    /** The layout the migration chose. */
    public StorageMode storageMode() {
        return StorageMode.valueOf(jdbc.queryForObject(
                "SELECT value FROM telemetry_store_info WHERE key = 'storage_mode'", String.class));
    }

    @EventListener(ApplicationReadyEvent.class)
    public void maintainAtStartup() {
        maintain();
    }

    @Scheduled(fixedDelayString = "${urbanops.telemetry.store.maintenance-interval:PT1H}",
            initialDelayString = "${urbanops.telemetry.store.maintenance-interval:PT1H}")
    public void maintainPeriodically() {
        maintain();
    }

    /** Runs one maintenance pass now. */
    public void maintain() {
        transaction.executeWithoutResult(status -> {
            jdbc.queryForObject("SELECT pg_advisory_xact_lock(?)", Object.class, ADVISORY_LOCK);
            switch (storageMode()) {
                case NATIVE_PARTITIONED -> maintainPartitions();
                case TIMESCALEDB -> maintainTimescalePolicies();
            }
        });
    }

    /** Names of the day partitions that exist, oldest first. */
    public List<String> dayPartitions() {
        return jdbc.queryForList("""
                SELECT c.relname FROM pg_inherits i
                JOIN pg_class c ON c.oid = i.inhrelid
                JOIN pg_class p ON p.oid = i.inhparent
                WHERE p.relname = ? AND c.relname LIKE ? ORDER BY c.relname""", String.class,
                TelemetryStoreV1Migration.TABLE, PARTITION_PREFIX + "%");
    }

    /** The partition a day's rows belong in. */
    public static String partitionName(LocalDate day) {
        return PARTITION_PREFIX + DAY.format(day);
    }

    private void maintainPartitions() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<String> existing = dayPartitions();
        int created = 0;
        for (LocalDate day = today.minusDays(settings.partitionDaysBehind());
             !day.isAfter(today.plusDays(settings.partitionDaysAhead())); day = day.plusDays(1)) {
            if (!existing.contains(partitionName(day))) {
                createDayPartition(day);
                created++;
            }
        }
        int dropped = dropExpiredPartitions(today);
        if (created > 0 || dropped > 0) {
            log.info("Telemetry partitions: {} created, {} dropped past retention {}", created, dropped,
                    settings.retention());
        }
    }

    // A partition cannot be attached while the DEFAULT partition holds rows of its range: move them first.
    private void createDayPartition(LocalDate day) {
        String partition = partitionName(day);
        Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        String table = TelemetryStoreV1Migration.TABLE;
        jdbc.execute("CREATE TABLE " + partition + " (LIKE " + table + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
        // Writers routed to the DEFAULT partition wait until the partition is attached, so none slips in between.
        jdbc.execute("LOCK TABLE " + TelemetryStoreV1Migration.DEFAULT_PARTITION + " IN SHARE MODE");
        int moved = jdbc.update("WITH moved AS (DELETE FROM " + TelemetryStoreV1Migration.DEFAULT_PARTITION
                + " WHERE time >= ?::timestamptz AND time < ?::timestamptz RETURNING *) INSERT INTO " + partition
                + " SELECT * FROM moved", from.toString(), to.toString());
        jdbc.execute("ALTER TABLE " + table + " ATTACH PARTITION " + partition + " FOR VALUES FROM ('" + from
                + "') TO ('" + to + "')");
        if (moved > 0) {
            log.info("Moved {} rows from the default partition into {}", moved, partition);
        }
    }

    private int dropExpiredPartitions(LocalDate today) {
        LocalDate oldestKept = LocalDate.ofInstant(clock.instant().minus(settings.retention()), ZoneOffset.UTC);
        int dropped = 0;
        for (String partition : dayPartitions()) {
            LocalDate day = LocalDate.parse(partition.substring(PARTITION_PREFIX.length()), DAY);
            if (day.isBefore(oldestKept) && day.isBefore(today)) {
                jdbc.execute("DROP TABLE " + partition);
                dropped++;
            }
        }
        jdbc.update("DELETE FROM " + TelemetryStoreV1Migration.DEFAULT_PARTITION + " WHERE time < ?::timestamptz",
                oldestKept.atStartOfDay(ZoneOffset.UTC).toInstant().toString());
        return dropped;
    }

    // remove + add so that a changed setting takes effect; both calls are no-ops for unchanged policies' data.
    private void maintainTimescalePolicies() {
        String table = TelemetryStoreV1Migration.TABLE;
        jdbc.queryForList("SELECT remove_compression_policy('" + table + "', if_exists => true)");
        jdbc.queryForList("SELECT add_compression_policy('" + table + "', ?::interval)",
                settings.compressAfter().toSeconds() + " seconds");
        jdbc.queryForList("SELECT remove_retention_policy('" + table + "', if_exists => true)");
        jdbc.queryForList("SELECT add_retention_policy('" + table + "', ?::interval)",
                settings.retention().toSeconds() + " seconds");
    }
}
