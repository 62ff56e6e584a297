package city.urbanops.alerting.routing;

import static city.urbanops.alerting.TestAlerts.alert;
import static city.urbanops.alerting.routing.OnCallScheduleTest.ANNA;
import static city.urbanops.alerting.routing.OnCallScheduleTest.BRUNO;
import static city.urbanops.alerting.routing.OnCallScheduleTest.OTTO;
import static city.urbanops.alerting.routing.OnCallScheduleTest.WEEKLY_MONDAY_8;
import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.alerting.AlertingDatabase;
import city.urbanops.events.alert.AlertEvent.Cause;
import city.urbanops.events.alert.AlertEvent.Severity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The router over policies and schedules stored in a real PostgreSQL. */
class RouterIT {

    private static final Instant MONDAY_NOON = Instant.parse("2026-03-30T10:00:00Z"); // 12:00 in Paris
    private static final Recipient SAM = new Recipient("sam", "Sam Supervisor", "sam@city.example");
    private static final Recipient WANDA = new Recipient("wanda", "Wanda Water", "wanda@city.example");
    private static final Recipient NIGHT = new Recipient("nora", "Nora Nightshift", "nora@city.example");
    private static final Recipient DUTY = new Recipient("duty", "Duty Officer", "duty@city.example");

    private RoutingPolicyRepository policies;
    private ScheduleRepository schedules;
    private SimpleMeterRegistry meters;
    private PolicyRouter router;

    @BeforeEach
    void freshDatabase() {
        var jdbc = JdbcClient.create(AlertingDatabase.fresh("routing"));
        policies = new RoutingPolicyRepository(jdbc);
        schedules = new ScheduleRepository(jdbc);
        meters = new SimpleMeterRegistry();
        var fallback = new RoutingProperties.Fallback(null, List.of(DUTY), List.of("ops-hook"), Duration.ofMinutes(1),
                List.of(new EscalationLevel(Duration.ofMinutes(30), null, List.of(SAM), null)));
        router = new PolicyRouter(policies, schedules, new RoutingProperties(fallback, null, null), meters);
        schedules.save(new OnCallSchedule("network", "Network team", "Europe/Paris", List.of(WEEKLY_MONDAY_8),
                List.of()), "supervisor", MONDAY_NOON);
    }

    private static RoutingPolicy policy(String id, int priority, PolicyMatch match, String scheduleId,
                                        List<Recipient> users, List<EscalationLevel> escalation) {
        return new RoutingPolicy(id, id, priority, true, match, scheduleId, users, List.of(), Duration.ofSeconds(30),
                null, escalation);
    }

    private static PolicyMatch causes(Cause... causes) {
        return new PolicyMatch(null, null, null, null, Set.of(causes), null);
    }

    private static PolicyMatch departments(String... departments) {
        return new PolicyMatch(Set.of(departments), null, null, null, null, null);
    }

    private double fallbacks(String reason) {
        return meters.get("urbanops.alerting.routing.fallback").tag("reason", reason).counter().count();
    }

    @Test
    void networkFaultGoesToTheNetworkTeamNotToTheDeviceOwner() {
        policies.save(policy("network-team", 10, causes(Cause.NETWORK_FAULT), "network", List.of(), List.of()),
                "supervisor", MONDAY_NOON);
        policies.save(policy("water-owners", 20, departments("water"), null, List.of(WANDA), List.of()),
                "supervisor", MONDAY_NOON);

        var network = router.route(alert("water", "north", Severity.MAJOR, Cause.NETWORK_FAULT), MONDAY_NOON);
        var device = router.route(alert("water", "north", Severity.MAJOR, Cause.DEVICE_FAULT), MONDAY_NOON);

        // Monday 30 March 12:00 Paris: two handovers after 16 March, so the third person, Clara.
        assertThat(network.policyId()).isEqualTo("network-team");
        assertThat(network.recipients()).extracting(Recipient::userId).containsExactly("clara");
        assertThat(network.fallback()).isFalse();
        assertThat(device.policyId()).isEqualTo("water-owners");
        assertThat(device.recipients()).containsExactly(WANDA);
    }

