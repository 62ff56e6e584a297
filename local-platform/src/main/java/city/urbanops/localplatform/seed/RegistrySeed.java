package city.urbanops.localplatform.seed;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.CloudEventRecords;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventSchemas;
import city.urbanops.events.codec.EventType;
import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.localplatform.seed.SimulatedCityPlan.PlannedDevice;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes the simulated city's gateways and devices as {@link DeviceRecord}s to the compacted
 * {@code registry.devices} topic, until the device registry service owns that. Each record's CloudEvent id is derived
 * from its content, so re-seeding the same city on every start is recognisably the same fact.
 */
public final class RegistrySeed {

    static final URI SOURCE = URI.create("urn:urbanops:local-platform:seed");

    private final EventJson json = new EventJson();
    private final EventSchemas schemas = new EventSchemas();

    /** The records for a plan, all ACTIVE, stamped {@code updatedAt}. */
    public List<ProducerRecord<String, byte[]>> records(SimulatedCityPlan plan, Instant updatedAt) {
        var records = new ArrayList<ProducerRecord<String, byte[]>>();
        for (PlannedDevice device : concat(plan.gateways(), plan.devices())) {
            var record = new DeviceRecord(device.id(), null,
                    device.isGateway() ? DeviceKind.GATEWAY : DeviceKind.SENSOR,
                    device.isGateway() ? "edge-gateway" : device.type().name().toLowerCase(java.util.Locale.ROOT),
                    device.gatewayId(), DeviceLifecycle.ACTIVE, null, device.department(), device.district(), null,
                    device.latitude(), device.longitude(),
                    device.isGateway() ? List.of() : device.type().measurementNames(), 1, updatedAt);
            byte[] data = json.write(record);
            var violations = schemas.validate(EventType.DEVICE, json.readTree(data));
            if (!violations.isEmpty()) {
                throw new IllegalStateException("seed record for " + device.id() + " breaks the schema: " + violations);
            }
            String id = UUID.nameUUIDFromBytes((device.id() + "\n" + new String(data, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8)).toString();
            records.add(CloudEventRecords.toRecord(Topics.REGISTRY_DEVICES, device.id(), EventType.DEVICE, id, SOURCE,
                    device.id(), updatedAt, data));
        }
        return records;
    }

    /** Publishes the records and waits until Kafka acknowledged every one. */
    public int publish(String bootstrapServers, SimulatedCityPlan plan, Instant updatedAt) {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        var records = records(plan, updatedAt);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = records.stream().map(producer::send).toList();
            for (Future<RecordMetadata> ack : sent) {
                ack.get(60, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("seeding " + Topics.REGISTRY_DEVICES + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while seeding", e);
        }
        return records.size();
    }

    private static List<PlannedDevice> concat(List<PlannedDevice> first, List<PlannedDevice> second) {
        var all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
