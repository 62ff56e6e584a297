package city.urbanops.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.codec.EventJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What every running UrbanOps service promises at its HTTP edge, as tests a service's own IT inherits: health and
 * Prometheus answer without a token, and its API refuses a caller without one with a problem+json 401 — without
 * needing the identity provider to be up.
 */
public abstract class SecuredServiceContract {

    private static final EventJson JSON = new EventJson();

    /** Where the running service listens, e.g. {@code http://localhost:54321}. */
    protected abstract String baseUrl();

    /** A path under the service's API that needs a token. */
    protected abstract String protectedApiPath();

    @Test
    void healthAnswersUpWithoutAToken() throws Exception {
        var response = get("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.mapper().readTree(response.body()).path("status").asString()).isEqualTo("UP");
    }

    @Test
    void prometheusScrapeIsOpenAndCarriesJvmMetrics() throws Exception {
        var response = get("/actuator/prometheus");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("jvm_");
    }

    @Test
    void apiCallWithoutATokenIsRefusedAsProblemJson() throws Exception {
        var response = get(protectedApiPath());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        var problem = JSON.mapper().readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(401);
        assertThat(problem.path("type").asString()).isEqualTo("https://urbanops.city/problems/unauthenticated");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        try (var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            var request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                    .timeout(Duration.ofSeconds(10)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }
}
