package city.urbanops.edge.uplink;

import city.urbanops.events.uplink.UplinkBatch;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The batches of one gateway waiting to be delivered, oldest first, at most {@code capacity} of them. The head stays
 * in the queue until it is delivered or refused for good, so a retry always resends the oldest batch first.
 * In memory only: a restart loses what is queued (the durable disk buffer replaces this class).
 */
final class BatchQueue {

    private final int capacity;
    private final ArrayDeque<UplinkBatch> batches = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition empty = lock.newCondition();

    BatchQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Appends a batch; false (and nothing queued) when the queue is full. */
    boolean offer(UplinkBatch batch) {
        lock.lock();
        try {
            if (batches.size() >= capacity) {
                return false;
            }
            batches.addLast(batch);
            notEmpty.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The oldest batch, waiting up to {@code timeout} for one; it stays queued. */
    Optional<UplinkBatch> awaitHead(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (batches.isEmpty() && nanos > 0) {
                nanos = notEmpty.awaitNanos(nanos);
            }
            return Optional.ofNullable(batches.peekFirst());
        } finally {
            lock.unlock();
        }
    }

    /** Removes {@code head} once it is settled; it must be the current head. */
    void removeHead(UplinkBatch head) {
        lock.lock();
        try {
            if (batches.peekFirst() != head) {
                throw new IllegalStateException("only the sender removes batches, and only the head");
            }
            batches.removeFirst();
            if (batches.isEmpty()) {
                empty.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    int depth() {
        lock.lock();
        try {
            return batches.size();
        } finally {
            lock.unlock();
        }
    }

    /** Readings in all queued batches. */
    int readings() {
        lock.lock();
        try {
            return batches.stream().mapToInt(batch -> batch.readings().size()).sum();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every queued batch is settled; false if some are still queued after {@code timeout}. */
    boolean awaitEmpty(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (!batches.isEmpty() && nanos > 0) {
                nanos = empty.awaitNanos(nanos);
            }
            return batches.isEmpty();
        } finally {
            lock.unlock();
        }
    }
}
