package city.urbanops.telemetry.ingest;

/**
 * The database could not take a batch for now (unreachable, shutting down, out of connections, a deadlock): the
 * store's error handling retries the batch with backoff for as long as it takes, committing nothing meanwhile.
 * One type for all of these, so that the retry state survives the cause changing between attempts.
 */
final class StoreUnavailableException extends RuntimeException {

    StoreUnavailableException(RuntimeException cause) {
        super("the telemetry store is unavailable", cause);
    }
}
