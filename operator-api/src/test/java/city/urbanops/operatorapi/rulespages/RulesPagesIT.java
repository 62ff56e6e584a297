package city.urbanops.operatorapi.rulespages;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.CloudEventRecords;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventType;
import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.events.telemetry.TelemetryRecord;
import city.urbanops.events.EventClass;
import city.urbanops.events.uplink.Measurement;
import city.urbanops.testkit.TestInfrastructure;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import city.urbanops.operatorapi.ConsoleSessions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import city.urbanops.operatorapi.OperatorApiIT;
import city.urbanops.operatorapi.RulesProcess;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * The Rules pages against a real rules-service (its own jar, database, state directory, Kafka and Keycloak): a rule
 * with two versions made through rules-service's API is listed, its versions and the diff between them shown, a dry
 * run rendered as a timeline, an analyst refused enabling (no button; a forged POST refused by rules-service, in
 * words), a supervisor enables version 2. Console requests go through MockMvc with a signed-in session.
 */
class RulesPagesIT extends OperatorApiIT {

    private static final EventJson JSON = new EventJson();

    @Autowired
    ConsoleSessions sessions;

    private static final String VERSION_1 = """
            {"name": "Silent device (console test)", "severity": "WARNING",
             "recommendedAction": "Check the device's power and its radio link",
             "condition": {"type": "absence", "forDuration": "PT20M"}}""";
    private static final String VERSION_2 = VERSION_1.replace("PT20M", "PT45M");

    @Autowired
    WebApplicationContext context;
    private MockMvc mvc;
    private String ruleId;

