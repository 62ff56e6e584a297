package city.urbanops.edge.simulation;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
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
            return new SimulatedCity(CityPlan.devices(new Simulation(null, 1, 8, null, null, null, null, null)), 1, 0);
        }

        @Bean
        IncidentBoard incidentBoard(SimulatedCity city) {
            return new IncidentBoard(city::typeOf, Clock.systemUTC());
        }

        @Bean
        FaultBoard faultBoard(SimulatedCity city) {
            return new FaultBoard(city, Clock.systemUTC());
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
                .andExpect(jsonPath("$[?(@.kind == 'FLOOD')].deviceId").value(org.hamcrest.Matchers.hasItem("gw-01-fl-001")));
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
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("FLOOD")))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("UPLINK_LOSS")));
    }

    @Test
    void supervisorCutsAGatewaysUplinkSeesItListedAndEndsItEarly() throws Exception {
        var created = mvc.perform(post("/api/v1/simulation/incidents").with(role("supervisor"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"kind\":\"UPLINK_LOSS\",\"gatewayId\":\"gw-01\",\"durationSeconds\":600}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.kind").value("UPLINK_LOSS"))
                .andExpect(jsonPath("$.gatewayIds[0]").value("gw-01"))
                .andReturn().getResponse().getHeader("Location");

        mvc.perform(get("/api/v1/simulation/incidents").with(role("operator")))
                .andExpect(jsonPath("$[?(@.kind == 'UPLINK_LOSS')].gatewayId").value(org.hamcrest.Matchers.hasItem("gw-01")));
        mvc.perform(delete(created).with(role("supervisor"))).andExpect(status().isNoContent());
        mvc.perform(delete(created).with(role("supervisor"))).andExpect(status().isNotFound());
    }

    @Test
    void powerLossOfADistrictCutsEveryGatewayStandingThere() throws Exception {
        mvc.perform(post("/api/v1/simulation/incidents").with(role("admin"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"kind\":\"POWER_LOSS\",\"district\":\"north\",\"durationSeconds\":60}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.district").value("north"))
                .andExpect(jsonPath("$.gatewayIds").value(org.hamcrest.Matchers.contains("gw-01")));
    }

    @Test
    void aDeviceFaultNamingAGatewayFieldIsABadRequestNamingThatField() throws Exception {
        mvc.perform(post("/api/v1/simulation/incidents").with(role("admin"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"kind\":\"STUCK_SENSOR\",\"gatewayId\":\"gw-01\",\"durationSeconds\":60}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://urbanops.city/problems/invalid-request"))
                .andExpect(jsonPath("$.field").value("gatewayId"));
    }

    @Test
    void aDeviceFaultWhoseDeviceIdIsAGatewayIsNotApplicable() throws Exception {
        mvc.perform(post("/api/v1/simulation/incidents").with(role("admin"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"kind\":\"STUCK_SENSOR\",\"deviceId\":\"gw-01\",\"durationSeconds\":60}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("https://urbanops.city/problems/incident-not-applicable"))
                .andExpect(jsonPath("$.field").value("deviceId"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("is a gateway")));
    }

    @Test
    void anUnknownDistrictIsABadRequestListingTheDistricts() throws Exception {
        mvc.perform(post("/api/v1/simulation/incidents").with(role("admin"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"kind\":\"POWER_LOSS\",\"district\":\"atlantis\",\"durationSeconds\":60}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://urbanops.city/problems/unknown-district"))
                .andExpect(jsonPath("$.field").value("district"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("[north]")));
    }

    @Test
    void anUnknownGatewayIsNotFound() throws Exception {
        mvc.perform(post("/api/v1/simulation/incidents").with(role("admin"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"kind\":\"UPLINK_LOSS\",\"gatewayId\":\"gw-77\",\"durationSeconds\":60}"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://urbanops.city/problems/unknown-gateway"))
                .andExpect(jsonPath("$.field").value("gatewayId"));
    }

    private static JwtRequestPostProcessor role(String role) {
        return jwt().jwt(token -> token.claim("realm_access", Map.of("roles", List.of(role)))
                        .claim("preferred_username", role))
                .authorities(new KeycloakJwtAuthenticationConverter()::authorities);
    }
}
