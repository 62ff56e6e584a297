package city.urbanops.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.testkit.keycloak.KeycloakServer;
import org.junit.jupiter.api.Test;

/**
 * What every running UrbanOps service promises at its HTTP edge, as tests a service's IT inherits by implementing
 * this interface: anonymous health answers its status and nothing more, Prometheus is open, its API refuses a caller
 * without a token as problem+json, and it refuses a genuine token of the city realm that was not issued for it.
 * The service under test must verify tokens against {@link KeycloakServer#shared()} (set
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} to its {@link KeycloakServer#issuerUri()}).
 */
public interface SecuredServiceContract {

    /** The demo realm's client whose tokens carry an audience no UrbanOps service has. */
    String AUDIENCE_PROBE_CLIENT = "urbanops-audience-probe";
    /** Its secret; demo realm only. */
    String AUDIENCE_PROBE_SECRET = "audience-probe-demo-secret";

    /** Where the running service listens, e.g. {@code http://localhost:54321}. */
    String baseUrl();

    /** A path under the service's API that needs a token. */
    String protectedApiPath();

    @Test
    default void anonymousHealthAnswersItsStatusAndNothingElse() {
        var response = ContractHttp.get(baseUrl() + "/actuator/health", null);

        assertThat(response.statusCode()).isEqualTo(200);
        var health = ContractHttp.json(response);
        assertThat(health.propertyNames()).containsExactly("status");
        assertThat(health.path("status").asString()).isEqualTo("UP");
    }

    @Test
    default void adminWithATokenForThisServiceSeesHealthComponents() {
        var response = ContractHttp.get(baseUrl() + "/actuator/health",
                KeycloakServer.shared().passwordToken("admin", "admin"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(ContractHttp.json(response).path("components").isObject()).isTrue();
    }

    @Test
    default void authenticatedNonAdminSeesOnlyTheHealthStatus() {
        var response = ContractHttp.get(baseUrl() + "/actuator/health",
                KeycloakServer.shared().passwordToken("operator", "operator"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(ContractHttp.json(response).propertyNames()).containsExactly("status");
    }

    @Test
    default void prometheusScrapeIsOpenAndCarriesJvmMetrics() {
        var response = ContractHttp.get(baseUrl() + "/actuator/prometheus", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("jvm_");
    }

    @Test
    default void apiCallWithoutATokenIsRefusedAsProblemJson() {
        var response = ContractHttp.get(baseUrl() + protectedApiPath(), null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        ContractHttp.assertUnauthenticatedProblem(response);
    }

    /**
     * A genuine token of the city realm (same issuer, same signing key, a real service account) that Keycloak issued
     * for another audience: the demo realm's {@value #AUDIENCE_PROBE_CLIENT} client names only
     * {@code not-an-urbanops-service}. Without the audience check the service would let it in.
     */
    @Test
    default void realmTokenIssuedForAnotherAudienceIsRefusedAsProblemJson() {
        String forAnotherAudience = KeycloakServer.shared().clientCredentialsToken(AUDIENCE_PROBE_CLIENT,
                AUDIENCE_PROBE_SECRET);

        var response = ContractHttp.get(baseUrl() + protectedApiPath(), forAnotherAudience);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer error=\"invalid_token\"");
        ContractHttp.assertUnauthenticatedProblem(response);
    }
}
