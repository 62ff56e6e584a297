package city.urbanops.registry.bulkimport;

import static org.awaitility.Awaitility.await;

import city.urbanops.events.codec.EventJson;
import city.urbanops.testkit.keycloak.KeycloakServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The import endpoints as a client sees them: real HTTP with real Keycloak tokens. */
final class ImportApi {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final EventJson JSON = new EventJson();

    private final String baseUrl;

    ImportApi(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A response: status, headers we look at, and the body as JSON (null when it is not JSON). */
    record Answer(int status, String contentType, String location, String retryAfter, JsonNode body) {

        String jobId() {
            return body.get("id").asString();
        }
    }

    static String token(String user) {
        return KeycloakServer.shared().passwordToken(user, user);
    }

    static String integratorServiceAccountToken() {
        return KeycloakServer.shared().clientCredentialsToken();
    }

    Answer upload(String token, String contentType, ImportMode mode, byte[] file) {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/imports?mode=" + mode))
                .header("Authorization", "Bearer " + token).header("Content-Type", contentType)
                .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.ofByteArray(file)).build();
        return send(request);
    }

    /** An upload that asks before sending its body, as a well-behaved client of a size-limited endpoint does. */
    Answer uploadExpectingContinue(String token, String contentType, byte[] file) {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/imports"))
                .header("Authorization", "Bearer " + token).header("Content-Type", contentType).expectContinue(true)
                .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.ofByteArray(file)).build();
        return send(request);
    }

    /** A GET with {@code token}, or without any when it is null. */
    Answer get(String token, String path) {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    /** Waits until the job is SUCCEEDED or FAILED and returns it. */
    JsonNode awaitFinished(String token, String jobId, Duration timeout) {
        return await().atMost(timeout).pollInterval(Duration.ofMillis(200))
                .until(() -> get(token, "/api/v1/imports/" + jobId).body(),
                        job -> job.get("status").asString().matches("SUCCEEDED|FAILED"));
    }

    /** Every problem of a job's report, following the cursor page by page. */
    List<JsonNode> allErrors(String token, String jobId) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            var page = get(token, "/api/v1/imports/" + jobId + "/errors?limit=1000"
                    + (cursor == null ? "" : "&cursor=" + cursor)).body();
            page.get("items").forEach(all::add);
            cursor = page.get("next").isNull() ? null : page.get("next").asString();
        } while (cursor != null);
        return all;
    }

    private static Answer send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            JsonNode body = contentType.contains("json") && response.body().length > 0
                    ? JSON.readTree(response.body()) : null;
            return new Answer(response.statusCode(), contentType,
                    response.headers().firstValue("Location").orElse(null),
                    response.headers().firstValue("Retry-After").orElse(null), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
