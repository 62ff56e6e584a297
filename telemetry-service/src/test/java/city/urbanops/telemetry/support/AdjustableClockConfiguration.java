package city.urbanops.telemetry.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Replaces the service's system clock with one tests can shift. */
@TestConfiguration(proxyBeanMethods = false)
public class AdjustableClockConfiguration {

    @Bean
    AdjustableClock clock() {
        return new AdjustableClock();
    }
}
