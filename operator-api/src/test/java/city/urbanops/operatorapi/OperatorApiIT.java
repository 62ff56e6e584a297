package city.urbanops.operatorapi;

import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.keycloak.KeycloakServer;
import city.urbanops.testkit.postgres.PostgresDatabase;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * operator-api on real infrastructure: a PostgreSQL database of its own ({@code operator_*}), the test kit's Kafka
 * (every platform topic created) and tokens from a real Keycloak with the city realm. Every IT extending this without
 * further properties shares one application context; tests use ids of their own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ConsoleSessions.class)
public abstract class OperatorApiIT {

    // Keycloak's access tokens live five minutes; one per user is reused for a minute.
    private static final Map<String, Token> TOKENS = new ConcurrentHashMap<>();

    private static PostgresDatabase database;

    @LocalServerPort
    protected int port;

    private record Token(String value, Instant fetchedAt) {
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        PostgresDatabase db = database();
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", db::password);
        registry.add("spring.datasource.hikari.connection-timeout", () -> "5000");
        registry.add("spring.kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> KeycloakServer.shared().issuerUri());
        // Each application context consumes as groups of its own, from the start of each topic.
        registry.add("spring.kafka.consumer.group-id", () -> "operator-it-" + UUID.randomUUID());
    }

    /** The database of this JVM's operator-api contexts, created on first use. */
    protected static synchronized PostgresDatabase database() {
        if (database == null) {
            database = TestInfrastructure.postgres().createDatabase("operator_" + Long.toHexString(
                    UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE));
        }
        return database;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /** An access token of the demo realm user {@code user} (password = user name), carrying operator-api's audience. */
    public static String token(String user) {
        return TOKENS.compute(user, (u, token) -> token != null
                && token.fetchedAt().isAfter(Instant.now().minusSeconds(60)) ? token
                : new Token(KeycloakServer.shared().passwordToken(u, u), Instant.now())).value();
    }
}
