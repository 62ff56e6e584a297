package city.urbanops.ingestion.registry;

import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.events.registry.GatewayCredentials;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Ingestion's in-memory copy of the registry's two compacted topics: every gateway's credentials (hashes only) and
 * every device, the latest record per key, a tombstone removing it. {@link RegistryViewLoader} alone writes it, from
 * Kafka, so the registry service being down never matters here; the MQTT edge reads it on every CONNECT and every
 * reading. It is {@link #loaded()} once it caught up with the topics' end offsets as they were when loading began:
 * before that a missing gateway may only be not loaded yet.
 */
public final class RegistryView implements DeviceDirectory {

    private final ConcurrentHashMap<String, GatewayCredentials> credentials = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, KnownDevice> devices = new ConcurrentHashMap<>();
    /** Devices of one type report the same names: one shared set per distinct list keeps the view small. */
    private final ConcurrentHashMap<List<String>, Set<String>> measurementSets = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<CredentialsListener> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();

    public RegistryView(MeterRegistry meters) {
        Gauge.builder("urbanops.ingestion.registry.gateways", credentials, ConcurrentHashMap::size)
                .description("Gateways whose credentials the MQTT edge knows").register(meters);
        Gauge.builder("urbanops.ingestion.registry.devices", devices, ConcurrentHashMap::size)
                .description("Devices the MQTT edge knows").register(meters);
        Gauge.builder("urbanops.ingestion.registry.loaded", loaded, future -> future.isDone() ? 1 : 0)
                .description("1 once the registry view caught up with the topics as they were at start")
                .register(meters);
    }

    /** The gateway's credentials, or null when the registry has no such gateway (or the view is still loading). */
    public GatewayCredentials credentials(String gatewayId) {
        return credentials.get(gatewayId);
    }

    @Override
    public KnownDevice device(String deviceId) {
        return devices.get(deviceId);
    }

    public boolean loaded() {
        return loaded.isDone();
    }

    /** Completes once the view caught up with the topics' end offsets seen when loading began. */
    public CompletableFuture<Void> whenLoaded() {
        return loaded.copy();
    }

    public int gatewayCount() {
        return credentials.size();
    }

    public int deviceCount() {
        return devices.size();
    }

    /** {@code listener} hears every credentials change applied from now on. */
    public void addCredentialsListener(CredentialsListener listener) {
        listeners.add(listener);
    }

    /** Applies a record of the credentials topic; {@code current} null is a tombstone. Older versions are ignored. */
    void applyCredentials(String gatewayId, GatewayCredentials current) {
        if (current == null) {
            if (credentials.remove(gatewayId) == null) {
                return;
            }
        } else {
            var previous = credentials.get(gatewayId);
            if (previous != null && previous.version() > current.version()) {
                return;
            }
            credentials.put(gatewayId, current);
        }
        for (var listener : listeners) {
            listener.credentialsChanged(gatewayId, current);
        }
    }

    /** Applies a record of the device topic; {@code current} null is a tombstone. Older versions are ignored. */
    void applyDevice(String deviceId, DeviceRecord current) {
        if (current == null) {
            devices.remove(deviceId);
            return;
        }
        var previous = devices.get(deviceId);
        if (previous != null && previous.version() > current.version()) {
            return;
        }
        var measurements = measurementSets.computeIfAbsent(current.measurements(), Set::copyOf);
        devices.put(deviceId, new KnownDevice(deviceId, current.gatewayId(), current.lifecycle(),
                current.quarantined(), measurements, current.version()));
    }

    void markLoaded() {
        loaded.complete(null);
    }
}
