package city.urbanops.testkit.postgres;

import city.urbanops.testkit.FreePorts;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database on a real PostgreSQL 17 server (the embedded distribution from Maven Central). The handle that
 * started a server can stop it and start it again with its data on the same port, as an outage would.
 */
public final class PostgresDatabase implements AutoCloseable {

    private static final String USER = "postgres";

    private final Server server;
    private final String database;
    private final boolean ownsServer;

    private PostgresDatabase(Server server, String database, boolean ownsServer) {
        this.server = server;
        this.database = database;
        this.ownsServer = ownsServer;
    }

    /** Starts a PostgreSQL server of its own on a free port, in a fresh data directory. */
    public static PostgresDatabase startEmbedded() {
        Server server = new Server();
        server.start();
        return new PostgresDatabase(server, "postgres", true);
    }

    /** Creates a new, empty database on the same server, for a test that wants its own tables. */
    public PostgresDatabase createDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database names are lower-case identifiers: " + name);
        }
        try (var connection = dataSource().getConnection(); var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return new PostgresDatabase(server, name, false);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + server.port + "/" + database;
    }

    public String username() {
        return USER;
    }

    public String password() {
        return "postgres";
    }

    public int port() {
        return server.port;
    }

    public DataSource dataSource() {
        var dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl());
        dataSource.setUser(USER);
        dataSource.setPassword(password());
        return dataSource;
    }

    /**
     * Stops the server (fast shutdown: open connections are cut) and keeps its data; {@link #start()} brings it back
     * on the same port. Every database of the server goes with it, so never stop the JVM-wide shared server: start
     * one of your own.
     */
    public void stop() {
        requireOwner();
        server.stop();
    }

    /** Starts the stopped server again, with its data, on the same port; a running server is left alone. */
    public void start() {
        requireOwner();
        server.start();
    }

    public boolean isRunning() {
        return server.isRunning();
    }

    @Override
    public void close() {
        if (ownsServer) {
            server.close();
        }
    }

    private void requireOwner() {
        if (!ownsServer) {
            throw new IllegalStateException("only the handle that started the server may stop or start it");
        }
    }

    /** One postmaster process over time: a data directory and a port that outlive stops and starts. */
    private static final class Server {

        private final Path dataDirectory;
        private final int port;
        private EmbeddedPostgres process;
        private boolean closed;

        Server() {
            try {
                this.dataDirectory = Files.createTempDirectory("urbanops-postgres-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a PostgreSQL data directory", e);
            }
            this.port = FreePorts.next();
            // Ours, not zonky's: its hook would stop the server but leave the data directory behind.
            Runtime.getRuntime().addShutdownHook(new Thread(this::close, "postgres-" + port + "-shutdown"));
        }

        synchronized void start() {
            if (closed) {
                throw new IllegalStateException("the server was closed");
            }
            if (process != null) {
                return;
            }
            try {
                // initdb runs only while the directory holds no cluster yet; afterwards the same data comes back.
                process = EmbeddedPostgres.builder()
                        .setDataDirectory(dataDirectory)
                        .setCleanDataDirectory(false)
                        .setPort(port)
                        .setRegisterShutdownHook(false)
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL on port " + port, e);
            }
        }

        synchronized void stop() {
            if (process == null) {
                return;
            }
            try {
                process.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot stop embedded PostgreSQL on port " + port, e);
            } finally {
                process = null;
            }
            // pg_ctl gives up after a few seconds and zonky only logs that; a postmaster still running would be
            // silently reused by the next start on this port, so wait for it to be really gone.
            Path pidFile = dataDirectory.resolve("postmaster.pid");
            Awaitility.await("PostgreSQL on port " + port + " to stop").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100)).until(() -> !Files.exists(pidFile));
        }

        synchronized boolean isRunning() {
            return process != null;
        }

        synchronized void close() {
            if (closed) {
                return;
            }
            stop();
            closed = true;
            deleteQuietly(dataDirectory);
        }

        private static void deleteQuietly(Path directory) {
            try (Stream<Path> paths = Files.walk(directory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // A leftover temporary directory is harmless; failing a test run over it is not.
            }
        }
    }
}
