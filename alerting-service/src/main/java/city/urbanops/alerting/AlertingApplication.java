package city.urbanops.alerting;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** Entry point of the alerting-service. */
@SpringBootApplication
public class AlertingApplication {

    public static void main(String[] args) {
        SpringApplication.run(AlertingApplication.class, args);
    }

    /** The service's time, injected everywhere so that tests control it (group waits, back-off, link expiry). */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
