package city.urbanops.rules.topology;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A task's key-value store with the values it read or wrote last kept as objects, so that a value read for every
 * reading (a device's state, a rule's tracking on it) is not parsed again each time; whether a key is absent is kept
 * too. Every write goes through to the store (and its changelog) at once, so the store stays the truth and iterators
 * read it directly.
 *
 * <p>Safe because a task's stores have one writer, its processor, and this cache belongs to that processor: a processor
 * makes a new one in {@code init}, which Kafka Streams calls again whenever it rebuilds the store from its changelog
 * (a task revived after an aborted transaction, moved to another thread or instance), so nothing uncommitted outlives
 * an abort. Values must be immutable. At most {@code maxEntries} keys are kept, least recently used first out.
 */
public final class ObjectCachedStore<V> implements KeyValueStore<String, V> {

    private static final Object ABSENT = new Object();

    private final KeyValueStore<String, V> store;
    private final Map<String, Object> cache;

    private ObjectCachedStore(KeyValueStore<String, V> store, int maxEntries) {
        this.store = store;
        this.cache = new LinkedHashMap<>(Math.min(maxEntries, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The store with an object cache of {@code maxEntries} keys; the store itself when {@code maxEntries} is 0. */
    public static <V> KeyValueStore<String, V> of(KeyValueStore<String, V> store, int maxEntries) {
        return maxEntries <= 0 ? store : new ObjectCachedStore<>(store, maxEntries);
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(String key) {
        var cached = cache.get(key);
        if (cached != null) {
            return cached == ABSENT ? null : (V) cached;
        }
        var value = store.get(key);
        cache.put(key, value == null ? ABSENT : value);
        return value;
    }

    @Override
    public void put(String key, V value) {
        if (value == null) {
            delete(key);
            return;
        }
        store.put(key, value);
        cache.put(key, value);
    }

    /** Deleting a key known to be absent writes nothing: no tombstone on the changelog for what was never there. */
    @Override
    public V delete(String key) {
        if (cache.get(key) == ABSENT) {
            return null;
        }
        var previous = store.delete(key);
        cache.put(key, ABSENT);
        return previous;
    }

    @Override
    public V putIfAbsent(String key, V value) {
        var previous = get(key);
        if (previous == null) {
            put(key, value);
        }
        return previous;
    }

    @Override
    public void putAll(List<KeyValue<String, V>> entries) {
        entries.forEach(entry -> put(entry.key, entry.value));
    }

    @Override
    public KeyValueIterator<String, V> range(String from, String to) {
        return store.range(from, to);
    }

    @Override
    public KeyValueIterator<String, V> reverseRange(String from, String to) {
        return store.reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<String, V> all() {
        return store.all();
    }

    @Override
    public KeyValueIterator<String, V> reverseAll() {
        return store.reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<String, V> prefixScan(P prefix, PS prefixKeySerializer) {
        return store.prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        return store.approximateNumEntries();
    }

    @Override
    public String name() {
        return store.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        throw new UnsupportedOperationException("a processor's view of a store Kafka Streams initialised");
    }

    @Override
    public void flush() {
        store.flush();
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("Kafka Streams closes the store, not the processor");
    }

    @Override
    public boolean persistent() {
        return store.persistent();
    }

    @Override
    public boolean isOpen() {
        return store.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound bound, QueryConfig config) {
        return store.query(query, bound, config);
    }

    @Override
    public Position getPosition() {
        return store.getPosition();
    }
}
