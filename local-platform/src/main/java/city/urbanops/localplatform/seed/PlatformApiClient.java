package city.urbanops.localplatform.seed;

import city.urbanops.localplatform.seed.GatewaySecrets.Issued;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The few calls the launcher makes to the platform's REST APIs (the device registry's, rules-service's) as a demo
 * realm user (a password grant the demo realm allows; a real city provisions with its own integrator client).
 */
public final class PlatformApiClient {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final URI base;
    private final String token;

    private PlatformApiClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** A client for the service at {@code base} holding a token of {@code username} from the realm at {@code issuer}. */
    public static PlatformApiClient signedIn(URI base, String issuer, String username, String password) {
        String form = "client_id=urbanops-console&grant_type=password&username=" + encode(username)
                + "&password=" + encode(password);
        var request = HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                .timeout(CALL_TIMEOUT).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        var client = new PlatformApiClient(base, null);
        HttpResponse<String> response = client.send(request);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused a token for " + username + ": HTTP "
                    + response.statusCode());
        }
        return new PlatformApiClient(base, client.json.readTree(response.body()).get("access_token").asString());
    }

    /** POSTs {@code body}; a 409 (it exists already) is as good as a 201. */
    void createIfAbsent(String path, Map<String, ?> body) {
        post(path, body, 201, 409);
    }

    /** POSTs {@code body} and returns the status, one of {@code accepted}; any other is an exception. */
    int post(String path, Map<String, ?> body, int... accepted) {
        HttpResponse<String> response = send(authorized(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build());
        for (int status : accepted) {
            if (response.statusCode() == status) {
                return status;
            }
        }
        throw refused("POST " + path, response);
    }

    /** Uploads a CSV as an all-or-nothing import and waits for its end; a failed import is an exception. */
    JsonNode importCsv(byte[] csv, Duration timeout) {
        HttpResponse<String> accepted = send(authorized("/api/v1/imports?mode=ALL_OR_NOTHING")
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofByteArray(csv)).build());
        if (accepted.statusCode() != 202) {
            throw refused("the import", accepted);
        }
        String job = accepted.headers().firstValue("Location").orElseThrow();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            JsonNode status = get(job);
            switch (status.get("status").asString()) {
                case "SUCCEEDED" -> {
                    return status;
                }
                case "FAILED" -> throw new IllegalStateException("the registry's import of the simulated city failed: "
                        + status + "; bad rows: " + get(job + "/errors?limit=10"));
                default -> pause();
            }
        }
        throw new IllegalStateException("the registry's import of the simulated city did not end within " + timeout);
    }

    boolean secretIsValid(String gatewayId, String credentialId) {
        for (JsonNode secret : get("/api/v1/gateways/" + gatewayId + "/credentials").get("secrets")) {
            if (secret.get("credentialId").asString().equals(credentialId)) {
                return secret.get("valid").asBoolean();
            }
        }
        return false;
    }

    /** A new secret for the gateway; the ones it had keep working for {@code overlap}. */
    Issued issueSecret(String gatewayId, Duration overlap) {
        String path = "/api/v1/gateways/" + gatewayId + "/secrets";
        HttpResponse<String> response = send(authorized(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("overlap",
                        overlap.toString())))).build());
        if (response.statusCode() != 201) {
            throw refused("POST " + path, response);
        }
        JsonNode issued = json.readTree(response.body());
        return new Issued(issued.get("credentialId").asString(), issued.get("secret").asString());
    }

    private JsonNode get(String path) {
        HttpResponse<String> response = send(authorized(path).GET().build());
        if (response.statusCode() != 200) {
            throw refused("GET " + path, response);
        }
        return json.readTree(response.body());
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(CALL_TIMEOUT)
                .header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + base, e);
        }
    }

    /** A service's answer: its status and its JSON body (a missing node when the body is empty or not JSON). */
    public record Answer(int status, JsonNode body) {
    }

    /**
     * Sends {@code method path} with {@code body} as JSON (none when null) and returns the answer whatever its status:
     * the caller decides what a status means. The body may hold a secret the service answers once; it is never printed.
     */
    public Answer exchange(String method, String path, Object body) {
        var request = authorized(path).header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        }
        HttpResponse<String> response = send(request.build());
        JsonNode answer;
        try {
            answer = response.body().isBlank() ? json.missingNode() : json.readTree(response.body());
        } catch (RuntimeException notJson) {
            answer = json.missingNode();
        }
        return new Answer(response.statusCode(), answer);
    }

    /** An exception for an answer nobody expected; the body is quoted only for an error (problem+json). */
    public IllegalStateException refused(String what, Answer answer) {
        return new IllegalStateException(base + " refused " + what + ": HTTP " + answer.status()
                + (answer.status() >= 400 ? " " + answer.body() : ""));
    }

    // A refusal's body is problem+json from the service; a success's body may carry a secret, so it is never quoted.
    private IllegalStateException refused(String what, HttpResponse<String> response) {
        return new IllegalStateException(base + " refused " + what + ": HTTP " + response.statusCode()
                + (response.statusCode() >= 400 ? " " + response.body() : ""));
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the import", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
