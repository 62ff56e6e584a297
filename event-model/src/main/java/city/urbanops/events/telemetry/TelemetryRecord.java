package city.urbanops.events.telemetry;

import city.urbanops.events.EventClass;
import city.urbanops.events.uplink.Measurement;
import java.time.Instant;
import java.util.List;

/**
 * A validated, classified reading on its class topic ({@link EventClass#topic()}), keyed by device id.
 * {@code (deviceId, seq)} identifies it; consumers are idempotent on that pair.
 * Schema: {@code schemas/v1/telemetry-record.json}.
 */
public record TelemetryRecord(
        String deviceId,
        long seq,
        Instant time,
        EventClass eventClass,
        String gatewayId,
        Instant receivedAt,
        List<Measurement> measurements) {

    /** The CloudEvents id of this record: stable across re-deliveries of the same reading. */
    public String eventId() {
        return deviceId + "/" + seq;
    }
}
