package city.urbanops.rules.evaluation;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;

/**
 * What one rule remembers about one device between readings, one shape per condition kind (absences are tracked apart,
 * in {@link AbsenceWatch}, because the wall clock judges them). {@link #active()} says the condition holds now.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Tracking.Threshold.class, name = "threshold"),
        @JsonSubTypes.Type(value = Tracking.Rate.class, name = "rate-of-change"),
        @JsonSubTypes.Type(value = Tracking.Held.class, name = "state-held"),
        @JsonSubTypes.Type(value = Tracking.Member.class, name = "group-member")})
sealed interface Tracking {

    boolean active();

    /** Whether there is nothing to remember: the store entry can go. */
    boolean idle();

    /** {@code beyondSince}: event time of the first reading of the current run beyond the level, null when inside. */
    record Threshold(Instant beyondSince, boolean active) implements Tracking {
        @Override
        public boolean idle() {
            return beyondSince == null && !active;
        }
    }

    /**
     * The readings of the window that can still be its lowest ({@code lows}, rising values) or highest ({@code highs},
     * falling values), oldest first: a monotonic queue per extreme, so a steady signal keeps few points.
     */
    record Rate(List<Point> lows, List<Point> highs, boolean active) implements Tracking {
        public Rate {
            lows = lows == null ? List.of() : List.copyOf(lows);
            highs = highs == null ? List.of() : List.copyOf(highs);
        }

        @Override
        public boolean idle() {
            return lows.isEmpty() && highs.isEmpty() && !active;
        }
    }

    /** {@code since}: event time the measurement began to hold the watched state, null when it does not. */
    record Held(Instant since, boolean active) implements Tracking {
        @Override
        public boolean idle() {
            return since == null && !active;
        }
    }

    /** Whether the device is beyond a group-count rule's level (it is one of the group's members in the condition). */
    record Member(boolean active) implements Tracking {
        @Override
        public boolean idle() {
            return !active;
        }
    }

    /** One reading of a rate-of-change window. */
    record Point(Instant time, double value) {
    }
}
