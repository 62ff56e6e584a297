package city.urbanops.rules.dryrun;

/** Kafka could not be read (broker unreachable, metadata or fetches timing out): the dry run cannot run now. */
public class HistoryUnavailableException extends RuntimeException {

    public HistoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public HistoryUnavailableException(String message) {
        super(message);
    }
}
