package city.urbanops.rules.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.rules.rule.Condition;
import city.urbanops.rules.rule.Condition.Direction;
import city.urbanops.rules.rule.Condition.RateOfChange.Trend;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The condition kinds as pure functions: tracking and reading in, next tracking and transition out. */
class EvaluatorsTest {

    private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");

    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    /** Feeds values one minute apart from {@code T0} and returns the last step. */
    private static Step feed(Condition condition, double... values) {
        Tracking tracking = null;
        Step step = null;
        for (int i = 0; i < values.length; i++) {
            step = Evaluators.step(condition, tracking, at(i), values[i]);
            tracking = step.next();
        }
        return step;
    }

    @Test
    void thresholdWithoutDurationRaisesAtTheFirstReadingBeyondItsLevel() {
        var below = new Condition.Threshold("temperature", Direction.BELOW, -5, null, null);

        var step = Evaluators.threshold(below, new Tracking.Threshold(null, false), at(0), -6);

        assertThat(step.change()).isEqualTo(Step.Change.RAISE);
        assertThat(step.raisedAt()).isEqualTo(at(0));
    }

    @Test
    void thresholdLevelItselfIsNotBeyond() {
        var above = new Condition.Threshold("temperature", Direction.ABOVE, 30, null, null);

        assertThat(feed(above, 30).change()).isEqualTo(Step.Change.NONE);
    }

    @Test
    void thresholdRaisesOnlyWhenTheRunHasLastedItsDurationAndIsRaisedAtTheRunsStart() {
        var above = new Condition.Threshold("temperature", Direction.ABOVE, 30, 25.0, Duration.ofMinutes(3));

        assertThat(feed(above, 31, 32, 33).change()).isEqualTo(Step.Change.NONE);
        var raised = feed(above, 31, 32, 33, 34);
        assertThat(raised.change()).isEqualTo(Step.Change.RAISE);
        assertThat(raised.raisedAt()).isEqualTo(at(0));
        assertThat(feed(above, 31, 29, 32, 33, 34).change()).as("the run restarted at minute 2")
                .isEqualTo(Step.Change.NONE);
    }

    @Test
    void thresholdClearsOnlyPastItsClearLevel() {
        var above = new Condition.Threshold("temperature", Direction.ABOVE, 30, 25.0, null);

        assertThat(feed(above, 31, 26).change()).isEqualTo(Step.Change.NONE);
        assertThat(feed(above, 31, 26).next().active()).isTrue();
        assertThat(feed(above, 31, 26, 25).change()).isEqualTo(Step.Change.CLEAR);
    }

    @Test
    void risingRateComparesWithTheLowestOfTheWindow() {
        var rising = new Condition.RateOfChange("water_level", Trend.RISING, 1.0, Duration.ofMinutes(3));

        assertThat(feed(rising, 2.0, 1.0, 1.5, 2.0).change()).as("2.0 - 1.0 within 3 min")
                .isEqualTo(Step.Change.RAISE);
        assertThat(feed(rising, 1.0, 1.2, 1.4, 1.6, 1.9).change()).as("1.0 left the window")
                .isEqualTo(Step.Change.NONE);
        assertThat(feed(rising, 3.0, 1.0).change()).as("a fall is not a rise").isEqualTo(Step.Change.NONE);
    }

    @Test
    void fallingRateComparesWithTheHighestAndEitherWithBoth() {
        var falling = new Condition.RateOfChange("water_level", Trend.FALLING, 1.0, Duration.ofMinutes(3));
        var either = new Condition.RateOfChange("water_level", null, 1.0, Duration.ofMinutes(3));

        assertThat(feed(falling, 3.0, 2.0).change()).isEqualTo(Step.Change.RAISE);
        assertThat(feed(falling, 1.0, 2.0).change()).isEqualTo(Step.Change.NONE);
        assertThat(feed(either, 1.0, 2.0).change()).isEqualTo(Step.Change.RAISE);
        assertThat(feed(either, 3.0, 2.0).change()).isEqualTo(Step.Change.RAISE);
    }

    @Test
    void rateClearsAtTheFirstReadingThatNoLongerShowsIt() {
        var rising = new Condition.RateOfChange("water_level", Trend.RISING, 1.0, Duration.ofMinutes(2));

        assertThat(feed(rising, 1.0, 2.0, 2.1).change()).as("2.1 - 1.0 still").isEqualTo(Step.Change.NONE);
        assertThat(feed(rising, 1.0, 2.0, 2.1, 2.2).change()).as("lowest is 2.0 now").isEqualTo(Step.Change.CLEAR);
    }

