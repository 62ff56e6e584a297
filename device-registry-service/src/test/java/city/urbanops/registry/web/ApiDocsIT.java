package city.urbanops.registry.web;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.registry.support.RegistryApi;
import city.urbanops.registry.support.RegistryServiceIT;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The OpenAPI description the service serves: behind a token like every endpoint, and describing the API. */
class ApiDocsIT extends RegistryServiceIT {

    @Test
    void apiDocsNeedATokenAndDescribeTheRegistrysEndpoints() {
        RegistryApi api = new RegistryApi(baseUrl());

        HttpResponse<String> anonymous = api.get("/v3/api-docs", null);
        HttpResponse<String> analyst = api.get("/v3/api-docs", "analyst");

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(analyst.statusCode()).isEqualTo(200);
        JsonNode docs = RegistryApi.json(analyst);
        assertThat(docs.get("paths").propertyNames()).contains("/api/v1/devices", "/api/v1/devices/{id}",
                "/api/v1/devices/{id}/lifecycle", "/api/v1/devices/{id}/quarantine", "/api/v1/gateways/{id}/secrets",
                "/api/v1/districts", "/api/v1/device-types/{id}");
        assertThat(docs.get("components").get("securitySchemes").get("bearer").get("scheme").asString())
                .isEqualTo("bearer");
        assertThat(docs.get("paths").propertyNames()).noneMatch(path -> path.startsWith("/actuator"));
    }
}
