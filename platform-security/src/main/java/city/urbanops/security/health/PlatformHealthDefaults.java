package city.urbanops.security.health;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The platform's health endpoint defaults, below every file, variable and argument: anyone may ask
 * {@code /actuator/health} (and its groups) for the status, only a caller with the {@code admin} role sees the
 * components and their details. Probes and load balancers need the status only; details name brokers, hosts and
 * errors that an anonymous caller has no business reading.
 */
public final class PlatformHealthDefaults implements EnvironmentPostProcessor {

    static final Map<String, Object> DEFAULTS = Map.of(
            "management.endpoint.health.show-details", "when-authorized",
            "management.endpoint.health.show-components", "when-authorized",
            "management.endpoint.health.roles", "ADMIN");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        DefaultPropertiesPropertySource.addOrMerge(DEFAULTS, environment.getPropertySources());
    }
}