    @Test
    void lowestPriorityNumberWinsAmongMatchingPolicies() {
        policies.save(policy("broad", 50, departments("water"), null, List.of(WANDA), List.of()), "s", MONDAY_NOON);
        policies.save(policy("critical-water", 5, new PolicyMatch(Set.of("water"), null, Severity.CRITICAL, null, null,
                null), null, List.of(SAM), List.of()), "s", MONDAY_NOON);

        assertThat(router.route(alert("water", "east", Severity.CRITICAL, Cause.INCIDENT), MONDAY_NOON).policyId())
                .isEqualTo("critical-water");
        assertThat(router.route(alert("water", "east", Severity.MAJOR, Cause.INCIDENT), MONDAY_NOON).policyId())
                .isEqualTo("broad");
    }

    @Test
    void nightPolicyTakesAlertsOnlyDuringItsLocalHours() {
        var nights = new PolicyMatch(null, null, null, null, null,
                List.of(new TimeWindow("Europe/Paris", Set.of(), LocalTime.of(20, 0), LocalTime.of(7, 0))));
        policies.save(policy("nights", 1, nights, null, List.of(NIGHT), List.of()), "s", MONDAY_NOON);
        policies.save(policy("days", 2, PolicyMatch.anything(), null, List.of(WANDA), List.of()), "s", MONDAY_NOON);
        var any = alert("water", "north", Severity.MAJOR, Cause.INCIDENT);

        assertThat(router.route(any, Instant.parse("2026-03-30T18:30:00Z")).policyId()).as("20:30 CEST").isEqualTo("nights");
        assertThat(router.route(any, Instant.parse("2026-03-31T04:59:00Z")).policyId()).as("06:59 CEST").isEqualTo("nights");
        assertThat(router.route(any, Instant.parse("2026-03-31T05:00:00Z")).policyId()).as("07:00 CEST").isEqualTo("days");
        // The same UTC time of day in winter is an hour earlier in Paris: 18:30 UTC is 19:30 CET, still day.
        assertThat(router.route(any, Instant.parse("2026-03-16T18:30:00Z")).policyId()).as("19:30 CET").isEqualTo("days");
    }

    @Test
    void alertNoPolicyMatchesGoesToTheFallbackVisiblyAndCounted() {
        policies.save(policy("water-owners", 20, departments("water"), null, List.of(WANDA), List.of()), "s", MONDAY_NOON);

        var route = router.route(alert("lighting", "south", Severity.INFO, Cause.DEVICE_FAULT), MONDAY_NOON);

        assertThat(route.fallback()).isTrue();
        assertThat(route.policyId()).isEqualTo("fallback");
        assertThat(route.policyName()).contains("no policy matched");
        assertThat(route.recipients()).containsExactly(DUTY);
        assertThat(route.webhookEndpointIds()).containsExactly("ops-hook");
        assertThat(route.groupKey()).isEqualTo("fallback:south");
        assertThat(route.escalation()).extracting(EscalationStep::recipients).containsExactly(List.of(SAM));
        assertThat(fallbacks("no-policy-matched")).isEqualTo(1.0);
    }

    @Test
    void disabledPolicyIsSkipped() {
        var disabled = new RoutingPolicy("off", "off", 1, false, PolicyMatch.anything(), null, List.of(WANDA), List.of(),
                Duration.ZERO, null, List.of());
        policies.save(disabled, "s", MONDAY_NOON);

        assertThat(router.route(alert("water", "north", Severity.MAJOR, Cause.INCIDENT), MONDAY_NOON).fallback()).isTrue();
    }

