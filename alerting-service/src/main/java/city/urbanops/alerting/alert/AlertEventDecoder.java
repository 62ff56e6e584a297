package city.urbanops.alerting.alert;

import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventSchemas;
import city.urbanops.events.codec.EventType;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads an {@code alerts} record's value into an {@link AlertEvent}, or says why not: JSON it cannot read, or a
 * document that breaks the event's schema (a field missing, a value out of range), naming where.
 */
@Component
class AlertEventDecoder {

    /** Enough of the violations to find the fault; a hostile record cannot make the reason header large. */
    private static final int MAX_LISTED = 10;

    sealed interface Decoded {
        record Event(AlertEvent event) implements Decoded {
        }

        record Refused(DeadLetterReason reason, String detail) implements Decoded {
        }
    }

    private final EventJson json;
    private final EventSchemas schemas;

    AlertEventDecoder(EventJson json, EventSchemas schemas) {
        this.json = json;
        this.schemas = schemas;
    }

    Decoded decode(byte[] value) {
        if (value == null) {
            return new Decoded.Refused(DeadLetterReason.INVALID, "no value (a tombstone) where an alert event belongs");
        }
        JsonNode tree;
        try {
            tree = json.readTree(value);
        } catch (JacksonException e) {
            return new Decoded.Refused(DeadLetterReason.UNREADABLE, "not JSON: " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            return new Decoded.Refused(DeadLetterReason.INVALID, "not a JSON object");
        }
        var violations = schemas.validate(EventType.ALERT, tree);
        if (!violations.isEmpty()) {
            return new Decoded.Refused(DeadLetterReason.INVALID, violations.stream().limit(MAX_LISTED)
                    .map(v -> (v.location().isEmpty() ? "/" : v.location()) + ": " + v.message())
                    .collect(Collectors.joining("; ")));
        }
        try {
            return new Decoded.Event(json.read(tree, AlertEvent.class));
        } catch (JacksonException e) {
            return new Decoded.Refused(DeadLetterReason.UNREADABLE, e.getOriginalMessage());
        }
    }
}
