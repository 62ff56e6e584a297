package city.urbanops.rules.dryrun;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.Topics;
import city.urbanops.events.alert.AlertEvent.Severity;
import city.urbanops.rules.dryrun.DryRunResult.Truncation;
import city.urbanops.rules.rule.Condition;
import city.urbanops.rules.rule.RuleDocument;
import city.urbanops.rules.rule.RuleRelease;
import city.urbanops.rules.rule.Scope;
import city.urbanops.rules.topology.RulesSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A dry run over history on a real broker ({@link HistoryBroker}): what it replays, its bounds, and its meters. */
class DryRunningIT {

    private final String bootstrap = HistoryBroker.bootstrapServers();
    private final RecordedHistory history = new RecordedHistory(bootstrap);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final Instant from = RecordedHistory.freshWindow();
    private final Instant to = from.plus(Duration.ofMinutes(10));

    @AfterEach
    void close() {
        history.close();
    }

    @Test
    void theCandidateAndTheEnabledVersionAreEachFedTheHistoryOfTheirOwnScope() {
        var north = RecordedHistory.sensor("north-" + run, "gw-n-" + run, "water", "north-" + run);
        var south = RecordedHistory.sensor("south-" + run, "gw-s-" + run, "water", "south-" + run);
        history.register(north, south);
        for (int i = 0; i < 3; i++) {
            history.reading(north.deviceId(), north.gatewayId(), from.plusSeconds(10L * i), 1.0);
            history.reading(south.deviceId(), south.gatewayId(), from.plusSeconds(10L * i + 5), 1.0);
        }
        history.reading(south.deviceId(), south.gatewayId(), from.plusSeconds(40), 1.0);
        var candidate = release(2, "north-" + run);
        var enabled = release(1, "south-" + run);

        var result = ran(dryRunning(properties(5_000_000, Duration.ofMinutes(2)), Clock.systemUTC())
                .run(candidate, Optional.of(enabled), from, to));

        assertThat(result.recordsReplayed()).isEqualTo(7);
        assertThat(result.recordsScanned()).isGreaterThanOrEqualTo(7);
        assertThat(result.truncated()).isFalse();
        assertThat(result.truncation()).isNull();
        assertThat(result.historyStartsAt()).isNull();
        assertThat(result.candidate().version()).isEqualTo(2);
        assertThat(result.enabled().version()).isEqualTo(1);
        assertThat(meters.get("urbanops.rules.dry-runs").tag("outcome", "completed").counter().count()).isEqualTo(1);
        assertThat(meters.get("urbanops.rules.dry-run.records-scanned").summary().totalAmount())
                .isEqualTo(result.recordsScanned());
    }

