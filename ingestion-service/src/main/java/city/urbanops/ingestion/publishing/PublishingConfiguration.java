package city.urbanops.ingestion.publishing;

import city.urbanops.events.codec.EventJson;
import city.urbanops.ingestion.config.IngestionProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of the Kafka producer side; Spring closes the producer and the admin client at shutdown. */
@Configuration(proxyBeanMethods = false)
class PublishingConfiguration {

    @Bean
    KafkaRecordSender kafkaRecordSender(IngestionProperties properties) {
        return KafkaRecordSender.create(properties);
    }

    @Bean
    TelemetryPublisher telemetryPublisher(KafkaRecordSender sender, EventJson json, IngestionProperties properties) {
        return new TelemetryPublisher(sender, json, properties.source());
    }

    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(IngestionProperties properties) {
        return new KafkaHealthIndicator(properties.kafka().bootstrapServers(), properties.kafka().healthTimeout());
    }
}
