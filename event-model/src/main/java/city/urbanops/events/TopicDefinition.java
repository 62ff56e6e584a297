package city.urbanops.events;

import java.time.Duration;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.config.TopicConfig;

/**
 * How one platform topic is created wherever it is created (test kit, local platform, {@code deploy/kafka}): its
 * production partition count and how Kafka cleans it up, with the reason for that choice.
 *
 * @param name       the topic name, one of {@link Topics}
 * @param partitions partitions in production: the upper bound on parallel consumers of one group
 * @param cleanup    what Kafka does with old records
 * @param rationale  why the topic is cleaned up this way, in one sentence (shown in generated files and docs)
 */
public record TopicDefinition(String name, int partitions, Cleanup cleanup, String rationale) {

    /** Partitions of every platform topic in production (docker-compose, Kubernetes). */
    public static final int PRODUCTION_PARTITIONS = 6;

    public TopicDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cleanup, "cleanup");
        Objects.requireNonNull(rationale, "rationale");
        if (partitions < 1) {
            throw new IllegalArgumentException(name + ": partitions must be at least 1, was " + partitions);
        }
    }

    /** What Kafka does with a topic's old records. */
    public sealed interface Cleanup {

        /** Records older than {@code retention} are deleted: the topic is a replay window, not an archive. */
        record Delete(Duration retention) implements Cleanup {
            public Delete {
                if (retention.isNegative() || retention.isZero()) {
                    throw new IllegalArgumentException("retention must be positive, was " + retention);
                }
            }
        }

        /**
         * Only the latest record per key is kept, for ever (a null value deletes the key); a record is not compacted
         * away before it is {@code minCompactionLag} old.
         */
        record Compact(Duration minCompactionLag) implements Cleanup {
            public Compact {
                if (minCompactionLag.isNegative()) {
                    throw new IllegalArgumentException("minCompactionLag must not be negative, was " + minCompactionLag);
                }
            }
        }
    }

    /** A topic whose records are deleted after {@code retention}. */
    public static TopicDefinition deleteAfter(String name, Duration retention, String rationale) {
        return new TopicDefinition(name, PRODUCTION_PARTITIONS, new Cleanup.Delete(retention), rationale);
    }

    /** A compacted topic: the latest record per key, kept for ever. */
    public static TopicDefinition compacted(String name, Duration minCompactionLag, String rationale) {
        return new TopicDefinition(name, PRODUCTION_PARTITIONS, new Cleanup.Compact(minCompactionLag), rationale);
    }

    /**
     * The topic-level settings as Kafka names them ({@code cleanup.policy}, {@code retention.ms},
     * {@code min.compaction.lag.ms}), sorted by name so every rendering of them is stable.
     */
    public SortedMap<String, String> configs() {
        var configs = new TreeMap<String, String>();
        switch (cleanup) {
            case Cleanup.Delete(Duration retention) -> {
                configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
                configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
            }
            case Cleanup.Compact(Duration minCompactionLag) -> {
                configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
                configs.put(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, Long.toString(minCompactionLag.toMillis()));
            }
        }
        return configs;
    }
}
