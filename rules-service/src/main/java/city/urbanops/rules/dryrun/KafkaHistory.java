package city.urbanops.rules.dryrun;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * The recorded history of some topics over {@code [from, to)}, read from Kafka and yielded in replay order. Each
 * partition starts at {@code offsetsForTimes(from)} and ends at its first record at or after {@code to} (plus
 * {@link #PRODUCER_CLOCK_SKEW}), or at the end offset taken when the reader opened (the last stable offset:
 * {@code read_committed}), so records produced while the dry run runs are not part of it. Records stamped outside the
 * range on the way are skipped. {@code keep} drops records before they are merged (a narrow rule scans cheaply);
 * every record read in the range counts against {@code maxRecords}, after which the history simply ends and
 * {@link #budgetExhausted()} says so.
 */
final class KafkaHistory implements Iterator<HistoryRecord>, AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(500);
    /**
     * Record times are the producers' clocks (ingestion stamps a record when it receives the reading), and several
     * ingestion instances write to one partition: one a little ahead must not end the partition before a record of
     * another that is still in the range.
     */
    static final Duration PRODUCER_CLOCK_SKEW = Duration.ofMinutes(1);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Duration stallLimit;
    private final long from;
    private final long to;
    private final long stopAt;
    private final Predicate<HistoryRecord> keep;
    private final long maxRecords;
    private final Map<TopicPartition, Cursor> cursors = new HashMap<>();
    private final Instant historyStartsAt;
    private final TimestampMerge merge;
    private long scanned;
    private boolean budgetExhausted;

    private KafkaHistory(HistoryConsumers consumers, List<String> topics, Instant from, Instant to,
                         Predicate<HistoryRecord> keep, long maxRecords) {
        this.consumer = consumers.assignedTo(topics);
        this.stallLimit = consumers.timeout();
        this.from = from.toEpochMilli();
        this.to = to.toEpochMilli();
        this.stopAt = to.plus(PRODUCER_CLOCK_SKEW).toEpochMilli();
        this.keep = keep;
        this.maxRecords = maxRecords;
        try {
            this.historyStartsAt = positionAtStart(consumers.timeout());
            this.merge = new TimestampMerge(List.copyOf(cursors.values()));
        } catch (RuntimeException failed) {
            consumer.close(Duration.ZERO);
            throw failed;
        }
    }

    static KafkaHistory open(HistoryConsumers consumers, List<String> topics, Instant from, Instant to,
                             Predicate<HistoryRecord> keep, long maxRecords) {
        return new KafkaHistory(consumers, topics, from, to, keep, maxRecords);
    }

    /**
     * Where complete history begins when retention has already removed records of the range (the latest first
     * retained record among the partitions that lost records); empty when the range is fully retained.
     */
    Optional<Instant> historyStartsAt() {
        return Optional.ofNullable(historyStartsAt);
    }

    /** Records read in the range so far, including those {@code keep} dropped. */
    long scanned() {
        return scanned;
    }

    /** Whether the history ended because {@code maxRecords} were read, not because the range was done. */
    boolean budgetExhausted() {
        return budgetExhausted;
    }

    @Override
    public boolean hasNext() {
        return merge.hasNext();
    }

    @Override
    public HistoryRecord next() {
        return merge.next();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }

    private Instant positionAtStart(Duration timeout) {
        var partitions = consumer.assignment();
        var query = new HashMap<TopicPartition, Long>();
        partitions.forEach(partition -> query.put(partition, from));
        try {
            var starts = consumer.offsetsForTimes(query, timeout);
            var ends = consumer.endOffsets(partitions, timeout);
            var beginnings = consumer.beginningOffsets(partitions, timeout);
            Long completeFrom = null;
            for (var partition : partitions) {
                var start = starts.get(partition);
                if (start == null || start.offset() >= ends.get(partition)) {
                    continue;
                }
                boolean recordsRemoved = beginnings.get(partition) > 0 && start.offset() == beginnings.get(partition);
                if (recordsRemoved && start.timestamp() > from) {
                    completeFrom = completeFrom == null ? start.timestamp() : Math.max(completeFrom, start.timestamp());
                }
                consumer.seek(partition, start.offset());
                cursors.put(partition, new Cursor(partition, ends.get(partition)));
            }
            return completeFrom == null ? null : Instant.ofEpochMilli(completeFrom);
        } catch (KafkaException unreachable) {
            throw new HistoryUnavailableException("cannot find where the history starts: " + unreachable, unreachable);
        }
    }

    /** Fetches more of {@code wanted} only (the others paused), so buffers stay at about one fetch per partition. */
    private void fill(Cursor wanted) {
        var others = new ArrayList<>(consumer.assignment());
        others.remove(wanted.partition);
        consumer.pause(others);
        consumer.resume(List.of(wanted.partition));
        var stalledSince = System.nanoTime();
        while (wanted.buffer.isEmpty() && !wanted.done) {
            try {
                for (var record : consumer.poll(POLL)) {
                    var cursor = cursors.get(new TopicPartition(record.topic(), record.partition()));
                    if (cursor != null) {
                        cursor.buffer.add(record);
                    }
                }
                if (wanted.buffer.isEmpty() && consumer.position(wanted.partition, stallLimit) >= wanted.end) {
                    wanted.done = true;
                }
            } catch (KafkaException unreadable) {
                throw new HistoryUnavailableException("cannot read " + wanted.partition + ": " + unreadable,
                        unreadable);
            }
            if (wanted.buffer.isEmpty() && !wanted.done
                    && Duration.ofNanos(System.nanoTime() - stalledSince).compareTo(stallLimit) > 0) {
                throw new HistoryUnavailableException("no records from " + wanted.partition + " for " + stallLimit
                        + " before its end offset " + wanted.end);
            }
        }
    }

    private final class Cursor implements PartitionHistory {
        private final TopicPartition partition;
        private final long end;
        private final ArrayDeque<ConsumerRecord<String, byte[]>> buffer = new ArrayDeque<>();
        private boolean done;

        private Cursor(TopicPartition partition, long end) {
            this.partition = partition;
            this.end = end;
        }

        @Override
        public HistoryRecord next() {
            while (true) {
                if (buffer.isEmpty()) {
                    if (done) {
                        return null;
                    }
                    fill(this);
                    continue;
                }
                var record = buffer.peek();
                if (record.offset() >= end || record.timestamp() >= stopAt) {
                    return finish();
                }
                if (scanned >= maxRecords) {
                    budgetExhausted = true;
                    return finish();
                }
                buffer.poll();
                scanned++;
                // Record times can go backwards a little within a partition (producers' clocks differ).
                if (record.timestamp() < from || record.timestamp() >= to) {
                    continue;
                }
                var history = new HistoryRecord(record.topic(), record.partition(), record.offset(),
                        record.timestamp(), record.key(), record.value(), record.headers());
                if (keep.test(history)) {
                    return history;
                }
            }
        }

        private HistoryRecord finish() {
            done = true;
            buffer.clear();
            return null;
        }
    }
}
