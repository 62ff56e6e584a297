package city.urbanops.registry.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which replica relays: the one holding a PostgreSQL session-level advisory lock on a connection of its own (not one
 * of the pool's, which would be returned and reused). The lock lives exactly as long as that session, so a replica
 * that dies, or loses its connection, loses it and another takes over; a replica that can no longer confirm its
 * session stops publishing. Kafka's transactional fencing covers the moment in which two might still believe they
 * hold it. Used by the relay's thread only.
 */
final class RelayLeadership implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RelayLeadership.class);
    /** The advisory lock key: "urbops" in ASCII and 01, arbitrary but fixed; other advisory locks must use others. */
    static final long LOCK_KEY = 0x7572626f7073_01L;
    private static final int VALIDATION_TIMEOUT_SECONDS = 5;

    private final DataSource dedicated;
    private Connection session;
    private String database;

    RelayLeadership(DataSource dedicated) {
        this.dedicated = dedicated;
    }

    /** Takes the lock if no other session holds it; true if this instance holds it now. */
    boolean tryAcquire() throws SQLException {
        if (held()) {
            return true;
        }
        close();
        var connection = dedicated.getConnection();
        try (var statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            var result = statement.executeQuery("select pg_try_advisory_lock(" + LOCK_KEY + "), current_database()");
            result.next();
            if (!result.getBoolean(1)) {
                connection.close();
                return false;
            }
            database = result.getString(2);
            session = connection;
            return true;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Whether the session that holds the lock is still there: asked before every batch. */
    boolean held() {
        try {
            return session != null && session.isValid(VALIDATION_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }

    /** The database whose outbox this relay forwards (for the default transactional id). */
    String database() {
        return database;
    }

    /** Gives the lock up (by ending the session). */
    @Override
    public void close() {
        if (session != null) {
            try {
                session.close();
            } catch (SQLException e) {
                log.debug("Closing the relay's lock session failed; the server ends it with the connection", e);
            }
            session = null;
        }
    }
}
