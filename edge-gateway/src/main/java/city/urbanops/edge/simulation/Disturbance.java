package city.urbanops.edge.simulation;

import java.time.Instant;

/** Something played on the simulated city for a while: a real-world {@link Incident} or a {@link Fault}. */
public sealed interface Disturbance permits Incident, Fault {

    String id();

    Instant startsAt();

    Instant endsAt();

    default boolean activeAt(Instant time) {
        return !time.isBefore(startsAt()) && time.isBefore(endsAt());
    }
}
