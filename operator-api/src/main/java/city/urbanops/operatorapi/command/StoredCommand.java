package city.urbanops.operatorapi.command;

import city.urbanops.events.command.CommandType;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A command as operator-api keeps it.
 *
 * @param decidedBy  who approved or rejected it (null while awaiting, or when the system rule approved it)
 * @param approvedBy the person who approved it, null when its type needs no approval
 * @param expiresAt  null until it is approved: approval starts the expiry clock
 */
public record StoredCommand(
        UUID id,
        CommandType type,
        String deviceId,
        String gatewayId,
        String department,
        String district,
        Map<String, String> parameters,
        String reason,
        CommandStatus status,
        String proposedBy,
        Instant proposedAt,
        String decidedBy,
        Instant decidedAt,
        String approvedBy,
        int expiresInMinutes,
        Instant expiresAt,
        String resultReason,
        Instant updatedAt) {

    public StoredCommand {
        parameters = Map.copyOf(parameters);
    }
}
