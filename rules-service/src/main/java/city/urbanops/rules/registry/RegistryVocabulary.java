package city.urbanops.rules.registry;

import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.rules.rule.KnownGroups;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry's vocabulary as rules-service learns it from the compacted {@code registry.devices} topic alone: the
 * departments, districts and sites that have at least one device, every device id, and per device type the union of
 * the measurements its devices report. {@link RegistryVocabularyLoader} alone writes it (one thread); rule
 * validation reads it from any thread.
 *
 * <p>Memory: per device one map entry holding its id and a small record of references to names shared with the other
 * devices (types, departments, districts, sites are kept once per distinct name, a measurement list once per distinct
 * list): measured at about 170 bytes per device with 19-character ids (200,000 devices, ten per site), so about
 * 170 MB at the default bound. {@code urbanops.rules.registry.max-devices} bounds the count: a
 * device beyond it is not added (counted, and the health shows it), so a rule naming it is refused as unknown rather
 * than the service running out of memory.
 */
public final class RegistryVocabulary implements KnownGroups {

    /** What the vocabulary keeps of one device: only what a rule may name (names shared with other devices). */
    private record Entry(String deviceType, String department, String district, String site,
                         List<String> measurements, long version) {
    }

    /** A name and how many devices name it. */
    private record Counted(String name, int devices) {
    }

    private final int maxDevices;
    private final ConcurrentHashMap<String, Entry> devices = new ConcurrentHashMap<>();
    /** Per name, how many devices name it; the key instance is the one every device's entry shares. */
    private final ConcurrentHashMap<String, Counted> departments = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counted> districts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counted> sites = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counted> types = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Counted>> measurementsByType =
            new ConcurrentHashMap<>();
    /** Devices of one type report the same names: one shared list per distinct list keeps the vocabulary small. */
    private final ConcurrentHashMap<List<String>, List<String>> measurementLists = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    private volatile long refused;

    public RegistryVocabulary(int maxDevices, MeterRegistry meters) {
        this.maxDevices = maxDevices;
        Gauge.builder("urbanops.rules.registry.devices", devices, Map::size)
                .description("Devices the rules' registry vocabulary knows").register(meters);
        Gauge.builder("urbanops.rules.registry.caught-up", caughtUp, future -> future.isDone() ? 1 : 0)
                .description("1 once the registry vocabulary caught up with registry.devices as it was at start")
                .register(meters);
    }

    @Override
    public Set<String> departments() {
        return Collections.unmodifiableSet(departments.keySet());
    }

    @Override
    public Set<String> districts() {
        return Collections.unmodifiableSet(districts.keySet());
    }

    @Override
    public Set<String> sites() {
        return Collections.unmodifiableSet(sites.keySet());
    }

    @Override
    public boolean hasDevice(String deviceId) {
        return deviceId != null && devices.containsKey(deviceId);
    }

    @Override
    public Optional<List<String>> measurementsOf(String deviceType) {
        var measurements = deviceType == null ? null : measurementsByType.get(deviceType);
        return measurements == null ? Optional.empty() : Optional.of(List.copyOf(new TreeSet<>(measurements.keySet())));
    }

    /** Whether the vocabulary caught up with the topic's end offsets seen at start: before that, names may be missing. */
    public boolean caughtUp() {
        return caughtUp.isDone();
    }

    /** Completes once the vocabulary caught up with the topic as it was at start. */
    public CompletableFuture<Void> whenCaughtUp() {
        return caughtUp.copy();
    }

    public int deviceCount() {
        return devices.size();
    }

    public int maxDevices() {
        return maxDevices;
    }

    /** Devices not added because the vocabulary was full. */
    public long refusedDevices() {
        return refused;
    }

    /** Applies one record of {@code registry.devices}; {@code current} null is a tombstone. Older versions are ignored. */
    void apply(String deviceId, DeviceRecord current) {
        var previous = devices.get(deviceId);
        if (current == null) {
            if (previous != null) {
                devices.remove(deviceId);
                forget(previous);
            }
            return;
        }
        if (previous != null && previous.version() > current.version()) {
            return;
        }
        if (previous == null && devices.size() >= maxDevices) {
            refused++;
            return;
        }
        devices.put(deviceId, learn(current));
        if (previous != null) {
            forget(previous);
        }
    }

    void markCaughtUp() {
        caughtUp.complete(null);
    }

    /** Counts what {@code device} names and returns its entry, holding the shared instances of those names. */
    private Entry learn(DeviceRecord device) {
        String type = count(types, device.deviceType(), 1);
        var measurements = measurementLists.computeIfAbsent(device.measurements(), List::copyOf);
        if (type != null) {
            var reported = measurementsByType.computeIfAbsent(type, t -> new ConcurrentHashMap<>());
            measurements.forEach(name -> count(reported, name, 1));
        }
        return new Entry(type, count(departments, device.department(), 1), count(districts, device.district(), 1),
                count(sites, device.siteId(), 1), measurements, device.version());
    }

    private void forget(Entry entry) {
        count(departments, entry.department(), -1);
        count(districts, entry.district(), -1);
        count(sites, entry.site(), -1);
        if (entry.deviceType() != null) {
            var reported = measurementsByType.get(entry.deviceType());
            if (reported != null) {
                entry.measurements().forEach(name -> count(reported, name, -1));
            }
            if (count(types, entry.deviceType(), -1) == null) {
                measurementsByType.remove(entry.deviceType());
            }
        }
    }

    /**
     * Adds {@code delta} to the devices naming {@code name}; a name nobody names any more is removed. Returns the
     * shared instance of the name, or null once nobody names it.
     */
    private static String count(ConcurrentHashMap<String, Counted> counts, String name, int delta) {
        if (name == null) {
            return null;
        }
        Counted left = counts.compute(name, (key, counted) -> {
            int next = (counted == null ? 0 : counted.devices()) + delta;
            return next <= 0 ? null : new Counted(counted == null ? key : counted.name(), next);
        });
        return left == null ? null : left.name();
    }
}
