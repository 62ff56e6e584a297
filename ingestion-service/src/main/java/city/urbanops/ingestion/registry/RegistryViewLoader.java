package city.urbanops.ingestion.registry;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.events.registry.GatewayCredentials;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.core.JacksonException;

/**
 * Fills the {@link RegistryView} from {@code registry.gateway-credentials} and {@code registry.devices} and keeps it
 * current. Every instance needs the whole registry, so all partitions are assigned to it (no group rebalancing), read
 * from the beginning at every start and never committed; the group id is stable only so that operators can see the
 * reader. The end offsets seen when loading began mark when the view is {@link RegistryView#loaded() loaded}. Started
 * before the MQTT edge, on a thread of its own; a broker that is down only delays the view (readiness stays down).
 */
public final class RegistryViewLoader implements SmartLifecycle {

    /** Before the MQTT edge (phase 0): gateways connecting wait for the view, so it should be on its way. */
    public static final int PHASE = -100;
    private static final Logger log = LoggerFactory.getLogger(RegistryViewLoader.class);
    private static final List<String> TOPICS = List.of(Topics.REGISTRY_GATEWAY_CREDENTIALS, Topics.REGISTRY_DEVICES);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
    private static final Pattern SHA256_HEX = Pattern.compile("^[0-9a-f]{64}$");

    private final RegistryView view;
    private final EventJson json;
    private final Properties consumerProperties;
    private final Counter skipped;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public RegistryViewLoader(RegistryView view, EventJson json, String bootstrapServers, String groupId,
                              String clientId, MeterRegistry meters) {
        this.view = view;
        this.json = json;
        this.skipped = Counter.builder("urbanops.ingestion.registry.skipped")
                .description("Registry records the view could not read and skipped").register(meters);
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The registry publishes in Kafka transactions: a relay that died inside one leaves records the next one
        // aborts, and only a read_committed consumer never sees those.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A revocation must reach connected gateways within a second: do not let an idle fetch wait long.
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        this.consumerProperties = props;
    }

    @Override
    public synchronized void start() {
        consumer = new KafkaConsumer<>(consumerProperties, new StringDeserializer(), new ByteArrayDeserializer());
        running = true;
        thread = Thread.ofPlatform().name("registry-view").daemon().start(this::run);
    }

    @Override
    public synchronized void stop() {
        running = false;
        var current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private void run() {
        try (var kafka = consumer) {
            Map<TopicPartition, Long> loadedAt = null;
            boolean warned = false;
            while (running) {
                try {
                    if (loadedAt == null) {
                        loadedAt = assignEverything(kafka);
                        log.info("Loading the registry view from {} partitions", loadedAt.size());
                    }
                    for (ConsumerRecord<String, byte[]> record : kafka.poll(POLL)) {
                        apply(record);
                    }
                    if (!view.loaded() && caughtUp(kafka, loadedAt)) {
                        view.markLoaded();
                        log.info("Registry view loaded: {} gateways, {} devices", view.gatewayCount(),
                                view.deviceCount());
                    }
                    warned = false;
                } catch (WakeupException stopping) {
                    return;
                } catch (KafkaException unavailable) {
                    if (!warned) {
                        log.warn("Registry view cannot read Kafka, retrying: {}", unavailable.toString());
                        warned = true;
                    }
                    pause();
                }
            }
        } catch (WakeupException stopping) {
            // Closing.
        }
    }

    private Map<TopicPartition, Long> assignEverything(KafkaConsumer<String, byte[]> kafka) {
        var partitions = new ArrayList<TopicPartition>();
        for (String topic : TOPICS) {
            var infos = kafka.partitionsFor(topic, METADATA_TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new KafkaException("topic " + topic + " has no partitions (yet)");
            }
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        kafka.assign(partitions);
        var endOffsets = kafka.endOffsets(partitions, METADATA_TIMEOUT);
        kafka.seekToBeginning(partitions);
        return new HashMap<>(endOffsets);
    }

    private boolean caughtUp(KafkaConsumer<String, byte[]> kafka, Map<TopicPartition, Long> loadedAt) {
        for (var end : loadedAt.entrySet()) {
            if (kafka.position(end.getKey(), METADATA_TIMEOUT) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        String key = record.key();
        if (key == null) {
            skip(record, "no key");
            return;
        }
        try {
            if (Topics.REGISTRY_GATEWAY_CREDENTIALS.equals(record.topic())) {
                var credentials = record.value() == null ? null : json.read(record.value(), GatewayCredentials.class);
                if (credentials != null && !key.equals(credentials.gatewayId())) {
                    skip(record, "key is not the record's gatewayId");
                    return;
                }
                view.applyCredentials(key, credentials == null ? null : withWellFormedSecrets(record, credentials));
            } else {
                var device = record.value() == null ? null : json.read(record.value(), DeviceRecord.class);
                if (device != null && !key.equals(device.deviceId())) {
                    skip(record, "key is not the record's deviceId");
                    return;
                }
                view.applyDevice(key, device);
            }
        } catch (JacksonException unreadable) {
            // The record's content is not logged: the credentials topic holds hashes a log has no business keeping.
            skip(record, "not readable as its event type: " + unreadable.getOriginalMessage());
        } catch (RuntimeException unexpected) {
            // One bad record (or a listener failing on it) must not stop the view: the rest of the poll follows.
            skip(record, "could not be applied: " + unexpected);
        }
    }

    /**
     * The record without secrets whose hash is not 64 lowercase hex digits (none could ever match, and parsing them
     * would fail at every CONNECT); its lifecycle still applies, so a malformed record never keeps a revoked gateway in.
     */
    private GatewayCredentials withWellFormedSecrets(ConsumerRecord<String, byte[]> record,
                                                     GatewayCredentials credentials) {
        var wellFormed = credentials.secrets().stream()
                .filter(secret -> secret.sha256() != null && SHA256_HEX.matcher(secret.sha256()).matches())
                .toList();
        if (wellFormed.size() == credentials.secrets().size()) {
            return credentials;
        }
        skipped.increment();
        log.warn("Registry view dropped {} malformed secret hash(es) of gateway {} ({}-{}@{})",
                credentials.secrets().size() - wellFormed.size(), credentials.gatewayId(), record.topic(),
                record.partition(), record.offset());
        return new GatewayCredentials(credentials.gatewayId(), credentials.lifecycle(), wellFormed,
                credentials.certificateFingerprints(), credentials.version(), credentials.updatedAt());
    }

    private void skip(ConsumerRecord<String, byte[]> record, String why) {
        skipped.increment();
        log.warn("Registry view skipped {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), why);
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_PAUSE);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
