package city.urbanops.alerting.routing;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * An on-call schedule: rotations evaluated in its time zone, and overrides that win over every rotation while they
 * last. Who is on call at a moment is the people of the overrides covering it, or else the person on duty in each
 * rotation (several rotations = several people, a primary and a secondary say).
 */
public record OnCallSchedule(String id, String name, String timeZone, List<Rotation> rotations,
                             List<OnCallOverride> overrides) {

    public OnCallSchedule {
        rotations = rotations == null ? List.of() : List.copyOf(rotations);
        overrides = overrides == null ? List.of() : List.copyOf(overrides);
    }

    /** Who is on call at the instant, and why. */
    public OnCall onCallAt(Instant at) {
        var overriding = overrides.stream().filter(o -> o.covers(at))
                .sorted(Comparator.comparing(OnCallOverride::startsAt)).toList();
        if (!overriding.isEmpty()) {
            return new OnCall(id, at, overriding.stream().map(OnCallOverride::person).distinct().toList(), true);
        }
        var zone = ZoneId.of(timeZone);
        var people = rotations.stream().map(r -> r.onDutyAt(at, zone)).flatMap(Optional::stream).distinct().toList();
        return new OnCall(id, at, people, false);
    }

    /**
     * Who is on call in a schedule at a moment.
     *
     * @param overridden true when an override, not a rotation, decided it
     */
    public record OnCall(String scheduleId, Instant at, List<Recipient> people, boolean overridden) {
    }
}
