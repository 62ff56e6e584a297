package city.urbanops.operatorapi.audit;

import static city.urbanops.operatorapi.audit.AuditEvents.event;
import static city.urbanops.operatorapi.audit.AuditEvents.unique;
import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.operatorapi.OperatorApiIT;
import city.urbanops.testkit.TestInfrastructure;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Someone with the database's superuser rights goes around the append-only triggers and changes or removes an entry:
 * both the API's verification and the command-line check name that very entry as the first broken link. Each test
 * puts the row back afterwards, so the shared log is intact again for every other test.
 */
class AuditTamperIT extends OperatorApiIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    AuditTrail trail;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    AuditAnchors anchors;

    @Test
    void anIntactLogIsReportedIntactByTheApiAndTheCommandLine() throws Exception {
        appendThree(unique("intact"));

        JsonNode verification = verifyOverApi("supervisor");
        Check check = checkFromCommandLine();

        assertThat(verification.get("intact").asBoolean()).isTrue();
        assertThat(verification.get("firstBreak").isNull()).isTrue();
        long total = jdbc.sql("select count(*) from audit_entry").query(Long.class).single();
        assertThat(verification.get("entriesChecked").asLong()).isEqualTo(total);
        assertThat(check.exitCode()).isZero();
        assertThat(check.out()).startsWith("audit log intact: ").contains(" entries");
    }

    @Test
    void aChangedFieldIsFoundAtThatEntryByTheApiAndTheCommandLine() throws Exception {
        List<AuditEntry> entries = appendThree(unique("changed"));
        AuditEntry tampered = entries.get(1);

        try (Connection superuser = database().dataSource().getConnection();
             Statement sql = superuser.createStatement()) {
            sql.execute("set session_replication_role = replica");
            sql.execute("update audit_entry set actor = 'nobody' where seq = " + tampered.seq());
            try {
                JsonNode verification = verifyOverApi("admin");
                Check check = checkFromCommandLine();

                assertThat(verification.get("intact").asBoolean()).isFalse();
                JsonNode broken = verification.get("firstBreak");
                assertThat(broken.get("seq").asLong()).isEqualTo(tampered.seq());
                assertThat(broken.get("eventId").asString()).isEqualTo(tampered.eventId());
                assertThat(broken.get("problem").asString()).isEqualTo("CONTENT_CHANGED");
                assertThat(check.exitCode()).isEqualTo(1);
                assertThat(check.out()).startsWith("audit log BROKEN at entry #" + tampered.seq() + " ("
                        + tampered.eventId() + "): content changed");
            } finally {
                sql.execute("update audit_entry set actor = 'supervisor' where seq = " + tampered.seq());
            }
        }
        assertRestored();
    }

    @Test
    void aRemovedEntryIsFoundAtTheEntryAfterTheGap() throws Exception {
        List<AuditEntry> entries = appendThree(unique("removed"));
        AuditEntry removed = entries.get(1);
        AuditEntry after = entries.get(2);

        try (Connection superuser = database().dataSource().getConnection();
             Statement sql = superuser.createStatement()) {
            sql.execute("set session_replication_role = replica");
            sql.execute("create temporary table removed_entry as select * from audit_entry where seq = "
                    + removed.seq());
            sql.execute("delete from audit_entry where seq = " + removed.seq());
            try {
                JsonNode verification = verifyOverApi("supervisor");
                Check check = checkFromCommandLine();

                JsonNode broken = verification.get("firstBreak");
                assertThat(verification.get("intact").asBoolean()).isFalse();
                assertThat(broken.get("seq").asLong()).isEqualTo(after.seq());
                assertThat(broken.get("eventId").asString()).isEqualTo(after.eventId());
                assertThat(broken.get("problem").asString()).isEqualTo("ENTRY_MISSING");
                assertThat(broken.get("description").asString()).contains("#" + removed.seq());
                assertThat(check.exitCode()).isEqualTo(1);
                assertThat(check.out()).startsWith("audit log BROKEN at entry #" + after.seq() + " ("
                        + after.eventId() + "): entry missing");
            } finally {
                restore(sql);
            }
        }
        assertRestored();
    }

    @Test
    void aRelinkedEntryIsFoundAsABrokenLink() throws Exception {
        List<AuditEntry> entries = appendThree(unique("relinked"));
        AuditEntry tampered = entries.get(2);

        try (Connection superuser = database().dataSource().getConnection();
             Statement sql = superuser.createStatement()) {
            sql.execute("set session_replication_role = replica");
            sql.execute("update audit_entry set prev_hash = '" + AuditHashes.GENESIS + "' where seq = "
                    + tampered.seq());
            try {
                Check check = checkFromCommandLine();

                assertThat(check.exitCode()).isEqualTo(1);
                assertThat(check.out()).startsWith("audit log BROKEN at entry #" + tampered.seq() + " ("
                        + tampered.eventId() + "): link broken");
            } finally {
                sql.execute("update audit_entry set prev_hash = '" + tampered.prevHash() + "' where seq = "
                        + tampered.seq());
            }
        }
        assertRestored();
    }

    @Test
    void theNewestEntriesRemovedLeaveAnIntactChainButAreFoundThroughTheAnchorOutsideTheDatabase() throws Exception {
        List<AuditEntry> entries = appendThree(unique("truncated"));
        anchors.anchor();
        AuditEntry head = entries.get(2);
        assertThat(anchors.latest()).hasValueSatisfying(anchor -> assertThat(anchor.seq()).isEqualTo(head.seq()));

        try (Connection superuser = database().dataSource().getConnection();
             Statement sql = superuser.createStatement()) {
            sql.execute("set session_replication_role = replica");
            sql.execute("create temporary table removed_entry as select * from audit_entry where seq >= "
                    + entries.get(1).seq());
            sql.execute("delete from audit_entry where seq >= " + entries.get(1).seq());
            try {
                assertThat(checkFromCommandLineWithoutKafka().out()).as("the chain alone still holds")
                        .startsWith("audit log intact: ");

                JsonNode verification = verifyOverApi("supervisor");
                Check check = checkFromCommandLine();

                JsonNode broken = verification.get("firstBreak");
                assertThat(verification.get("intact").asBoolean()).isFalse();
                assertThat(broken.get("seq").asLong()).isEqualTo(head.seq());
                assertThat(broken.get("problem").asString()).isEqualTo("NEWEST_ENTRIES_REMOVED");
                assertThat(broken.get("description").asString())
                        .startsWith("entries #" + entries.get(1).seq() + " to #" + head.seq() + " are missing");
                assertThat(check.exitCode()).isEqualTo(1);
                assertThat(check.out()).startsWith("audit log BROKEN at entry #" + head.seq() + ": newest entries "
                        + "removed");
                assertThat(anchors.anchor()).as("no anchor replaces the evidence").isEmpty();
            } finally {
                restore(sql);
            }
        }
        assertRestored();
    }

    @Test
    void aChainRewrittenFromItsAnchoredEntryIsFound() throws Exception {
        List<AuditEntry> entries = appendThree(unique("rewritten"));
        anchors.anchor();
        AuditEntry head = entries.get(2);
        var forged = new AuditEntry(head.seq(), head.eventId(), head.source(), head.at(), head.recordedAt(), "nobody",
                head.action(), head.targetType(), head.targetId(), head.department(), head.district(), head.details(),
                head.prevHash(), null);

        try (Connection superuser = database().dataSource().getConnection();
             Statement sql = superuser.createStatement()) {
            sql.execute("set session_replication_role = replica");
            sql.execute("update audit_entry set actor = 'nobody', hash = '" + AuditHashes.hash(forged)
                    + "' where seq = " + head.seq());
            try {
                Check check = checkFromCommandLine();

                assertThat(checkFromCommandLineWithoutKafka().exitCode()).as("its hash was recomputed").isZero();
                assertThat(check.exitCode()).isEqualTo(1);
                assertThat(check.out()).startsWith("audit log BROKEN at entry #" + head.seq() + " (" + head.eventId()
                        + "): differs from its anchor");
            } finally {
                sql.execute("update audit_entry set actor = '" + head.actor() + "', hash = '" + head.hash()
                        + "' where seq = " + head.seq());
            }
        }
        assertRestored();
    }

    /** The row is back as it was: the log is intact again, for the command line and for the application's status. */
    private void assertRestored() throws Exception {
        assertThat(checkFromCommandLine().exitCode()).isZero();
        assertThat(verifyOverApi("supervisor").get("intact").asBoolean()).isTrue();
    }

    @Test
    void aDatabaseThatCannotBeReachedCannotBeChecked() {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();

        int exit = AuditChainCheck.run(new String[] {"--url=jdbc:postgresql://localhost:1/operator?connectTimeout=2"},
                Map.of("URBANOPS_DB_USER", "postgres", "URBANOPS_DB_PASSWORD", "secret-not-shown"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("cannot check the audit log at "
                + "jdbc:postgresql://localhost:1/operator").doesNotContain("secret-not-shown");
    }

    @Test
    void theVerificationIsForSupervisorsAndAdminsOnly() throws Exception {
        HttpResponse<String> analyst = get("/api/v1/audit/verify", "analyst");
        HttpResponse<String> operator = get("/api/v1/audit/verify", "operator");

        assertThat(analyst.statusCode()).isEqualTo(403);
        assertThat(operator.statusCode()).isEqualTo(403);
    }

    private static void restore(Statement sql) throws SQLException {
        sql.execute("insert into audit_entry select * from removed_entry");
        sql.execute("drop table removed_entry");
    }

    private List<AuditEntry> appendThree(String id) {
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            for (int i = 1; i <= 3; i++) {
                trail.record(event(id + ":" + i, id));
            }
        });
        return jdbc.sql("select " + AuditRows.COLUMNS + " from audit_entry where target_id = ? order by seq")
                .param(id).query(AuditRows::entry).list();
    }

    private JsonNode verifyOverApi(String user) throws Exception {
        HttpResponse<String> response = get("/api/v1/audit/verify", user);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(String path, String user) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                    .header("Authorization", "Bearer " + token(user)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    record Check(int exitCode, String out) {
    }

    private static Check checkFromCommandLine() {
        return checkFromCommandLine("--kafka=" + TestInfrastructure.kafka().bootstrapServers());
    }

    private static Check checkFromCommandLineWithoutKafka() {
        return checkFromCommandLine("--batch-size=7");
    }

    private static Check checkFromCommandLine(String extra) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int exit = AuditChainCheck.run(new String[] {"--url=" + database().jdbcUrl(), "--batch-size=7", extra},
                Map.of("URBANOPS_DB_USER", database().username(), "URBANOPS_DB_PASSWORD", database().password()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Check(exit, out.toString(StandardCharsets.UTF_8).strip() + err.toString(StandardCharsets.UTF_8));
    }
}
