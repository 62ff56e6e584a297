package city.urbanops.operatorapi.alertdetail;

import city.urbanops.operatorapi.ConsoleSessions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.codec.EventJson;
import city.urbanops.operatorapi.AlertingProcess;
import city.urbanops.operatorapi.OperatorApiIT;
import city.urbanops.operatorapi.command.RegistryProcess;
import city.urbanops.testkit.keycloak.KeycloakServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * The quarantine proposal on the alert detail against the real alerting-service and device-registry-service: Accept
 * as a supervisor quarantines the proposed device in the registry (with the proposal's id); as an operator the
 * registry's refusal is shown in words and the device stays as it was; Reject puts the reason on the alert's timeline.
 */
class QuarantineProposalIT extends OperatorApiIT {

    @Autowired
    ConsoleSessions sessions;

    private static final EventJson JSON = new EventJson();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    WebApplicationContext context;
    private MockMvc mvc;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("urbanops.operator.services.alerting", AlertingProcess::baseUrl);
        registry.add("urbanops.operator.services.registry", RegistryProcess::baseUrl);
    }

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    }

    @Test
    void detailShowsTheProposalAndSupervisorsAcceptQuarantinesTheDevice() throws Exception {
        String device = activeDevice();
        String alert = raiseWithProposal(device, "stuck at 21.0 C for 6 h");
        MockHttpSession supervisor = sessions.signedIn("supervisor");

        String page = mvc.perform(get("/alerts/{id}", alert).session(supervisor)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Triage proposes to quarantine device " + device + ": stuck at 21.0 C for 6 h")
                .contains("data-testid=\"proposal-accept\"");

        mvc.perform(post("/alerts/{id}/proposal/accept", alert).session(supervisor).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("done", "Device " + device + " is quarantined."));

        var view = JSON.mapper().readTree(registry("GET", "/api/v1/devices/" + device, null));
        assertThat(view.path("quarantine").path("by").asString()).isEqualTo("supervisor");
        assertThat(view.path("quarantine").path("reason").asString()).contains("stuck at 21.0 C for 6 h");
        assertThat(registry("GET", "/api/v1/devices/" + device + "/history", null)).contains("proposal-" + device);
    }

    @Test
    void operatorsAcceptIsRefusedInWordsAndTheDeviceStaysActive() throws Exception {
        String device = activeDevice();
        String alert = raiseWithProposal(device, "battery voltage flat at 0 V");

        mvc.perform(post("/alerts/{id}/proposal/accept", alert).session(sessions.signedIn("operator")).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("refusal",
                        "Only a supervisor may quarantine a device; the registry refused."));

        var view = JSON.mapper().readTree(registry("GET", "/api/v1/devices/" + device, null));
        assertThat(view.path("quarantine").isMissingNode() || view.path("quarantine").isNull()).isTrue();
        assertThat(view.path("lifecycle").asString()).isEqualTo("ACTIVE");
    }

    @Test
    void rejectPutsTheReasonOnTheTimelineAndNeedsOne() throws Exception {
        String device = activeDevice();
        String alert = raiseWithProposal(device, "no readings for 2 h");
        MockHttpSession operator = sessions.signedIn("operator");

        mvc.perform(post("/alerts/{id}/proposal/reject", alert).session(operator).with(csrf()).param("reason", " "))
                .andExpect(flash().attribute("refusal", "Say why the proposal is rejected."));
        mvc.perform(post("/alerts/{id}/proposal/reject", alert).session(operator).with(csrf())
                        .param("reason", "the gateway was being moved"))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("done", "Proposal rejected; the reason is on the timeline."));

        String page = mvc.perform(get("/alerts/{id}", alert).session(operator)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Quarantine proposal for device " + device + " rejected: the gateway was being moved");
        assertThat(JSON.mapper().readTree(registry("GET", "/api/v1/devices/" + device, null))
                .path("lifecycle").asString()).isEqualTo("ACTIVE");
    }

    // --- helpers ---

    /** A transport sensor of its own (so tests do not share one), registered and activated by the admin. */
    private static String activeDevice() throws Exception {
        String id = "proposal-valve-" + UUID.randomUUID().toString().substring(0, 8);
        registry("POST", "/api/v1/devices", Map.of("id", id, "kind", "SENSOR", "deviceType", "valve",
                "gatewayId", "transport-gw", "department", "transport", "district", "north"));
        registry("POST", "/api/v1/devices/" + id + "/lifecycle", Map.of("to", "ACTIVE", "reason", "installed"));
        return id;
    }

    private static String registry(String method, String path, Object body) throws Exception {
        String admin = KeycloakServer.shared().passwordToken("admin", "admin");
        var request = HttpRequest.newBuilder(URI.create(RegistryProcess.baseUrl() + path))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json");
        request = body == null ? request.GET()
                : request.method(method, HttpRequest.BodyPublishers.ofString(JSON.mapper().writeValueAsString(body)));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode() / 100).as(path + ": " + response.body()).isEqualTo(2);
        return response.body();
    }

    /** Raises a DEVICE_FAULT alert carrying triage's quarantine proposal for {@code device}; answers alerting's id. */
    private static String raiseWithProposal(String device, String reason) throws Exception {
        String key = "proposal-it/" + device;
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        var event = new AlertEvent(AlertEvent.alertIdOf(key, at), key, AlertEvent.Transition.RAISED, 0,
                AlertEvent.Severity.WARNING, AlertEvent.Cause.DEVICE_FAULT, "the device disagrees with its neighbours",
                List.of(new AlertEvent.Signal("stuck-value", reason)), "Sensor fault " + device, "Check the sensor",
                "proposal-it", 1, device, "transport-gw", "site-1", "transport", "north", 52.37, 4.89, at, at,
                new AlertEvent.Evidence("value unchanged for PT6H", Map.of(),
                        List.of(new AlertEvent.EvidenceReading(device, at, "temperature", 21.0, null, null))),
                List.of(), 0, null, new AlertEvent.QuarantineProposal("proposal-" + device, device, reason));
        return AlertingProcess.raise(event);
    }
}
