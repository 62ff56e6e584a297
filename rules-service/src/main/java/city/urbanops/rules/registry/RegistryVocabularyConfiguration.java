package city.urbanops.rules.registry;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of the registry vocabulary, its loader and its readiness. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RegistryVocabularyProperties.class)
class RegistryVocabularyConfiguration {

    @Bean
    RegistryVocabulary registryVocabulary(RegistryVocabularyProperties properties, MeterRegistry meters) {
        return new RegistryVocabulary(properties.maxDevices(), meters);
    }

    @Bean
    RegistryVocabularyLoader registryVocabularyLoader(RegistryVocabulary vocabulary, KafkaProperties kafka,
                                                      MeterRegistry meters) {
        return new RegistryVocabularyLoader(vocabulary, kafka.buildConsumerProperties(),
                "rules-registry-vocabulary-" + UUID.randomUUID(), meters);
    }

    /** Named so that the readiness group lists it as {@code registryVocabulary}. */
    @Bean
    RegistryVocabularyHealthIndicator registryVocabularyHealthIndicator(RegistryVocabulary vocabulary) {
        return new RegistryVocabularyHealthIndicator(vocabulary);
    }
}
