package city.urbanops.events.codec;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapping of the event model (Jackson 3): ISO-8601 instants, unknown properties tolerated so that
 * consumers survive additive schema changes. Thread-safe; share one instance.
 */
public final class EventJson {

    private final JsonMapper mapper;

    public EventJson() {
        this.mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
    }

    public byte[] write(Object value) {
        return mapper.writeValueAsBytes(value);
    }

    public String writeString(Object value) {
        return mapper.writeValueAsString(value);
    }

    public <T> T read(byte[] json, Class<T> type) throws JacksonException {
        return mapper.readValue(json, type);
    }

    public <T> T read(JsonNode json, Class<T> type) throws JacksonException {
        return mapper.treeToValue(json, type);
    }

    public JsonNode readTree(byte[] json) throws JacksonException {
        return mapper.readTree(json);
    }

    public JsonMapper mapper() {
        return mapper;
    }
}
