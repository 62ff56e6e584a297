package city.urbanops.ingestion.uplink;

import city.urbanops.events.EventClass;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Decides a reading's event class from its measurements: the most urgent class among them (FAILURE over STATE over
 * MOBILITY over ENVIRONMENTAL), so that a leak reported beside a temperature is never filed as environmental. A
 * gateway's hint does not decide; a hint that disagrees is rejected by the validator.
 */
final class EventClassifier {

    /** Most urgent first: a reading lands on the topic of the most urgent class it carries. */
    static final List<EventClass> URGENCY =
            List.of(EventClass.FAILURE, EventClass.STATE, EventClass.MOBILITY, EventClass.ENVIRONMENTAL);

    private EventClassifier() {
    }

    /**
     * The class of a reading whose measurements have {@code measurementClasses}.
     *
     * @throws IllegalArgumentException when there is no measurement class
     */
    static EventClass classify(Collection<EventClass> measurementClasses) {
        for (EventClass candidate : URGENCY) {
            if (measurementClasses.contains(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("a reading without measurements has no event class");
    }

    /** The event class named by a gateway's hint, or empty if the name is not one of the platform's classes. */
    static Optional<EventClass> parseHint(String hint) {
        for (EventClass eventClass : EventClass.values()) {
            if (eventClass.name().equals(hint)) {
                return Optional.of(eventClass);
            }
        }
        return Optional.empty();
    }
}
