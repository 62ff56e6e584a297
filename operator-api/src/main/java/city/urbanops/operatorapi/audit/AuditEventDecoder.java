package city.urbanops.operatorapi.audit;

import city.urbanops.events.audit.AuditEvent;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventSchemas;
import city.urbanops.events.codec.EventType;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads an {@code audit.events} record's value into an {@link AuditEvent}, or says why not: JSON it cannot read, or
 * a document that breaks the audit event schema, naming where.
 */
@Component
class AuditEventDecoder {

    /** Enough of the violations to find the fault; a hostile record cannot make the reason header large. */
    private static final int MAX_LISTED = 10;

    sealed interface Decoded {
        record Event(AuditEvent event) implements Decoded {
        }

        record Refused(AuditDeadLetterReason reason, String detail) implements Decoded {
        }
    }

    /** The log's own source: its entries never come through Kafka. */
    static final String OWN_SOURCE = "operator-api";

    // The event model's codec, held here rather than as shared beans: the audit log's reading is its own.
    private final EventJson json = new EventJson();
    private final EventSchemas schemas = new EventSchemas();

    Decoded decode(byte[] value) {
        if (value == null) {
            return new Decoded.Refused(AuditDeadLetterReason.INVALID, "no value (a tombstone) where an audit event belongs");
        }
        JsonNode tree;
        try {
            tree = json.readTree(value);
        } catch (JacksonException e) {
            return new Decoded.Refused(AuditDeadLetterReason.UNREADABLE, "not JSON: " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            return new Decoded.Refused(AuditDeadLetterReason.INVALID, "not a JSON object");
        }
        var violations = schemas.validate(EventType.AUDIT, tree);
        if (!violations.isEmpty()) {
            return new Decoded.Refused(AuditDeadLetterReason.INVALID, violations.stream().limit(MAX_LISTED)
                    .map(v -> (v.location().isEmpty() ? "/" : v.location()) + ": " + v.message())
                    .collect(Collectors.joining("; ")));
        }
        try {
            AuditEvent event = json.read(tree, AuditEvent.class);
            if (OWN_SOURCE.equals(event.source())) {
                // operator-api chains its own entries in the action's transaction; one arriving from Kafka is forged,
                // and appending it first would make the real entry look like a copy.
                return new Decoded.Refused(AuditDeadLetterReason.INVALID,
                        "source '" + OWN_SOURCE + "' is written by the audit log itself, never through audit.events");
            }
            return new Decoded.Event(event);
        } catch (JacksonException e) {
            return new Decoded.Refused(AuditDeadLetterReason.UNREADABLE, e.getOriginalMessage());
        }
    }
}
