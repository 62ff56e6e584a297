package city.urbanops.rules.topology;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Where the stages keep their state. Live evaluation always has a changelog, so its state follows a partition to
 * another instance and survives a crash; it keeps the state either in RocksDB on local disk ({@link #PERSISTENT}) or
 * in the heap ({@link #LOGGED_IN_MEMORY}). The dry run keeps it in memory without a changelog ({@link #IN_MEMORY}): it
 * is thrown away at the end, and the test driver that replays history commits after every record, which on RocksDB
 * means a flush and a checkpoint each time. All kinds are cached by default, so a key rewritten between two commits is
 * written once.
 */
public enum StateStores {
    /**
     * RocksDB with a changelog: after a clean restart the local files are reused and only the changelog's tail is
     * read; every commit flushes each store's written memtable to disk.
     */
    PERSISTENT,
    /**
     * A sorted map in the heap with a changelog: nothing on disk and nothing to flush at a commit; every start reads
     * the (compacted) changelogs back, as RocksDB does after a crash under exactly-once anyway.
     */
    LOGGED_IN_MEMORY,
    /** A sorted map in the heap without a changelog: the dry run's throwaway state. */
    IN_MEMORY;

    /** A key-value store of this kind, keyed by string. */
    public <V> StoreBuilder<KeyValueStore<String, V>> keyValue(String name, Serde<V> values) {
        return plain(name, values).withCachingEnabled();
    }

    /**
     * A key-value store of this kind without Kafka Streams' record cache, for a processor that keeps its values as
     * objects itself ({@link ObjectCachedStore}) and rarely writes a key twice within a commit interval: there the
     * record cache only costs (sorted byte maps, a flush per commit) without saving a write.
     */
    public <V> StoreBuilder<KeyValueStore<String, V>> uncachedKeyValue(String name, Serde<V> values) {
        return plain(name, values).withCachingDisabled();
    }

    private <V> StoreBuilder<KeyValueStore<String, V>> plain(String name, Serde<V> values) {
        return switch (this) {
            case PERSISTENT -> Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
                    values);
            case LOGGED_IN_MEMORY -> Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(),
                    values);
            case IN_MEMORY -> Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
                    .withLoggingDisabled();
        };
    }
}
