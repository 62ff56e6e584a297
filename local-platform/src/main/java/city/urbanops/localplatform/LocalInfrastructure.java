package city.urbanops.localplatform;

import city.urbanops.launchers.kafka.KafkaNode;
import city.urbanops.launchers.keycloak.KeycloakNode;
import city.urbanops.launchers.postgres.PostgresNode;
import city.urbanops.launchers.process.Supervision;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * The local platform's settings for the shared launchers (infra-launchers): fixed ports, data under {@code .local},
 * PostgreSQL durable, and every process detached, so Ctrl-C reaches only the launcher and a killed launcher's
 * leftovers are found through their pid files and the {@code .local} marker.
 */
final class LocalInfrastructure {

    static final int KAFKA_PORT = 9092;
    static final int KAFKA_CONTROLLER_PORT = 9093;
    static final int POSTGRES_PORT = 5432;
    static final String DATABASE = "urbanops";
    /** The device registry's own database: no other service reads it, and its migrations are its own. */
    static final String REGISTRY_DATABASE = "registry";
    /** rules-service's own database (rules, their versions and audit trail): its migrations are its own. */
    static final String RULES_DATABASE = "rules";
    /** alerting-service's own database (alerts, notifications, routing): its migrations are its own. */
    static final String ALERTING_DATABASE = "alerting";
    /** operator-api's own database (the audit log, commands and their flags): its migrations are its own. */
    static final String OPERATOR_DATABASE = "operator";
    static final int KEYCLOAK_PORT = 8180;
    static final int KEYCLOAK_MANAGEMENT_PORT = 9000;
    static final String REALM = "city";
    static final String ISSUER = "http://localhost:" + KEYCLOAK_PORT + "/realms/" + REALM;
    private static final String REALM_RESOURCE = "keycloak/city-realm.json";

    private LocalInfrastructure() {
    }

    /** Kafka in {@code .local/data/kafka}, run from the launcher's own jars. */
    static KafkaNode kafka(LocalLayout layout, String launcherClasspath) {
        return new KafkaNode(new KafkaNode.Settings(KAFKA_PORT, KAFKA_CONTROLLER_PORT, layout.data().resolve("kafka"),
                layout.run().resolve("kafka-server.properties"), layout.log("kafka"), launcherClasspath,
                List.of("-Xms128m", "-Xmx512m"),
                List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info"),
                supervision(layout)));
    }

    /** PostgreSQL in {@code .local/data/postgres}, durable: the data is the developer's until they delete it. */
    static PostgresNode postgres(LocalLayout layout) {
        return PostgresNode.builder(PostgresNode.Durability.DURABLE)
                .dataDirectory(layout.data().resolve("postgres"))
                .port(POSTGRES_PORT)
                .binariesDirectory(layout.local().resolve("postgres-bin"))
                .serverConfig("max_connections", "200")
                .startupWait(Duration.ofSeconds(90))
                .build();
    }

    /**
     * Keycloak unpacked once into {@code .local/keycloak-<version>}, built once and then started optimized, with its
     * own data kept there; the realm export comes from platform-security on the launcher's classpath.
     */
    static KeycloakNode keycloak(LocalLayout layout, Path distZip, String version, LauncherSettings settings) {
        return KeycloakNode.builder()
                .home(layout.local().resolve("keycloak-" + version))
                .distribution(() -> distZip)
                .realm(REALM, realmExport(layout))
                .ports(KEYCLOAK_PORT, KEYCLOAK_MANAGEMENT_PORT)
                .mode(KeycloakNode.Mode.OPTIMIZED_WITH_FILE_DATABASE)
                .admin(settings.keycloakAdmin(), settings.keycloakAdminPassword())
                .javaOptions("-XX:TieredStopAtLevel=1")
                .log(layout.log("keycloak"))
                .supervision(supervision(layout))
                .build();
    }

    private static Supervision supervision(LocalLayout layout) {
        return Supervision.detached(layout.run(), layout.marker());
    }

    private static Path realmExport(LocalLayout layout) {
        try (InputStream realm = LocalInfrastructure.class.getClassLoader().getResourceAsStream(REALM_RESOURCE)) {
            if (realm == null) {
                throw new IllegalStateException(REALM_RESOURCE + " is not on the launcher's classpath (platform-security)");
            }
            Path export = layout.run().resolve(REALM + "-realm.json");
            Files.copy(realm, export, StandardCopyOption.REPLACE_EXISTING);
            return export;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the realm export " + REALM_RESOURCE, e);
        }
    }
}
