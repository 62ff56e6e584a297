package city.urbanops.rules.triage;

import city.urbanops.rules.topology.Finding;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The latest sample of each device per device type and measurement, as triage compares a device with its neighbours:
 * kept in the samples store (changelogged) and, per task, as parsed objects grouped by type and measurement. Judging a
 * condition looks at every sample of its kind in the partition; reading them from the store parsed each one each time,
 * which took a third of the stream thread with 10,000 devices. A group is read from the store once, when first asked
 * for after {@code init} (Kafka Streams calls it again whenever it rebuilds the stores, so nothing uncommitted
 * survives an abort), and kept equal to the store by {@link #put}. Memory: one object per device and watched
 * measurement of the task's districts, as the store holds.
 */
final class SampleBook {

    private final KeyValueStore<String, Finding.Sample> store;
    private final Map<String, Map<String, Finding.Sample>> groups = new HashMap<>();

    SampleBook(KeyValueStore<String, Finding.Sample> store) {
        this.store = store;
    }

    /** The device's latest sample of the measurement, or null. */
    Finding.Sample latest(String deviceType, String measurement, String deviceId) {
        return group(deviceType, measurement).get(deviceId);
    }

    /** Keeps the sample unless the device already has a later one of the measurement. */
    void put(Finding.Sample sample) {
        String type = String.valueOf(sample.device().deviceType());
        String deviceId = sample.device().deviceId();
        var group = group(type, sample.measurement());
        var known = group.get(deviceId);
        if (known == null || !sample.time().isBefore(known.time())) {
            store.put(TriageStores.key(type, sample.measurement(), deviceId), sample);
            group.put(deviceId, sample);
        }
    }

    /** Every device's latest sample of this type and measurement (a live view: do not keep it). */
    Collection<Finding.Sample> ofKind(String deviceType, String measurement) {
        return group(deviceType, measurement).values();
    }

    private Map<String, Finding.Sample> group(String deviceType, String measurement) {
        return groups.computeIfAbsent(TriageStores.key(deviceType, measurement, ""), prefix -> {
            var loaded = new HashMap<String, Finding.Sample>();
            try (var entries = store.prefixScan(prefix, new StringSerializer())) {
                entries.forEachRemaining(entry -> loaded.put(entry.value.device().deviceId(), entry.value));
            }
            return loaded;
        });
    }
}
