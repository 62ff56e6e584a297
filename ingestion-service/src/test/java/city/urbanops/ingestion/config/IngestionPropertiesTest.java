package city.urbanops.ingestion.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class IngestionPropertiesTest {

    private static final IngestionProperties.Mqtt MQTT = mqtt(DataSize.ofMegabytes(32));
    private static final IngestionProperties.Uplink UPLINK =
            new IngestionProperties.Uplink(DataSize.ofMegabytes(1), Duration.ofDays(30), Duration.ofMinutes(5));
    private static final IngestionProperties.Registry REGISTRY =
            new IngestionProperties.Registry("ingestion-registry-view", Duration.ofSeconds(10));

    @Test
    void aPublishTimeoutThatKafkaCouldOutlastIsRefused() {
        var kafka = kafka(Duration.ofSeconds(10));

        assertThatThrownBy(() -> new IngestionProperties("i-1", Duration.ofSeconds(10), MQTT, kafka, UPLINK, REGISTRY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("publish-timeout");
    }

    @Test
    void thePacketLimitIsTheBatchLimitPlusTheHeadroomForHeaders() {
        var properties = new IngestionProperties("i-1", Duration.ofSeconds(15), MQTT, kafka(Duration.ofSeconds(10)),
                UPLINK, REGISTRY);

        assertThat(properties.maxPacketSize()).isEqualTo(1024 * 1024 + 64 * 1024);
    }

    @Test
    void anInFlightBudgetThatCannotHoldTheLargestPacketIsRefused() {
        var tooSmall = mqtt(DataSize.ofMegabytes(1));

        assertThatThrownBy(() -> new IngestionProperties("i-1", Duration.ofSeconds(15), tooSmall,
                kafka(Duration.ofSeconds(10)), UPLINK, REGISTRY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("in-flight-budget");
    }

    @Test
    void aReceiveMaximumThatWouldParkManyPacketsPerConnectionIsRefused() {
        assertThatThrownBy(() -> new IngestionProperties.Mqtt("0.0.0.0", 1883, DataSize.ofKilobytes(64), 1000, 1000,
                Duration.ofSeconds(10), DataSize.ofBytes(0), DataSize.ofMegabytes(32), DataSize.ofKilobytes(4), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("server-receive-maximum");
    }

    @Test
    void aConnectWaitThatWouldHoldConnectionsForMinutesIsRefused() {
        assertThatThrownBy(() -> new IngestionProperties.Registry("ingestion-registry-view", Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connect-wait");
    }

    private static IngestionProperties.Mqtt mqtt(DataSize inFlightBudget) {
        return new IngestionProperties.Mqtt("0.0.0.0", 1883, DataSize.ofKilobytes(64), 2, 1000,
                Duration.ofSeconds(10), DataSize.ofBytes(0), inFlightBudget, DataSize.ofKilobytes(4), null);
    }

    private static IngestionProperties.Kafka kafka(Duration deliveryTimeout) {
        return new IngestionProperties.Kafka("localhost:9092", deliveryTimeout, Duration.ofSeconds(1),
                Duration.ofMillis(1), "lz4", Duration.ofSeconds(3));
    }
}
