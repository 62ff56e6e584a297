package city.urbanops.ingestion.publishing;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.CloudEventRecords;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventType;
import city.urbanops.events.telemetry.RejectedTelemetry;
import city.urbanops.events.telemetry.TelemetryRecord;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Produces accepted readings to their class topics and refusals to {@code telemetry.rejected}, as CloudEvents
 * binary-mode records. A reading's CloudEvents id is {@code deviceId/seq/time} and a dead letter's is derived from what
 * was refused, so a batch the gateway re-sends after an error PUBACK yields the same ids and consumers drop the copies.
 */
public final class TelemetryPublisher {

    private final KafkaRecordSender sender;
    private final EventJson json;
    private final URI source;

    public TelemetryPublisher(KafkaRecordSender sender, EventJson json, URI source) {
        this.sender = sender;
        this.json = json;
        this.source = source;
    }

    /** Completes when Kafka acknowledged every record and every dead letter of the batch. */
    public CompletableFuture<Void> publish(List<TelemetryRecord> accepted, List<RejectedTelemetry> rejected) {
        var records = new ArrayList<ProducerRecord<String, byte[]>>(accepted.size() + rejected.size());
        for (var reading : accepted) {
            records.add(telemetryRecord(reading));
        }
        for (var deadLetter : rejected) {
            records.add(deadLetterRecord(deadLetter));
        }
        return sender.sendAll(records);
    }

    /** Completes when Kafka acknowledged the dead letter. */
    public CompletableFuture<Void> publishDeadLetter(RejectedTelemetry deadLetter) {
        return sender.sendAll(List.of(deadLetterRecord(deadLetter)));
    }

    private ProducerRecord<String, byte[]> telemetryRecord(TelemetryRecord reading) {
        return CloudEventRecords.toRecord(reading.eventClass().topic(), reading.deviceId(), EventType.TELEMETRY,
                reading.eventId(), source, reading.deviceId(), reading.time(), json.write(reading));
    }

    private ProducerRecord<String, byte[]> deadLetterRecord(RejectedTelemetry deadLetter) {
        // Keyed by device when known, so that one device's refusals stay in order beside each other.
        String key = deadLetter.deviceId() != null ? deadLetter.deviceId() : deadLetter.gatewayId();
        return CloudEventRecords.toRecord(Topics.TELEMETRY_REJECTED, key, EventType.REJECTED,
                deadLetter.eventId(), source, key, deadLetter.receivedAt(), json.write(deadLetter));
    }
}
