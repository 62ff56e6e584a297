package city.urbanops.telemetry;

import static org.awaitility.Awaitility.await;

import city.urbanops.telemetry.support.TelemetryServiceIT;
import city.urbanops.testkit.contract.SecuredServiceContract;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;

/**
 * The telemetry service keeps the platform's promises at its HTTP edge ({@link SecuredServiceContract}), in the
 * application context all telemetry ITs share: status-only health and Prometheus without a token, problem+json 401
 * for the series API without a token or with a realm token that was not issued for it.
 */
class TelemetrySecuredServiceIT extends TelemetryServiceIT implements SecuredServiceContract {

    // Health is UP only once the device directory has caught up with the registry topic, seconds after start.
    @BeforeEach
    void serviceIsReady() {
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/actuator/health/readiness", null).statusCode() == 200);
    }

    @Override
    public String baseUrl() {
        return "http://localhost:" + port;
    }

    @Override
    public String protectedApiPath() {
        return seriesPath("any-device", "measurement=pm2_5");
    }
}
