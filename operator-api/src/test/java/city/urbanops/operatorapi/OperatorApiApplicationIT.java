package city.urbanops.operatorapi;

import city.urbanops.testkit.contract.SecuredServiceContract;

/**
 * operator-api as a running application keeps the platform's promises at its edge ({@link SecuredServiceContract}):
 * status-only health and Prometheus without a token, problem+json 401 without a token or with a realm token that
 * was not issued for it, tokens from a real Keycloak.
 */
class OperatorApiApplicationIT extends OperatorApiIT implements SecuredServiceContract {

    @Override
    public String protectedApiPath() {
        return "/api/v1/alerts/does-not-exist";
    }
}
