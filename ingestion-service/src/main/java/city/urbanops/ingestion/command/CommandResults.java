package city.urbanops.ingestion.command;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.CloudEventRecords;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventType;
import city.urbanops.events.command.CommandResult;
import city.urbanops.ingestion.publishing.KafkaRecordSender;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes command results to {@code gateway.command-results} (keyed by gateway id, CloudEvents id
 * {@code commandId:outcome}) and unusable consumed records to {@code ingestion.dead-letter}.
 */
public final class CommandResults implements ResultPublisher {

    /** The header naming why a record was dead-lettered, as in every service's dead letter. */
    static final String REASON_HEADER = "urbanops_dlt-reason";

    private final KafkaRecordSender sender;
    private final EventJson json;
    private final URI source;

    public CommandResults(KafkaRecordSender sender, EventJson json, URI source) {
        this.sender = sender;
        this.json = json;
        this.source = source;
    }

    /** Completes when Kafka acknowledged the result. */
    @Override
    public CompletableFuture<Void> publish(CommandResult result) {
        return sender.sendAll(List.of(CloudEventRecords.toRecord(Topics.GATEWAY_COMMAND_RESULTS, result.gatewayId(),
                EventType.COMMAND_RESULT, result.eventId(), source, result.commandId(), result.at(),
                json.write(result))));
    }

    /** The record as it came (key, value, headers) plus the reason; completes when Kafka acknowledged it. */
    CompletableFuture<Void> deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        var letter = new ProducerRecord<String, byte[]>(Topics.INGESTION_DEAD_LETTER, null, record.key(),
                record.value());
        record.headers().forEach(header -> letter.headers().add(header));
        letter.headers().add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        letter.headers().add("kafka_dlt-original-topic", record.topic().getBytes(StandardCharsets.UTF_8));
        letter.headers().add("kafka_dlt-original-offset",
                Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        return sender.sendAll(List.of(letter));
    }
}
