package city.urbanops.testkit.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** A database on a real PostgreSQL 17 server (the embedded distribution from Maven Central). */
public final class PostgresDatabase implements AutoCloseable {

    private static final String USER = "postgres";

    private final EmbeddedPostgres server;
    private final String database;
    private final boolean ownsServer;

    private PostgresDatabase(EmbeddedPostgres server, String database, boolean ownsServer) {
        this.server = server;
        this.database = database;
        this.ownsServer = ownsServer;
    }

    /** Starts a PostgreSQL server of its own on a free port, in a fresh data directory. */
    public static PostgresDatabase startEmbedded() {
        try {
            return new PostgresDatabase(EmbeddedPostgres.builder().start(), "postgres", true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
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
        return "jdbc:postgresql://localhost:" + server.getPort() + "/" + database;
    }

    public String username() {
        return USER;
    }

    public String password() {
        return "postgres";
    }

    public int port() {
        return server.getPort();
    }

    public DataSource dataSource() {
        var dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl());
        dataSource.setUser(USER);
        dataSource.setPassword(password());
        return dataSource;
    }

    @Override
    public void close() {
        if (!ownsServer) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
