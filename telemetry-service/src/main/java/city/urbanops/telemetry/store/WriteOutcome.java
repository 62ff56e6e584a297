package city.urbanops.telemetry.store;

/**
 * What became of rows handed to the store: all stored, or refused by the database for what they hold. A database
 * that cannot be reached is not an outcome but an exception: nothing is decided until it answers.
 */
public sealed interface WriteOutcome {

    /** Every row is in the table now; {@code newRows} of them were not there before (the rest were duplicates). */
    record Stored(int newRows) implements WriteOutcome {
    }

    /**
     * The database refused the rows for what they hold, with {@code sqlState} and its message in {@code detail}; the
     * detail may quote a value, so it belongs in a dead letter, not in a log.
     */
    record Refused(String sqlState, String detail) implements WriteOutcome {
    }
}
