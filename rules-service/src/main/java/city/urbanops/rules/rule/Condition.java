package city.urbanops.rules.rule;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Duration;
import java.util.Optional;

/**
 * What a rule watches for, one of five kinds (the {@code type} property of a rule document's {@code condition}).
 * Durations are ISO-8601 ({@code PT10M}). Every kind but {@link Absence} is evaluated in event time, reading by
 * reading; an absence is judged against the wall clock, because a silence sends no message.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Condition.Threshold.class, name = "threshold"),
        @JsonSubTypes.Type(value = Condition.RateOfChange.class, name = "rate-of-change"),
        @JsonSubTypes.Type(value = Condition.Absence.class, name = "absence"),
        @JsonSubTypes.Type(value = Condition.StateHeld.class, name = "state-held"),
        @JsonSubTypes.Type(value = Condition.GroupCount.class, name = "group-count")})
public sealed interface Condition {

    /** The measurement the condition reads; empty for an absence of any reading. */
    Optional<String> measurementName();

    /** Which side of a level counts as "in the condition". */
    enum Direction {
        ABOVE, BELOW;

        /** Whether {@code value} is beyond {@code level} on this side (strictly). */
        public boolean beyond(double value, double level) {
            return this == ABOVE ? value > level : value < level;
        }
    }

    /**
     * The value stays beyond {@code value} for at least {@code forDuration}; it clears only once the value is back
     * past {@code clearAt} (hysteresis: for {@code ABOVE}, {@code clearAt <= value}), so a value hovering at the level
     * does not flap.
     */
    record Threshold(String measurement, Direction direction, double value, Double clearAt, Duration forDuration)
            implements Condition {
        public Threshold {
            clearAt = clearAt == null ? value : clearAt;
            forDuration = forDuration == null ? Duration.ZERO : forDuration;
        }

        @Override
        public Optional<String> measurementName() {
            return Optional.of(measurement);
        }

        /** Whether {@code reading} is back on the safe side of the clear level. */
        public boolean cleared(double reading) {
            return direction == Direction.ABOVE ? reading <= clearAt : reading >= clearAt;
        }
    }

    /** The value changes by at least {@code change} (in the measurement's unit) within {@code window}. */
    record RateOfChange(String measurement, Trend trend, double change, Duration window) implements Condition {
        public RateOfChange {
            trend = trend == null ? Trend.EITHER : trend;
        }

        @Override
        public Optional<String> measurementName() {
            return Optional.of(measurement);
        }

        public enum Trend { RISING, FALLING, EITHER }
    }

    /** No reading (of {@code measurement}, or of any measurement when it is null) for {@code forDuration}. */
    record Absence(String measurement, Duration forDuration) implements Condition {
        @Override
        public Optional<String> measurementName() {
            return Optional.ofNullable(measurement);
        }
    }

    /**
     * A boolean or text measurement holds {@code equals} (a door {@code open = true}, a charger
     * {@code charger_status = "FAULTED"}) for at least {@code forDuration}.
     */
    record StateHeld(String measurement, @JsonProperty("equals") Object value, Duration forDuration)
            implements Condition {
        @Override
        public Optional<String> measurementName() {
            return Optional.of(measurement);
        }
    }

    /**
     * At least {@code atLeast} distinct devices of one group ({@code groupBy}) are beyond {@code value} within
     * {@code window}: three flood sensors of one district above 1.5 m within 10 minutes. One alert per group.
     */
    record GroupCount(String measurement, Direction direction, double value, GroupBy groupBy, int atLeast,
                      Duration window) implements Condition {
        @Override
        public Optional<String> measurementName() {
            return Optional.of(measurement);
        }

        public enum GroupBy { DISTRICT, SITE }
    }
}
