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
        @DefaultValue Uplink uplink) {

    public IngestionProperties {
        require(instanceId != null && instanceId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}"),
                "urbanops.ingestion.instance-id must be 1-64 of A-Z a-z 0-9 . _ - (it becomes part of a URN)");
        require(publishTimeout.compareTo(kafka.deliveryTimeout().plus(kafka.maxBlock())) > 0,
                "urbanops.ingestion.publish-timeout (" + publishTimeout + ") must exceed kafka.delivery-timeout + "
                        + "kafka.max-block (" + kafka.deliveryTimeout().plus(kafka.maxBlock()) + "), otherwise "
                        + "HiveMQ answers before Kafka does");
        require(mqtt.maxPacketSize().toBytes() > uplink.maxMessageSize().toBytes(),
                "urbanops.ingestion.mqtt.max-packet-size must exceed uplink.max-message-size so that an oversized "
                        + "batch reaches the dead letter instead of a silent disconnect");
    }

    /** The CloudEvents {@code source} of every record this instance produces. */
    public URI source() {
        return URI.create("urn:urbanops:ingestion:" + instanceId);
    }

    /**
     * The embedded HiveMQ listener.
     *
     * @param dataDir where HiveMQ's {@code conf/}, {@code data/} and {@code extensions/} live; a temporary
     *                directory (deleted at stop) when unset
     */
    public record Mqtt(
            @DefaultValue("0.0.0.0") String host,
            @DefaultValue("1883") int port,
            @DefaultValue("16MB") DataSize maxPacketSize,
            @DefaultValue("32") int serverReceiveMaximum,
            Path dataDir) {

        public Mqtt {
            require(port >= 1 && port <= 65535, "urbanops.ingestion.mqtt.port must be 1..65535");
            require(serverReceiveMaximum >= 1 && serverReceiveMaximum <= 65535,
                    "urbanops.ingestion.mqtt.server-receive-maximum must be 1..65535");
            require(maxPacketSize.toBytes() > 0 && maxPacketSize.toBytes() <= 268_435_460L,
                    "urbanops.ingestion.mqtt.max-packet-size must be 1 B..256 MiB");
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

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
