package city.urbanops.registry.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.TopicProbe;
import city.urbanops.testkit.postgres.PostgresDatabase;
import city.urbanops.testkit.process.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.springframework.jdbc.core.JdbcTemplate;
import org.junit.jupiter.api.Test;

/**
 * The registry as a process of its own, killed with SIGKILL twice while it relays a backlog and changes keep
 * committing: afterwards every committed change is on its topic exactly once, in order per device. Changes are written
 * straight into the outbox by four concurrent writers (as the domain's transactions would), so commits interleave and
 * seqs commit out of order. Each kill lands while the relay is between a claim and its mark, so each restart has a
 * batch in doubt to settle.
 */
class OutboxCrashIT {

    private static final int DEVICES = 2_000;
    private static final int VERSIONS = 10;
    private static final int WRITERS = 4;
    private static final int ROWS_PER_TRANSACTION = 50;
    private static final Duration START = Duration.ofMinutes(3);
    private static final EventJson JSON = new EventJson();

    private final String prefix = "crash-" + UUID.randomUUID().toString().substring(0, 8);
    private final AtomicInteger inserted = new AtomicInteger();
    /** Kills tried per counted kill: one may land just after the relay marked its batch (see below). */
    private static final int MAX_KILL_ATTEMPTS = 4;
    /** Versions 7 and 8 are written once the registry runs, paced, so changes commit while it relays and restarts. */
    private final CountDownLatch registryStarted = new CountDownLatch(1);
    /** Versions 9 and 10 are written only after the second kill, so changes commit while the registry is down. */
    private final CountDownLatch secondKill = new CountDownLatch(1);
    private ServiceProcess registry;
    private ExecutorService writers;

