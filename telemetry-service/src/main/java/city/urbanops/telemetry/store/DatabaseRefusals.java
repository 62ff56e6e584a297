package city.urbanops.telemetry.store;

import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;

/**
 * Tells a write the database refuses for what the rows hold (permanent: writing the same rows again fails the same
 * way) from a database that is unavailable for now (transient: the same write succeeds later).
 *
 * <p>Permanent are the SQLState classes that describe the data: 22 data exception (22021 invalid byte sequence, such
 * as U+0000 in text; 22008 datetime field overflow; 22003 numeric value out of range), 23 integrity constraint
 * violation and 54 program limit exceeded (a value too large for an index row). Everything else is transient:
 * 08 connection exceptions, 53 insufficient resources, 57 operator intervention (57P01 admin shutdown, 57014 query
 * cancelled), 40 transaction rollback (40001 serialization failure, 40P01 deadlock), 55P03 lock not available, a
 * failure without SQLState (no connection from the pool, a transaction that cannot begin) — and, on purpose, any
 * code not listed, such as 42P01 for a missing table: a store that is misconfigured is repaired, and the readings
 * wait for it on Kafka rather than being dead-lettered for a fault that is not theirs.
 */
public final class DatabaseRefusals {

    private static final Set<String> PERMANENT_CLASSES = Set.of("22", "23", "54");

    private DatabaseRefusals() {
    }

    /** The refusal that {@code failure} reports, or empty if the failure is transient. */
    public static Optional<WriteOutcome.Refused> of(Throwable failure) {
        return sqlExceptionIn(failure)
                .filter(sql -> PERMANENT_CLASSES.contains(sql.getSQLState().substring(0, 2)))
                .map(sql -> new WriteOutcome.Refused(sql.getSQLState(), String.valueOf(sql.getMessage())));
    }

    private static Optional<SQLException> sqlExceptionIn(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() == 5) {
                return Optional.of(sql);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }
}
