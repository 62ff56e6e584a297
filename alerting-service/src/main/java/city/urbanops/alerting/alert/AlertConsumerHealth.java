package city.urbanops.alerting.alert;

import city.urbanops.security.health.InProcessHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.stereotype.Component;

/**
 * {@code alertConsumer}: UP while the {@code alerts} consumer runs, DOWN before it started and after it stopped. In
 * the readiness group: an instance that does not apply alert events is no alerting service. Reads this process's
 * state only, so it is asked on every probe.
 */
@Component(AlertEventConsumer.LISTENER_ID)
class AlertConsumerHealth implements InProcessHealthIndicator {

    private final KafkaListenerEndpointRegistry listeners;

    AlertConsumerHealth(KafkaListenerEndpointRegistry listeners) {
        this.listeners = listeners;
    }

    @Override
    public Health health() {
        var container = listeners.getListenerContainer(AlertEventConsumer.LISTENER_ID);
        if (container == null || !container.isRunning()) {
            return Health.down().withDetail("consumer", "not running").build();
        }
        return Health.up().withDetail("partitions", container.getAssignedPartitions() == null ? 0
                : container.getAssignedPartitions().size()).build();
    }
}
