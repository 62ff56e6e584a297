package city.urbanops.operatorapi.live;

import city.urbanops.security.AccessScope;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Component;

/**
 * The live events of this instance: a ring of the last {@link LiveProperties#ringSize()} events (for resuming after a
 * reconnect) and the subscribers they fan out to, each with a bounded queue. Appending and subscribing take one lock,
 * so a subscriber gets exactly the events after its Last-Event-ID: the ring's replay, then everything new, no gap and
 * no copy.
 */
@Component
public class LiveHub {

    /** A subscriber's end: its queue and whether it was dropped (queue full). */
    public static final class Subscription {
        private final AccessScope scope;
        private final BlockingQueue<LiveEvent> queue;
        private final AtomicBoolean dropped = new AtomicBoolean();
        private final boolean reset;

        Subscription(AccessScope scope, int capacity, boolean reset) {
            this.scope = scope;
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.reset = reset;
        }

        public BlockingQueue<LiveEvent> queue() {
            return queue;
        }

        /** Whether the subscriber fell too far behind and must reconnect. */
        public boolean dropped() {
            return dropped.get();
        }

        /** Whether the subscriber's Last-Event-ID is older than the ring holds: it must reload, events were lost. */
        public boolean reset() {
            return reset;
        }

        boolean offer(LiveEvent event) {
            if (!scope.allows(event.department(), event.district())) {
                return true;
            }
            if (!queue.offer(event)) {
                dropped.set(true);
                return false;
            }
            return true;
        }
    }

    /** Refused: this instance already serves its most streams. */
    public static final class TooManySubscribers extends RuntimeException {
        TooManySubscribers() {
            super("too many live streams", null, false, false);
        }
    }

    private final LiveProperties properties;
    private final String epoch = Long.toString(System.currentTimeMillis(), 36)
            + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36);
    private final ArrayDeque<LiveEvent> ring;
    private final Set<Subscription> subscribers = new LinkedHashSet<>();
    private long sequence;

    LiveHub(LiveProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.ring = new ArrayDeque<>(Math.min(properties.ringSize(), 10_000));
        meters.gauge("urbanops.operator.live.subscribers", subscribers, s -> {
            synchronized (this) {
                return s.size();
            }
        });
    }

    /** Adds an event to the ring and to every subscriber whose scope allows it; returns it with its sequence. */
    public synchronized LiveEvent publish(String name, String department, String district, String data) {
        LiveEvent event = new LiveEvent(++sequence, name, department, district, data);
        if (ring.size() == properties.ringSize()) {
            ring.removeFirst();
        }
        ring.addLast(event);
        List<Subscription> slow = new ArrayList<>();
        for (Subscription s : subscribers) {
            if (!s.offer(event)) {
                slow.add(s);
            }
        }
        slow.forEach(subscribers::remove);
        return event;
    }

    /**
     * Registers a subscriber in {@code scope}; with {@code lastEventId}, the ring's events after it are queued first.
     * An id the ring no longer covers (older than its first event, or not one of this instance's) gives a subscription
     * marked {@link Subscription#reset()}.
     */
    public synchronized Subscription subscribe(AccessScope scope, Optional<Long> lastEventId) {
        if (subscribers.size() >= properties.maxSubscribers()) {
            throw new TooManySubscribers();
        }
        boolean reset = false;
        List<LiveEvent> replay = List.of();
        if (lastEventId.isPresent()) {
            long last = lastEventId.get();
            long oldest = ring.isEmpty() ? sequence + 1 : ring.getFirst().sequence();
            if (last > sequence || last < oldest - 1) {
                reset = true;
            } else {
                replay = ring.stream().filter(e -> e.sequence() > last)
                        .filter(e -> scope.allows(e.department(), e.district())).toList();
                reset = replay.size() > properties.subscriberQueue();
            }
        }
        Subscription subscription = new Subscription(scope, properties.subscriberQueue(), reset);
        if (!reset) {
            replay.forEach(subscription.queue()::offer);
        }
        subscribers.add(subscription);
        return subscription;
    }

    public synchronized void unsubscribe(Subscription subscription) {
        subscribers.remove(subscription);
    }

    /** The sequence of the newest event (0 before the first). */
    /**
     * This hub's incarnation: it prefixes every SSE id, so an id from another operator-api instance, or from this one
     * before a restart, is told from one of ours (its sequence would mean other events here).
     */
    public String epoch() {
        return epoch;
    }

    public synchronized long lastSequence() {
        return sequence;
    }
}
