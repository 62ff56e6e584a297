package city.urbanops.rules;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.rules.management.RulesApi;
import city.urbanops.rules.management.RulesServiceIT;
import city.urbanops.testkit.contract.SecuredServiceContract;
import org.junit.jupiter.api.Test;

/**
 * rules-service as a running application, with its real database, Kafka and Keycloak, keeps the platform's promises
 * at its edge ({@link SecuredServiceContract}): status-only health and Prometheus without a token, problem+json 401
 * without a token or with a realm token that was not issued for it. It documents its API with OpenAPI.
 */
class RulesApplicationIT extends RulesServiceIT implements SecuredServiceContract {

    @Override
    public String protectedApiPath() {
        return "/api/v1/rules/does-not-exist";
    }

    @Test
    void theOpenApiDocumentDescribesTheRulesApi() {
        var response = new RulesApi(baseUrl()).get("/v3/api-docs", "operator");

        assertThat(response.statusCode()).isEqualTo(200);
        var paths = RulesApi.json(response).get("paths");
        assertThat(paths.propertyNames()).contains("/api/v1/rules", "/api/v1/rules/{id}/enable",
                "/api/v1/rules/{id}/rollback", "/api/v1/rules/{id}/history", "/api/v1/rules/schema");
        assertThat(paths.get("/api/v1/rules/{id}/enable").get("post").get("summary").asString())
                .startsWith("Put a version in force");
    }
}