    @Test
    void aRecordTheTopologyCannotDecodeReachesItAndIsCountedAsUndecodable() throws Exception {
        var device = RecordedHistory.sensor("garbled-" + run, "gw-g-" + run, "water", "garbled-" + run);
        history.register(device);
        history.reading(device.deviceId(), device.gatewayId(), from.plusSeconds(1), 1.0);
        try (var producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.TELEMETRY_ENVIRONMENTAL, null, from.plusSeconds(2).toEpochMilli(),
                    device.deviceId(), "{not a reading".getBytes(StandardCharsets.UTF_8))).get();
        }

        var result = ran(dryRunning(properties(5_000_000, Duration.ofMinutes(2)), Clock.systemUTC())
                .run(release(1, "garbled-" + run), Optional.empty(), from, to));

        assertThat(result.recordsReplayed()).isEqualTo(2);
        assertThat(result.candidate().undecodable()).isEqualTo(1);
        assertThat(result.enabled()).isNull();
    }

    @Test
    void theRecordBoundStopsTheReplayAndReturnsWhatItHasSayingWhereItStopped() {
        var device = RecordedHistory.sensor("bounded-" + run, "gw-b-" + run, "water", "bounded-" + run);
        history.register(device);
        for (int i = 1; i <= 6; i++) {
            history.reading(device.deviceId(), device.gatewayId(), from.plusSeconds(i), i);
        }

        var result = ran(dryRunning(properties(3, Duration.ofMinutes(2)), Clock.systemUTC())
                .run(release(1, "bounded-" + run), Optional.empty(), from, to));

        assertThat(result.truncated()).isTrue();
        assertThat(result.truncation()).isEqualTo(new Truncation(Truncation.Reason.MAX_RECORDS, from.plusSeconds(3)));
        assertThat(result.recordsScanned()).isEqualTo(3);
        assertThat(result.recordsReplayed()).isEqualTo(3);
        assertThat(meters.get("urbanops.rules.dry-runs").tag("outcome", "truncated").counter().count()).isEqualTo(1);
    }

    @Test
    void theTimeLimitStopsTheReplayAndReturnsWhatItHas() {
        var device = RecordedHistory.sensor("slow-" + run, "gw-sl-" + run, "water", "slow-" + run);
        history.register(device);
        for (int i = 1; i <= 6; i++) {
            history.reading(device.deviceId(), device.gatewayId(), from.plusSeconds(i), i);
        }
        // Every look at the clock is a minute later: the two-minute limit passes after a few records.
        var clock = new MinutePerLook(Instant.parse("2026-11-30T12:00:00Z"));

        var result = ran(dryRunning(properties(5_000_000, Duration.ofMinutes(2)), clock)
                .run(release(1, "slow-" + run), Optional.empty(), from, to));

        assertThat(result.truncated()).isTrue();
        assertThat(result.truncation().reason()).isEqualTo(Truncation.Reason.TIME_LIMIT);
        assertThat(result.recordsReplayed()).isBetween(1L, 5L);
        assertThat(result.truncation().stoppedAt()).isEqualTo(from.plusSeconds(result.recordsReplayed()));
    }

    @Test
    void aDryRunBeyondTheConcurrencyBoundIsRefusedNotQueued() {
        var gate = new DryRunGate(1);
        var properties = properties(5_000_000, Duration.ofSeconds(90));
        var dryRunning = new DryRunning(consumers(), RulesSettings.defaults(), properties, gate,
                new DryRunMetrics(meters), Clock.systemUTC());
        assertThat(gate.tryEnter()).isTrue();

        var attempt = dryRunning.run(release(1, "busy-" + run), Optional.empty(), from, to);

        assertThat(attempt).isEqualTo(new DryRunAttempt.Busy(Duration.ofSeconds(90)));
        assertThat(meters.get("urbanops.rules.dry-runs").tag("outcome", "busy").counter().count()).isEqualTo(1);
    }

    private DryRunning dryRunning(DryRunProperties properties, Clock clock) {
        return new DryRunning(consumers(), RulesSettings.defaults(), properties, new DryRunGate(1),
                new DryRunMetrics(meters), clock);
    }

    private HistoryConsumers consumers() {
        return new HistoryConsumers(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), Duration.ofSeconds(30));
    }

    private static DryRunProperties properties(long maxRecords, Duration timeLimit) {
        return new DryRunProperties(maxRecords, 1, timeLimit, Duration.ofDays(7), 10_000, Duration.ofSeconds(30), null);
    }

    private static DryRunResult ran(DryRunAttempt attempt) {
        assertThat(attempt).isInstanceOf(DryRunAttempt.Ran.class);
        return ((DryRunAttempt.Ran) attempt).result();
    }

    private RuleRelease release(int version, String district) {
        var document = new RuleDocument("High water", "water above 2 m", Severity.MAJOR, "Close the gate",
                new Scope(null, List.of("water"), List.of(district), null, null),
                new Condition.Threshold("water_level", Condition.Direction.ABOVE, 2.0, 1.8, Duration.ZERO));
        return new RuleRelease("dry-run-" + run, version, document, Instant.parse("2026-11-01T00:00:00Z"), "tester");
    }

    private KafkaProducer<String, byte[]> producer() {
        var properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    private static final class MinutePerLook extends Clock {
        private Instant now;

        private MinutePerLook(Instant start) {
            this.now = start;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            now = now.plus(Duration.ofMinutes(1));
            return now;
        }
    }
}
