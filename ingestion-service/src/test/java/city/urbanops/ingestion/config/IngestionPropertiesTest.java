package city.urbanops.ingestion.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class IngestionPropertiesTest {

    private static final IngestionProperties.Mqtt MQTT =
            new IngestionProperties.Mqtt("0.0.0.0", 1883, DataSize.ofMegabytes(16), 32, null);
    private static final IngestionProperties.Uplink UPLINK =
            new IngestionProperties.Uplink(DataSize.ofMegabytes(1), Duration.ofDays(30), Duration.ofMinutes(5));

    @Test
    void aPublishTimeoutThatKafkaCouldOutlastIsRefused() {
        var kafka = kafka(Duration.ofSeconds(10));

        assertThatThrownBy(() -> new IngestionProperties("i-1", Duration.ofSeconds(10), MQTT, kafka, UPLINK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("publish-timeout");
    }

    @Test
    void aPacketLimitNotAboveTheBatchLimitIsRefused() {
        var smallPackets = new IngestionProperties.Mqtt("0.0.0.0", 1883, DataSize.ofMegabytes(1), 32, null);

        assertThatThrownBy(() -> new IngestionProperties("i-1", Duration.ofSeconds(15), smallPackets,
                kafka(Duration.ofSeconds(10)), UPLINK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max-packet-size");
    }

    private static IngestionProperties.Kafka kafka(Duration deliveryTimeout) {
        return new IngestionProperties.Kafka("localhost:9092", deliveryTimeout, Duration.ofSeconds(1),
                Duration.ofMillis(1), "lz4", Duration.ofSeconds(3));
    }
}
