package city.urbanops.operatorapi;

import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.keycloak.KeycloakServer;
import city.urbanops.testkit.process.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.UUID;

/**
 * The real rules-service, run once per JVM from its executable jar with a database and a state directory of its own,
 * the test kit's Kafka (its vocabulary from {@code registry.devices}) and Keycloak; stopped when the JVM ends.
 * {@link #createRule} and {@link #addVersion} change rules through its API as the admin.
 */
public final class RulesProcess {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ServiceProcess rules;

    private RulesProcess() {
    }

    public static synchronized String baseUrl() {
        if (rules == null) {
            var db = TestInfrastructure.postgres().createDatabase("console_rules_" + Long.toHexString(
                    UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE));
            Path state;
            try {
                state = Files.createTempDirectory("console-rules-state");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            var properties = new LinkedHashMap<String, String>();
            properties.put("spring.kafka.bootstrap-servers", TestInfrastructure.kafka().bootstrapServers());
            properties.put("spring.datasource.url", db.jdbcUrl());
            properties.put("spring.datasource.username", db.username());
            properties.put("spring.datasource.password", db.password());
            properties.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", KeycloakServer.shared().issuerUri());
            properties.put("urbanops.rules.application-id", "console-it-rules-" + UUID.randomUUID());
            properties.put("urbanops.rules.state-dir", state.toString());
            properties.put("urbanops.rules.dry-run.state-directory", state.resolve("dry-runs").toString());
            rules = ServiceProcess.of("rules-service", Path.of(System.getProperty("urbanops.jar.rules-service")),
                    FreePorts.next(), properties).start(Duration.ofMinutes(3));
            Runtime.getRuntime().addShutdownHook(new Thread(rules::close));
        }
        return rules.baseUrl();
    }

    /** Creates rule {@code id} at version 1 with {@code document} (a rule document's JSON); 409 (it exists) is fine. */
    public static void createRule(String id, String document) {
        int status = post("/api/v1/rules", """
                {"id": "%s", "reason": "console test", "rule": %s}""".formatted(id, document));
        if (status != 201 && status != 409) {
            throw new IllegalStateException("rules-service answered " + status + " creating " + id);
        }
    }

    /** Adds the next version of rule {@code id}. */
    public static void addVersion(String id, String document) {
        int status = post("/api/v1/rules/" + id + "/versions", """
                {"reason": "console test: second version", "rule": %s}""".formatted(document));
        if (status != 201) {
            throw new IllegalStateException("rules-service answered " + status + " adding a version to " + id);
        }
    }

    private static int post(String path, String json) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                            .header("Authorization", "Bearer " + OperatorApiIT.token("admin"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
