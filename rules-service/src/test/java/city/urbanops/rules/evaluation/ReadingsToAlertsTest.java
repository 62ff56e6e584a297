package city.urbanops.rules.evaluation;

import static city.urbanops.rules.evaluation.DeviceStageHarness.START;
import static city.urbanops.rules.evaluation.DeviceStageHarness.level;
import static city.urbanops.rules.evaluation.DeviceStageHarness.rule;
import static city.urbanops.rules.evaluation.DeviceStageHarness.sensor;
import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.EventClass;
import city.urbanops.events.Topics;
import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.events.telemetry.TelemetryRecord;
import city.urbanops.rules.rule.Condition;
import city.urbanops.rules.rule.RuleRelease;
import city.urbanops.rules.topology.JsonSerde;
import city.urbanops.rules.topology.RulesMetrics;
import city.urbanops.rules.topology.RulesSettings;
import city.urbanops.rules.topology.RulesTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device stage in the whole rules topology: readings on a class topic in, alerts out through triage. */
class ReadingsToAlertsTest {

    @TempDir
    Path stateDir;

    @Test
    void aThresholdOnOneHealthySensorIsRaisedAndClearedAsOneIncident() {
        var json = new EventJson();
        var properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "readings-to-alerts-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (var driver = new TopologyTestDriver(RulesTopology.build(RulesSettings.defaults(), RulesMetrics.NONE,
                AutoOffsetReset.earliest()), properties, START)) {
            var registry = driver.createInputTopic(Topics.REGISTRY_DEVICES, new StringSerializer(),
                    new JsonSerde<>(json.mapper(), DeviceRecord.class).serializer());
            var rules = driver.createInputTopic(Topics.RULES, new StringSerializer(),
                    new JsonSerde<>(json.mapper(), RuleRelease.class).serializer());
            var readings = driver.createInputTopic(Topics.TELEMETRY_ENVIRONMENTAL, new StringSerializer(),
                    new ByteArraySerializer());
            var alerts = driver.createOutputTopic(Topics.ALERTS, new StringDeserializer(),
                    new JsonSerde<>(json.mapper(), AlertEvent.class).deserializer());
            registry.pipeInput("wl-1", sensor("wl-1", "water-level", "north", "water_level"), START);
            rules.pipeInput("flood", rule("flood", 1, new Condition.Threshold("water_level",
                    Condition.Direction.ABOVE, 1.5, 1.2, null)), START);
            driver.advanceWallClockTime(DeviceStage.RULES_REFRESH);

            double[] minutely = {1.0, 1.7, 1.4, 1.1};
            for (int i = 0; i < minutely.length; i++) {
                var time = START.plus(Duration.ofMinutes(i + 1));
                driver.advanceWallClockTime(Duration.ofMinutes(1));
                readings.pipeInput("wl-1", json.write(new TelemetryRecord("wl-1", i, time, EventClass.ENVIRONMENTAL,
                        "gw-1", time, List.of(level(minutely[i])))), time);
            }

            var transitions = alerts.readValuesToList();
            assertThat(transitions).extracting(AlertEvent::transition)
                    .containsExactly(AlertEvent.Transition.RAISED, AlertEvent.Transition.CLEARED);
            assertThat(transitions).allSatisfy(alert -> {
                assertThat(alert.conditionKey()).isEqualTo("flood/wl-1");
                assertThat(alert.raisedAt()).isEqualTo(START.plusSeconds(120));
                assertThat(alert.ruleVersion()).isEqualTo(1);
            });
            assertThat(transitions.getFirst().cause()).isEqualTo(AlertEvent.Cause.INCIDENT);
            assertThat(transitions.getFirst().evidence().thresholds()).containsEntry("clearAt", 1.2);
        }
    }

    @Test
    void theStageKeepsItsStateInPersistentStoresWithChangelogsSoItSurvivesRestartsAndPartitionMoves() {
        var stores = DeviceStage.supplier(RulesSettings.defaults(), RulesMetrics.NONE).stores();

        assertThat(stores).hasSize(4).allSatisfy(builder -> {
            assertThat(builder.loggingEnabled()).as(builder.name() + " changelogged").isTrue();
            assertThat(builder.build().persistent()).as(builder.name() + " persistent").isTrue();
        });
    }
}
