package city.urbanops.ingestion.command;

import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventSchemas;
import city.urbanops.events.codec.EventType;
import city.urbanops.events.command.CommandResult;
import city.urbanops.events.command.GatewayCommand;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Reads the records the relay consumes: a command or a result, or why the record can never be one. */
final class CommandRecords {

    /** What a consumed value came to. */
    sealed interface Read<T> {
        record Valid<T>(T value) implements Read<T> {
        }

        record Invalid<T>(String reason) implements Read<T> {
        }
    }

    private final EventJson json;
    private final EventSchemas schemas;

    CommandRecords(EventJson json, EventSchemas schemas) {
        this.json = json;
        this.schemas = schemas;
    }

    Read<GatewayCommand> command(String key, byte[] value) {
        return read(EventType.GATEWAY_COMMAND, value, GatewayCommand.class, command -> command.gatewayId().equals(key)
                ? null : "the key '" + key + "' is not the command's gatewayId '" + command.gatewayId() + "'");
    }

    Read<CommandResult> result(byte[] value) {
        return read(EventType.COMMAND_RESULT, value, CommandResult.class, result -> null);
    }

    /** A JSON document checked against {@code type}'s schema; null when valid. */
    String violations(EventType type, JsonNode document) {
        var violations = schemas.validate(type, document);
        return violations.isEmpty() ? null : "schema: " + violations.stream()
                .map(violation -> violation.location() + " " + violation.message())
                .collect(Collectors.joining("; "));
    }

    JsonNode tree(byte[] value) {
        return json.readTree(value);
    }

    <T> T value(JsonNode tree, Class<T> type) {
        return json.read(tree, type);
    }

    private <T> Read<T> read(EventType type, byte[] value, Class<T> recordType,
                             java.util.function.Function<T, String> extraCheck) {
        if (value == null || value.length == 0) {
            return new Read.Invalid<>("no value");
        }
        try {
            var tree = json.readTree(value);
            String violations = violations(type, tree);
            if (violations != null) {
                return new Read.Invalid<>(violations);
            }
            T read = json.read(tree, recordType);
            String refused = extraCheck.apply(read);
            return refused == null ? new Read.Valid<>(read) : new Read.Invalid<>(refused);
        } catch (JacksonException unreadable) {
            return new Read.Invalid<>("not readable as " + recordType.getSimpleName() + ": "
                    + unreadable.getOriginalMessage());
        } catch (IllegalArgumentException unreadable) {
            return new Read.Invalid<>("not readable as " + recordType.getSimpleName() + ": " + unreadable.getMessage());
        }
    }
}
