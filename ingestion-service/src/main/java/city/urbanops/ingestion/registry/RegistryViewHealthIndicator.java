package city.urbanops.ingestion.registry;

import city.urbanops.security.health.InProcessHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Down until the registry view caught up with the topics: an instance that cannot yet tell a known gateway from an
 * unknown one stays out of the load balancer. Reads only this process's state, so it is asked on every request.
 */
final class RegistryViewHealthIndicator implements InProcessHealthIndicator {

    private final RegistryView view;

    RegistryViewHealthIndicator(RegistryView view) {
        this.view = view;
    }

    @Override
    public Health health() {
        var health = view.loaded() ? Health.up()
                : Health.down().withDetail("error", "loading the registry topics; gateways wait to connect");
        return health.withDetail("gateways", view.gatewayCount())
                .withDetail("devices", view.deviceCount())
                .build();
    }
}
