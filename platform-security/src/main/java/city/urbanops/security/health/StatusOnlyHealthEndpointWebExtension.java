package city.urbanops.security.health;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.actuate.endpoint.ApiVersion;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointWebExtension;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;

/**
 * Boot's health endpoint over HTTP, except that a caller who may not see the components is not told the names of the
 * health groups either: {@code /actuator/health} answers such a caller {@code {"status":"UP"}} and nothing else.
 */
final class StatusOnlyHealthEndpointWebExtension extends HealthEndpointWebExtension {

    StatusOnlyHealthEndpointWebExtension(HealthContributorRegistry registry,
                                         ReactiveHealthContributorRegistry reactiveRegistry,
                                         HealthEndpointGroups groups, Duration slowContributorLoggingThreshold) {
        super(registry, reactiveRegistry, groups, slowContributorLoggingThreshold);
    }

    @Override
    protected HealthDescriptor aggregateDescriptors(ApiVersion apiVersion, Map<String, HealthDescriptor> contributions,
                                                    StatusAggregator statusAggregator, boolean showComponents,
                                                    Set<String> groupNames) {
        return super.aggregateDescriptors(apiVersion, contributions, statusAggregator, showComponents,
                showComponents ? groupNames : null);
    }
}
