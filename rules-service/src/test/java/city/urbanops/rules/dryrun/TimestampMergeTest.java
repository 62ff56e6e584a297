package city.urbanops.rules.dryrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class TimestampMergeTest {

    @Test
    void partitionsAreMergedIntoOneSequenceByRecordTime() {
        var a = partition("telemetry.environmental", 0, 10, 40, 70);
        var b = partition("telemetry.environmental", 1, 20, 30, 90);
        var c = partition("gateway.status", 0, 5, 80);

        var merged = drain(new TimestampMerge(List.of(a, b, c)));

        assertThat(merged).extracting(HistoryRecord::timestamp).containsExactly(5L, 10L, 20L, 30L, 40L, 70L, 80L, 90L);
    }

    @Test
    void recordsOfTheSameMillisecondComeInTopicPartitionOffsetOrder() {
        var state = partition("telemetry.state", 2, 100, 100);
        var environmentalOne = partition("telemetry.environmental", 1, 100);
        var environmentalZero = partition("telemetry.environmental", 0, 100);

        var merged = drain(new TimestampMerge(List.of(state, environmentalOne, environmentalZero)));

        assertThat(merged).extracting(r -> r.topic() + "-" + r.partition() + "@" + r.offset()).containsExactly(
                "telemetry.environmental-0@0", "telemetry.environmental-1@0", "telemetry.state-2@0",
                "telemetry.state-2@1");
    }

    @Test
    void aPartitionWhoseTimesGoBackwardsKeepsItsOffsetOrder() {
        var producerTimed = partition("telemetry.mobility", 0, 50, 20, 60);
        var other = partition("telemetry.mobility", 1, 30);

        var merged = drain(new TimestampMerge(List.of(producerTimed, other)));

        assertThat(merged).extracting(r -> r.partition() + "@" + r.offset())
                .containsExactly("1@0", "0@0", "0@1", "0@2");
    }

    @Test
    void emptyPartitionsYieldNothing() {
        var merged = drain(new TimestampMerge(List.of(partition("telemetry.failure", 0), partition("x", 1, 7))));

        assertThat(merged).extracting(HistoryRecord::timestamp).containsExactly(7L);
    }

    @Test
    void eachPartitionIsReadOnlyAsFarAsTheMergeNeedsIt() {
        var a = partition("t", 0, 1, 2, 3, 4);
        var b = partition("t", 1, 10, 11);
        var merge = new TimestampMerge(List.of(a, b));

        merge.next();

        assertThat(a.taken).isEqualTo(2);
        assertThat(b.taken).isEqualTo(1);
    }

    private static List<HistoryRecord> drain(TimestampMerge merge) {
        var records = new ArrayList<HistoryRecord>();
        merge.forEachRemaining(records::add);
        return records;
    }

    private static ListPartition partition(String topic, int partition, long... timestamps) {
        var records = new ArrayDeque<HistoryRecord>();
        for (int offset = 0; offset < timestamps.length; offset++) {
            records.add(new HistoryRecord(topic, partition, offset, timestamps[offset], "key", new byte[0],
                    new RecordHeaders()));
        }
        return new ListPartition(records);
    }

    private static final class ListPartition implements PartitionHistory {
        private final ArrayDeque<HistoryRecord> records;
        private int taken;

        private ListPartition(ArrayDeque<HistoryRecord> records) {
            this.records = records;
        }

        @Override
        public HistoryRecord next() {
            var next = records.poll();
            if (next != null) {
                taken++;
            }
            return next;
        }
    }
}
