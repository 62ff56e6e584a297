package city.urbanops.rules.dryrun;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.rules.dryrun.DryRunResult.Truncation;
import city.urbanops.rules.rule.RuleRelease;
import city.urbanops.rules.topology.RulesSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.core.JacksonException;

/**
 * Runs a rule version, and the version in force beside it, over recorded history: the registry as it is now, then
 * the range's readings and gateway status read from Kafka in time order, each version in its own in-memory copy of
 * the live topology ({@link ReplayDriver}). One pass over the history feeds both. Bounded in records, time and
 * concurrency; nothing is written anywhere.
 */
public class DryRunning {

    private static final List<String> HISTORY_TOPICS = historyTopics();

    private final HistoryConsumers consumers;
    private final RulesSettings settings;
    private final DryRunProperties properties;
    private final DryRunMetrics metrics;
    private final Clock clock;
    private final DryRunGate gate;
    private final EventJson json = new EventJson();

    DryRunning(HistoryConsumers consumers, RulesSettings settings, DryRunProperties properties, DryRunGate gate,
               DryRunMetrics metrics, Clock clock) {
        this.consumers = consumers;
        this.settings = settings;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
        this.gate = gate;
    }

    /**
     * Replays {@code [from, to)} through {@code candidate} and {@code enabled} (when present); the range is the
     * caller's to check ({@link DryRunRange}).
     *
     * @throws HistoryUnavailableException when Kafka cannot be read
     */
    public DryRunAttempt run(RuleRelease candidate, Optional<RuleRelease> enabled, Instant from, Instant to) {
        if (!gate.tryEnter()) {
            metrics.refused(DryRunMetrics.Outcome.BUSY);
            return new DryRunAttempt.Busy(properties.timeLimit());
        }
        var started = clock.instant();
        long scanned = 0;
        try {
            var result = replay(candidate, enabled, from, to, started);
            scanned = result.recordsScanned();
            metrics.ran(result.truncated() ? DryRunMetrics.Outcome.TRUNCATED : DryRunMetrics.Outcome.COMPLETED,
                    Duration.between(started, clock.instant()), scanned);
            return new DryRunAttempt.Ran(result);
        } catch (RuntimeException failed) {
            metrics.ran(DryRunMetrics.Outcome.FAILED, Duration.between(started, clock.instant()), scanned);
            throw failed;
        } finally {
            gate.leave();
        }
    }

    private DryRunResult replay(RuleRelease candidate, Optional<RuleRelease> enabled, Instant from, Instant to,
                                Instant started) {
        var registryRecords = new ArrayList<ConsumerRecord<String, byte[]>>();
        var registry = new ArrayList<DeviceRecord>();
        for (var record : CompactedTopic.latest(consumers, Topics.REGISTRY_DEVICES).values()) {
            decodedDevice(record).ifPresent(device -> {
                registry.add(device);
                registryRecords.add(record);
            });
        }
        var versions = new ArrayList<RuleRelease>();
        versions.add(candidate);
        enabled.filter(release -> release.version() != candidate.version()).ifPresent(versions::add);
        var replays = new ArrayList<Replay>();
        try {
            for (var release : versions) {
                replays.add(new Replay(release, Coverage.of(release.document().scope(), registry),
                        new ReplayDriver(settings, from.minusSeconds(1), properties.stateDirectory()),
                        new VersionTally(release.version(), properties.maxListed())));
            }
            for (var replay : replays) {
                replay.driver().loadRegistry(registryRecords);
                replay.driver().enable(replay.release());
                // A second for the device stage's rule index to take the release in, before the range begins.
                replay.driver().advanceTo(from, () -> false);
            }
            return replayHistory(candidate, enabled, from, to, started, replays);
        } finally {
            replays.forEach(replay -> replay.driver().close());
        }
    }

    private DryRunResult replayHistory(RuleRelease candidate, Optional<RuleRelease> enabled, Instant from,
                                       Instant to, Instant started, List<Replay> replays) {
        var deadline = started.plus(properties.timeLimit());
        BooleanSupplier outOfTime = () -> clock.instant().isAfter(deadline);
        try (var history = KafkaHistory.open(consumers, HISTORY_TOPICS, from, to,
                record -> replays.stream().anyMatch(replay -> replay.coverage().test(record)),
                properties.maxRecords())) {
            long replayed = 0;
            Truncation.Reason stopped = null;
            while (stopped == null && history.hasNext()) {
                var record = history.next();
                // The wall clock crosses a silence in steps (punctuation), which is where a long range spends its time.
                if (outOfTime.getAsBoolean() || !advanceAll(replays, record.time(), outOfTime)) {
                    stopped = Truncation.Reason.TIME_LIMIT;
                    break;
                }
                replayed++;
                for (var replay : replays) {
                    if (replay.coverage().test(record)) {
                        replay.driver().replay(record);
                        replay.tally().addAll(replay.driver().takeAlerts());
                    }
                }
            }
            if (stopped == null && history.budgetExhausted()) {
                stopped = Truncation.Reason.MAX_RECORDS;
            }
            if (stopped == null && !advanceAll(replays, to, outOfTime)) {
                stopped = Truncation.Reason.TIME_LIMIT;
            }
            var end = stopped == null ? to : replays.stream().map(replay -> replay.driver().wallClock())
                    .min(Instant::compareTo).orElse(from);
            replays.forEach(replay -> replay.tally().addAll(replay.driver().takeAlerts()));
            var candidateTally = replays.getFirst().tally();
            var enabledReplay = enabled.map(release -> replays.stream()
                    .filter(replay -> replay.release().version() == release.version()).findFirst().orElseThrow());
            var candidateResult = candidateTally.result(replays.getFirst().driver().undecodable());
            var enabledResult = enabledReplay.map(replay -> replay == replays.getFirst() ? candidateResult
                    : replay.tally().result(replay.driver().undecodable()));
            var comparison = Comparisons.of(candidateTally.raisedByCondition(),
                    enabledReplay.map(replay -> replay.tally().raisedByCondition()).orElse(Map.of()),
                    properties.maxListed());
            return new DryRunResult(candidate.ruleId(), from, to, history.historyStartsAt().orElse(null),
                    candidateResult, enabledResult.orElse(null), comparison, history.scanned(), replayed,
                    Duration.between(started, clock.instant()).toMillis(), stopped != null,
                    stopped == null ? null : new Truncation(stopped, end));
        }
    }

    // A registry record that is not a device record would stop the live topology's registry store; the dry run
    // leaves it out instead, so one bad record does not make every dry run fail.
    private Optional<DeviceRecord> decodedDevice(ConsumerRecord<String, byte[]> record) {
        try {
            return Optional.of(json.read(record.value(), DeviceRecord.class));
        } catch (JacksonException unreadable) {
            return Optional.empty();
        }
    }

    /** Moves every replay's wall clock to {@code time} in lockstep; false when the time limit came first. */
    private static boolean advanceAll(List<Replay> replays, Instant time, BooleanSupplier outOfTime) {
        for (var replay : replays) {
            if (!replay.driver().advanceTo(time, outOfTime)) {
                return false;
            }
            replay.tally().addAll(replay.driver().takeAlerts());
        }
        return true;
    }

    private static List<String> historyTopics() {
        var topics = new ArrayList<>(Topics.CLASS_TOPICS);
        topics.add(Topics.GATEWAY_STATUS);
        return List.copyOf(topics);
    }

    private record Replay(RuleRelease release, Coverage coverage, ReplayDriver driver, VersionTally tally) {
    }
}
