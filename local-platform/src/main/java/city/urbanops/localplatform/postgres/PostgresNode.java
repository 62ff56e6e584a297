package city.urbanops.localplatform.postgres;

import city.urbanops.localplatform.LocalLayout;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * PostgreSQL 17 (zonky embedded binaries) with its data kept in {@code .local/data/postgres} across restarts, run
 * durably (fsync, synchronous commit, full-page writes on), with the {@code urbanops} database.
 */
public final class PostgresNode {

    public static final int PORT = 5432;
    public static final String DATABASE = "urbanops";
    public static final String USER = "postgres";
    /** Local trust authentication ignores it; the services need some value. */
    public static final String PASSWORD = "postgres";

    private final LocalLayout layout;
    private final Path dataDir;
    private EmbeddedPostgres postgres;

    public PostgresNode(LocalLayout layout) {
        this.layout = layout;
        this.dataDir = layout.data().resolve("postgres");
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + PORT + "/" + DATABASE;
    }

    /**
     * Stops a postmaster orphaned by a launcher that was killed: a new start on the same port would otherwise
     * silently attach to it. Returns its pid if there was one.
     */
    public Optional<Long> stopOrphan() {
        return new OrphanPostmaster(dataDir, ProcessHandle::of).stop(Duration.ofSeconds(30));
    }

    public void start() {
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(PORT)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "200")
                    .setOverrideWorkingDirectory(layout.local().resolve("postgres-bin").toFile())
                    .setPGStartupWait(Duration.ofSeconds(90))
                    .start();
            createDatabaseIfMissing();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start; see " + dataDir, e);
        }
    }

    public void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException("PostgreSQL did not stop cleanly", e);
            }
            postgres = null;
        }
    }

    private void createDatabaseIfMissing() {
        try (var connection = postgres.getPostgresDatabase().getConnection();
             var exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, DATABASE);
            try (var rows = exists.executeQuery()) {
                if (!rows.next()) {
                    try (var create = connection.createStatement()) {
                        create.execute("create database " + DATABASE);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + DATABASE + ": " + e.getMessage(), e);
        }
    }
}
