package city.urbanops.rules.topology;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

class RulesTopologyTest {

    @Test
    void aClassTopicRecordThatIsNotAReadingGoesToTheDeadLetterWithItsReasonAndEvaluationGoesOn() {
        var properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "rules-topology-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (var driver = new TopologyTestDriver(
                RulesTopology.build(RulesSettings.defaults(), RulesMetrics.NONE, AutoOffsetReset.earliest()),
                properties)) {
            var readings = driver.createInputTopic(Topics.TELEMETRY_ENVIRONMENTAL, new StringSerializer(),
                    new ByteArraySerializer());
            var deadLetter = driver.createOutputTopic(Topics.RULES_DEAD_LETTER, new StringDeserializer(),
                    new ByteArrayDeserializer());

            readings.pipeInput("aq-1", "{not json".getBytes(StandardCharsets.UTF_8));

            var record = deadLetter.readRecord();
            assertThat(record.key()).isEqualTo("aq-1");
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
            assertThat(new String(record.headers().lastHeader(Decoder.REASON_HEADER).value(), StandardCharsets.UTF_8))
                    .startsWith("not a TelemetryRecord");
        }
    }
}
