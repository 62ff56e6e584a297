package city.urbanops.alerting.routing;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import net.fortuna.ical4j.model.Recur;

/**
 * A rotation of people through on-call duty: the first person takes over at {@code start} (local time in the
 * schedule's zone), and at every occurrence of the iCalendar recurrence rule {@code rrule} after it the next person
 * in the list takes over, wrapping round. {@code FREQ=WEEKLY;BYDAY=MO;BYHOUR=8;BYMINUTE=0;BYSECOND=0} with a start on
 * a Monday at 08:00 hands over every Monday at 08:00 local time, summer and winter alike: ical4j iterates in the
 * zone, so a handover stays at 08:00 on the wall clock across daylight-saving changes.
 */
public record Rotation(String name, LocalDateTime start, String rrule, List<Recipient> people) {

    /** Handover rules finer than daily would make every lookup walk tens of thousands of occurrences. */
    static final List<String> ALLOWED_FREQUENCIES = List.of(Recur.DAILY, Recur.WEEKLY, Recur.MONTHLY, Recur.YEARLY);

    /**
     * Bound on the handovers counted for one lookup (a daily rotation for 270 years); a rotation older than that is
     * answered as nobody on call rather than walked without end.
     */
    static final int MAX_HANDOVERS = 100_000;

    public Rotation {
        people = people == null ? List.of() : List.copyOf(people);
    }

    /** The parsed rule; ical4j refuses a malformed one with an {@link IllegalArgumentException}. */
    Recur<ZonedDateTime> recurrence() {
        return new Recur<>(rrule);
    }

    /** Who holds this rotation at the instant: nobody before its start or when it lists nobody. */
    Optional<Recipient> onDutyAt(Instant at, ZoneId zone) {
        var first = start.atZone(zone);
        var moment = at.atZone(zone);
        if (people.isEmpty() || moment.isBefore(first)) {
            return Optional.empty();
        }
        // Occurrences in (start, at]: ical4j's period end is exclusive, so ask up to one second past the instant.
        List<ZonedDateTime> handovers = recurrence().getDates(first, first, moment.plusSeconds(1), MAX_HANDOVERS + 1);
        if (handovers.size() > MAX_HANDOVERS) {
            return Optional.empty();
        }
        long count = handovers.stream().filter(h -> h.isAfter(first) && !h.isAfter(moment)).count();
        return Optional.of(people.get((int) (count % people.size())));
    }
}
