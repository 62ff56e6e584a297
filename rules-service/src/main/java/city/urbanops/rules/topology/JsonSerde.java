package city.urbanops.rules.topology;

import city.urbanops.events.codec.EventJson;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Kafka serde of one JSON type; a null value is a tombstone both ways.
 *
 * <p>{@link #internal} is the format of what only rules-service reads back (its state stores and the findings
 * topic): instants as whole nanoseconds since the epoch ({@link NanoInstants}), because parsing ISO-8601 text was the
 * largest single cost of evaluating a reading and decimal epoch seconds cost a {@code BigDecimal} each way; and no
 * null property (read back as null), because a device's state, written for every reading, is mostly its recent
 * readings, each with two empty value kinds. It reads what older state holds as well (ISO text, decimal epoch seconds,
 * nulls written out), so a store written before needs no migration. What leaves the service (alerts) keeps the event
 * model's ISO-8601 format.
 */
public final class JsonSerde<T> implements Serde<T> {

    private static final JsonMapper INTERNAL = FastInstants.on(new EventJson().mapper()).rebuild()
            .enable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DateTimeFeature.WRITE_DATE_TIMESTAMPS_AS_NANOSECONDS)
            .enable(DateTimeFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS)
            .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
            .addModule(NanoInstants.module())
            .build();

    private final JsonMapper mapper;
    private final Class<T> type;
    private final int interned;
    private final ConcurrentHashMap<ByteBuffer, T> values;

    public JsonSerde(JsonMapper mapper, Class<T> type) {
        this(mapper, type, 0);
    }

    private JsonSerde(JsonMapper mapper, Class<T> type, int interned) {
        this.mapper = mapper;
        this.type = type;
        this.interned = interned;
        this.values = interned > 0 ? new ConcurrentHashMap<>() : null;
    }

    /** The serde of a value only rules-service reads back: a state store's or the findings topic's. */
    public static <T> JsonSerde<T> internal(Class<T> type) {
        return new JsonSerde<>(INTERNAL, type);
    }

    /**
     * A serde whose deserializer hands out one shared instance per distinct content, for immutable values that are read
     * far more often than they change (the registry's devices, the rules): equal bytes are equal values, so a read
     * costs a hash of the bytes instead of a parse. At most {@code maxValues} are kept; past that the set starts over.
     */
    public static <T> JsonSerde<T> interning(JsonMapper mapper, Class<T> type, int maxValues) {
        return new JsonSerde<>(mapper, type, maxValues);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : mapper.writeValueAsBytes(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (values == null) {
                return parse(topic, bytes);
            }
            var key = ByteBuffer.wrap(bytes);
            var known = values.get(key);
            if (known != null) {
                return known;
            }
            var value = parse(topic, bytes);
            if (values.size() >= interned) {
                values.clear();
            }
            // The store may reuse its array: keep a copy as the key.
            values.put(ByteBuffer.wrap(bytes.clone()), value);
            return value;
        };
    }

    private T parse(String topic, byte[] bytes) {
        try {
            return mapper.readValue(bytes, type);
        } catch (JacksonException unreadable) {
            throw new SerializationException("not a " + type.getSimpleName() + " on " + topic + ": "
                    + unreadable.getOriginalMessage(), unreadable);
        }
    }
}
