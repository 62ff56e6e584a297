package city.urbanops.telemetry.directory;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the directory's reader still is from the end offsets {@code registry.devices} had when the reader started:
 * until it has read that far, the directory may lack devices that exist, and a scoped caller would get a 404 for
 * them. Once caught up it stays so (later lag is ordinary lag, not a half-empty directory). Written by the reader's
 * thread, read by health requests.
 */
final class CatchUp {

    private volatile Map<TopicPartition, Long> targets;
    private volatile long remaining = -1;
    private volatile boolean caughtUp;
    private volatile String waitingFor = "the partitions of the topic";

    /** The end offsets to reach, as the topic had them when the reader assigned itself its partitions. */
    void expect(Map<TopicPartition, Long> endOffsets) {
        targets = Map.copyOf(endOffsets);
        progress(Map.of());
    }

    /** Why the reader has no targets yet (Kafka unreachable, topic missing). */
    void waitingFor(String reason) {
        waitingFor = reason;
    }

    /** Records the reader's positions; missing partitions count as not started. */
    void progress(Map<TopicPartition, Long> positions) {
        Map<TopicPartition, Long> expected = targets;
        if (caughtUp || expected == null) {
            return;
        }
        long left = 0;
        for (var target : expected.entrySet()) {
            left += Math.max(0, target.getValue() - positions.getOrDefault(target.getKey(), 0L));
        }
        remaining = left;
        if (left == 0) {
            caughtUp = true;
        }
    }

    boolean caughtUp() {
        return caughtUp;
    }

    /** Whether the reader knows which offsets it must reach. */
    boolean hasTargets() {
        return targets != null;
    }

    /** Records still to read before caught up; -1 while the targets are unknown. */
    long remaining() {
        return caughtUp ? 0 : remaining;
    }

    String waitingFor() {
        return waitingFor;
    }
}
