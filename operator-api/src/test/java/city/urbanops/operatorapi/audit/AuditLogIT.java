package city.urbanops.operatorapi.audit;

import static city.urbanops.operatorapi.audit.AuditEvents.event;
import static city.urbanops.operatorapi.audit.AuditEvents.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.urbanops.operatorapi.OperatorApiIT;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The audit log's one writer on a real PostgreSQL: a chain of hashes, copies ignored, serialised, append-only. */
class AuditLogIT extends OperatorApiIT {

    @Autowired
    AuditTrail trail;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    AuditChainVerifier verifier;

    @Test
    void eachEntryHoldsItsPredecessorsHashAndTheNextSeq() {
        String id = unique("chain");

        inTransaction(() -> {
            for (int i = 1; i <= 3; i++) {
                trail.record(event(id + ":" + i, id));
            }
        });

        List<AuditEntry> entries = entriesOf(id);
        assertThat(entries).hasSize(3);
        for (int i = 1; i < entries.size(); i++) {
            assertThat(entries.get(i).seq()).isEqualTo(entries.get(i - 1).seq() + 1);
            assertThat(entries.get(i).prevHash()).isEqualTo(entries.get(i - 1).hash());
        }
        AuditEntry before = jdbc.sql("select " + AuditRows.COLUMNS + " from audit_entry where seq = ?")
                .param(entries.getFirst().seq() - 1).query(AuditRows::entry).optional().orElse(null);
        assertThat(entries.getFirst().prevHash()).isEqualTo(before == null ? AuditHashes.GENESIS : before.hash());
        assertThat(entries).allSatisfy(e -> assertThat(AuditHashes.hash(e)).isEqualTo(e.hash()));
        assertThat(entries.getFirst().details()).containsEntry("reason", "storm season");
    }

    @Test
    void aCopyOfAnEventIsIgnored() {
        String id = unique("copy");
        var first = event(id + ":1", id);

        boolean appended = committed(() -> trail.record(first));
        boolean copyAppended = committed(() -> trail.record(event(id + ":1", id)));

        assertThat(appended).isTrue();
        assertThat(copyAppended).isFalse();
        assertThat(entriesOf(id)).hasSize(1);
    }

    @Test
    void appendsFromManyThreadsAtOnceMakeOneValidChain() throws Exception {
        String id = unique("threads");
        int threads = 8;
        int each = 10;
        List<Callable<Void>> appenders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            appenders.add(() -> {
                for (int i = 0; i < each; i++) {
                    String eventId = id + ":" + thread + ":" + i;
                    inTransaction(() -> {
                        trail.record(event(eventId, id));
                    });
                }
                return null;
            });
        }

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (Future<Void> done : pool.invokeAll(appenders)) {
                done.get();
            }
        } finally {
            pool.shutdown();
        }

        List<AuditEntry> entries = entriesOf(id);
        assertThat(entries).hasSize(threads * each);
        assertThat(entries.stream().map(AuditEntry::seq).distinct()).hasSize(threads * each);
        ChainVerification verification = verifier.verify();
        assertThat(verification.intact()).as(verification.summary()).isTrue();
    }

    @Test
    void theDatabaseRefusesToUpdateAnEntry() {
        long seq = appendOne("update");

        assertThatThrownBy(() -> jdbc.sql("update audit_entry set actor = 'someone else' where seq = ?")
                .param(seq).update())
                .satisfies(refusedAs("UPDATE"));
        assertThat(jdbc.sql("select actor from audit_entry where seq = ?").param(seq).query(String.class).single())
                .isEqualTo("supervisor");
    }

    @Test
    void theDatabaseRefusesToDeleteAnEntry() {
        long seq = appendOne("delete");

        assertThatThrownBy(() -> jdbc.sql("delete from audit_entry where seq = ?").param(seq).update())
                .satisfies(refusedAs("DELETE"));
        assertThat(jdbc.sql("select count(*) from audit_entry where seq = ?").param(seq).query(Long.class).single())
                .isEqualTo(1L);
    }

    @Test
    void theDatabaseRefusesToTruncateTheLog() {
        long seq = appendOne("truncate");

        assertThatThrownBy(() -> jdbc.sql("truncate audit_entry").update()).satisfies(refusedAs("TRUNCATE"));
        assertThat(jdbc.sql("select count(*) from audit_entry where seq = ?").param(seq).query(Long.class).single())
                .isEqualTo(1L);
    }

    private static org.assertj.core.api.ThrowingConsumer<Throwable> refusedAs(String operation) {
        return failure -> {
            Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
            assertThat(cause).isInstanceOf(SQLException.class);
            assertThat(((SQLException) cause).getSQLState()).isEqualTo("42501");
            assertThat(cause.getMessage()).contains("the audit log is append-only: " + operation
                    + " on audit_entry refused");
        };
    }

    private long appendOne(String what) {
        String id = unique(what);
        inTransaction(() -> {
            trail.record(event(id + ":1", id));
        });
        return entriesOf(id).getFirst().seq();
    }

    private List<AuditEntry> entriesOf(String targetId) {
        return jdbc.sql("select " + AuditRows.COLUMNS + " from audit_entry where target_id = ? order by seq")
                .param(targetId).query(AuditRows::entry).list();
    }

    private void inTransaction(Runnable work) {
        new TransactionTemplate(transactions).executeWithoutResult(s -> work.run());
    }

    private <T> T committed(java.util.function.Supplier<T> work) {
        return new TransactionTemplate(transactions).execute(s -> work.get());
    }
}
