package city.urbanops.rules.runtime;

import city.urbanops.rules.topology.RulesSettings;
import city.urbanops.rules.topology.StateStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code urbanops.rules.*}: how the evaluation runs (Kafka Streams) and judges (the {@link RulesSettings}); every
 * field has a default. See the module README for each. {@code streams} passes further Kafka Streams (and, prefixed,
 * client) settings through, e.g. {@code urbanops.rules.streams[consumer.session.timeout.ms]=10000}; it cannot weaken
 * the processing guarantee or the isolation level.
 */
@ConfigurationProperties("urbanops.rules")
public record RulesProperties(String applicationId, ReadingsStart readingsStart, StateStore stateStore,
                              Path stateDir, Integer streamThreads, Integer standbyReplicas, Duration commitInterval,
                              Duration lateGrace, Duration absenceCheckEvery, Duration networkSettle,
                              Integer powerLossGateways, Double silentShare, Integer stuckReadings, Duration stuckFor,
                              Duration sampleEvery, Double neighbourRadius, Integer neighboursToConfirm,
                              Integer evidenceReadings, Duration promptCommit, Map<String, String> streams) {

    /** Where evaluation begins on the class topics when the application has no committed offsets yet. */
    public enum ReadingsStart { LATEST, EARLIEST }

    /**
     * Where the live stages keep their state between commits; both kinds have changelogs, so a partition's state
     * follows it to another instance and survives a crash.
     */
    public enum StateStore {
        /** In the heap: nothing written to local disk, nothing flushed at a commit; every start reads the changelogs. */
        MEMORY(StateStores.LOGGED_IN_MEMORY),
        /** RocksDB in {@code state-dir}: less heap; a clean restart reads only the changelogs' tail. */
        ROCKSDB(StateStores.PERSISTENT);

        private final StateStores kind;

        StateStore(StateStores kind) {
            this.kind = kind;
        }

        public StateStores kind() {
            return kind;
        }
    }

    public RulesProperties {
        var defaults = RulesSettings.defaults();
        applicationId = Objects.requireNonNullElse(applicationId, "rules-service");
        readingsStart = Objects.requireNonNullElse(readingsStart, ReadingsStart.LATEST);
        stateStore = Objects.requireNonNullElse(stateStore, StateStore.MEMORY);
        stateDir = Objects.requireNonNullElseGet(stateDir,
                () -> Path.of(System.getProperty("java.io.tmpdir"), "urbanops-rules-state"));
        streamThreads = positive("stream-threads", Objects.requireNonNullElse(streamThreads, 1));
        standbyReplicas = Objects.requireNonNullElse(standbyReplicas, 1);
        commitInterval = Objects.requireNonNullElse(commitInterval, Duration.ofMillis(50));
        lateGrace = Objects.requireNonNullElse(lateGrace, defaults.lateGrace());
        absenceCheckEvery = Objects.requireNonNullElse(absenceCheckEvery, defaults.absenceCheckEvery());
        networkSettle = Objects.requireNonNullElse(networkSettle, defaults.networkSettle());
        powerLossGateways = positive("power-loss-gateways",
                Objects.requireNonNullElse(powerLossGateways, defaults.powerLossGateways()));
        silentShare = Objects.requireNonNullElse(silentShare, defaults.silentShare());
        if (silentShare <= 0 || silentShare > 1) {
            throw new IllegalArgumentException("urbanops.rules.silent-share must be in (0, 1], was " + silentShare);
        }
        stuckReadings = positive("stuck-readings", Objects.requireNonNullElse(stuckReadings, defaults.stuckReadings()));
        stuckFor = Objects.requireNonNullElse(stuckFor, defaults.stuckFor());
        sampleEvery = Objects.requireNonNullElse(sampleEvery, defaults.sampleEvery());
        neighbourRadius = Objects.requireNonNullElse(neighbourRadius, defaults.neighbourRadius());
        neighboursToConfirm = positive("neighbours-to-confirm",
                Objects.requireNonNullElse(neighboursToConfirm, defaults.neighboursToConfirm()));
        evidenceReadings = positive("evidence-readings",
                Objects.requireNonNullElse(evidenceReadings, defaults.evidenceReadings()));
        promptCommit = Objects.requireNonNullElse(promptCommit, defaults.promptCommit());
        if (promptCommit.isNegative() || promptCommit.compareTo(commitInterval) > 0) {
            throw new IllegalArgumentException("urbanops.rules.prompt-commit must be between 0 and the commit interval ("
                    + commitInterval + "), was " + promptCommit);
        }
        streams = streams == null ? Map.of() : Map.copyOf(streams);
    }

    /** The judging half, shared by live evaluation and the dry run. */
    public RulesSettings settings() {
        return new RulesSettings(lateGrace, absenceCheckEvery, networkSettle, powerLossGateways, silentShare,
                stuckReadings, stuckFor, sampleEvery, neighbourRadius, neighboursToConfirm, evidenceReadings,
                promptCommit);
    }

    private static int positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("urbanops.rules." + name + " must be at least 1, was " + value);
        }
        return value;
    }
}
