package city.urbanops.ingestion.edge;

import city.urbanops.ingestion.status.ConnectedGateways;
import city.urbanops.security.health.InProcessHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports whether the MQTT edge accepts gateways, with its listener and how many gateways are connected. It reads
 * only this process's state, so it is asked on every request and readiness follows the edge at once.
 */
final class MqttEdgeHealthIndicator implements InProcessHealthIndicator {

    private final MqttEdge edge;
    private final ConnectedGateways gateways;

    MqttEdgeHealthIndicator(MqttEdge edge, ConnectedGateways gateways) {
        this.edge = edge;
        this.gateways = gateways;
    }

    @Override
    public Health health() {
        var health = edge.isRunning() ? Health.up() : Health.down().withDetail("error", "HiveMQ is not running");
        return health.withDetail("listener", edge.host() + ":" + edge.port())
                .withDetail("connectedGateways", gateways.count())
                .build();
    }
}
