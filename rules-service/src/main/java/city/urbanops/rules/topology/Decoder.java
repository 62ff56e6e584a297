package city.urbanops.rules.topology;

import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decodes an input topic's records into event-model records. A record that is not one (which the platform's
 * producers never write, but a topic accepts anything) becomes {@link Decoded.Undecodable}, which the topology
 * dead-letters with its reason ({@link DeadLetter}), so it can neither stall nor crash evaluation.
 */
final class Decoder<T> implements FixedKeyProcessor<String, byte[], Decoder.Decoded<T>> {

    /** Header naming why a record went to the rules dead letter. */
    static final String REASON_HEADER = "urbanops_dlt-reason";

    sealed interface Decoded<T> {
        record Ok<T>(T value) implements Decoded<T> {
        }

        record Undecodable<T>(byte[] payload, String reason) implements Decoded<T> {
        }
    }

    private final JsonMapper mapper;
    private final Class<T> type;
    private final Predicate<T> complete;
    private final RulesMetrics metrics;
    private FixedKeyProcessorContext<String, Decoded<T>> context;

    /** {@code complete} says whether a parsed value has what evaluation needs. */
    Decoder(JsonMapper mapper, Class<T> type, Predicate<T> complete, RulesMetrics metrics) {
        this.mapper = mapper;
        this.type = type;
        this.complete = complete;
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Decoded<T>> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        context.forward(record.withValue(decode(record.value())));
    }

    private Decoded<T> decode(byte[] payload) {
        if (payload == null) {
            return undecodable(new byte[0], "empty record");
        }
        try {
            var value = mapper.readValue(payload, type);
            return complete.test(value) ? new Decoded.Ok<>(value)
                    : undecodable(payload, type.getSimpleName() + " without a required field");
        } catch (JacksonException unreadable) {
            return undecodable(payload, "not a " + type.getSimpleName() + ": " + unreadable.getOriginalMessage());
        }
    }

    private Decoded<T> undecodable(byte[] payload, String reason) {
        metrics.undecodable();
        return new Decoded.Undecodable<>(payload, reason);
    }

    /** The dead-letter copy of an undecodable record: the payload as it came, the reason in {@link #REASON_HEADER}. */
    static final class DeadLetter<T> implements FixedKeyProcessor<String, Decoded<T>, byte[]> {
        private FixedKeyProcessorContext<String, byte[]> context;

        @Override
        public void init(FixedKeyProcessorContext<String, byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, Decoded<T>> record) {
            if (record.value() instanceof Decoded.Undecodable<T>(byte[] payload, String reason)) {
                var headers = new RecordHeaders(record.headers().toArray());
                headers.add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
                context.forward(record.withValue(payload).withHeaders(headers));
            }
        }
    }
}
