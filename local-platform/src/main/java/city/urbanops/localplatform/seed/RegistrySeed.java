package city.urbanops.localplatform.seed;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.CloudEventRecords;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventSchemas;
import city.urbanops.events.codec.EventType;
import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.events.registry.GatewayCredentials;
import city.urbanops.events.registry.GatewayCredentials.Secret;
import city.urbanops.events.registry.GatewayTokens;
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
 * {@code registry.devices} topic, and each gateway's {@link GatewayCredentials} (the SHA-256 of its secret, never the
 * secret) to {@code registry.gateway-credentials}, until the device registry service's bulk import does that. Each
 * record's CloudEvent id is derived from its content, so re-seeding the same city with the same secrets on every start
 * is recognisably the same fact.
 */
public final class RegistrySeed {

    static final URI SOURCE = URI.create("urn:urbanops:local-platform:seed");

    private final EventJson json = new EventJson();
    private final EventSchemas schemas = new EventSchemas();

    /** The records for a plan, all ACTIVE, stamped {@code updatedAt}: credentials first, then devices. */
    public List<ProducerRecord<String, byte[]>> records(SimulatedCityPlan plan, GatewaySecrets secrets,
                                                       Instant updatedAt) {
        var records = new ArrayList<ProducerRecord<String, byte[]>>();
        for (PlannedDevice gateway : plan.gateways()) {
            var credentials = new GatewayCredentials(gateway.id(), DeviceLifecycle.ACTIVE,
                    List.of(new Secret("seed-" + gateway.id(), GatewayTokens.sha256Hex(secrets.secretOf(gateway.id())),
                            updatedAt, null)), List.of(), 1, updatedAt);
            records.add(cloudEvent(Topics.REGISTRY_GATEWAY_CREDENTIALS, EventType.GATEWAY_CREDENTIALS, gateway.id(),
                    json.write(credentials), updatedAt));
        }
        for (PlannedDevice device : concat(plan.gateways(), plan.devices())) {
            var record = new DeviceRecord(device.id(), null,
                    device.isGateway() ? DeviceKind.GATEWAY : DeviceKind.SENSOR,
                    device.isGateway() ? "edge-gateway" : device.type().name().toLowerCase(java.util.Locale.ROOT),
                    device.gatewayId(), DeviceLifecycle.ACTIVE, null, device.department(), device.district(), null,
                    device.latitude(), device.longitude(),
                    device.isGateway() ? List.of() : device.type().measurementNames(), 1, updatedAt);
            records.add(cloudEvent(Topics.REGISTRY_DEVICES, EventType.DEVICE, device.id(), json.write(record),
                    updatedAt));
        }
        return records;
    }

    private ProducerRecord<String, byte[]> cloudEvent(String topic, EventType type, String key, byte[] data,
                                                     Instant updatedAt) {
        var violations = schemas.validate(type, json.readTree(data));
        if (!violations.isEmpty()) {
            throw new IllegalStateException("seed record for " + key + " breaks the schema: " + violations);
        }
        String id = UUID.nameUUIDFromBytes((key + "\n" + new String(data, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8)).toString();
        return CloudEventRecords.toRecord(topic, key, type, id, SOURCE, key, updatedAt, data);
    }

    /** Publishes the records and waits until Kafka acknowledged every one. */
    public int publish(String bootstrapServers, SimulatedCityPlan plan, GatewaySecrets secrets, Instant updatedAt) {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        var records = records(plan, secrets, updatedAt);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = records.stream().map(producer::send).toList();
            for (Future<RecordMetadata> ack : sent) {
                ack.get(60, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("seeding the registry topics failed: " + e.getMessage(), e);
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
