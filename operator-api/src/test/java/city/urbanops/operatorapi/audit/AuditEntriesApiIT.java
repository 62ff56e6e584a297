package city.urbanops.operatorapi.audit;

import static city.urbanops.operatorapi.audit.AuditEvents.event;
import static city.urbanops.operatorapi.audit.AuditEvents.unique;
import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.audit.AuditEvent;
import city.urbanops.operatorapi.OperatorApiIT;
import city.urbanops.security.AccessScope;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading the audit log over the API: filters, newest first, a keyset cursor, a bounded page, the caller's scope. */
class AuditEntriesApiIT extends OperatorApiIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    AuditTrail trail;

    @Autowired
    AuditEntries entries;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void entriesOfATargetComeNewestFirstAPageAtATime() throws Exception {
        String id = unique("paged");
        append(event(id + ":1", id), event(id + ":2", id), event(id + ":3", id));

        JsonNode first = getJson("/api/v1/audit/entries?targetType=rule&targetId=" + id + "&limit=2", "analyst");
        JsonNode second = getJson("/api/v1/audit/entries?targetType=rule&targetId=" + id + "&limit=2&cursor="
                + first.get("nextCursor").asString(), "analyst");

        assertThat(eventIds(first)).containsExactly(id + ":3", id + ":2");
        assertThat(eventIds(second)).containsExactly(id + ":1");
        assertThat(second.get("nextCursor").isNull()).isTrue();
        JsonNode entry = second.get("items").get(0);
        assertThat(entry.get("actor").asString()).isEqualTo("supervisor");
        assertThat(entry.get("details").get("version").asString()).isEqualTo("3");
        assertThat(entry.get("hash").asString()).hasSize(64);
    }

    @Test
    void entriesAreFilteredByActorActionAndTime() throws Exception {
        String id = unique("filtered");
        Instant early = Instant.parse("2026-01-10T08:00:00Z");
        append(new AuditEvent(id + ":1", "it-service", early, "technician", "device.quarantined", "device", id,
                        "water", "north", Map.of()),
                new AuditEvent(id + ":2", "it-service", early.plusSeconds(3600), "supervisor", "device.quarantined",
                        "device", id, "water", "north", Map.of()),
                new AuditEvent(id + ":3", "it-service", early.plusSeconds(7200), "supervisor", "device.released",
                        "device", id, "water", "north", Map.of()));

        JsonNode byActor = getJson("/api/v1/audit/entries?targetId=" + id + "&actor=supervisor", "admin");
        JsonNode byAction = getJson("/api/v1/audit/entries?targetId=" + id + "&action=device.quarantined", "admin");
        JsonNode byTime = getJson("/api/v1/audit/entries?targetId=" + id + "&from=2026-01-10T08:30:00Z"
                + "&to=2026-01-10T09:30:00Z", "admin");

        assertThat(eventIds(byActor)).containsExactly(id + ":3", id + ":2");
        assertThat(eventIds(byAction)).containsExactly(id + ":2", id + ":1");
        assertThat(eventIds(byTime)).containsExactly(id + ":2");
    }

    @Test
    void aLimitOverTwoHundredIsAProblemNamingLimit() throws Exception {
        HttpResponse<String> response = get("/api/v1/audit/entries?limit=201", "supervisor");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("https://urbanops.city/problems/invalid-request");
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("limit");
    }

    @Test
    void aCursorTheApiDidNotIssueIsAProblemNamingCursor() throws Exception {
        HttpResponse<String> response = get("/api/v1/audit/entries?cursor=not-a-cursor", "supervisor");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("errors").get(0).get("field").asString()).isEqualTo("cursor");
    }

    @Test
    void anOperatorMayNotReadTheLog() throws Exception {
        assertThat(get("/api/v1/audit/entries", "operator").statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/audit/entries", "technician").statusCode()).isEqualTo(403);
    }

    @Test
    void aRestrictedReaderSeesOnlyEntriesOfItsDepartmentsAndDistrictsAndNoneWithoutADepartment() {
        String id = unique("scoped");
        append(AuditEvents.event(id + ":water-north", id, "water", "north"),
                AuditEvents.event(id + ":water-south", id, "water", "south"),
                AuditEvents.event(id + ":transport-north", id, "transport", "north"),
                AuditEvents.event(id + ":water-none", id, "water", null),
                AuditEvents.event(id + ":sign-in", id, null, null));

        var waterNorth = new AccessScope(Set.of("water"), Set.of("north"));
        var waterAnywhere = new AccessScope(Set.of("water"), Set.of(AccessScope.ALL));
        var everywhere = AccessScope.unrestricted();

        assertThat(visible(id, waterNorth)).containsExactly(id + ":water-north");
        assertThat(visible(id, waterAnywhere)).containsExactly(id + ":water-none", id + ":water-south",
                id + ":water-north");
        assertThat(visible(id, everywhere)).hasSize(5);
    }

    private List<String> visible(String targetId, AccessScope scope) {
        return entries.page(new AuditQuery(null, null, null, targetId, null, null, scope, null), 50).stream()
                .map(AuditEntry::eventId).toList();
    }

    private void append(AuditEvent... events) {
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            for (AuditEvent event : events) {
                trail.record(event);
            }
        });
    }

    private static List<String> eventIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("eventId").asString()));
        return ids;
    }

    private JsonNode getJson(String path, String user) throws Exception {
        HttpResponse<String> response = get(path, user);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(String path, String user) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                    .header("Authorization", "Bearer " + token(user)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
