package city.urbanops.telemetry.store;

/** How the measurement table is laid out; chosen once by the first migration and recorded in the database. */
public enum StorageMode {
    /** A TimescaleDB hypertable with compression and retention policies. */
    TIMESCALEDB,
    /** Native PostgreSQL range partitioning by UTC day, with a DEFAULT partition catching everything else. */
    NATIVE_PARTITIONED
}
