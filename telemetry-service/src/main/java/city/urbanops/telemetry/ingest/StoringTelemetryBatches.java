package city.urbanops.telemetry.ingest;

import city.urbanops.events.Topics;
import city.urbanops.telemetry.store.MeasurementRow;
import city.urbanops.telemetry.store.WriteOutcome;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * Consumes the four class topics in batches and stores every measurement. Offsets are acknowledged only after the
 * batch's database transaction has committed and its undecodable records are on the dead letter, so a crash
 * re-delivers rather than loses; re-delivered readings are dropped by the table's uniqueness. A batch the database
 * refuses is thrown back as {@link BatchRefusedException}, one it cannot take now as
 * {@link StoreUnavailableException}; {@link StoreFailureHandling} decides what happens next.
 */
@Component
public class StoringTelemetryBatches {

    /** Consumer group of the telemetry store. */
    public static final String GROUP_ID = "telemetry-service";

    private final StoringRecords storing;

    StoringTelemetryBatches(StoringRecords storing) {
        this.storing = storing;
    }

    @KafkaListener(id = "telemetry-store", groupId = GROUP_ID, batch = "true",
            containerPostProcessor = StoreFailureHandling.BEAN_NAME,
            topics = {Topics.TELEMETRY_STATE, Topics.TELEMETRY_ENVIRONMENTAL, Topics.TELEMETRY_MOBILITY,
                    Topics.TELEMETRY_FAILURE})
    public void store(List<ConsumerRecord<String, byte[]>> records, Acknowledgment acknowledgment) {
        List<MeasurementRow> rows = new ArrayList<>(records.size() * 2);
        List<Unreadable> unreadable = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            switch (storing.decode(record)) {
                case DecodedRecord.Readable readable -> rows.addAll(readable.rows());
                case DecodedRecord.Undecodable why -> unreadable.add(new Unreadable(record, why));
            }
        }
        if (storing.write(rows) instanceof WriteOutcome.Refused refused) {
            throw new BatchRefusedException(refused.sqlState());
        }
        unreadable.forEach(u -> storing.deadLetterUndecodable(u.record(), u.why()));
        acknowledgment.acknowledge();
    }

    private record Unreadable(ConsumerRecord<String, byte[]> record, DecodedRecord.Undecodable why) {
    }
}
