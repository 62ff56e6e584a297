package city.urbanops.alerting;

import city.urbanops.testkit.contract.SecuredServiceContract;

/**
 * alerting-service as a running application on real PostgreSQL, Kafka and Keycloak keeps the platform's promises at
 * its edge ({@link SecuredServiceContract}): status-only health and Prometheus without a token, problem+json 401
 * without a token or with a realm token that was not issued for it.
 */
class AlertingApplicationIT extends AlertingServiceIT implements SecuredServiceContract {

    @Override
    public String protectedApiPath() {
        return "/api/v1/alerts";
    }
}
