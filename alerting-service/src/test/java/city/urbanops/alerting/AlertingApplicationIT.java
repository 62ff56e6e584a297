package city.urbanops.alerting;

import city.urbanops.testkit.contract.SecuredServiceContract;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The alerting skeleton as a running application: health and metrics answer without a token, its API refuses
 * callers without one. No identity provider runs: refusing a missing token must not need it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AlertingApplicationIT extends SecuredServiceContract {

    @LocalServerPort
    private int port;

    @Override
    protected String baseUrl() {
        return "http://localhost:" + port;
    }

    @Override
    protected String protectedApiPath() {
        return "/api/v1/alerts/does-not-exist";
    }
}
