package city.urbanops.security.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.health.application.ReadinessStateHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.PingHealthIndicator;

class BackgroundHealthChecksTest {

    private final BackgroundHealthChecks checks = new BackgroundHealthChecks(
            new HealthCheckProperties(Duration.ofSeconds(5), Duration.ofSeconds(5)), Clock.systemUTC());

    @Test
    void anIndicatorThatMayCallARemoteSystemIsAnsweredFromTheBackground() {
        HealthIndicator kafka = () -> Health.up().build();

        assertThat(checks.exposed("kafkaHealthIndicator", kafka)).isInstanceOf(BackgroundHealthIndicator.class);
    }

    @Test
    void inProcessIndicatorsAreAskedOnEveryRequest() {
        InProcessHealthIndicator edge = () -> Health.up().build();
        ApplicationAvailability availability = new ApplicationAvailabilityBean();
        var readiness = new ReadinessStateHealthIndicator(availability);
        var ping = new PingHealthIndicator();

        assertThat(checks.exposed("mqttEdgeHealthIndicator", edge)).isSameAs(edge);
        assertThat(checks.exposed("readinessStateHealthIndicator", readiness)).isSameAs(readiness);
        assertThat(checks.exposed("pingHealthContributor", ping)).isSameAs(ping);
    }
}
