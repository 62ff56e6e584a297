package city.urbanops.events.telemetry;

import city.urbanops.events.EventClass;
import city.urbanops.events.uplink.Measurement;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.time.Instant;
import java.util.List;

/**
 * A validated, classified reading on its class topic ({@link EventClass#topic()}), keyed by device id.
 * {@code (deviceId, seq, time)} identifies it: a re-delivery repeats all three, while a device whose counter restarted
 * after a reset reuses a {@code seq} only at a later time, which is a new reading. Consumers are idempotent on that
 * triple (the telemetry store's unique key is the triple plus the measurement name); {@link #eventId()} spells it.
 * {@code quarantined} says the registry had the device in quarantine when ingestion accepted the reading: it is stored
 * and shown, marked, but rules and trends leave it out. Schema: {@code schemas/v1/telemetry-record.json}.
 */
public record TelemetryRecord(
        String deviceId,
        long seq,
        Instant time,
        EventClass eventClass,
        String gatewayId,
        Instant receivedAt,
        List<Measurement> measurements,
        // Absent in records written before the field existed: that means false, not a missing value.
        @JsonSetter(nulls = Nulls.AS_EMPTY) boolean quarantined) {

    /** A reading of a device that is not in quarantine. */
    public TelemetryRecord(String deviceId, long seq, Instant time, EventClass eventClass, String gatewayId,
                           Instant receivedAt, List<Measurement> measurements) {
        this(deviceId, seq, time, eventClass, gatewayId, receivedAt, measurements, false);
    }

    /** The CloudEvents id of this record, {@code deviceId/seq/time}: stable across re-deliveries of the same reading. */
    public String eventId() {
        return deviceId + "/" + seq + "/" + time;
    }
}
