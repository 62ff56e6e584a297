package city.urbanops.rules.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ObjectCachedStoreTest {

    private KeyValueStore<String, String> store;

    @BeforeEach
    void openStore() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("values"), Serdes.String(), Serdes.String())
                .withLoggingDisabled().build();
        var context = new MockProcessorContext<String, String>();
        store.init(context.getStateStoreContext(), store);
    }

    @Test
    void everyWriteReachesTheStoreAtOnce() {
        var cached = ObjectCachedStore.of(store, 10);

        cached.put("a", "1");
        cached.put("b", "2");
        cached.delete("a");

        assertThat(store.get("a")).isNull();
        assertThat(store.get("b")).isEqualTo("2");
        var keys = new ArrayList<String>();
        try (var all = cached.all()) {
            all.forEachRemaining(entry -> keys.add(entry.key));
        }
        assertThat(keys).containsExactly("b");
    }

    @Test
    void aValueIsReadFromTheStoreOnceAndThenFromMemory() {
        store.put("a", "1");
        var cached = ObjectCachedStore.of(store, 10);

        var first = cached.get("a");
        store.put("a", "changed behind the cache's back");

        assertThat(first).isEqualTo("1");
        assertThat(cached.get("a")).as("kept as the object read first").isSameAs(first);
    }

    @Test
    void aKeyKnownAbsentIsNotDeletedAgainNorReadAgain() {
        var cached = ObjectCachedStore.of(store, 10);

        assertThat(cached.get("a")).isNull();
        store.put("a", "written behind the cache's back");

        assertThat(cached.delete("a")).as("known absent: no delete reaches the store").isNull();
        assertThat(store.get("a")).isEqualTo("written behind the cache's back");
        assertThat(cached.get("a")).isNull();
    }

    @Test
    void pastItsBoundTheLeastRecentlyUsedKeyIsReadFromTheStoreAgain() {
        var cached = ObjectCachedStore.of(store, 2);
        cached.put("a", "1");
        cached.put("b", "2");
        cached.get("a");
        cached.put("c", "3");

        store.put("a", "a2");
        store.put("b", "b2");

        assertThat(cached.get("a")).as("recently used: still in memory").isEqualTo("1");
        assertThat(cached.get("b")).as("evicted: read from the store").isEqualTo("b2");
    }

    @Test
    void aBoundOfZeroIsTheStoreItself() {
        assertThat(ObjectCachedStore.of(store, 0)).isSameAs(store);
    }
}
