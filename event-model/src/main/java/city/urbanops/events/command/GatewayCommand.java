package city.urbanops.events.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * An approved command on its way to a gateway: on {@code gateway.commands} keyed by {@code gatewayId} (operator-api
 * writes it), and as the MQTT payload on {@code city/v1/gw/{gatewayId}/down/commands} (the ingestion instance holding
 * the gateway's session delivers it). {@code commandId} is the idempotence key: a gateway applies a command id once,
 * and a copy of it is acknowledged again with the first outcome. Nobody may act on it after {@code expiresAt}.
 * Schema: {@code schemas/v1/gateway-command.json}.
 *
 * @param commandId  operator-api's id of the command (a UUID)
 * @param deviceId   the device it is for, or null when it is for the gateway itself (or all its devices)
 * @param type       one of {@link CommandType}'s names
 * @param parameters the type's parameters, as strings
 * @param proposedBy the user who proposed it
 * @param approvedBy the user who approved it (another person), or null for a type that needs no approval
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GatewayCommand(
        String commandId,
        String gatewayId,
        String deviceId,
        String type,
        Map<String, String> parameters,
        String department,
        String district,
        String proposedBy,
        String approvedBy,
        Instant issuedAt,
        Instant expiresAt) {

    public GatewayCommand {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    /** The CloudEvents id: the command id. */
    public String eventId() {
        return commandId;
    }

    /** Whether the command may no longer be acted on at {@code now}. */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