    @DynamicPropertySource
    static void rulesService(DynamicPropertyRegistry registry) {
        registry.add("urbanops.operator.services.rules", RulesProcess::baseUrl);
    }

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        ruleId = "console-" + UUID.randomUUID().toString().substring(0, 8);
        RulesProcess.createRule(ruleId, VERSION_1);
        RulesProcess.addVersion(ruleId, VERSION_2);
    }

    @Test
    void listShowsTheRuleWithItsLatestVersionAndNothingInForce() throws Exception {
        String body = page("analyst", "/rules");

        assertThat(body).contains("data-testid=\"rule-" + ruleId + "\"", "Silent device (console test)", "disabled");
    }

    @Test
    void detailShowsBothVersionsAndADiffNamingTheChangedLine() throws Exception {
        String body = page("analyst", "/rules/" + ruleId);

        assertThat(body).contains("data-testid=\"version-1\"", "data-testid=\"version-2\"",
                "Changes from version 1 to version 2", "console test: second version");
        String removed = body.substring(body.indexOf("data-testid=\"diff-removed\""));
        assertThat(removed.substring(0, removed.indexOf("</tr>"))).contains("PT20M").contains("removed");
        String added = body.substring(body.indexOf("data-testid=\"diff-added\""));
        assertThat(added.substring(0, added.indexOf("</tr>"))).contains("PT45M").contains("added");
        assertThat(body).contains("VERSION_ADDED");
    }

    @Test
    void dryRunOfAVersionShowsItsTimelineOrThatItWouldRaiseNothing() throws Exception {
        Instant to = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String body = page("analyst", "/rules/" + ruleId + "/versions/2/dry-run?from=" + to.minus(10, ChronoUnit.MINUTES)
                + "&to=" + to);

        assertThat(body).contains("data-testid=\"dry-run-result\"").doesNotContain("data-testid=\"refusal\"");
        assertThat(body.contains("data-testid=\"no-alerts\"") || body.contains("data-testid=\"per-day\""))
                .as("a timeline or the no-alerts state: " + body).isTrue();
        assertThat(body).contains("No version is in force.");
    }

    @Test
    void dryRunOverRecordedReadingsListsTheAlertItWouldHaveRaisedAndCountsItPerDay() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String device = "dry-run-" + UUID.randomUUID().toString().substring(0, 8);
        Instant lastReading = now.minus(90, ChronoUnit.MINUTES);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            var record = new DeviceRecord(device, null, DeviceKind.SENSOR, "flood-sensor", "dry-run-gw",
                    DeviceLifecycle.ACTIVE, null, "transport", "north", null, 52.37, 4.89, List.of("water_level"), 1,
                    now.minus(3, ChronoUnit.HOURS));
            producer.send(CloudEventRecords.toRecord(Topics.REGISTRY_DEVICES, device, EventType.DEVICE,
                    record.eventId(), URI.create("urbanops:device-registry-service"), device, record.updatedAt(),
                    JSON.write(record))).get();
            // Readings until 90 minutes ago, then silence: the rule's 20 minutes pass without one.
            for (int i = 0; i < 3; i++) {
                Instant at = lastReading.minus(10L * (2 - i), ChronoUnit.MINUTES);
                var reading = new TelemetryRecord(device, i + 1, at, EventClass.ENVIRONMENTAL, "dry-run-gw", at,
                        List.of(Measurement.numeric("water_level", "m", 0.4)));
                var event = CloudEventRecords.toRecord(Topics.TELEMETRY_ENVIRONMENTAL, device, EventType.TELEMETRY,
                        reading.eventId(), URI.create("urbanops:ingestion-service"), device, at, JSON.write(reading));
                producer.send(new ProducerRecord<>(event.topic(), null, at.toEpochMilli(), event.key(), event.value(),
                        event.headers())).get();
            }
        }

        String path = "/rules/" + ruleId + "/versions/1/dry-run?from=" + now.minus(3, ChronoUnit.HOURS) + "&to=" + now;
        String body = await().atMost(Duration.ofSeconds(60)).until(() -> page("analyst", path),
                page -> page.contains(device));

        assertThat(body).contains("data-testid=\"per-day\"").contains("data-testid=\"dry-run-alerts\"");
        String row = body.substring(body.lastIndexOf("<tr", body.indexOf(device)));
        assertThat(row.substring(0, row.indexOf("</tr>"))).contains("RAISED").contains(device).contains("WARNING");
        assertThat(body).as("nothing was emitted: the rule stays disabled").contains("No version is in force.");
    }

    @Test
    void dryRunRangeLongerThanRulesServiceAllowsIsRefusedInWords() throws Exception {
        String body = page("analyst", "/rules/" + ruleId + "/versions/2/dry-run?from=2026-01-01T00:00:00Z"
                + "&to=2026-01-20T00:00:00Z");

        assertThat(body).contains("data-testid=\"refusal\"", "at most 7 days").doesNotContain("dry-run-result");
    }

    @Test
    void analystSeesNoEnableButtonAndAForgedEnableIsRefusedInWords() throws Exception {
        MockHttpSession analyst = sessions.signedIn("analyst");
        assertThat(page(analyst, "/rules/" + ruleId)).doesNotContain("data-testid=\"enable-2\"");

        MvcResult forged = mvc.perform(post("/rules/" + ruleId + "/versions/2/enable").param("reason", "forged")
                .session(analyst).with(csrf())).andReturn();
        assertThat(forged.getResponse().getStatus()).isEqualTo(302);
        assertThat(forged.getFlashMap().get("refusal").toString()).contains("may not enable");

        assertThat(page(analyst, "/rules/" + ruleId)).contains("no version (disabled)");
    }

    @Test
    void supervisorEnablesVersionTwoWithAReason() throws Exception {
        MockHttpSession supervisor = sessions.signedIn("supervisor");
        assertThat(page(supervisor, "/rules/" + ruleId)).contains("data-testid=\"enable-2\"");

        MvcResult withoutReason = mvc.perform(post("/rules/" + ruleId + "/versions/2/enable").param("reason", " ")
                .session(supervisor).with(csrf())).andReturn();
        assertThat(withoutReason.getFlashMap().get("refusal").toString()).contains("reason is required");

        MvcResult enabled = mvc.perform(post("/rules/" + ruleId + "/versions/2/enable")
                .param("reason", "longer silence before alerting").session(supervisor).with(csrf())).andReturn();
        assertThat(enabled.getResponse().getStatus()).isEqualTo(302);
        assertThat(enabled.getResponse().getRedirectedUrl()).isEqualTo("/rules/" + ruleId);
        assertThat(enabled.getFlashMap().get("done").toString()).contains("Version 2 is now in force");

        String after = page(supervisor, "/rules/" + ruleId);
        assertThat(after).contains("version 2, enabled by supervisor", "longer silence before alerting")
                .doesNotContain("data-testid=\"enable-2\"");
    }

    @Test
    void technicianIsToldTheyMayNotSeeRules() throws Exception {
        String body = page("technician", "/rules");

        assertThat(body).contains("You may not see rules").doesNotContain(ruleId);
    }

    private String page(String user, String path) throws Exception {
        return page(sessions.signedIn(user), path);
    }

    private String page(MockHttpSession session, String path) throws Exception {
        MvcResult result = mvc.perform(get(path).session(session)).andReturn();
        assertThat(result.getResponse().getStatus()).as(path).isEqualTo(200);
        return result.getResponse().getContentAsString();
    }

}