    @Test
    void policyWhoseScheduleHasNobodyOnCallFallsBackAndSaysWhy() {
        schedules.save(new OnCallSchedule("future", "Starts in 2027", "Europe/Paris",
                List.of(new Rotation("r", java.time.LocalDateTime.parse("2027-01-04T08:00"), "FREQ=WEEKLY",
                        List.of(ANNA))), List.of()), "s", MONDAY_NOON);
        policies.save(policy("empty", 1, PolicyMatch.anything(), "future", List.of(), List.of()), "s", MONDAY_NOON);

        var route = router.route(alert("water", "north", Severity.MAJOR, Cause.INCIDENT), MONDAY_NOON);

        assertThat(route.fallback()).isTrue();
        assertThat(route.policyName()).contains("empty");
        assertThat(fallbacks("nobody-reachable")).isEqualTo(1.0);
    }

    @Test
    void groupKeyIsPolicyAndDistrictByDefaultOrTheChosenFields() {
        policies.save(policy("water-owners", 20, departments("water"), null, List.of(WANDA), List.of()), "s", MONDAY_NOON);
        policies.save(new RoutingPolicy("per-site", "per site", 10, true, departments("lighting"), null, List.of(SAM),
                List.of(), Duration.ZERO, List.of(GroupField.SITE, GroupField.CAUSE), List.of()), "s", MONDAY_NOON);

        assertThat(router.route(alert("water", "north", Severity.MAJOR, Cause.INCIDENT), MONDAY_NOON).groupKey())
                .isEqualTo("water-owners:north");
        assertThat(router.route(alert("lighting", "north", Severity.MAJOR, Cause.INCIDENT), MONDAY_NOON).groupKey())
                .isEqualTo("per-site:site-1:INCIDENT");
    }

    @Test
    void escalationLevelsResolveWhoIsOnCallAtTheMomentOfRouting() {
        var levels = List.of(new EscalationLevel(Duration.ofMinutes(10), "network", List.of(), List.of("net-hook")),
                new EscalationLevel(Duration.ofMinutes(20), null, List.of(SAM), List.of()));
        policies.save(policy("network-team", 10, causes(Cause.NETWORK_FAULT), "network", List.of(), levels), "s", MONDAY_NOON);
        schedules.addOverride("network", new OnCallOverride(UUID.randomUUID(), OTTO,
                Instant.parse("2026-03-24T00:00:00Z"), Instant.parse("2026-03-25T00:00:00Z"), "s"), MONDAY_NOON);
        var alert = alert("water", "north", Severity.MAJOR, Cause.NETWORK_FAULT);

        var routed = router.route(alert, Instant.parse("2026-03-23T12:00:00Z"));
        var overridden = router.route(alert, Instant.parse("2026-03-24T12:00:00Z"));

        assertThat(routed.recipients()).containsExactly(BRUNO);
        assertThat(routed.escalation()).extracting(EscalationStep::level).containsExactly(1, 2);
        assertThat(routed.escalation().get(0).recipients()).containsExactly(BRUNO);
        assertThat(routed.escalation().get(0).webhookEndpointIds()).containsExactly("net-hook");
        assertThat(routed.escalation().get(1).recipients()).containsExactly(SAM);
        assertThat(overridden.recipients()).containsExactly(OTTO);
    }

    @Test
    void storedPolicyReadsBackAsWritten() {
        var written = new RoutingPolicy("network-team", "Network team", 10, true,
                new PolicyMatch(Set.of("water"), Set.of("north"), Severity.MAJOR, Set.of(Severity.CRITICAL),
                        Set.of(Cause.NETWORK_FAULT), List.of(new TimeWindow("Europe/Paris", Set.of(DayOfWeek.MONDAY),
                        LocalTime.of(8, 0), LocalTime.of(18, 30)))),
                "network", List.of(SAM), List.of("hook"), Duration.ofSeconds(45), List.of(GroupField.SITE),
                List.of(new EscalationLevel(Duration.ofMinutes(15), "network", List.of(SAM), List.of("hook"))));
        policies.save(written, "s", MONDAY_NOON);

        assertThat(policies.find("network-team")).contains(written);
        assertThat(policies.referencing("network")).containsExactly("network-team");
        assertThat(schedules.findAt("network", MONDAY_NOON).orElseThrow().rotations()).containsExactly(WEEKLY_MONDAY_8);
    }
}
