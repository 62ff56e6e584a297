package city.urbanops.edge.simulation;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import city.urbanops.edge.config.EdgeGatewayProperties.Simulation;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import city.urbanops.security.KeycloakJwtAuthenticationConverter;
import city.urbanops.security.UrbanOpsSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.http.MediaType;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.JwtRequestPostProcessor;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(controllers = IncidentController.class,
        properties = "spring.security.oauth2.resourceserver.jwt.issuer-uri=http://localhost:1/realms/city")
@ImportAutoConfiguration(UrbanOpsSecurityAutoConfiguration.class)
class IncidentControllerTest {

    @TestConfiguration
    static class City {
        @Bean
        SimulatedCity simulatedCity() {
            return new SimulatedCity(CityPlan.devices(new Simulation(null, 1, 8, null, null, null, null)), 1, 0);
        }

        @Bean
        IncidentBoard incidentBoard(SimulatedCity city) {
            return new IncidentBoard(city::typeOf, Clock.systemUTC());
        }
    }

    @Autowired
    MockMvc mvc;

    @Test
    void supervisorInjectsAFloodAndSeesItListed() throws Exception {
        mvc.perform(post("/api/v1/simulation/incidents").with(role("supervisor"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"deviceId\":\"gw-01-fl-001\",\"kind\":\"FLOOD\",\"durationSeconds\":600}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", org.hamcrest.Matchers.startsWith("/api/v1/simulation/incidents/")))
                .andExpect(jsonPath("$.kind").value("FLOOD"));

        mvc.perform(get("/api/v1/simulation/incidents").with(role("operator")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].deviceId").value("gw-01-fl-001"));
    }

    @Test
    void operatorMayNotInjectIncidents() throws Exception {
        mvc.perform(post("/api/v1/simulation/incidents").with(role("operator"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"deviceId\":\"gw-01-fl-001\",\"kind\":\"FLOOD\",\"durationSeconds\":600}"))
                .andExpect(status().isForbidden());
    }

    @Test
    void withoutATokenTheApiAnswersUnauthorized() throws Exception {
        mvc.perform(get("/api/v1/simulation/devices")).andExpect(status().isUnauthorized());
    }

    @Test
    void incidentOnTheWrongDeviceTypeIsAProblemNamingTheField() throws Exception {
        mvc.perform(post("/api/v1/simulation/incidents").with(role("admin"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"deviceId\":\"gw-01-aq-001\",\"kind\":\"FLOOD\",\"durationSeconds\":600}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://urbanops.city/problems/incident-not-applicable"))
                .andExpect(jsonPath("$.field").value("kind"));
    }

    @Test
    void unknownDeviceIsNotFound() throws Exception {
        mvc.perform(post("/api/v1/simulation/incidents").with(role("admin"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"deviceId\":\"gw-07-fl-001\",\"kind\":\"FLOOD\",\"durationSeconds\":600}"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://urbanops.city/problems/unknown-device"));
    }

    @Test
    void missingDurationIsABadRequestNamingTheField() throws Exception {
        mvc.perform(post("/api/v1/simulation/incidents").with(role("admin"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"deviceId\":\"gw-01-fl-001\",\"kind\":\"FLOOD\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("durationSeconds"));
    }

    @Test
    void unknownIncidentKindIsABadRequestListingTheKinds() throws Exception {
        mvc.perform(post("/api/v1/simulation/incidents").with(role("admin"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"deviceId\":\"gw-01-fl-001\",\"kind\":\"VOLCANO\",\"durationSeconds\":60}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://urbanops.city/problems/invalid-request"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("FLOOD")));
    }

    private static JwtRequestPostProcessor role(String role) {
        return jwt().jwt(token -> token.claim("realm_access", Map.of("roles", List.of(role)))
                        .claim("preferred_username", role))
                .authorities(new KeycloakJwtAuthenticationConverter()::authorities);
    }
}
