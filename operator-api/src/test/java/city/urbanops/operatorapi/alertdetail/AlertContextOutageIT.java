package city.urbanops.operatorapi.alertdetail;

import city.urbanops.operatorapi.ConsoleSessions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import city.urbanops.events.codec.EventJson;
import city.urbanops.operatorapi.AlertingProcess;
import city.urbanops.operatorapi.OperatorApiIT;
import city.urbanops.testkit.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The alert's context when the registry and the telemetry store do not answer (nothing listens on their ports): the
 * queue and the detail page still stand, saying "health unknown", that nearby devices are unavailable, and drawing
 * the alert's own evidence readings with a note.
 */
class AlertContextOutageIT extends OperatorApiIT {

    @Autowired
    ConsoleSessions sessions;

    private static final EventJson JSON = new EventJson();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String DEVICE = "ctx-silent-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Instant AT = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static String alert;

    @Autowired
    WebApplicationContext context;

    private MockMvc mvc;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("urbanops.operator.services.alerting", AlertingProcess::baseUrl);
        registry.add("urbanops.operator.services.registry", () -> "http://127.0.0.1:" + FreePorts.next());
        registry.add("urbanops.operator.services.telemetry", () -> "http://127.0.0.1:" + FreePorts.next());
    }

    @BeforeAll
    static void anAlert() throws Exception {
        alert = AlertContextIT.raise(DEVICE, "transport", AT, 2.7);
    }

    @AfterAll
    static void closeProducer() {
        AlertContextIT.closeProducer();
    }

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    }

    @Test
    void theQueueStandsAndSaysHealthUnknown() throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl()
                + "/api/v1/exception-queue?limit=50")).header("Authorization", "Bearer " + token("operator")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode mine = JSON.mapper().readTree(answer.body()).get("items").valueStream()
                .filter(i -> alert.equals(i.get("id").asString())).findFirst().orElseThrow();
        assertThat(mine.get("deviceHealth").get("known").asBoolean()).isFalse();
        assertThat(mine.get("deviceHealth").has("connectivity")).isFalse();

        String page = page("/");
        String row = page.substring(page.indexOf("id=\"alert-" + alert + "\""));
        assertThat(row.substring(0, row.indexOf("</tr>"))).contains("health unknown");
    }

    @Test
    void theDetailStandsWithHealthUnknownNoNeighboursAndTheEvidenceReadingsCharted() throws Exception {
        String page = page("/alerts/" + alert);

        assertThat(page).contains("data-testid=\"health-unknown\"")
                .contains("data-testid=\"neighbours-unavailable\"")
                .contains("The telemetry store did not answer: the chart shows only the readings the alert carries.")
                .contains("data-source=\"EVIDENCE\"")
                .contains("&quot;v&quot;:2.7");
        assertThat(page("/t/alerts/" + alert)).contains("Device " + DEVICE + ": health unknown");
    }

    private String page(String path) throws Exception {
        var response = mvc.perform(get(path).session(sessions.signedIn("operator"))).andReturn().getResponse();
        assertThat(response.getStatus()).as(path).isEqualTo(200);
        response.setCharacterEncoding("UTF-8");
        return response.getContentAsString();
    }

}
