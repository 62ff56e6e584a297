package city.urbanops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.Topics;
import city.urbanops.testkit.kafka.KafkaBroker;
import city.urbanops.testkit.kafka.TopicProbe;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaBrokerIT {

    @Test
    void aRecordAcknowledgedBeforeABrokerRestartIsStillThereAfterIt() throws Exception {
        try (var broker = KafkaBroker.startDedicated()) {
            try (var producer = producer(broker)) {
                producer.send(new ProducerRecord<>(Topics.TELEMETRY_STATE, "sl-1", "on".getBytes()))
                        .get(30, TimeUnit.SECONDS);
            }

            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            broker.start();

            try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(consumerProps(broker))) {
                consumer.subscribe(java.util.List.of(Topics.TELEMETRY_STATE));
                var seen = new java.util.ArrayList<String>();
                var deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (seen.isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(500)).forEach(record -> seen.add(record.key()));
                }
                assertThat(seen).containsExactly("sl-1");
            }
        }
    }

    @Test
    void aProbeSeesOnlyRecordsProducedAfterItWasCreated() throws Exception {
        var broker = TestInfrastructure.kafka();
        try (var producer = producer(broker)) {
            producer.send(new ProducerRecord<>(Topics.ALERTS, "before", new byte[0])).get(30, TimeUnit.SECONDS);
            try (var probe = TopicProbe.fromEnd(broker.bootstrapServers(), Topics.ALERTS)) {
                producer.send(new ProducerRecord<>(Topics.ALERTS, "after", new byte[0])).get(30, TimeUnit.SECONDS);

                assertThat(probe.awaitRecords(1, Duration.ofSeconds(30)))
                        .extracting(org.apache.kafka.clients.consumer.ConsumerRecord::key).containsExactly("after");
            }
        }
    }

    @Test
    void everyPlatformTopicExistsOnTheSharedBroker() throws Exception {
        try (var admin = TestInfrastructure.kafka().admin()) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).containsAll(Topics.ALL);
        }
    }

    private static KafkaProducer<String, byte[]> producer(KafkaBroker broker) {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static Properties consumerProps(KafkaBroker broker) {
        var props = new Properties();
        props.put("bootstrap.servers", broker.bootstrapServers());
        props.put("group.id", "restart-check");
        props.put("auto.offset.reset", "earliest");
        props.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        props.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        return props;
    }
}
