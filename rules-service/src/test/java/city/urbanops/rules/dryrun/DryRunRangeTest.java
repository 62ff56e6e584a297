package city.urbanops.rules.dryrun;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.rules.rule.RuleAccess;
import city.urbanops.rules.rule.Scope;
import city.urbanops.security.AccessScope;
import city.urbanops.security.problem.FieldProblem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which ranges a dry run accepts, and which callers see which rules. */
class DryRunRangeTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);

    @Test
    void aRangeOfAtMostAWeekInThePastIsAccepted() {
        assertThat(new DryRunRange(NOW.minus(WEEK), NOW).problems(WEEK, NOW)).isEmpty();
    }

    @Test
    void toNotAfterFromIsRefusedNamingTo() {
        assertThat(new DryRunRange(NOW.minusSeconds(60), NOW.minusSeconds(60)).problems(WEEK, NOW))
                .extracting(FieldProblem::field).containsExactly("to");
    }

    @Test
    void aRangeLongerThanTheBoundIsRefusedNamingTo() {
        var problems = new DryRunRange(NOW.minus(WEEK).minusSeconds(1), NOW).problems(WEEK, NOW);

        assertThat(problems).extracting(FieldProblem::field).containsExactly("to");
        assertThat(problems.getFirst().reason()).contains("PT168H");
    }

    @Test
    void aRangeReachingIntoTheFutureIsRefusedNamingTo() {
        assertThat(new DryRunRange(NOW.minusSeconds(60), NOW.plusSeconds(1)).problems(WEEK, NOW))
                .extracting(FieldProblem::field).containsExactly("to");
    }

    @Test
    void missingBoundsAreEachNamed() {
        assertThat(new DryRunRange(null, null).problems(WEEK, NOW)).extracting(FieldProblem::field)
                .containsExactly("from", "to");
    }

    @Test
    void aCallerSeesARuleWhoseScopeMeetsTheirs() {
        var transport = new AccessScope(Set.of("transport"), Set.of("*"));

        assertThat(RuleAccess.sees(transport, scope(List.of("transport"), List.of("north")))).isTrue();
        assertThat(RuleAccess.sees(transport, scope(List.of("transport", "water"), List.of()))).isTrue();
        assertThat(RuleAccess.sees(transport, Scope.everything())).isTrue();
        assertThat(RuleAccess.sees(transport, scope(List.of("water"), List.of()))).isFalse();
    }

    @Test
    void aCallerLimitedToADistrictDoesNotSeeRulesOfOthers() {
        var waterNorth = new AccessScope(Set.of("water"), Set.of("north"));

        assertThat(RuleAccess.sees(waterNorth, scope(List.of("water"), List.of("south")))).isFalse();
        assertThat(RuleAccess.sees(waterNorth, scope(List.of("water"), List.of("north", "south")))).isTrue();
    }

    @Test
    void aTokenWithoutScopeClaimsSeesNothing() {
        assertThat(RuleAccess.sees(new AccessScope(Set.of(), Set.of()), Scope.everything())).isFalse();
    }

    private static Scope scope(List<String> departments, List<String> districts) {
        return new Scope(null, departments, districts, null, null);
    }
}
