package city.urbanops.localplatform.inbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last {@code capacity} items of an unbounded stream (mails, webhook calls), newest first; older ones are dropped
 * and counted, so a storm of notifications cannot fill the launcher's memory. Safe from several threads.
 */
public final class Recent<T> {

    /** The most a developer may ask to keep: the page renders every item kept. */
    public static final int MAX_CAPACITY = 10_000;

    private final int capacity;
    private final Deque<T> items = new ArrayDeque<>();
    private long total;

    public Recent(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("an inbox keeps 1..%d items, asked %d".formatted(MAX_CAPACITY, capacity));
        }
        this.capacity = capacity;
    }

    public synchronized void add(T item) {
        items.addFirst(item);
        total++;
        if (items.size() > capacity) {
            items.removeLast();
        }
    }

    /** The items kept, newest first. */
    public synchronized List<T> newestFirst() {
        return List.copyOf(new ArrayList<>(items));
    }

    /** Every item ever added, kept or not. */
    public synchronized long total() {
        return total;
    }

    /** Items added but no longer kept. */
    public synchronized long dropped() {
        return total - items.size();
    }

    public int capacity() {
        return capacity;
    }
}
