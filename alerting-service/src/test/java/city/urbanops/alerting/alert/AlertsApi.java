package city.urbanops.alerting.alert;

import city.urbanops.alerting.AlertingServiceIT;
import city.urbanops.events.codec.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** The alerting API as a client sees it: real HTTP, bearer tokens of demo realm users, JSON bodies. */
final class AlertsApi {

    private static final EventJson JSON = new EventJson();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;

    AlertsApi(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    HttpResponse<String> get(String path, String user) {
        return send("GET", path, user, null);
    }

    HttpResponse<String> post(String path, String user, Object body) {
        return send("POST", path, user, body);
    }

    /** {@code user} null: no token. */
    HttpResponse<String> send(String method, String path, String user, Object body) {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (user != null) {
            request.header("Authorization", "Bearer " + AlertingServiceIT.token(user));
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.mapper().readTree(response.body());
    }
}
