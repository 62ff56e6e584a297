package city.urbanops.rules.registry;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the registry vocabulary ({@code urbanops.rules.registry.*}).
 *
 * @param maxDevices the most devices the vocabulary holds (about 170 bytes each); devices beyond are refused
 */
@Validated
@ConfigurationProperties("urbanops.rules.registry")
public record RegistryVocabularyProperties(@Min(1) @Max(50_000_000) Integer maxDevices) {

    public RegistryVocabularyProperties {
        maxDevices = maxDevices == null ? 1_000_000 : maxDevices;
    }
}
