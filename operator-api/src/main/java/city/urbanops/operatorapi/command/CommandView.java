package city.urbanops.operatorapi.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A command as the API shows it; {@code history} and {@code flag} only on the single-command read.
 *
 * @param statusText the state in words, as the console shows it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandView(UUID id, String type, String deviceId, String gatewayId, String department,
                          String district, Map<String, String> parameters, String reason, CommandStatus status,
                          String statusText, String proposedBy, Instant proposedAt, String decidedBy,
                          Instant decidedAt, String approvedBy, int expiresInMinutes, Instant expiresAt,
                          String resultReason, Instant updatedAt, List<HistoryEntry> history, EffectiveFlag flag) {

    static CommandView of(StoredCommand c, List<HistoryEntry> history, EffectiveFlag flag) {
        return new CommandView(c.id(), c.type().name(), c.deviceId(), c.gatewayId(), c.department(), c.district(),
                c.parameters(), c.reason(), c.status(), c.status().words(), c.proposedBy(), c.proposedAt(),
                c.decidedBy(), c.decidedAt(), c.approvedBy(), c.expiresInMinutes(), c.expiresAt(), c.resultReason(),
                c.updatedAt(), history, flag);
    }
}
