package city.urbanops.ingestion.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the MQTT edge under {@code urbanops.ingestion}; every default is documented in the module README.
 *
 * @param instanceId     names this instance in CloudEvents {@code source} and in gateway status events
 * @param publishTimeout how long a PUBLISH may wait for Kafka before the gateway gets an error PUBACK; must exceed
 *                       the producer's delivery timeout plus its max block so that Kafka's own verdict arrives first
 */
@ConfigurationProperties("urbanops.ingestion")
public record IngestionProperties(
        @DefaultValue("ingestion-local") String instanceId,
        @DefaultValue("15s") Duration publishTimeout,
        @DefaultValue Mqtt mqtt,
        @DefaultValue Kafka kafka,
        @DefaultValue Uplink uplink,
        @DefaultValue Registry registry) {

    /** MQTT's own limit: a 4-byte remaining length plus the fixed header. */
    private static final long MQTT_MAX_PACKET_SIZE = 268_435_460L;

    public IngestionProperties {
        require(instanceId != null && instanceId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}"),
                "urbanops.ingestion.instance-id must be 1-64 of A-Z a-z 0-9 . _ - (it becomes part of a URN)");
        require(publishTimeout.compareTo(kafka.deliveryTimeout().plus(kafka.maxBlock())) > 0,
                "urbanops.ingestion.publish-timeout (" + publishTimeout + ") must exceed kafka.delivery-timeout + "
                        + "kafka.max-block (" + kafka.deliveryTimeout().plus(kafka.maxBlock()) + "), otherwise "
                        + "HiveMQ answers before Kafka does");
        require(uplink.maxMessageSize().toBytes() + mqtt.packetHeadroom().toBytes() <= MQTT_MAX_PACKET_SIZE,
                "urbanops.ingestion.uplink.max-message-size + mqtt.packet-headroom must not exceed MQTT's largest "
                        + "packet, 256 MB");
        require(mqtt.inFlightBudget().toBytes() >= uplink.maxMessageSize().toBytes() + mqtt.packetHeadroom().toBytes(),
                "urbanops.ingestion.mqtt.in-flight-budget must hold at least one packet of the largest size, "
                        + "uplink.max-message-size + mqtt.packet-headroom, or such a batch could never be accepted");
    }

    /** The CloudEvents {@code source} of every record this instance produces. */
    public URI source() {
        return URI.create("urn:urbanops:ingestion:" + instanceId);
    }

    /**
     * HiveMQ's maximum packet size, announced in every CONNACK: the largest batch plus room for the PUBLISH's own
     * header and properties. A batch just over its limit still fits and is dead-lettered as {@code OVERSIZED}; a
     * packet beyond this is refused by HiveMQ (DISCONNECT 0x95) before its bytes are held in memory.
     */
    public long maxPacketSize() {
        return uplink.maxMessageSize().toBytes() + mqtt.packetHeadroom().toBytes();
    }

    /**
     * The embedded HiveMQ listener and the limits that bound what gateways can make it hold in memory: per connection
     * at most {@code serverReceiveMaximum} PUBLISHes of at most {@link IngestionProperties#maxPacketSize()} bytes, at
     * most {@code maxConnections} connections, and over all of them at most {@code inFlightBudget} payload bytes
     * being decoded and produced at once.
     *
     * @param packetHeadroom         added to {@code uplink.max-message-size} to make HiveMQ's maximum packet size: room
     *                               for the PUBLISH's fixed header, topic and properties
     * @param serverReceiveMaximum   unacknowledged QoS 1 PUBLISHes a connection may have; HiveMQ handles a connection's
     *                               PUBLISHes one at a time anyway, so a larger window only parks more bytes
     * @param maxConnections         connections HiveMQ accepts; a CONNECT beyond is answered CONNACK 0x97
     * @param noConnectIdleTimeout   how long a TCP connection may stay open without sending CONNECT
     * @param incomingBytesPerSecond what HiveMQ reads per second from all connections together; 0 B leaves reading
     *                               unthrottled
     * @param inFlightBudget         payload bytes of PUBLISHes between entering the interceptor and their PUBACK, over
     *                               all connections; a PUBLISH that does not fit is answered 0x97
     * @param maxStatusSize          the largest status message or last will a gateway may send; a larger one is
     *                               refused and never retained
     * @param dataDir                where HiveMQ's {@code conf/}, {@code data/} and {@code extensions/} live; a
     *                               temporary directory (deleted at stop) when unset
     */
    public record Mqtt(
            @DefaultValue("0.0.0.0") String host,
            @DefaultValue("1883") int port,
            @DefaultValue("64KB") DataSize packetHeadroom,
            @DefaultValue("4") int serverReceiveMaximum,
            @DefaultValue("120") int maxConnections,
            @DefaultValue("10s") Duration noConnectIdleTimeout,
            @DefaultValue("8MB") DataSize incomingBytesPerSecond,
            @DefaultValue("32MB") DataSize inFlightBudget,
            @DefaultValue("4KB") DataSize maxStatusSize,
            Path dataDir) {

        public Mqtt {
            require(port >= 1 && port <= 65535, "urbanops.ingestion.mqtt.port must be 1..65535");
            require(packetHeadroom.toBytes() >= 1024 && packetHeadroom.toBytes() <= 1024 * 1024,
                    "urbanops.ingestion.mqtt.packet-headroom must be 1KB..1MB");
            require(serverReceiveMaximum >= 1 && serverReceiveMaximum <= 64,
                    "urbanops.ingestion.mqtt.server-receive-maximum must be 1..64: each one lets every connection "
                            + "park another packet in memory");
            require(maxConnections >= 1 && maxConnections <= 1_000_000,
                    "urbanops.ingestion.mqtt.max-connections must be 1..1000000");
            require(noConnectIdleTimeout.toMillis() >= 100
                            && noConnectIdleTimeout.compareTo(Duration.ofMinutes(5)) <= 0,
                    "urbanops.ingestion.mqtt.no-connect-idle-timeout must be 100ms..5m");
            require(incomingBytesPerSecond.toBytes() == 0 || incomingBytesPerSecond.toBytes() >= 1024,
                    "urbanops.ingestion.mqtt.incoming-bytes-per-second must be 0B (unthrottled) or at least 1KB");
            require(inFlightBudget.toBytes() <= Integer.MAX_VALUE,
                    "urbanops.ingestion.mqtt.in-flight-budget must be at most 2GB");
            require(maxStatusSize.toBytes() >= 16 && maxStatusSize.toBytes() <= 64 * 1024,
                    "urbanops.ingestion.mqtt.max-status-size must be 16B..64KB");
        }
    }

    /** The Kafka producer every accepted reading, dead letter and status event goes through. */
    public record Kafka(
            @DefaultValue("localhost:9092") String bootstrapServers,
            @DefaultValue("10s") Duration deliveryTimeout,
            @DefaultValue("1s") Duration maxBlock,
            @DefaultValue("1ms") Duration linger,
            @DefaultValue("lz4") String compressionType,
            @DefaultValue("3s") Duration healthTimeout) {

        public Kafka {
            require(bootstrapServers != null && !bootstrapServers.isBlank(),
                    "urbanops.ingestion.kafka.bootstrap-servers must not be blank");
            require(linger.toMillis() <= 5, "urbanops.ingestion.kafka.linger must be 0..5 ms: HiveMQ handles one "
                    + "PUBLISH of a connection at a time, so every millisecond of linger is per-message latency");
            require(deliveryTimeout.compareTo(linger.plusSeconds(1)) > 0,
                    "urbanops.ingestion.kafka.delivery-timeout must exceed linger by at least 1s");
        }
    }

    /** What an uplink batch and its readings may be. */
    public record Uplink(
            @DefaultValue("1MB") DataSize maxMessageSize,
            @DefaultValue("30d") Duration maxReadingAge,
            @DefaultValue("5m") Duration maxFutureSkew) {

        public Uplink {
            require(maxMessageSize.toBytes() > 0, "urbanops.ingestion.uplink.max-message-size must be positive");
            require(!maxReadingAge.isNegative() && !maxFutureSkew.isNegative(),
                    "urbanops.ingestion.uplink.max-reading-age and max-future-skew must not be negative");
        }
    }

    /**
     * The registry view read from the registry's compacted topics.
     *
     * @param groupId     the consumer group id the view reads under: stable, so operators can see the reader, though
     *                    it assigns every partition itself and never commits
     * @param connectWait how long a CONNECT that arrives while the view is still loading waits for it; then CONNACK
     *                    0x88 Server unavailable (retry later), never a verdict on credentials the view may not hold yet
     */
    public record Registry(
            @DefaultValue("ingestion-registry-view") String groupId,
            @DefaultValue("10s") Duration connectWait) {

        public Registry {
            require(groupId != null && !groupId.isBlank(), "urbanops.ingestion.registry.group-id must not be blank");
            require(connectWait.toMillis() >= 0 && connectWait.compareTo(Duration.ofMinutes(1)) <= 0,
                    "urbanops.ingestion.registry.connect-wait must be 0s..1m: each waiting CONNECT holds a connection");
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
