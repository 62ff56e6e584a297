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
 * The real alerting-service, run once per JVM from its executable jar with a database of its own, the test kit's
 * Kafka and Keycloak; stopped when the JVM ends (application contexts cached across test classes point at it).
 */
public final class AlertingProcess {

    private static ServiceProcess alerting;

    private AlertingProcess() {
    }

    public static synchronized String baseUrl() {
        if (alerting == null) {
            var db = TestInfrastructure.postgres().createDatabase("console_alerting_" + Long.toHexString(
                    UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE));
            alerting = ServiceProcess.of("alerting-service", Path.of(System.getProperty("urbanops.jar.alerting-service")),
                    FreePorts.next(), Map.of(
                            "spring.kafka.bootstrap-servers", TestInfrastructure.kafka().bootstrapServers(),
                            "spring.kafka.consumer.group-id", "console-it-alerting-" + UUID.randomUUID(),
                            "spring.datasource.url", db.jdbcUrl(),
                            "spring.datasource.username", db.username(),
                            "spring.datasource.password", db.password(),
                            "spring.security.oauth2.resourceserver.jwt.issuer-uri", KeycloakServer.shared().issuerUri(),
                            // a throw-away key (32 bytes) sealing webhook secrets in this run's own database
                            "urbanops.alerting.webhooks.encryption-keys", "it:" + java.util.Base64.getEncoder()
                                    .encodeToString(UUID.randomUUID().toString().replace("-", "").getBytes())))
                    .start(Duration.ofMinutes(3));
            Runtime.getRuntime().addShutdownHook(new Thread(alerting::close));
        }
        return alerting.baseUrl();
    }
}
