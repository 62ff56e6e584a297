package city.urbanops.rules.evaluation;

import city.urbanops.events.alert.AlertEvent.Evidence;
import city.urbanops.events.alert.AlertEvent.EvidenceReading;
import city.urbanops.rules.rule.Condition;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A rule's condition in words and numbers, as an alert's evidence shows it to a person. */
final class ConditionText {

    private ConditionText() {
    }

    static Evidence evidence(Condition condition, List<EvidenceReading> readings) {
        return new Evidence(describe(condition), thresholds(condition), readings);
    }

    /** Evidence of a condition that ended for a reason other than a reading ({@code why} says which). */
    static Evidence ended(String why, List<EvidenceReading> readings) {
        return new Evidence(why, Map.of(), readings);
    }

    static String describe(Condition condition) {
        return switch (condition) {
            case Condition.Threshold c -> c.measurement() + " " + side(c.direction()) + " "
                    + HealthWatch.quantity(c.measurement(), c.value()) + lasting(c.forDuration())
                    + (c.clearAt() == c.value() ? "" : "; clears once " + (c.direction() == Condition.Direction.ABOVE
                    ? "at or below " : "at or above ") + HealthWatch.quantity(c.measurement(), c.clearAt()));
            case Condition.RateOfChange c -> c.measurement() + " " + switch (c.trend()) {
                case RISING -> "rose";
                case FALLING -> "fell";
                case EITHER -> "changed";
            } + " by at least " + HealthWatch.quantity(c.measurement(), c.change()) + " within "
                    + words(c.window());
            case Condition.Absence c -> "no reading" + (c.measurement() == null ? "" : " of " + c.measurement())
                    + " for " + words(c.forDuration());
            case Condition.StateHeld c -> c.measurement() + " = " + c.value() + lasting(c.forDuration());
            case Condition.GroupCount c -> "at least " + c.atLeast() + " devices of one "
                    + c.groupBy().name().toLowerCase() + " with " + c.measurement() + " " + side(c.direction()) + " "
                    + HealthWatch.quantity(c.measurement(), c.value()) + " within " + words(c.window());
        };
    }

    /** The condition's numbers; durations in seconds. */
    static Map<String, Double> thresholds(Condition condition) {
        var numbers = new LinkedHashMap<String, Double>();
        switch (condition) {
            case Condition.Threshold c -> {
                numbers.put("value", c.value());
                numbers.put("clearAt", c.clearAt());
                numbers.put("forDurationSeconds", seconds(c.forDuration()));
            }
            case Condition.RateOfChange c -> {
                numbers.put("change", c.change());
                numbers.put("windowSeconds", seconds(c.window()));
            }
            case Condition.Absence c -> numbers.put("forDurationSeconds", seconds(c.forDuration()));
            case Condition.StateHeld c -> numbers.put("forDurationSeconds", seconds(c.forDuration()));
            case Condition.GroupCount c -> {
                numbers.put("value", c.value());
                numbers.put("atLeast", (double) c.atLeast());
                numbers.put("windowSeconds", seconds(c.window()));
            }
        }
        return numbers;
    }

    private static String side(Condition.Direction direction) {
        return direction == Condition.Direction.ABOVE ? "above" : "below";
    }

    private static String lasting(Duration duration) {
        return duration.isZero() ? "" : " for at least " + words(duration);
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    /** {@code PT1H30M} → {@code 1 h 30 min}. */
    static String words(Duration duration) {
        var parts = new StringBuilder();
        append(parts, duration.toDaysPart(), "d");
        append(parts, duration.toHoursPart(), "h");
        append(parts, duration.toMinutesPart(), "min");
        append(parts, duration.toSecondsPart(), "s");
        return parts.isEmpty() ? "0 s" : parts.toString();
    }

    private static void append(StringBuilder parts, long amount, String unit) {
        if (amount > 0) {
            parts.append(parts.isEmpty() ? "" : " ").append(amount).append(' ').append(unit);
        }
    }
}
