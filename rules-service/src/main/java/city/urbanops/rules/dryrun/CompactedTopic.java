package city.urbanops.rules.dryrun;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;

/** The current content of a compacted topic: its latest record per key, tombstoned keys left out. */
final class CompactedTopic {

    private CompactedTopic() {
    }

    /** Reads {@code topic} from its beginning up to the end offsets taken now. */
    static Map<String, ConsumerRecord<String, byte[]>> latest(HistoryConsumers consumers, String topic) {
        var latest = new LinkedHashMap<String, ConsumerRecord<String, byte[]>>();
        try (var consumer = consumers.assignedTo(java.util.List.of(topic))) {
            var partitions = consumer.assignment();
            var ends = consumer.endOffsets(partitions, consumers.timeout());
            consumer.seekToBeginning(partitions);
            var stalledSince = System.nanoTime();
            while (partitions.stream().anyMatch(p -> consumer.position(p, consumers.timeout()) < ends.get(p))) {
                var records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    stalledSince = System.nanoTime();
                } else if (Duration.ofNanos(System.nanoTime() - stalledSince).compareTo(consumers.timeout()) > 0) {
                    throw new HistoryUnavailableException("no records from " + topic + " for " + consumers.timeout()
                            + " before its end offsets " + ends);
                }
                for (var record : records) {
                    if (record.key() == null) {
                        continue;
                    }
                    latest.remove(record.key());
                    if (record.value() != null) {
                        latest.put(record.key(), record);
                    }
                }
            }
        } catch (KafkaException unreadable) {
            throw new HistoryUnavailableException("cannot read " + topic + ": " + unreadable, unreadable);
        }
        return latest;
    }
}
