package city.urbanops.testkit.registry;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.CloudEventRecords;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventType;
import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.events.registry.GatewayCredentials;
import city.urbanops.events.registry.GatewayCredentials.Secret;
import city.urbanops.events.registry.GatewayTokens;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Provisions gateways and devices the way the device registry does, by producing {@link GatewayCredentials} to
 * {@code registry.gateway-credentials} and {@link DeviceRecord}s to {@code registry.devices} (hashes only on the topic;
 * the plaintext secret is returned to the test). Each change bumps the record's version, as the registry's would.
 * Every method returns once Kafka acknowledged what it produced.
 */
public final class RegistryFixture implements AutoCloseable {

    /** The measurements {@code UplinkFixtures.batch} readings carry. */
    public static final List<String> FIXTURE_MEASUREMENTS = List.of("temperature", "humidity");
    private static final URI SOURCE = URI.create("urn:urbanops:test-kit:registry-fixture");
    private static final EventJson JSON = new EventJson();

    private final KafkaProducer<String, byte[]> producer;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, GatewayCredentials> credentials = new ConcurrentHashMap<>();
    private final Map<String, DeviceRecord> devices = new ConcurrentHashMap<>();

    private RegistryFixture(String bootstrapServers) {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    public static RegistryFixture on(String bootstrapServers) {
        return new RegistryFixture(bootstrapServers);
    }

    /** An ACTIVE gateway with one fresh secret (and its device record); returns the secret. */
    public ProvisionedGateway gateway(String gatewayId) {
        return gateway(gatewayId, DeviceLifecycle.ACTIVE);
    }

    /** A gateway in {@code lifecycle} with one fresh secret (and its device record); returns the secret. */
    public ProvisionedGateway gateway(String gatewayId, DeviceLifecycle lifecycle) {
        String secret = GatewayTokens.generate(random);
        Instant now = Instant.now();
        var previous = credentials.get(gatewayId);
        long version = previous == null ? 1 : previous.version() + 1;
        send(credentialsRecord(new GatewayCredentials(gatewayId, lifecycle,
                List.of(new Secret(credentialId(), GatewayTokens.sha256Hex(secret), now, null)), List.of(), version,
                now)));
        send(List.of(deviceRecord(new DeviceRecord(gatewayId, null, DeviceKind.GATEWAY, "edge-gateway", null,
                lifecycle, null, "operations", "centre", null, null, null, List.of(), version, now))));
        return new ProvisionedGateway(gatewayId, secret);
    }

    /**
     * {@code count} ACTIVE gateways {@code <prefix>-0} .. {@code <prefix>-(count-1)}, each with one fresh secret, produced
     * together (credentials only: what connecting needs); for load tests.
     */
    public List<ProvisionedGateway> gateways(String prefix, int count) {
        var provisioned = new ArrayList<ProvisionedGateway>(count);
        var records = new ArrayList<ProducerRecord<String, byte[]>>(count);
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            String gatewayId = prefix + "-" + i;
            String secret = GatewayTokens.generate(random);
            var previous = credentials.get(gatewayId);
            records.add(credentialsRecord(new GatewayCredentials(gatewayId, DeviceLifecycle.ACTIVE,
                    List.of(new Secret(credentialId(), GatewayTokens.sha256Hex(secret), now, null)), List.of(),
                    previous == null ? 1 : previous.version() + 1, now)));
            provisioned.add(new ProvisionedGateway(gatewayId, secret));
        }
        send(records);
        return provisioned;
    }

    /**
     * Rotates the gateway's secret: a new current secret, the previous ones valid until {@code overlapEnds}.
     * Returns the new secret.
     */
    public String rotate(String gatewayId, Instant overlapEnds) {
        var current = existing(gatewayId);
        String secret = GatewayTokens.generate(random);
        Instant now = Instant.now();
        var secrets = new ArrayList<Secret>();
        secrets.add(new Secret(credentialId(), GatewayTokens.sha256Hex(secret), now, null));
        for (var old : current.secrets()) {
            secrets.add(new Secret(old.credentialId(), old.sha256(), old.issuedAt(),
                    old.expiresAt() == null || old.expiresAt().isAfter(overlapEnds) ? overlapEnds : old.expiresAt()));
        }
        send(credentialsRecord(new GatewayCredentials(gatewayId, current.lifecycle(), secrets,
                current.certificateFingerprints(), current.version() + 1, now)));
        return secret;
    }

