package city.urbanops.rules.dryrun;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * A k-way merge of partitions into one sequence in {@link HistoryRecord#REPLAY_ORDER}: it holds one record per
 * partition (the partition's next) and always yields the earliest, so memory stays at one head per partition however
 * long the history. A partition whose own timestamps go backwards (producer-set record times) keeps its offset order;
 * the merge then yields the later-offset record after its predecessor, which is also the order live evaluation saw.
 */
final class TimestampMerge implements Iterator<HistoryRecord> {

    private record Head(HistoryRecord record, PartitionHistory partition) {
    }

    private final PriorityQueue<Head> heads =
            new PriorityQueue<>((a, b) -> HistoryRecord.REPLAY_ORDER.compare(a.record(), b.record()));

    TimestampMerge(List<? extends PartitionHistory> partitions) {
        partitions.forEach(this::advance);
    }

    @Override
    public boolean hasNext() {
        return !heads.isEmpty();
    }

    @Override
    public HistoryRecord next() {
        var head = heads.poll();
        if (head == null) {
            throw new NoSuchElementException("the history is exhausted");
        }
        advance(head.partition());
        return head.record();
    }

    private void advance(PartitionHistory partition) {
        var next = partition.next();
        if (next != null) {
            heads.add(new Head(next, partition));
        }
    }
}
