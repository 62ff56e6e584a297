package city.urbanops.security.health;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointWebExtension;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointProperties;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorNameGenerator;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.registry.DefaultHealthContributorRegistry;
import org.springframework.boot.health.registry.HealthContributorNameValidator;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.context.annotation.Bean;

/**
 * Makes a service's health endpoint safe to leave open: checks that may call a remote system run in the background
 * ({@link BackgroundHealthChecks}) and are reported with their age, and a caller who may not see components (anyone
 * but an admin, see {@link PlatformHealthDefaults}) gets the status alone. The contributor beans themselves stay
 * as they are; only the registry the endpoint reads holds the background indicators.
 */
@AutoConfiguration(before = {HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class})
@EnableConfigurationProperties(HealthCheckProperties.class)
public class UrbanOpsHealthAutoConfiguration {

    @Bean
    BackgroundHealthChecks backgroundHealthChecks(HealthCheckProperties settings, ObjectProvider<Clock> clock) {
        return new BackgroundHealthChecks(settings, clock.getIfAvailable(Clock::systemUTC));
    }

    /** Boot's registry, built from the same beans under the same names, with remote checks put in the background. */
    @Bean
    @ConditionalOnMissingBean(HealthContributorRegistry.class)
    DefaultHealthContributorRegistry healthContributorRegistry(Map<String, HealthContributor> contributors,
            ObjectProvider<HealthContributorNameGenerator> nameGenerator,
            List<HealthContributorNameValidator> nameValidators, BackgroundHealthChecks checks) {
        HealthContributorNameGenerator names =
                nameGenerator.getIfAvailable(HealthContributorNameGenerator::withoutStandardSuffixes);
        Map<String, HealthContributor> exposed = new LinkedHashMap<>();
        contributors.forEach((beanName, contributor) -> exposed.put(beanName,
                checks.exposed(names.generateContributorName(beanName), contributor)));
        return new DefaultHealthContributorRegistry(nameValidators, names.registrar(exposed));
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnAvailableEndpoint(endpoint = HealthEndpoint.class, exposure = EndpointExposure.WEB)
    HealthEndpointWebExtension statusOnlyHealthEndpointWebExtension(HealthContributorRegistry registry,
            ObjectProvider<ReactiveHealthContributorRegistry> reactiveRegistry, HealthEndpointGroups groups,
            HealthEndpointProperties properties) {
        return new StatusOnlyHealthEndpointWebExtension(registry, reactiveRegistry.getIfAvailable(), groups,
                properties.getLogging().getSlowIndicatorThreshold());
    }
}
