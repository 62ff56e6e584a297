package city.urbanops.alerting.routing;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.security.problem.FieldProblem;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RoutingValidationTest {

    private static final Recipient SAM = new Recipient("sam", "Sam Supervisor", "sam@city.example");

    private static List<String> fields(List<FieldProblem> problems) {
        return problems.stream().map(FieldProblem::field).toList();
    }

    @Test
    void validPolicyPasses() {
        var policy = new RoutingPolicy("network-team", "Network team", 10, true, null, "network", List.of(), List.of(),
                Duration.ofSeconds(30), null, List.of(new EscalationLevel(Duration.ofMinutes(15), null, List.of(SAM), null)));

        assertThat(RoutingValidation.ofPolicy(policy, 5, id -> id.equals("network"))).isEmpty();
    }

    @Test
    void policyProblemsNameTheirFields() {
        var badWindow = new TimeWindow("Mars/Olympus", Set.of(), LocalTime.NOON, LocalTime.MIDNIGHT);
        var policy = new RoutingPolicy("Bad Id", "", -1, true,
                new PolicyMatch(null, null, null, null, null, List.of(badWindow)), "missing", List.of(),
                List.of(), Duration.ofHours(2), null,
                List.of(new EscalationLevel(Duration.ZERO, null, List.of(new Recipient("x", "X", "not-an-email")), null)));

        assertThat(fields(RoutingValidation.ofPolicy(policy, 5, id -> false))).containsExactlyInAnyOrder(
                "id", "name", "priority", "match.timeWindows[0].zone", "scheduleId",
                "groupWait", "escalation[0].after", "escalation[0].users[0].email");
    }

    @Test
    void policyThatReachesNobodyIsRefused() {
        var policy = new RoutingPolicy("silent", "Silent", 1, true, null, null, List.of(), List.of(),
                Duration.ZERO, null, List.of());

        assertThat(RoutingValidation.ofPolicy(policy, 5, id -> true))
                .extracting(FieldProblem::field).containsExactly("scheduleId");
    }

    @Test
    void tooManyEscalationLevelsAreRefused() {
        var level = new EscalationLevel(Duration.ofMinutes(5), null, List.of(SAM), null);
        var policy = new RoutingPolicy("deep", "Deep", 1, true, null, null, List.of(SAM), List.of(), Duration.ZERO,
                null, List.of(level, level, level));

        assertThat(fields(RoutingValidation.ofPolicy(policy, 2, id -> true))).containsExactly("escalation");
    }

    @Test
    void scheduleWithBrokenOrTooFineRuleIsRefusedNamingTheRotation() {
        var broken = new Rotation("a", LocalDateTime.parse("2026-03-16T08:00"), "FREQ=FORTNIGHTLY", List.of(SAM));
        var minutely = new Rotation("b", LocalDateTime.parse("2026-03-16T08:00"), "FREQ=MINUTELY", List.of(SAM));
        var schedule = new OnCallSchedule("team", "Team", "Europe/Paris", List.of(broken, minutely), List.of());

        assertThat(fields(RoutingValidation.ofSchedule(schedule)))
                .containsExactly("rotations[0].rrule", "rotations[1].rrule");
    }

    @Test
    void overrideMustEndAfterItStartsAndWithinNinetyDays() {
        var start = Instant.parse("2026-03-16T08:00:00Z");
        var backwards = new OnCallOverride(UUID.randomUUID(), SAM, start, start.minusSeconds(1), "sam");
        var long_ = new OnCallOverride(UUID.randomUUID(), SAM, start, start.plus(Duration.ofDays(91)), "sam");

        assertThat(RoutingValidation.ofOverride(backwards)).extracting(FieldProblem::reason)
                .containsExactly("must be after startsAt");
        assertThat(fields(RoutingValidation.ofOverride(long_))).containsExactly("endsAt");
    }
}
