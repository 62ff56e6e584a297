package city.urbanops.rules.dryrun;

import java.time.Instant;
import java.util.Comparator;
import org.apache.kafka.common.header.Headers;

/**
 * One record of recorded history exactly as it sits on its topic: key, raw value (the event-model record's JSON),
 * CloudEvents headers and the record timestamp, which is what the dry run replays it at.
 */
public record HistoryRecord(String topic, int partition, long offset, long timestamp, String key, byte[] value,
                            Headers headers) {

    /**
     * Replay order: record time first; records of the same millisecond in a fixed order (topic, partition, offset) so
     * that two dry runs over the same history replay it identically.
     */
    public static final Comparator<HistoryRecord> REPLAY_ORDER = Comparator.comparingLong(HistoryRecord::timestamp)
            .thenComparing(HistoryRecord::topic)
            .thenComparingInt(HistoryRecord::partition)
            .thenComparingLong(HistoryRecord::offset);

    public Instant time() {
        return Instant.ofEpochMilli(timestamp);
    }
}
