package city.urbanops.operatorapi.command;

import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.keycloak.KeycloakServer;
import city.urbanops.testkit.process.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real device-registry-service, run once per JVM from its executable jar with a database of its own, the test
 * kit's Kafka and Keycloak, and provisioned through its API as admin.
 */
public final class RegistryProcess {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ServiceProcess registry;

    private RegistryProcess() {
    }

    public static synchronized String baseUrl() {
        if (registry == null) {
            var database = TestInfrastructure.postgres().createDatabase("commands_registry_" + Long.toHexString(
                    System.nanoTime()));
            registry = ServiceProcess.of("device-registry-service",
                    Path.of(System.getProperty("urbanops.jar.device-registry-service")), FreePorts.next(), Map.of(
                            "spring.kafka.bootstrap-servers", TestInfrastructure.kafka().bootstrapServers(),
                            "spring.datasource.url", database.jdbcUrl(),
                            "spring.datasource.username", database.username(),
                            "spring.datasource.password", database.password(),
                            "spring.security.oauth2.resourceserver.jwt.issuer-uri",
                            KeycloakServer.shared().issuerUri()))
                    .start(Duration.ofMinutes(3));
            Runtime.getRuntime().addShutdownHook(new Thread(registry::close));
            provision();
        }
        return registry.baseUrl();
    }

    private static void provision() {
        String admin = KeycloakServer.shared().passwordToken("admin", "admin");
        for (String department : List.of("transport", "water")) {
            post(admin, "/api/v1/departments", Map.of("id", department, "name", department));
        }
        post(admin, "/api/v1/districts", Map.of("id", "north", "name", "North", "boundary", Map.of("type", "Polygon",
                "coordinates", List.of(List.of(List.of(0, 0), List.of(1, 0), List.of(1, 1), List.of(0, 1),
                        List.of(0, 0))))));
        post(admin, "/api/v1/device-types", Map.of("id", "edge-box", "kind", "GATEWAY", "measurements", List.of()));
        post(admin, "/api/v1/device-types", Map.of("id", "valve", "kind", "SENSOR",
                "measurements", List.of("temperature")));
        for (String department : List.of("transport", "water")) {
            String gateway = department + "-gw";
            post(admin, "/api/v1/gateways", Map.of("id", gateway, "deviceType", "edge-box",
                    "department", department, "district", "north"));
            post(admin, "/api/v1/devices", Map.of("id", department + "-valve", "kind", "SENSOR",
                    "deviceType", "valve", "gatewayId", gateway, "department", department, "district", "north"));
        }
    }

    private static void post(String token, String path, Object body) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(registry.baseUrl() + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("registry refused " + path + ": " + response.statusCode() + " "
                        + response.body());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
