package city.urbanops.operatorapi.command;

import city.urbanops.events.command.CommandResult;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies what a gateway (or the ingestion instance holding its session) reported about a command: DELIVERED, then
 * APPLIED, REFUSED or EXPIRED. A final state is never overwritten, and a copy of a result (same event id) changes
 * nothing.
 */
@Service
class ApplyingCommandResults {

    /** What became of a result. */
    enum Applied { CHANGED, COPY, TOO_LATE, UNKNOWN_COMMAND, WRONG_GATEWAY }

    private final CommandRepository commands;
    private final CommandAudit audit;
    private final CommandMetrics metrics;
    private final Clock clock;

    ApplyingCommandResults(CommandRepository commands, CommandAudit audit, CommandMetrics metrics, Clock clock) {
        this.commands = commands;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Transactional
    public Applied apply(CommandResult result) {
        Optional<StoredCommand> found = uuid(result.commandId()).flatMap(commands::lock);
        if (found.isEmpty()) {
            return Applied.UNKNOWN_COMMAND;
        }
        StoredCommand command = found.get();
        if (!command.gatewayId().equals(result.gatewayId())) {
            return Applied.WRONG_GATEWAY;
        }
        if (command.status().isFinal() || command.status() == CommandStatus.AWAITING_APPROVAL) {
            return Applied.TOO_LATE;
        }
        CommandStatus next = CommandStatus.valueOf(result.outcome().name());
        if (next == CommandStatus.DELIVERED && command.status() == CommandStatus.DELIVERED) {
            return Applied.COPY;
        }
        Instant at = result.at() == null ? clock.instant() : result.at();
        String actor = result.reportedBy() == null ? result.gatewayId() : result.reportedBy();
        if (!commands.history(command.id(), next, actor, at, result.reason(), result.eventId())) {
            return Applied.COPY;
        }
        commands.moved(command.id(), next, result.reason(), clock.instant());
        if (next.isFinal()) {
            commands.dequeue(command.id());
            String verb = next.name().toLowerCase();
            audit.command(command, verb, actor, at, result.reason());
            metrics.counted(command.type(), CommandMetrics.Outcome.valueOf(next.name()));
        }
        return Applied.CHANGED;
    }

    private static Optional<UUID> uuid(String id) {
        try {
            return id == null ? Optional.empty() : Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException notAUuid) {
            return Optional.empty();
        }
    }
}
