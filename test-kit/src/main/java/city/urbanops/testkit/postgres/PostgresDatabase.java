package city.urbanops.testkit.postgres;

import city.urbanops.launchers.postgres.PostgresNode;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database on a real PostgreSQL 17 server (the embedded distribution from Maven Central). The handle that
 * started a server can stop it and start it again with its data on the same port, as an outage would.
 */
public final class PostgresDatabase implements AutoCloseable {

    private static final String USER = "postgres";

    private final PostgresNode server;
    private final String database;
    private final boolean ownsServer;

    private PostgresDatabase(PostgresNode server, String database, boolean ownsServer) {
        this.server = server;
        this.database = database;
        this.ownsServer = ownsServer;
    }

    /**
     * Starts a PostgreSQL server of its own on a free port, in a fresh data directory that goes when it is closed or
     * the JVM exits. Not durable (fsync and synchronous commit off): test data is thrown away.
     */
    public static PostgresDatabase startEmbedded() {
        return new PostgresDatabase(PostgresNode.builder(PostgresNode.Durability.NOT_DURABLE).start(), "postgres", true);
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
        return "jdbc:postgresql://localhost:" + server.port() + "/" + database;
    }

    public String username() {
        return USER;
    }

    public String password() {
        return "postgres";
    }

    public int port() {
        return server.port();
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
}
