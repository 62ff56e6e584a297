package city.urbanops.registry.support;

import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.keycloak.KeycloakServer;
import city.urbanops.testkit.postgres.PostgresDatabase;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The device registry on real infrastructure: PostgreSQL of its own (so a test may stop it), Kafka from the test kit
 * and tokens from a real Keycloak with the city realm. Every registry IT extending this shares one application
 * context; each test uses ids of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class RegistryServiceIT {

    private static PostgresDatabase server;
    private static PostgresDatabase database;

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        PostgresDatabase db = database();
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", db::password);
        registry.add("spring.datasource.hikari.connection-timeout", () -> "5000");
        registry.add("spring.kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> KeycloakServer.shared().issuerUri());
    }

    protected static synchronized PostgresDatabase database() {
        if (database == null) {
            server = PostgresDatabase.startEmbedded();
            database = server.createDatabase("registry_" + Long.toHexString(
                    UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE));
        }
        return database;
    }

    /** The PostgreSQL server of this context: stop it to take the registry's database away. */
    protected static PostgresDatabase postgresServer() {
        database();
        return server;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /** An id no other test uses. */
    protected static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
