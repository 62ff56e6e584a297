package city.urbanops.edge.simulation;

import java.time.Instant;

/** An incident played on one simulated device between {@code startsAt} (inclusive) and {@code endsAt} (exclusive). */
public record Incident(String id, String deviceId, IncidentKind kind, Instant startsAt, Instant endsAt)
        implements Disturbance {
}