    @AfterEach
    void cleanUp() {
        if (writers != null) {
            writers.shutdownNow();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void everyCommittedChangeIsOnTheTopicExactlyOnceAfterTheRegistryIsKilledMidStream() throws Exception {
        var kafka = TestInfrastructure.kafka();
        var database = TestInfrastructure.postgres().createDatabase("outbox_crash_" + Long.toHexString(
                UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE));
        registry = ServiceProcess.of("device-registry-service", execJar(), FreePorts.next(), Map.of(
                "spring.datasource.url", database.jdbcUrl(),
                "spring.datasource.username", database.username(),
                "spring.datasource.password", database.password(),
                "spring.kafka.bootstrap-servers", kafka.bootstrapServers(),
                // Resolved on the first token only; nothing here asks for one.
                "spring.security.oauth2.resourceserver.jwt.issuer-uri", "http://localhost:1/realms/city",
                "urbanops.registry.outbox.instance-id", "crash-it",
                "urbanops.registry.connectivity.enabled", "false"));
        int total = DEVICES * VERSIONS;
        var jdbc = new JdbcTemplate(database.dataSource());
        try (var probe = TopicProbe.fromEnd(kafka.bootstrapServers(), Topics.REGISTRY_DEVICES)) {
            // A backlog first, so that the relay is busy (between claims and marks) when it is killed.
            Instant started = Instant.now();
            registry.start(START);
            List<Future<?>> running = startWriters(database);
            await().atMost(Duration.ofMinutes(2)).until(() -> inserted.get() >= DEVICES * 6);
            registryStarted.countDown();

            long inDoubtAfterFirstKill = killUntilABatchIsInDoubt(jdbc, started, false);
            // Versions 7 and 8 were committed while it was down: it restarts into a backlog again.
            long inDoubtAfterSecondKill = killUntilABatchIsInDoubt(jdbc, Instant.now(), true);
            secondKill.countDown();
            registry.start(START);
            for (var writer : running) {
                writer.get(5, TimeUnit.MINUTES);
            }

            probe.awaitMatching(this::ours, total, Duration.ofMinutes(3));
            var ours = probe.recordsAfter(Duration.ofSeconds(3)).stream().filter(this::ours).toList();

            Map<String, Long> copies = ours.stream().collect(Collectors.groupingBy(OutboxCrashIT::eventId,
                    Collectors.counting()));
            assertThat(copies).hasSize(total);
            assertThat(copies.values()).as("copies per event id").allMatch(count -> count == 1);
            Map<String, List<Long>> versionsByDevice = new HashMap<>();
            for (var record : ours) {
                versionsByDevice.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(version(record));
            }
            assertThat(versionsByDevice).hasSize(DEVICES);
            var inOrder = LongStream.rangeClosed(1, VERSIONS).boxed().toList();
            assertThat(versionsByDevice.values()).as("versions per device, in topic order").allMatch(inOrder::equals);
            assertThat(ours.stream().filter(r -> r.value() == null).count()).as("tombstones")
                    .isEqualTo(tombstones());
            assertThat(List.of(inDoubtAfterFirstKill, inDoubtAfterSecondKill))
                    .as("rows claimed and not marked published when the registry died (the batch in doubt), per kill")
                    .allMatch(rows -> rows > 0);
            System.out.printf("OutboxCrashIT: rows in doubt after kill 1: %d, after kill 2: %d; the relay said:%n%s%n",
                    inDoubtAfterFirstKill, inDoubtAfterSecondKill, takeOvers());
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n--- registry log tail ---\n" + registry.logTail(), e);
        }
    }

    /**
     * Four writers, each owning a quarter of the devices and committing their versions in order: versions 1-6 at
     * once (the backlog), 7-8 paced while the registry relays, is killed and restarts, 9-10 after the second kill.
     */
    private List<Future<?>> startWriters(PostgresDatabase database) {
        writers = Executors.newFixedThreadPool(WRITERS);
        var futures = new ArrayList<Future<?>>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            futures.add(writers.submit(() -> {
                write(database, writer);
                return null;
            }));
        }
        return futures;
    }

    private void write(PostgresDatabase database, int writer) throws SQLException, InterruptedException {
        var owned = IntStream.range(0, DEVICES).filter(d -> d % WRITERS == writer)
                .mapToObj(d -> prefix + "-" + d).toList();
        try (var connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            var insert = connection.prepareStatement("""
                    insert into outbox (topic, record_key, event_type, event_id, subject, event_time, value)
                    values (?, ?, 'DEVICE', ?, ?, ?, ?)""");
            for (int version = 1; version <= VERSIONS; version++) {
                if (version == 7 && !registryStarted.await(10, TimeUnit.MINUTES)
                        || version == VERSIONS - 1 && !secondKill.await(10, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("the registry was never started or killed");
                }
                for (int from = 0; from < owned.size(); from += ROWS_PER_TRANSACTION) {
                    for (var device : owned.subList(from, Math.min(owned.size(), from + ROWS_PER_TRANSACTION))) {
                        boolean deleted = version == VERSIONS && deletedAtTheEnd(device);
                        var at = Instant.now();
                        insert.setString(1, Topics.REGISTRY_DEVICES);
                        insert.setString(2, device);
                        insert.setString(3, device + "/" + version);
                        insert.setString(4, device);
                        insert.setTimestamp(5, Timestamp.from(at));
                        insert.setBytes(6, deleted ? null
                                : JSON.write(OutboxRelayIT.sensorRecord(device, "gw-crash", version, at)));
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    connection.commit();
                    inserted.addAndGet(ROWS_PER_TRANSACTION);
                    if (version > 6) {
                        // Paced so that changes keep committing for a while, across the kills and restarts.
                        Thread.sleep(100);
                    }
                }
            }
        }
    }

    private static boolean deletedAtTheEnd(String device) {
        return Math.floorMod(device.hashCode(), 10) == 0;
    }

    private long tombstones() {
        return IntStream.range(0, DEVICES).mapToObj(d -> prefix + "-" + d).filter(OutboxCrashIT::deletedAtTheEnd).count();
    }

    /**
     * SIGKILL the moment the database shows that this process has published a few batches and claimed another one it
     * has not marked yet (its relay is between claim and mark): the kill that matters, the one that leaves a batch in
     * doubt. (A batch an earlier process left in doubt does not count: it is settled first.) Falls back to killing
     * anyway after a minute.
     */
    /**
     * Kills the registry while a batch is in doubt and returns how many rows were. The relay may mark the batch in the
     * moment between the database saying so and the kill landing; then the registry is started again (into more
     * backlog) and killed again, a few times at most, so each counted kill is one that left a batch in doubt.
     */
    private long killUntilABatchIsInDoubt(JdbcTemplate jdbc, Instant processStarted, boolean startFirst) {
        Instant started = processStarted;
        for (int attempt = 1; ; attempt++) {
            if (startFirst || attempt > 1) {
                started = Instant.now();
                registry.start(START);
            }
            killWhileABatchIsInDoubt(jdbc, started);
            long rows = inDoubt(jdbc);
            if (rows > 0 || attempt == MAX_KILL_ATTEMPTS) {
                return rows;
            }
        }
    }

    private void killWhileABatchIsInDoubt(JdbcTemplate jdbc, Instant processStarted) {
        var until = Instant.now().plusSeconds(60);
        var since = Timestamp.from(processStarted);
        while (Instant.now().isBefore(until) && !jdbc.queryForObject("""
                select count(*) filter (where published_at >= ?) >= 1000
                   and count(*) filter (where claimed_at >= ? and published_at is null) > 0
                from outbox where published_at is null or published_at >= ?""", Boolean.class, since, since, since)) {
            Thread.onSpinWait();
        }
        registry.kill();
    }

    private static long inDoubt(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select count(*) from outbox where claimed_at is not null and published_at is null",
                Long.class);
    }

    private String takeOvers() {
        try {
            return Files.readAllLines(registry.log()).stream().filter(line -> line.contains("Outbox relay took over"))
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            return "(log unreadable)";
        }
    }

    private boolean ours(ConsumerRecord<String, byte[]> record) {
        return record.key() != null && record.key().startsWith(prefix);
    }

    private static String eventId(ConsumerRecord<String, byte[]> record) {
        return new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8);
    }

    private static long version(ConsumerRecord<String, byte[]> record) {
        var id = eventId(record);
        return Long.parseLong(id.substring(id.lastIndexOf('/') + 1));
    }

    /** The executable jar {@code package} built before the integration tests. */
    private static Path execJar() {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("device-registry-service-.*-exec\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("run `./mvnw package` first"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
