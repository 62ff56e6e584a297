package city.urbanops.registry.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.registry.support.RegistryApi;
import city.urbanops.registry.support.RegistryFixtures;
import city.urbanops.registry.support.RegistryServiceIT;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Every secret the registry issues, through every path that issues one, with the service logging at its most
 * talkative (web, security, JDBC with bound parameters): the captured log output holds none of them.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsNeverLoggedIT extends RegistryServiceIT {

    private static final List<String> TALKATIVE = List.of("org.springframework.web", "org.springframework.jdbc",
            "org.springframework.security", "org.springframework.transaction", "city.urbanops");

    RegistryApi api;
    RegistryFixtures fixtures;
    LoggingSystem logging;

    @BeforeEach
    void setUp() {
        api = new RegistryApi(baseUrl());
        fixtures = new RegistryFixtures(api).referenceData();
        logging = LoggingSystem.get(getClass().getClassLoader());
        TALKATIVE.forEach(logger -> logging.setLogLevel(logger, LogLevel.TRACE));
    }

    @AfterEach
    void quieten() {
        TALKATIVE.forEach(logger -> logging.setLogLevel(logger, null));
    }

    @Test
    void noIssuedSecretAppearsInTheLogs(CapturedOutput output) {
        List<String> secrets = new ArrayList<>();
        String gateway = newId("gw");

        JsonAnswer provisioned = issue(api.post("/api/v1/gateways", "admin", Map.of("id", gateway,
                "deviceType", RegistryFixtures.GATEWAY_TYPE, "department", "water", "district", "north")));
        secrets.add(provisioned.secret());
        fixtures.transition(gateway, "ACTIVE", "installed");
        secrets.add(issue(api.post("/api/v1/gateways/" + gateway + "/secrets", "admin", Map.of("overlap", "PT1H")))
                .secret());
        JsonAnswer third = issue(api.post("/api/v1/gateways/" + gateway + "/secrets", "admin", Map.of()));
        secrets.add(third.secret());
        assertThat(api.post("/api/v1/gateways/" + gateway + "/secrets", "admin", Map.of()).statusCode())
                .isEqualTo(409);
        assertThat(api.send("DELETE", "/api/v1/gateways/" + gateway + "/secrets/" + third.credentialId(), "admin",
                null, Map.of()).statusCode()).isEqualTo(200);
        fixtures.transition(gateway, "SUSPENDED", "checking the logs");

        String logged = output.getAll();
        assertThat(logged).as("the logs were captured at all").contains("gateway_secret")
                .contains(third.credentialId());
        for (String secret : secrets) {
            assertThat(logged).doesNotContain(secret);
            assertThat(logged).doesNotContain(secret.substring("uogw_".length()));
        }
    }

    record JsonAnswer(String secret, String credentialId) {
    }

    private static JsonAnswer issue(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        var json = RegistryApi.json(response);
        return new JsonAnswer(json.get("secret").asString(), json.get("credentialId").asString());
    }
}
