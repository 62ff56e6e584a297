package city.urbanops.launchers.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.launchers.postgres.PostgresNode.Durability;
import city.urbanops.launchers.process.PidFiles;
import city.urbanops.launchers.support.ChildJvm;
import city.urbanops.launchers.support.PostgresNodeHolder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresNodeIT {

    @TempDir
    Path directory;

    @Test
    void aDurableServerSyncsEveryCommitToDisk() throws Exception {
        try (var node = PostgresNode.builder(Durability.DURABLE).start()) {
            assertThat(settings(node.dataSource("postgres"), "fsync", "synchronous_commit", "full_page_writes"))
                    .containsExactly("on", "on", "on");
        }
    }

    @Test
    void aNotDurableServerSkipsTheSyncsAndItsThrowAwayDataGoesWithIt() throws Exception {
        var node = PostgresNode.builder(Durability.NOT_DURABLE).start();
        assertThat(settings(node.dataSource("postgres"), "fsync", "synchronous_commit"))
                .containsExactly("off", "off");

        node.close();

        assertThat(node.dataDirectory()).doesNotExist();
    }

    @Test
    void aStoppedServerStartsAgainOnTheSamePortWithItsData() throws Exception {
        try (var node = PostgresNode.builder(Durability.DURABLE).dataDirectory(directory.resolve("pg")).start()) {
            node.createDatabaseIfMissing("kept");
            execute(node.dataSource("kept"), "create table facts (id int); insert into facts values (42)");
            int port = node.port();

            node.stop();
            node.start();

            assertThat(node.port()).isEqualTo(port);
            assertThat(single(node.dataSource("kept"), "select id from facts")).isEqualTo("42");
        }
    }

    @Test
    void aPostmasterOrphanedByAKilledJvmIsShutDownBeforeTheNextStartOnItsData() throws Exception {
        Path data = directory.resolve("pg");
        int port = freePort();
        long orphanPid;
        try (var owner = ChildJvm.run(PostgresNodeHolder.class, data.toString(), Integer.toString(port))) {
            owner.awaitLine("ready", Duration.ofMinutes(2));
            var orphaned = PostgresNode.builder(Durability.DURABLE).dataDirectory(data).port(port).build();
            execute(orphaned.dataSource("postgres"), "create table facts (id int); insert into facts values (7)");
            owner.kill();
            orphanPid = new OrphanPostmaster(data, ProcessHandle::of).find().orElseThrow().pid();
        }

        try (var node = PostgresNode.builder(Durability.DURABLE).dataDirectory(data).port(port).start()) {
            // Attaching to the orphan would leave its pid in the lock file; a postmaster of our own replaced it.
            assertThat(PidFiles.readPid(data.resolve("postmaster.pid"))).isPresent().get().isNotEqualTo(orphanPid);
            assertThat(single(node.dataSource("postgres"), "select id from facts")).isEqualTo("7");
        }
    }

    private static List<String> settings(DataSource dataSource, String... names) throws SQLException {
        var values = new ArrayList<String>();
        for (String name : names) {
            values.add(single(dataSource, "show " + name));
        }
        return values;
    }

    private static String single(DataSource dataSource, String query) throws SQLException {
        try (var connection = dataSource.getConnection(); var rows = connection.createStatement().executeQuery(query)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static void execute(DataSource dataSource, String sql) throws SQLException {
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
