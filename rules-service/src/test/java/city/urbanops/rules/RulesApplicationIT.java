package city.urbanops.rules;

import city.urbanops.rules.management.RulesServiceIT;
import city.urbanops.testkit.contract.SecuredServiceContract;

/**
 * rules-service as a running application, with its real database, Kafka and Keycloak, keeps the platform's promises
 * at its edge ({@link SecuredServiceContract}): status-only health and Prometheus without a token, problem+json 401
 * without a token or with a realm token that was not issued for it.
 */
class RulesApplicationIT extends RulesServiceIT implements SecuredServiceContract {

    @Override
    public String protectedApiPath() {
        return "/api/v1/rules/does-not-exist";
    }
}
