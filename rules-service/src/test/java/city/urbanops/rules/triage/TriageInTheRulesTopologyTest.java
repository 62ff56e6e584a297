package city.urbanops.rules.triage;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.Topics;
import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.gateway.GatewayStatusEvent;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.rules.topology.JsonSerde;
import city.urbanops.rules.topology.RulesMetrics;
import city.urbanops.rules.topology.RulesSettings;
import city.urbanops.rules.topology.RulesTopology;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Triage as the rules topology wires it: gateway status in, through the findings repartition, alerts out. */
class TriageInTheRulesTopologyTest {

    @TempDir
    java.nio.file.Path stateDir;

    @Test
    void aGatewayThatStaysOfflineReachesTheAlertsTopicAsOneNetworkFaultWithItsCloudEventsId() {
        var json = new EventJson();
        var properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "triage-in-topology-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        var start = TriageHarness.START;
        try (var driver = new TopologyTestDriver(RulesTopology.build(RulesSettings.defaults(), RulesMetrics.NONE,
                AutoOffsetReset.earliest()), properties, start)) {
            var registry = driver.createInputTopic(Topics.REGISTRY_DEVICES, new StringSerializer(),
                    new JsonSerde<>(json.mapper(), DeviceRecord.class).serializer());
            var status = driver.createInputTopic(Topics.GATEWAY_STATUS, new StringSerializer(),
                    new ByteArraySerializer());
            var alerts = driver.createOutputTopic(Topics.ALERTS, new StringDeserializer(),
                    new JsonSerde<>(json.mapper(), AlertEvent.class).deserializer());

            registry.pipeInput("gw-7", Fixtures.gateway("gw-7", "north"));
            status.pipeInput("gw-7", json.write(new GatewayStatusEvent("gw-7",
                    GatewayStatusEvent.Connectivity.OFFLINE, GatewayStatusEvent.Cause.CONNECTION_LOST, null,
                    "ingestion-1", start)), start);
            driver.advanceWallClockTime(Duration.ofSeconds(35));

            var record = alerts.readRecord();
            assertThat(record.key()).isEqualTo("network/gateway/gw-7");
            assertThat(record.value().cause()).isEqualTo(AlertEvent.Cause.NETWORK_FAULT);
            assertThat(record.value().raisedAt()).isEqualTo(Instant.parse("2026-11-30T08:00:00Z"));
            assertThat(new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8))
                    .isEqualTo(record.value().eventId());
            assertThat(alerts.isEmpty()).isTrue();
        }
    }

    @Test
    void triageKeepsItsStateInPersistentStoresWithChangelogsSoItSurvivesRestartsAndPartitionMoves() {
        var stores = TriageStage.supplier(RulesSettings.defaults(), RulesMetrics.NONE).stores();

        assertThat(stores).hasSize(10).allSatisfy(builder -> {
            assertThat(builder.loggingEnabled()).as(builder.name() + " changelogged").isTrue();
            assertThat(builder.build().persistent()).as(builder.name() + " persistent").isTrue();
        });
    }
}
