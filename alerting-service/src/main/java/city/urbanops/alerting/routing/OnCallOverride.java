package city.urbanops.alerting.routing;

import java.time.Instant;
import java.util.UUID;

/** A person who takes the schedule's duty from {@code startsAt} (inclusive) to {@code endsAt} (exclusive), whatever the rotations say. */
public record OnCallOverride(UUID id, Recipient person, Instant startsAt, Instant endsAt, String createdBy) {

    boolean covers(Instant at) {
        return !at.isBefore(startsAt) && at.isBefore(endsAt);
    }
}
