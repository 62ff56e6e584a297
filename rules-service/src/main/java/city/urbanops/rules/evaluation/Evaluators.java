package city.urbanops.rules.evaluation;

import city.urbanops.rules.rule.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The event-time condition kinds as pure functions: the tracking so far and one reading in, the next tracking and the
 * transition out. Readings reach them in event-time order (the device stage drops anything not after the device's
 * last reading), so none of them has to reorder.
 */
final class Evaluators {

    /**
     * Points each extreme of a rate-of-change window keeps at most. A monotonic queue holds only points that can still
     * be the window's extreme, which a noisy signal keeps to a handful; a value that keeps rising for a whole long
     * window could grow it without end, so past this bound the oldest candidate is dropped (the window then behaves as
     * if it were that much shorter for that extreme).
     */
    static final int MAX_WINDOW_POINTS = 1_024;

    private Evaluators() {
    }

    /** A fresh tracking of {@code condition}'s kind, open or not. */
    static Tracking initial(Condition condition, boolean active) {
        return switch (condition) {
            case Condition.Threshold threshold -> new Tracking.Threshold(null, active);
            case Condition.RateOfChange rate -> new Tracking.Rate(List.of(), List.of(), active);
            case Condition.StateHeld held -> new Tracking.Held(null, active);
            case Condition.GroupCount group -> new Tracking.Member(active);
            case Condition.Absence absence -> throw new IllegalArgumentException("an absence is watched, not tracked");
        };
    }

    /**
     * Applies one usable value ({@code Double} for numeric kinds, {@code Boolean} or {@code String} for a state) to a
     * tracking of any kind: a tracking of another kind (a new rule version changed the kind) restarts as that kind
     * with its open state kept, so an open condition is re-judged by the new version rather than dropped.
     */
    static Step step(Condition condition, Tracking tracking, Instant time, Object value) {
        boolean active = tracking != null && tracking.active();
        return switch (condition) {
            case Condition.Threshold c -> threshold(c, tracking instanceof Tracking.Threshold t ? t
                    : new Tracking.Threshold(null, active), time, (Double) value);
            case Condition.RateOfChange c -> rate(c, tracking instanceof Tracking.Rate t ? t
                    : new Tracking.Rate(List.of(), List.of(), active), time, (Double) value);
            case Condition.StateHeld c -> held(c, tracking instanceof Tracking.Held t ? t
                    : new Tracking.Held(null, active), time, value);
            case Condition.GroupCount c -> member(c, tracking instanceof Tracking.Member t ? t
                    : new Tracking.Member(active), (Double) value);
            case Condition.Absence absence -> throw new IllegalArgumentException("an absence is watched, not tracked");
        };
    }

    /**
     * Beyond the level since the first reading of a run; raised once the run has lasted {@code forDuration} (raised at
     * the run's start); a reading back inside before that ends the run; once raised, only a reading past
     * {@code clearAt} clears it (hysteresis).
     */
    static Step threshold(Condition.Threshold condition, Tracking.Threshold tracking, Instant time, double value) {
        if (tracking.active()) {
            return condition.cleared(value) ? Step.clear(new Tracking.Threshold(null, false)) : Step.none(tracking);
        }
        if (!condition.direction().beyond(value, condition.value())) {
            return Step.none(new Tracking.Threshold(null, false));
        }
        var since = tracking.beyondSince() == null ? time : tracking.beyondSince();
        if (Duration.between(since, time).compareTo(condition.forDuration()) >= 0) {
            return Step.raise(new Tracking.Threshold(since, true), since);
        }
        return Step.none(new Tracking.Threshold(since, false));
    }

    /**
     * The value moved by at least {@code change} within {@code window}: RISING compares it with the window's lowest,
     * FALLING with its highest, EITHER with both. Raised at the reading that shows it, cleared at the first later
     * reading that no longer does.
     */
    static Step rate(Condition.RateOfChange condition, Tracking.Rate tracking, Instant time, double value) {
        var oldest = time.minus(condition.window());
        var lows = slide(tracking.lows(), oldest, new Tracking.Point(time, value), true);
        var highs = slide(tracking.highs(), oldest, new Tracking.Point(time, value), false);
        double rise = value - lows.getFirst().value();
        double fall = highs.getFirst().value() - value;
        boolean holds = switch (condition.trend()) {
            case RISING -> rise >= condition.change();
            case FALLING -> fall >= condition.change();
            case EITHER -> rise >= condition.change() || fall >= condition.change();
        };
        if (holds && !tracking.active()) {
            return Step.raise(new Tracking.Rate(lows, highs, true), time);
        }
        if (!holds && tracking.active()) {
            return Step.clear(new Tracking.Rate(lows, highs, false));
        }
        return Step.none(new Tracking.Rate(lows, highs, tracking.active()));
    }

    /** Drops points older than the window and those the new point outdoes as an extreme, then appends it. */
    private static List<Tracking.Point> slide(List<Tracking.Point> points, Instant oldest, Tracking.Point latest,
                                              boolean lows) {
        var kept = new ArrayList<Tracking.Point>(points.size() + 1);
        for (var point : points) {
            if (!point.time().isBefore(oldest)) {
                kept.add(point);
            }
        }
        while (!kept.isEmpty() && (lows ? kept.getLast().value() >= latest.value()
                : kept.getLast().value() <= latest.value())) {
            kept.removeLast();
        }
        kept.add(latest);
        while (kept.size() > MAX_WINDOW_POINTS) {
            kept.removeFirst();
        }
        return kept;
    }

    /**
     * The measurement equals the watched state since the first reading that showed it; raised once that has lasted
     * {@code forDuration} (raised at that first reading), cleared by a reading of any other state.
     */
    static Step held(Condition.StateHeld condition, Tracking.Held tracking, Instant time, Object value) {
        if (!Objects.equals(condition.value(), value)) {
            return tracking.active() ? Step.clear(new Tracking.Held(null, false))
                    : Step.none(new Tracking.Held(null, false));
        }
        var since = tracking.since() == null ? time : tracking.since();
        if (!tracking.active() && Duration.between(since, time).compareTo(condition.forDuration()) >= 0) {
            return Step.raise(new Tracking.Held(since, true), since);
        }
        return Step.none(new Tracking.Held(since, tracking.active()));
    }

    /** Only the member predicate of a group count: entering or leaving the level; triage counts the group. */
    static Step member(Condition.GroupCount condition, Tracking.Member tracking, double value) {
        boolean beyond = condition.direction().beyond(value, condition.value());
        if (beyond == tracking.active()) {
            return Step.none(tracking);
        }
        return beyond ? Step.raise(new Tracking.Member(true), null) : Step.clear(new Tracking.Member(false));
    }
}
