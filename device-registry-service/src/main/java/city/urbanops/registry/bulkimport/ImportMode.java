package city.urbanops.registry.bulkimport;

/** What an import does with its good rows when some rows are bad. */
public enum ImportMode {
    /** Any bad row: nothing is written; the job reports every bad row and ends FAILED. */
    ALL_OR_NOTHING,
    /** The good rows are written, the bad ones reported. */
    PARTIAL
}
