package city.urbanops.rules.topology;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Where the stages keep their state. Live evaluation keeps it in RocksDB with a changelog, so it survives restarts and
 * partition moves. The dry run keeps it in memory without a changelog: it is thrown away at the end, and the test
 * driver that replays history commits after every record, which on RocksDB means a flush and a checkpoint each time.
 * Both kinds are cached by default, so a key rewritten between two commits is written once.
 */
public enum StateStores {
    PERSISTENT, IN_MEMORY;

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
            case IN_MEMORY -> Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
                    .withLoggingDisabled();
        };
    }
}
