package city.urbanops.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * A minimal OpenID provider for tests: serves discovery and JWKS for realm {@code city} over real HTTP and signs
 * real RS256 tokens shaped like Keycloak's, so the resource server is exercised end to end without Keycloak.
 */
final class TestIssuer implements AutoCloseable {

    /** The audience of the test service: its {@code spring.application.name}, which platform-security requires. */
    static final String AUDIENCE = "secured-test-service";

    private final int port;
    private final RSAKey key;
    private HttpServer server;

    private TestIssuer(int port) {
        this.port = port;
        try {
            this.key = new RSAKeyGenerator(2048).keyID("test-key").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An issuer on a free port that does not answer until {@link #start()}. */
    static TestIssuer onFreePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return new TestIssuer(socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String issuerUri() {
        return "http://localhost:" + port + "/realms/city";
    }

    TestIssuer start() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String discovery = "{\"issuer\":\"" + issuerUri() + "\",\"jwks_uri\":\"" + issuerUri()
                + "/protocol/openid-connect/certs\",\"id_token_signing_alg_values_supported\":[\"RS256\"]}";
        String jwks = new JWKSet(key.toPublicJWK()).toString();
        server.createContext("/realms/city/.well-known/openid-configuration", ex -> respond(ex, discovery));
        server.createContext("/realms/city/protocol/openid-connect/certs", ex -> respond(ex, jwks));
        server.start();
        return this;
    }

    /** A Keycloak-shaped access token for {@code username} with realm roles and scope claims. */
    String token(String username, List<String> realmRoles, Object departments, Object districts) {
        return token(username, realmRoles, departments, districts, List.of(AUDIENCE, "account"));
    }

    /** A token carrying only the given audiences (Keycloak's default is {@code account} alone). */
    String token(String username, List<String> realmRoles, List<String> audiences) {
        return token(username, realmRoles, "*", "*", audiences);
    }

    private String token(String username, List<String> realmRoles, Object departments, Object districts,
                         List<String> audiences) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuerUri())
                .subject("sub-" + username)
                .audience(audiences)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .claim("preferred_username", username)
                .claim("realm_access", Map.of("roles", realmRoles));
        if (departments != null) {
            claims.claim("departments", departments);
        }
        if (districts != null) {
            claims.claim("districts", districts);
        }
        return sign(claims.build(), key);
    }

    /** A well-formed token signed by a key this issuer never published. */
    String tokenSignedByStranger(String username) {
        try {
            RSAKey stranger = new RSAKeyGenerator(2048).keyID("test-key").generate();
            return sign(new JWTClaimsSet.Builder().issuer(issuerUri()).subject(username)
                    .expirationTime(Date.from(Instant.now().plusSeconds(300))).build(), stranger);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(JWTClaimsSet claims, RSAKey signingKey) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID())
                    .build(), claims);
            jwt.sign(new RSASSASigner(signingKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void respond(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }
}
