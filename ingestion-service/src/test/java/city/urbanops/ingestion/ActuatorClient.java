package city.urbanops.ingestion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;

/** Reads the running service's actuator endpoints over HTTP, as an operator's tooling would, without a token. */
public final class ActuatorClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public ActuatorClient(int httpPort) {
        this.baseUrl = "http://localhost:" + httpPort + "/actuator";
    }

    public HttpResponse<String> get(String path) {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(20)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The value of a Prometheus sample, e.g. {@code urbanops_ingestion_rejects_total} with label
     * {@code reason="OVERSIZED"}; 0 when the series is absent.
     */
    public double metric(String name, String label, String value) {
        var body = get("/prometheus").body();
        var sample = Pattern.compile("^" + Pattern.quote(name) + "\\{[^}]*" + Pattern.quote(label + "=\"" + value
                + "\"") + "[^}]*}\\s+(\\S+)$", Pattern.MULTILINE).matcher(body);
        return sample.find() ? Double.parseDouble(sample.group(1)) : 0;
    }
}
