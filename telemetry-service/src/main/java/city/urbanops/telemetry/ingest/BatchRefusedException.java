package city.urbanops.telemetry.ingest;

/**
 * The database refused a consumed batch for what one or more of its records hold. The store's error handling
 * retries it a few times, then stores its records one by one and dead-letters those refused. The message names
 * only the SQLState: the database's own message may quote a value, and this exception gets logged.
 */
final class BatchRefusedException extends RuntimeException {

    private final String sqlState;

    BatchRefusedException(String sqlState) {
        super("the database refused the batch (SQLState " + sqlState + ")");
        this.sqlState = sqlState;
    }

    String sqlState() {
        return sqlState;
    }
}
