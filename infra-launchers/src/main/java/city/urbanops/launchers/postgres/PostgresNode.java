package city.urbanops.launchers.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL 17 server from zonky's embedded binaries, run as durably as its {@link Durability} says. Its port and
 * data directory stay the same across {@link #stop()} and {@link #start()}; a postmaster left running on the data
 * directory by a killed JVM is shut down before a start, because a new start on the same port would otherwise
 * silently attach to it. Whoever starts a server with a data directory of its own stops it; a server on throw-away
 * data is also closed when the JVM exits.
 */
public final class PostgresNode implements AutoCloseable {

    public static final String USER = "postgres";
    /** Local trust authentication ignores it; clients need some value. */
    public static final String PASSWORD = "postgres";
    private static final Duration ORPHAN_GRACE = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);

    /** How much a committed transaction is worth to the server. */
    public enum Durability {
        /**
         * {@code fsync}, {@code synchronous_commit} and {@code full_page_writes} on: a commit returns only once it is on
         * disk, and survives a crash of the process or the machine. What the platform promises; the default for
         * anything that measures or keeps data.
         */
        DURABLE(Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on")),
        /**
         * {@code fsync} and {@code synchronous_commit} off (zonky's defaults): faster, and a crash may lose or corrupt
         * what was committed. Only for throw-away test databases.
         */
        NOT_DURABLE(Map.of("fsync", "off", "synchronous_commit", "off"));

        private final Map<String, String> serverConfig;

        Durability(Map<String, String> serverConfig) {
            this.serverConfig = serverConfig;
        }

        /** The server settings this durability stands for. */
        public Map<String, String> serverConfig() {
            return serverConfig;
        }
    }

    private final Durability durability;
    private final Path dataDirectory;
    private final boolean throwAwayData;
    private final Path binariesDirectory;
    private final Map<String, String> serverConfig;
    private final Duration startupWait;
    private int port;
    private EmbeddedPostgres server;
    private boolean closed;

    private PostgresNode(Builder builder) throws IOException {
        this.durability = builder.durability;
        this.throwAwayData = builder.dataDirectory == null;
        this.dataDirectory = (throwAwayData ? Files.createTempDirectory("urbanops-postgres-") : builder.dataDirectory)
                .toAbsolutePath().normalize();
        this.binariesDirectory = builder.binariesDirectory;
        this.serverConfig = Map.copyOf(builder.serverConfig);
        this.startupWait = builder.startupWait;
        this.port = builder.port;
        if (throwAwayData) {
            // Ours instead of zonky's, which would stop the server but leave the data directory behind.
            Runtime.getRuntime().addShutdownHook(new Thread(this::close, "postgres-shutdown"));
        }
    }

    /** A server of the given durability; configure it, then {@link Builder#start()}. */
    public static Builder builder(Durability durability) {
        return new Builder(durability);
    }

    /**
     * Starts the server and waits until it accepts connections; a running server is left as it is. The first start
     * creates the cluster; later starts (also by a new {@code PostgresNode} on the same data directory) reuse it.
     */
    public synchronized PostgresNode start() {
        if (closed) {
            throw new IllegalStateException("this PostgreSQL node was closed");
        }
        if (server != null) {
            return this;
        }
        stopOrphan();
        if (port == 0) {
            port = freePort();
        }
        var builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                // Whoever started the server stops it, in its own order (the local platform: after the services).
                .setRegisterShutdownHook(false)
                .setPGStartupWait(startupWait);
        serverConfig.forEach(builder::setServerConfig);
        durability.serverConfig().forEach(builder::setServerConfig);
        if (binariesDirectory != null) {
            builder.setOverrideWorkingDirectory(binariesDirectory.toFile());
        }
        try {
            server = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start in " + dataDirectory, e);
        }
        return this;
    }

    /**
     * Shuts the server down (PostgreSQL's fast shutdown) and waits until its postmaster is gone, so a {@link #start()}
     * right after it starts a new one on the same port and data.
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not stop cleanly", e);
        } finally {
            server = null;
            // zonky's pg_ctl gives up after 5 s; a durable server's shutdown checkpoint may take longer on a busy disk.
            new OrphanPostmaster(dataDirectory, ProcessHandle::of).stop(STOP_GRACE);
        }
    }

    /**
     * Stops a postmaster still running on this data directory from an earlier JVM that was killed; returns its pid if
     * there was one. {@link #start()} does this itself; call it earlier to free the port before checking it.
     */
    public Optional<Long> stopOrphan() {
        return new OrphanPostmaster(dataDirectory, ProcessHandle::of).stop(ORPHAN_GRACE);
    }

    /**
     * Stops the server and, when it was given no data directory of its own, deletes its throw-away data (also done
     * when the JVM exits). A closed node cannot be started again.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        stop();
        closed = true;
        if (throwAwayData) {
            deleteQuietly(dataDirectory);
        }
    }

    public Durability durability() {
        return durability;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** The server's port: chosen at the first start unless given, the same for every later start. */
    public synchronized int port() {
        if (port == 0) {
            throw new IllegalStateException("the port is chosen at the first start");
        }
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    public DataSource dataSource(String database) {
        var dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl(database));
        dataSource.setUser(USER);
        dataSource.setPassword(PASSWORD);
        return dataSource;
    }

    /** Creates {@code database} unless it exists; names are lower-case identifiers. */
    public void createDatabaseIfMissing(String database) {
        if (!database.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database names are lower-case identifiers: " + database);
        }
        try (var connection = dataSource("postgres").getConnection();
             var exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, database);
            try (var rows = exists.executeQuery()) {
                if (!rows.next()) {
                    try (var create = connection.createStatement()) {
                        create.execute("create database " + database);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database + ": " + e.getMessage(), e);
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for PostgreSQL", e);
        }
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // A temporary directory left behind is harmless.
        }
    }

    /** Where and how the server runs; everything but the durability has a default. */
    public static final class Builder {

        private final Durability durability;
        private final Map<String, String> serverConfig = new LinkedHashMap<>();
        private Path dataDirectory;
        private Path binariesDirectory;
        private int port;
        private Duration startupWait = Duration.ofSeconds(90);

        private Builder(Durability durability) {
            this.durability = Objects.requireNonNull(durability, "durability");
        }

        /** Data kept here across stops, restarts and JVMs; without it, a fresh directory that {@code close()} deletes. */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = directory;
            return this;
        }

        /** A fixed port; without it, a free port chosen at the first start. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Where zonky unpacks the PostgreSQL binaries (default: {@code embedded-pg} in the temp directory). */
        public Builder binariesDirectory(Path directory) {
            this.binariesDirectory = directory;
            return this;
        }

        /** Any other server setting, e.g. {@code max_connections}; durability settings cannot be overridden. */
        public Builder serverConfig(String name, String value) {
            serverConfig.put(name, value);
            return this;
        }

        public Builder startupWait(Duration wait) {
            this.startupWait = wait;
            return this;
        }

        public PostgresNode build() {
            try {
                return new PostgresNode(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a data directory for PostgreSQL", e);
            }
        }

        /** Builds the node and starts it. */
        public PostgresNode start() {
            return build().start();
        }
    }
}
