package city.urbanops.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.codec.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** The HTTP plumbing behind {@link SecuredServiceContract}. */
final class ContractHttp {

    private static final EventJson JSON = new EventJson();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ContractHttp() {
    }

    static HttpResponse<String> get(String url, String bearerToken) {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        return send(request.build());
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.mapper().readTree(response.body());
    }

    static void assertUnauthenticatedProblem(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        var problem = json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(401);
        assertThat(problem.path("type").asString()).isEqualTo("https://urbanops.city/problems/unauthenticated");
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + request.method() + " " + request.uri(), e);
        }
    }
}
