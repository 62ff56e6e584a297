package city.urbanops.telemetry.ingest;

import city.urbanops.events.codec.EventJson;
import city.urbanops.telemetry.config.TelemetryProperties;
import city.urbanops.telemetry.store.MeasurementRepository;
import city.urbanops.telemetry.store.MeasurementRow;
import city.urbanops.telemetry.store.WriteOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * The steps from a consumed class-topic record to stored rows or a dead letter, with the store's metrics: shared by
 * the batch listener ({@link StoringTelemetryBatches}) and the record-by-record fallback ({@link #storeAlone}) that
 * {@link StoreFailureHandling} runs for a batch the database keeps refusing.
 */
@Component
class StoringRecords {

    private final MeasurementRepository repository;
    private final TelemetryRecordDecoder decoder;
    private final StoreDeadLetters deadLetters;
    private final int chunkSize;
    private final MeterRegistry meters;
    private final Counter rowsWritten;
    private final Counter duplicateRows;
    private final Timer batchWrite;

    StoringRecords(MeasurementRepository repository, StoreDeadLetters deadLetters, TelemetryProperties properties,
                   MeterRegistry meters) {
        this.repository = repository;
        this.decoder = new TelemetryRecordDecoder(new EventJson());
        this.deadLetters = deadLetters;
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

    DecodedRecord decode(ConsumerRecord<String, byte[]> record) {
        return decoder.decode(record.value());
    }

    /** Stores {@code rows} in one transaction; throws {@link StoreUnavailableException} while the database is. */
    WriteOutcome write(List<MeasurementRow> rows) {
        WriteOutcome outcome;
        try {
            outcome = batchWrite.record(() -> repository.insertAll(rows, chunkSize));
        } catch (DataAccessException | TransactionException unavailable) {
            throw new StoreUnavailableException(unavailable);
        }
        if (outcome instanceof WriteOutcome.Stored stored) {
            rowsWritten.increment(stored.newRows());
            duplicateRows.increment(rows.size() - stored.newRows());
        }
        return outcome;
    }

    void deadLetterUndecodable(ConsumerRecord<String, byte[]> record, DecodedRecord.Undecodable why) {
        deadLetters.publish(record, DeadLetterReason.UNDECODABLE, why.reason(), why.detail());
        meters.counter("urbanops.telemetry.undecodable", "topic", record.topic()).increment();
    }

    /**
     * Stores one record in a transaction of its own, or dead-letters it if it cannot be decoded or the database
     * refuses it. Throws while the database or the dead letter is unavailable, so that nothing is committed past it.
     */
    void storeAlone(ConsumerRecord<String, byte[]> record) {
        switch (decode(record)) {
            case DecodedRecord.Undecodable why -> deadLetterUndecodable(record, why);
            case DecodedRecord.Readable readable -> {
                if (write(readable.rows()) instanceof WriteOutcome.Refused refused) {
                    deadLetters.publish(record, DeadLetterReason.REFUSED_BY_DATABASE,
                            "SQLState " + refused.sqlState(), refused.detail());
                }
            }
        }
    }
}
