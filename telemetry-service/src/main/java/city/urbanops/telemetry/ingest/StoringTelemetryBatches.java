package city.urbanops.telemetry.ingest;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.telemetry.config.TelemetryProperties;
import city.urbanops.telemetry.store.MeasurementRepository;
import city.urbanops.telemetry.store.MeasurementRow;
import city.urbanops.telemetry.store.WriteOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * Consumes the four class topics in batches and stores every measurement. Offsets are acknowledged only after the
 * batch's database transaction has committed, so a crash re-delivers rather than loses; re-delivered readings are
 * dropped by the table's uniqueness. Undecodable records are logged with their offset, counted and skipped.
 */
@Component
public class StoringTelemetryBatches {

    /** Consumer group of the telemetry store. */
    public static final String GROUP_ID = "telemetry-service";

    private static final Logger log = LoggerFactory.getLogger(StoringTelemetryBatches.class);

    private final MeasurementRepository repository;
    private final TelemetryRecordDecoder decoder;
    private final int chunkSize;
    private final MeterRegistry meters;
    private final Counter rowsWritten;
    private final Counter duplicateRows;
    private final Timer batchWrite;

    public StoringTelemetryBatches(MeasurementRepository repository, TelemetryProperties properties,
                                   MeterRegistry meters) {
        this.repository = repository;
        this.decoder = new TelemetryRecordDecoder(new EventJson());
        this.chunkSize = properties.store().insertChunkSize();
        this.meters = meters;
        this.rowsWritten = Counter.builder("urbanops.telemetry.rows.written")
                .description("Measurement rows newly stored").register(meters);
        this.duplicateRows = Counter.builder("urbanops.telemetry.rows.duplicate")
                .description("Measurement rows dropped because they were already stored (re-deliveries)")
                .register(meters);
        this.batchWrite = Timer.builder("urbanops.telemetry.batch.write")
                .description("Time to store one consumed batch, commit included").register(meters);
    }

    @KafkaListener(id = "telemetry-store", groupId = GROUP_ID, batch = "true",
            topics = {Topics.TELEMETRY_STATE, Topics.TELEMETRY_ENVIRONMENTAL, Topics.TELEMETRY_MOBILITY,
                    Topics.TELEMETRY_FAILURE})
    public void store(List<ConsumerRecord<String, byte[]>> records, Acknowledgment acknowledgment) {
        List<MeasurementRow> rows = new ArrayList<>(records.size() * 2);
        for (ConsumerRecord<String, byte[]> record : records) {
            switch (decoder.decode(record.value())) {
                case DecodedRecord.Readable readable -> rows.addAll(readable.rows());
                case DecodedRecord.Undecodable undecodable -> skip(record, undecodable.reason());
            }
        }
        switch (batchWrite.record(() -> repository.insertAll(rows, chunkSize))) {
            case WriteOutcome.Stored stored -> {
                rowsWritten.increment(stored.newRows());
                duplicateRows.increment(rows.size() - stored.newRows());
            }
            case WriteOutcome.Refused refused -> throw new BatchRefusedException(refused.sqlState());
        }
        acknowledgment.acknowledge();
    }

    private void skip(ConsumerRecord<String, byte[]> record, String reason) {
        log.warn("Skipping undecodable record {}-{}@{} (key {}): {}", record.topic(), record.partition(),
                record.offset(), record.key(), reason);
        meters.counter("urbanops.telemetry.undecodable", "topic", record.topic()).increment();
    }
}
