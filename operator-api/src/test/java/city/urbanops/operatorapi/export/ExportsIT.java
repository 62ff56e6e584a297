package city.urbanops.operatorapi.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.codec.EventJson;
import city.urbanops.operatorapi.AlertingProcess;
import city.urbanops.operatorapi.ConsoleSessions;
import city.urbanops.operatorapi.OperatorApiIT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Exports against a real alerting-service process: what a caller may see and nothing else, as CSV a spreadsheet opens
 * safely, bounded, and each one in the audit log. This context allows 3 rows per export.
 */
class ExportsIT extends OperatorApiIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final EventJson JSON = new EventJson();

    @Autowired
    JdbcClient jdbc;
    @Autowired
    WebApplicationContext context;
    @Autowired
    ConsoleSessions sessions;

    @DynamicPropertySource
    static void alertingAndBound(DynamicPropertyRegistry registry) {
        registry.add("urbanops.operator.services.alerting", AlertingProcess::baseUrl);
        registry.add("urbanops.operator.exports.max-rows", () -> "3");
    }

    @Test
    void anOperatorsExportHoldsTheirDepartmentsAlertsOnlyAndIsRecordedInTheAuditLog() throws Exception {
        String district = district();
        String water = AlertingProcess.raise("water", district, AlertEvent.Severity.MAJOR, "Main burst");
        String transport = AlertingProcess.raise("transport", district, AlertEvent.Severity.CRITICAL,
                "=HYPERLINK(\"http://evil.example\",\"Signals dark\")");

        HttpResponse<String> answer = get("operator", "/api/v1/exports/alerts.csv?district=" + district);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/csv"));
        assertThat(answer.headers().firstValue("Content-Disposition")).hasValueSatisfying(d -> assertThat(d)
                .startsWith("attachment; filename=\"urbanops-alerts-").endsWith(".csv\""));
        List<String> lines = answer.body().lines().toList();
        assertThat(lines.getFirst()).startsWith("id,status,severity,cause,");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith(transport + ",OPEN,CRITICAL,INCIDENT,")
                .as("a title a spreadsheet would run is text").contains("\"'=HYPERLINK(\"\"http://evil.example\"\"");
        assertThat(answer.body()).doesNotContain(water);

        assertThat(jdbc.sql("select details->>'rows' from audit_entry where action = 'data.exported' "
                        + "and actor = 'operator' and target_id = 'alerts' and details->>'filter.district' = ?")
                .param(district).query(String.class).list()).containsExactly("1");
    }

    @Test
    void moreRowsThanAnExportHoldsAreRefusedNamingTheRangeAndNothingIsRecorded() throws Exception {
        String district = district();
        for (int i = 0; i < 4; i++) {
            AlertingProcess.raise("water", district, AlertEvent.Severity.WARNING, "Meter " + i + " offline");
        }

        HttpResponse<String> answer = get("supervisor", "/api/v1/exports/alerts.csv?district=" + district);

        assertThat(answer.statusCode()).isEqualTo(422);
        JsonNode problem = JSON.mapper().readTree(answer.body());
        assertThat(problem.path("type").asString()).isEqualTo("https://urbanops.city/problems/export-too-large");
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("from");
        assertThat(problem.path("maxRows").asInt()).isEqualTo(3);
        assertThat(jdbc.sql("select count(*) from audit_entry where action = 'data.exported' "
                + "and details->>'filter.district' = ?").param(district).query(Long.class).single()).isZero();
    }

    @Test
    void aFilterAlertingDoesNotTakeIsRefusedInAlertingsWords() throws Exception {
        HttpResponse<String> answer = get("supervisor", "/api/v1/exports/alerts.csv?severity=LOUD");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("severity");
    }

    @Test
    void anAnalystExportsAuditEntriesWithTheirHashes() throws Exception {
        String district = district();
        AlertingProcess.raise("transport", district, AlertEvent.Severity.INFO, "Ticket machine offline");
        assertThat(get("operator", "/api/v1/exports/alerts.csv?district=" + district).statusCode()).isEqualTo(200);

        HttpResponse<String> answer = get("analyst", "/api/v1/exports/audit.csv?action=data.exported&actor=operator");

        assertThat(answer.statusCode()).isEqualTo(200);
        List<String> lines = answer.body().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("seq,event_id,source,at,recorded_at,actor,action,target_type,"
                + "target_id,department,district,details,prev_hash,hash");
        assertThat(lines).anySatisfy(line -> assertThat(line).contains(",operator,data.exported,export,alerts,")
                .contains("filter.district=" + district));
        assertThat(get("technician", "/api/v1/exports/audit.csv").statusCode()).isEqualTo(403);
    }

    @Test
    void theConsoleDownloadsAnExportOnlyWithTheSessionsCsrfToken() throws Exception {
        String district = district();
        String alert = AlertingProcess.raise("transport", district, AlertEvent.Severity.MAJOR, "Tram stuck");
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();

        var download = mvc.perform(post("/exports/alerts").session(sessions.signedIn("operator")).with(csrf())
                .param("district", district).param("status", "OPEN")).andReturn().getResponse();
        var forged = mvc.perform(post("/exports/alerts").session(sessions.signedIn("operator"))
                .param("district", district)).andReturn().getResponse();

        assertThat(download.getStatus()).isEqualTo(200);
        assertThat(download.getContentAsString()).contains(alert);
        assertThat(forged.getStatus()).isEqualTo(403);
        assertThat(forged.getContentAsString()).doesNotContain(alert);
    }

    private static String district() {
        return "export-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private HttpResponse<String> get(String user, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Authorization", "Bearer " + token(user)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
