package city.urbanops.operatorapi;

import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.keycloak.KeycloakServer;
import city.urbanops.testkit.process.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * The real telemetry-service, run once per JVM from its executable jar with a database of its own, the test kit's
 * Kafka (it stores the class topics and learns each device's scope from {@code registry.devices}, which the real
 * registry of these tests publishes) and Keycloak; stopped when the JVM ends.
 */
public final class TelemetryProcess {

    private static ServiceProcess telemetry;

    private TelemetryProcess() {
    }

    public static synchronized String baseUrl() {
        if (telemetry == null) {
            var db = TestInfrastructure.postgres().createDatabase("console_telemetry_" + Long.toHexString(
                    UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE));
            telemetry = ServiceProcess.of("telemetry-service",
                    Path.of(System.getProperty("urbanops.jar.telemetry-service")), FreePorts.next(), Map.of(
                            "spring.kafka.bootstrap-servers", TestInfrastructure.kafka().bootstrapServers(),
                            "spring.datasource.url", db.jdbcUrl(),
                            "spring.datasource.username", db.username(),
                            "spring.datasource.password", db.password(),
                            "spring.security.oauth2.resourceserver.jwt.issuer-uri", KeycloakServer.shared().issuerUri()))
                    .start(Duration.ofMinutes(3));
            Runtime.getRuntime().addShutdownHook(new Thread(telemetry::close));
        }
        return telemetry.baseUrl();
    }
}