    @Test
    void rateWindowKeepsOnlyCandidateExtremesAndABoundedNumberOfThem() {
        var rising = new Condition.RateOfChange("water_level", Trend.RISING, 1_000_000, Duration.ofDays(7));
        var tracking = (Tracking.Rate) Evaluators.initial(rising, false);
        for (int i = 0; i < 3 * Evaluators.MAX_WINDOW_POINTS; i++) {
            tracking = (Tracking.Rate) Evaluators.rate(rising, tracking, at(i), i).next();
        }

        assertThat(tracking.lows()).hasSize(Evaluators.MAX_WINDOW_POINTS);
        assertThat(tracking.highs()).as("in a rise only the latest can be the highest").hasSize(1);
    }

    @Test
    void stateHeldRaisesAfterItsDurationAtTheFirstReadingOfTheStateAndClearsOnAnother() {
        var faulted = new Condition.StateHeld("charger_status", "FAULTED", Duration.ofMinutes(2));
        Tracking tracking = null;
        var states = List.of("CHARGING", "FAULTED", "FAULTED", "FAULTED", "FAULTED", "AVAILABLE");
        var changes = new java.util.ArrayList<Step>();
        for (int i = 0; i < states.size(); i++) {
            var step = Evaluators.step(faulted, tracking, at(i), states.get(i));
            changes.add(step);
            tracking = step.next();
        }

        assertThat(changes).extracting(Step::change).containsExactly(Step.Change.NONE, Step.Change.NONE,
                Step.Change.NONE, Step.Change.RAISE, Step.Change.NONE, Step.Change.CLEAR);
        assertThat(changes.get(3).raisedAt()).isEqualTo(at(1));
    }

    @Test
    void stateHeldComparesBooleansAsBooleans() {
        var open = new Condition.StateHeld("open", true, Duration.ZERO);

        assertThat(Evaluators.step(open, null, at(0), true).change()).isEqualTo(Step.Change.RAISE);
        assertThat(Evaluators.step(open, null, at(0), "true").change()).isEqualTo(Step.Change.NONE);
    }

    @Test
    void groupMemberEntersAndLeavesOnItsLevelOnly() {
        var group = new Condition.GroupCount("water_level", Direction.ABOVE, 1.5, Condition.GroupCount.GroupBy.SITE,
                3, Duration.ofMinutes(10));

        assertThat(feed(group, 1.6).change()).isEqualTo(Step.Change.RAISE);
        assertThat(feed(group, 1.6, 1.7).change()).isEqualTo(Step.Change.NONE);
        assertThat(feed(group, 1.6, 1.5).change()).isEqualTo(Step.Change.CLEAR);
    }

    @Test
    void anOpenConditionWhoseRuleChangedKindIsJudgedByTheNewKind() {
        var open = new Tracking.Threshold(at(0), true);
        var rising = new Condition.RateOfChange("water_level", Trend.RISING, 1.0, Duration.ofMinutes(5));

        var step = Evaluators.step(rising, open, at(1), 1.0);

        assertThat(step.change()).as("no rise in a one-reading window").isEqualTo(Step.Change.CLEAR);
    }

    @Test
    void absenceIsDueOnTheWallClockAndRaisedAtTheLastReadingsEventTime() {
        var silence = new Condition.Absence(null, Duration.ofMinutes(10));
        var watch = AbsenceWatch.seen(null, at(-180), 1_000_000);

        assertThat(watch.due(silence, 1_000_000 + 599_999)).isFalse();
        assertThat(watch.due(silence, 1_000_000 + 600_000)).isTrue();
        var raised = watch.raised(null);
        assertThat(raised.raisedAt()).isEqualTo(at(-180));
        assertThat(raised.due(silence, 1_000_000 + 900_000)).as("raised once").isFalse();
    }

    @Test
    void aReadingOlderThanTheGraceIsHistory() {
        var grace = new LateGrace(Duration.ofMinutes(2));
        long wall = at(10).toEpochMilli();

        assertThat(grace.fresh(at(8), wall)).isTrue();
        assertThat(grace.fresh(at(8).minusMillis(1), wall)).isFalse();
        assertThat(grace.fresh(at(11), wall)).as("a device clock ahead is not history").isTrue();
    }
}
