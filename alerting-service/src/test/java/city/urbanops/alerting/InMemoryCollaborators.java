package city.urbanops.alerting;

import city.urbanops.alerting.alert.AlertActions;
import city.urbanops.alerting.notification.EscalationNotices;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * In-memory stand-ins for the alert store's {@link AlertActions} and notification's {@link EscalationNotices}, for
 * application tests of routing, schedules and maintenance windows that do not need those features.
 */
@TestConfiguration(proxyBeanMethods = false)
public class InMemoryCollaborators {

    @Bean
    @Primary
    RecordingAlertActions recordingAlertActions() {
        return new RecordingAlertActions();
    }

    @Bean
    @Primary
    RecordingEscalationNotices recordingEscalationNotices() {
        return new RecordingEscalationNotices();
    }
}
