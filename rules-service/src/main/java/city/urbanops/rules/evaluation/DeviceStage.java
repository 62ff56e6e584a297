package city.urbanops.rules.evaluation;

import city.urbanops.events.alert.AlertEvent.Evidence;
import city.urbanops.events.alert.AlertEvent.EvidenceReading;
import city.urbanops.events.alert.AlertEvent.Signal;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.events.telemetry.TelemetryRecord;
import city.urbanops.events.uplink.Measurement;
import city.urbanops.events.uplink.MeasurementCatalog;
import city.urbanops.rules.rule.Condition;
import city.urbanops.rules.rule.RuleRelease;
import city.urbanops.rules.topology.DeviceContext;
import city.urbanops.rules.topology.Finding;
import city.urbanops.rules.topology.Health;
import city.urbanops.rules.topology.JsonSerde;
import city.urbanops.rules.topology.ObjectCachedStore;
import city.urbanops.rules.topology.PromptCommit;
import city.urbanops.rules.topology.RulesMetrics;
import city.urbanops.rules.topology.RulesSettings;
import city.urbanops.rules.topology.RulesTopology;
import city.urbanops.rules.topology.StateStores;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The device stage (keyed by device id): evaluates each device's readings, in event time, against the enabled rules
 * that cover it, watches its silences on the wall clock and reads its health from its own readings. It tells triage
 * (keyed by district) what changed as {@link Finding}s: conditions begun or ended, health changes, group members,
 * samples of watched measurements. All state is in persistent, changelogged stores, so it survives a restart and
 * follows a partition to another instance.
 *
 * <p>A reading not after the device's last processed reading is a re-delivery or out of order and changes nothing.
 * Rule changes reach evaluation within {@link #RULES_REFRESH}: the rules are indexed from the global rules store on
 * that wall-clock punctuation, and the conditions of a rule that is no longer enabled end there.
 */
public final class DeviceStage implements Processor<String, TelemetryRecord, String, Finding> {

    static final String DEVICES_STORE = "device-stage-devices";
    static final String CONDITIONS_STORE = "device-stage-conditions";
    /**
     * Where absence watches were kept apart before they moved into the device's state: read once on {@code init}
     * (what is in it moves over), empty after that.
     */
    static final String ABSENCES_STORE = "device-stage-absences";
    static final String RULES_SEEN_STORE = "device-stage-rules";
    /** How soon an enabled, changed or disabled rule reaches evaluation. */
    static final Duration RULES_REFRESH = Duration.ofSeconds(1);
    /**
     * How many keys of each of its stores a task keeps as objects (see {@link ObjectCachedStore}): a device's state
     * and its rules' tracking are read for every reading, and parsing them again each time was most of the cost of a
     * reading. A task's devices times the rules on each should fit (a device's state is some 1.5 KB, a rule's tracking
     * a few hundred bytes): at the bound, tens of megabytes per task.
     */
    static final int OBJECT_CACHE_ENTRIES = 50_000;

    private final RulesSettings settings;
    private final RulesMetrics metrics;
    private final HealthWatch healthWatch;
    private ProcessorContext<String, Finding> context;
    private KeyValueStore<String, DeviceRecord> registry;
    private KeyValueStore<String, RuleRelease> rules;
    private KeyValueStore<String, DeviceState> devices;
    private KeyValueStore<String, Integer> rulesSeen;
    private FindingSink sink;
    private RuleJudge judge;
    private WallClockJudge wallClockJudge;
    private RuleIndex index = RuleIndex.empty();
    /** Whether the remembered rules were compared with the index since {@code init} (once, then on every change). */
    private boolean reconciled;
    private Backlog backlog;

    private DeviceStage(RulesSettings settings, RulesMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.healthWatch = new HealthWatch(settings.stuckReadings(), settings.stuckFor(), settings.evidenceReadings());
    }

    public static ProcessorSupplier<String, TelemetryRecord, String, Finding> supplier(RulesSettings settings,
                                                                                       RulesMetrics metrics) {
        return supplier(settings, metrics, StateStores.PERSISTENT);
    }

    /** The stage with its stores of the given kind (in memory for the dry run). */
    public static ProcessorSupplier<String, TelemetryRecord, String, Finding> supplier(RulesSettings settings,
                                                                                       RulesMetrics metrics,
                                                                                       StateStores kind) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, TelemetryRecord, String, Finding> get() {
                return new DeviceStage(settings, metrics);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                // A device reads every second or so, so a key is seldom written twice within a commit interval:
                // the stage keeps its values as objects (see init) instead of in Kafka Streams' record cache.
                return Set.of(kind.uncachedKeyValue(DEVICES_STORE, JsonSerde.internal(DeviceState.class)),
                        kind.uncachedKeyValue(CONDITIONS_STORE, JsonSerde.internal(RuleCondition.class)),
                        kind.uncachedKeyValue(ABSENCES_STORE, JsonSerde.internal(AbsenceWatch.class)),
                        kind.keyValue(RULES_SEEN_STORE, Serdes.Integer()));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, Finding> context) {
        this.context = context;
        registry = context.getStateStore(RulesTopology.REGISTRY_STORE);
        rules = context.getStateStore(RulesTopology.RULES_STORE);
        // New object caches on every init: Kafka Streams calls it again whenever it rebuilds the stores.
        devices = ObjectCachedStore.of(context.getStateStore(DEVICES_STORE), OBJECT_CACHE_ENTRIES);
        rulesSeen = context.getStateStore(RULES_SEEN_STORE);
        KeyValueStore<String, RuleCondition> conditions = ObjectCachedStore.of(
                context.getStateStore(CONDITIONS_STORE), OBJECT_CACHE_ENTRIES);
        sink = new FindingSink(context, registry, PromptCommit.schedule(context, settings.promptCommit()));
        judge = new RuleJudge(conditions, sink, new LateGrace(settings.lateGrace()), settings.evidenceReadings());
        wallClockJudge = new WallClockJudge(context.getStateStore(ABSENCES_STORE), conditions, devices, registry,
                sink, settings.evidenceReadings());
        backlog = new Backlog(settings.lateGrace(), settings.absenceCheckEvery());
        index = indexRules();
        reconciled = false;
        context.schedule(RULES_REFRESH, PunctuationType.WALL_CLOCK_TIME, this::refreshRules);
        context.schedule(settings.absenceCheckEvery(), PunctuationType.WALL_CLOCK_TIME,
                wallMillis -> wallClockJudge.check(index, wallMillis, backlog.catchingUp(wallMillis)));
    }

    @Override
    public void process(Record<String, TelemetryRecord> record) {
        var reading = record.value();
        backlog.processed(reading.receivedAt(), context.currentSystemTimeMs());
        var device = registry.get(reading.deviceId());
        if (device == null) {
            metrics.readingIgnored("unknown-device");
            return;
        }
        wallClockJudge.load();
        var state = devices.get(reading.deviceId());
        if (state == null) {
            state = DeviceState.first();
        } else if (state.lastReadingTime() != null && !reading.time().isAfter(state.lastReadingTime())) {
            metrics.readingIgnored("not-after-last");
            return;
        }
        var where = DeviceContext.of(device);
        if (reading.quarantined() || device.quarantined()) {
            quarantined(where, state, reading);
            return;
        }
        evaluate(device, where, state, reading);
        metrics.readingEvaluated(false);
    }

    /**
     * Readings of a device in quarantine are left out of every rule. Going into quarantine ends its conditions, so
     * that only the device-fault alert triage keeps for it stays open.
     */
    private void quarantined(DeviceContext device, DeviceState state, TelemetryRecord reading) {
        if (!state.quarantined()) {
            judge.endAll(device, state, reading.time(), "the device was quarantined: its readings are no longer"
                    + " evaluated");
            state = state.withoutTrackedRules();
            sink.send(new Finding.HealthChange(device, state.health(), true, reading.time(), healthEvidence(state)),
                    reading.time());
        }
        devices.put(device.deviceId(), state.seen(reading.time(), true));
        metrics.readingEvaluated(true);
    }

    private void evaluate(DeviceRecord record, DeviceContext device, DeviceState state, TelemetryRecord reading) {
        long wallMillis = context.currentSystemTimeMs();
        boolean released = state.quarantined();
        var before = state.health();
        var usable = new ArrayList<EvidenceReading>();
        var tracks = new HashMap<>(state.tracks());
        var faults = new TreeMap<>(state.faults());
        var names = new HashSet<String>();
        for (var measurement : reading.measurements()) {
            var value = usable(reading, measurement);
            if (measurement != null && measurement.name() != null) {
                names.add(measurement.name());
            }
            if (value != null) {
                usable.add(value);
                tracks.put(value.measurement(), healthWatch.observe(
                        tracks.getOrDefault(value.measurement(), DeviceState.Track.empty()), value, faults));
            }
        }
        state = new DeviceState(reading.time(), false, tracks, faults, state.trackedRules(), state.sampledAt(),
                state.absences());
        var health = state.health();
        var told = new HashSet<String>();
        for (var value : usable) {
            for (var release : index.rulesFor(record, value.measurement())) {
                if (value.value() == null && needsNumber(release.document().condition())) {
                    metrics.measurementUnusable("not-a-number");
                    continue;
                }
                var outcome = judge.judge(release, device, state, value, health, wallMillis);
                state = outcome.state();
                if (outcome.told()) {
                    told.add(release.ruleId());
                }
            }
        }
        if (record.publishes()) {
            for (var release : index.absencesFor(record)) {
                var watched = release.document().condition().measurementName();
                if (watched.isEmpty() || names.contains(watched.get())) {
                    state = wallClockJudge.seen(release, device, state, reading.time(), wallMillis, health);
                }
            }
        }
        state = sample(device, state, usable);
        if (released || !health.equals(before)) {
            healthChanged(device, state, reading.time(), health, told);
        }
        devices.put(device.deviceId(), state);
    }

    /** Tells triage the device's health changed (or it left quarantine) and re-sends its open conditions with it. */
    private void healthChanged(DeviceContext device, DeviceState state, Instant time, Health health,
                               Set<String> alreadyTold) {
        sink.send(new Finding.HealthChange(device, health, false, time, healthEvidence(state)), time);
        for (var ruleId : state.trackedRules()) {
            var release = index.release(ruleId);
            if (release != null && !alreadyTold.contains(ruleId)) {
                judge.resend(release, device, state, time, health);
            }
        }
    }

    private Evidence healthEvidence(DeviceState state) {
        var health = state.health();
        var text = health.faulty() ? String.join("; ", health.faults().stream().map(Signal::detail).toList())
                : "no fault in the device's own readings";
        return new Evidence(text, Map.of("stuckReadings", (double) settings.stuckReadings(),
                "stuckForSeconds", (double) settings.stuckFor().toSeconds()),
                state.recentReadings(settings.evidenceReadings()));
    }

    /** Shares the latest value of each watched numeric measurement with triage, at most once per sampling interval. */
    private DeviceState sample(DeviceContext device, DeviceState state, List<EvidenceReading> usable) {
        Map<String, Instant> sampledAt = null;
        for (var value : usable) {
            if (value.value() == null || !index.watches(value.measurement())) {
                continue;
            }
            var last = state.sampledAt().get(value.measurement());
            if (last == null || Duration.between(last, value.time()).compareTo(settings.sampleEvery()) >= 0) {
                sink.send(new Finding.Sample(device, value.measurement(), value.value(), value.time()), value.time());
                sampledAt = sampledAt == null ? new HashMap<>(state.sampledAt()) : sampledAt;
                sampledAt.put(value.measurement(), value.time());
            }
        }
        return sampledAt == null ? state : new DeviceState(state.lastReadingTime(), state.quarantined(),
                state.tracks(), state.faults(), state.trackedRules(), sampledAt, state.absences());
    }

    /**
     * The measurement as evidence, or null (counted) when its value is not the kind the catalogue says it carries:
     * such a value is skipped, never a reason to stop.
     */
    private EvidenceReading usable(TelemetryRecord reading, Measurement measurement) {
        if (measurement == null || measurement.name() == null) {
            metrics.measurementUnusable("no-name");
            return null;
        }
        var kind = MeasurementCatalog.kindOf(measurement.name());
        if (kind.isEmpty()) {
            metrics.measurementUnusable("unknown-measurement");
            return null;
        }
        boolean present = switch (kind.get().valueKind()) {
            case NUMBER -> measurement.value() != null && Double.isFinite(measurement.value());
            case BOOLEAN -> measurement.booleanValue() != null;
            case TEXT -> measurement.stringValue() != null;
        };
        if (!present) {
            boolean anyValue = measurement.value() != null || measurement.booleanValue() != null
                    || measurement.stringValue() != null;
            metrics.measurementUnusable(anyValue ? "wrong-kind" : "missing-value");
            return null;
        }
        return switch (kind.get().valueKind()) {
            case NUMBER -> new EvidenceReading(reading.deviceId(), reading.time(), measurement.name(),
                    measurement.value(), null, null);
            case BOOLEAN -> new EvidenceReading(reading.deviceId(), reading.time(), measurement.name(), null,
                    measurement.booleanValue(), null);
            case TEXT -> new EvidenceReading(reading.deviceId(), reading.time(), measurement.name(), null, null,
                    measurement.stringValue());
        };
    }

    private static boolean needsNumber(Condition condition) {
        return !(condition instanceof Condition.StateHeld);
    }

    /**
     * Rebuilds the rule index from the rules store, ends the conditions of every rule this task evaluated that is no
     * longer enabled, and of a rule whose new version no longer applies to a device, those on that device. The rules
     * evaluated (with their versions) are remembered in a store, so a rule disabled or changed while the instance was
     * down is noticed after the restart too.
     */
    private void refreshRules(long wallMillis) {
        var previous = index;
        index = indexRules();
        if (index == previous && reconciled) {
            return;
        }
        reconciled = true;
        // The previous index too: a rule enabled and disabled between two refreshes may have been evaluated.
        for (var known : List.of(previous, index)) {
            for (var ruleId : known.ruleIds()) {
                var release = known.release(ruleId);
                var seen = rulesSeen.get(ruleId);
                if (seen == null || seen != release.version()) {
                    rulesSeen.put(ruleId, release.version());
                    if (seen != null && known == index) {
                        wallClockJudge.revise(release, wallMillis);
                    }
                }
            }
        }
        var gone = new ArrayList<String>();
        try (var all = rulesSeen.all()) {
            all.forEachRemaining(entry -> {
                if (index.release(entry.key) == null) {
                    gone.add(entry.key);
                }
            });
        }
        for (var ruleId : gone) {
            wallClockJudge.endRule(ruleId, wallMillis);
            rulesSeen.delete(ruleId);
        }
    }

    /**
     * The index of the enabled rules; the current one when no rule changed. The rules store hands out one instance per
     * release (it is read through an interning serde), so "unchanged" is the same instances under the same ids.
     */
    private RuleIndex indexRules() {
        var releases = new ArrayList<RuleRelease>();
        try (var all = rules.all()) {
            all.forEachRemaining(entry -> releases.add(entry.value));
        }
        boolean unchanged = releases.size() == index.ruleIds().size()
                && releases.stream().allMatch(release -> index.release(release.ruleId()) == release);
        return unchanged ? index : RuleIndex.of(releases);
    }
}
