package city.urbanops.alerting.escalation;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** Polls for due escalation timers every {@code urbanops.alerting.escalation.poll-interval}, unless disabled. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(EscalationProperties.class)
class EscalationConfiguration implements SchedulingConfigurer {

    private final EscalationProperties properties;
    private final EscalationScheduler scheduler;

    EscalationConfiguration(EscalationProperties properties, EscalationScheduler scheduler) {
        this.properties = properties;
        this.scheduler = scheduler;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (properties.enabled()) {
            registrar.addFixedDelayTask(scheduler::tick, properties.pollInterval());
        }
    }
}