    /** Moves the gateway to {@code lifecycle}, keeping its secrets. */
    public void lifecycle(String gatewayId, DeviceLifecycle lifecycle) {
        var current = existing(gatewayId);
        send(credentialsRecord(new GatewayCredentials(gatewayId, lifecycle, current.secrets(),
                current.certificateFingerprints(), current.version() + 1, Instant.now())));
    }

    /** Deletes the gateway's credentials: a tombstone on the credentials topic. */
    public void deleteGateway(String gatewayId) {
        credentials.remove(gatewayId);
        await(List.of(producer.send(new ProducerRecord<>(Topics.REGISTRY_GATEWAY_CREDENTIALS, gatewayId, null))));
    }

    /** ACTIVE devices {@code <prefix>-0} .. {@code <prefix>-(count-1)} of the gateway, reporting {@code measurements}. */
    public void devices(String gatewayId, String prefix, int count, List<String> measurements) {
        var records = new ArrayList<ProducerRecord<String, byte[]>>(count);
        for (int i = 0; i < count; i++) {
            records.add(deviceRecord(newDevice(prefix + "-" + i, gatewayId, DeviceLifecycle.ACTIVE, null,
                    measurements)));
        }
        send(records);
    }

    /** One device of the gateway in {@code lifecycle}, quarantined when {@code quarantine} is not null. */
    public void device(String deviceId, String gatewayId, DeviceLifecycle lifecycle,
                       DeviceRecord.Quarantine quarantine, List<String> measurements) {
        send(List.of(deviceRecord(newDevice(deviceId, gatewayId, lifecycle, quarantine, measurements))));
    }

    private DeviceRecord newDevice(String deviceId, String gatewayId, DeviceLifecycle lifecycle,
                                   DeviceRecord.Quarantine quarantine, List<String> measurements) {
        var previous = devices.get(deviceId);
        long version = previous == null ? 1 : previous.version() + 1;
        return new DeviceRecord(deviceId, null, DeviceKind.SENSOR, "test-sensor", gatewayId, lifecycle, quarantine,
                "environment", "centre", null, null, null, measurements, version, Instant.now());
    }

    private GatewayCredentials existing(String gatewayId) {
        var current = credentials.get(gatewayId);
        if (current == null) {
            throw new IllegalArgumentException("gateway " + gatewayId + " was not provisioned by this fixture");
        }
        return current;
    }

    private ProducerRecord<String, byte[]> credentialsRecord(GatewayCredentials record) {
        credentials.put(record.gatewayId(), record);
        return CloudEventRecords.toRecord(Topics.REGISTRY_GATEWAY_CREDENTIALS, record.gatewayId(),
                EventType.GATEWAY_CREDENTIALS, record.eventId(), SOURCE, record.gatewayId(), record.updatedAt(),
                JSON.write(record));
    }

    private ProducerRecord<String, byte[]> deviceRecord(DeviceRecord record) {
        devices.put(record.deviceId(), record);
        return CloudEventRecords.toRecord(Topics.REGISTRY_DEVICES, record.deviceId(), EventType.DEVICE,
                record.eventId(), SOURCE, record.deviceId(), record.updatedAt(), JSON.write(record));
    }

    private void send(ProducerRecord<String, byte[]> record) {
        send(List.of(record));
    }

    private void send(List<ProducerRecord<String, byte[]>> records) {
        await(records.stream().map(producer::send).toList());
    }

    private static void await(List<? extends Future<?>> acks) {
        try {
            for (var ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception failed) {
            throw new IllegalStateException("Kafka did not take the registry records", failed);
        }
    }

    private static String credentialId() {
        return "cred-" + UUID.randomUUID();
    }

    @Override
    public void close() {
        producer.close();
    }
}
