package city.urbanops.rules.registry;

import city.urbanops.security.health.InProcessHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Down until the registry vocabulary caught up with {@code registry.devices} as it was at start: before that a rule
 * naming a district or device that exists would be refused as unknown. Also down while devices are refused because the
 * vocabulary is full. Reads only this process's state, so it is asked on every request.
 */
final class RegistryVocabularyHealthIndicator implements InProcessHealthIndicator {

    private final RegistryVocabulary vocabulary;

    RegistryVocabularyHealthIndicator(RegistryVocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    @Override
    public Health health() {
        Health.Builder health;
        if (!vocabulary.caughtUp()) {
            health = Health.down().withDetail("error", "reading registry.devices; rules cannot be checked yet");
        } else if (vocabulary.refusedDevices() > 0) {
            health = Health.down().withDetail("error", vocabulary.refusedDevices() + " devices beyond max-devices ("
                    + vocabulary.maxDevices() + ") are unknown to rules: raise urbanops.rules.registry.max-devices");
        } else {
            health = Health.up();
        }
        return health.withDetail("devices", vocabulary.deviceCount()).build();
    }
}
