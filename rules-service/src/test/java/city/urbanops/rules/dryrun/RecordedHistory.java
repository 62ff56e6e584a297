package city.urbanops.rules.dryrun;

import city.urbanops.events.EventClass;
import city.urbanops.events.Topics;
import city.urbanops.events.codec.CloudEventRecords;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventType;
import city.urbanops.events.gateway.GatewayStatusEvent;
import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.events.telemetry.TelemetryRecord;
import city.urbanops.events.uplink.Measurement;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes history to the real platform topics as the platform's producers do (CloudEvents binary, JSON of the event
 * model), with record times chosen by the test, and hands out time windows no other test of the JVM writes into.
 */
final class RecordedHistory implements AutoCloseable {

    private static final URI SOURCE = URI.create("urn:urbanops:test:recorded-history");
    private static final EventJson JSON = new EventJson();
    private static final Instant FIRST_WINDOW = Instant.now().minus(Duration.ofHours(12)).truncatedTo(ChronoUnit.HOURS);
    private static final AtomicInteger WINDOWS = new AtomicInteger();

    private final KafkaProducer<String, byte[]> producer;
    private final AtomicInteger sequence = new AtomicInteger();

    RecordedHistory(String bootstrapServers) {
        var properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    /** The start of a 20-minute window in the past that no other caller in this JVM gets. */
    static Instant freshWindow() {
        return FIRST_WINDOW.plus(Duration.ofMinutes(20L * WINDOWS.getAndIncrement()));
    }

    static DeviceRecord sensor(String deviceId, String gatewayId, String department, String district) {
        return new DeviceRecord(deviceId, null, DeviceKind.SENSOR, "water-level", gatewayId, DeviceLifecycle.ACTIVE,
                null, department, district, null, null, null, List.of("water_level"), 1, Instant.now());
    }

    static DeviceRecord gateway(String gatewayId, String department, String district) {
        return new DeviceRecord(gatewayId, null, DeviceKind.GATEWAY, "edge-gateway", null, DeviceLifecycle.ACTIVE,
                null, department, district, null, null, null, List.of(), 1, Instant.now());
    }

    void register(DeviceRecord... devices) {
        for (var device : devices) {
            send(CloudEventRecords.toRecord(Topics.REGISTRY_DEVICES, device.deviceId(), EventType.DEVICE,
                    device.eventId(), SOURCE, device.deviceId(), device.updatedAt(), JSON.write(device)), null);
        }
    }

    /** A water level reading of {@code deviceId} taken and recorded at {@code at}. */
    void reading(String deviceId, String gatewayId, Instant at, double metres) {
        send(readingRecord(deviceId, gatewayId, at, metres), at);
    }

    ProducerRecord<String, byte[]> readingRecord(String deviceId, String gatewayId, Instant at, double metres) {
        var reading = new TelemetryRecord(deviceId, sequence.incrementAndGet(), at, EventClass.ENVIRONMENTAL,
                gatewayId, at, List.of(Measurement.numeric("water_level", "m", metres)));
        var record = CloudEventRecords.toRecord(Topics.TELEMETRY_ENVIRONMENTAL, deviceId, EventType.TELEMETRY,
                reading.eventId(), SOURCE, deviceId, at, JSON.write(reading));
        return new ProducerRecord<>(record.topic(), null, at.toEpochMilli(), record.key(), record.value(),
                record.headers());
    }

    void gatewayStatus(String gatewayId, Instant at, GatewayStatusEvent.Connectivity connectivity) {
        var status = new GatewayStatusEvent(gatewayId, connectivity,
                connectivity == GatewayStatusEvent.Connectivity.ONLINE ? GatewayStatusEvent.Cause.CONNECTED
                        : GatewayStatusEvent.Cause.CONNECTION_LOST, null, "test", at);
        send(CloudEventRecords.toRecord(Topics.GATEWAY_STATUS, gatewayId, EventType.GATEWAY_STATUS,
                gatewayId + "/" + at, SOURCE, gatewayId, at, JSON.write(status)), at);
    }

    private void send(ProducerRecord<String, byte[]> record, Instant at) {
        var timed = at == null ? record : new ProducerRecord<>(record.topic(), null, at.toEpochMilli(), record.key(),
                record.value(), record.headers());
        try {
            producer.send(timed).get(30, TimeUnit.SECONDS);
        } catch (Exception failed) {
            throw new IllegalStateException("Kafka did not take " + record.topic() + "/" + record.key(), failed);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
