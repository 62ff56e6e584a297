package city.urbanops.telemetry;

import city.urbanops.telemetry.support.TelemetryServiceIT;
import city.urbanops.testkit.contract.SecuredServiceContract;

/**
 * The telemetry service keeps the platform's promises at its HTTP edge ({@link SecuredServiceContract}), in the
 * application context all telemetry ITs share: status-only health and Prometheus without a token, problem+json 401
 * for the series API without a token or with a realm token that was not issued for it.
 */
class TelemetrySecuredServiceIT extends TelemetryServiceIT implements SecuredServiceContract {

    @Override
    public String baseUrl() {
        return "http://localhost:" + port;
    }

    @Override
    public String protectedApiPath() {
        return seriesPath("any-device", "measurement=pm2_5");
    }
}
