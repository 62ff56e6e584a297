package city.urbanops.operatorapi.command;

import city.urbanops.events.codec.EventJson;
import city.urbanops.events.command.GatewayCommand;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.stereotype.Component;

/**
 * Approves a command for sending, in the caller's transaction: the expiry clock starts now, the command becomes
 * APPROVED and its {@link GatewayCommand} goes into the outbox, which {@link CommandOutboxRelay} publishes.
 */
@Component
class CommandDispatch {

    static final String SYSTEM = "operator-api";

    private final CommandRepository commands;
    private final EventJson json = new EventJson();

    CommandDispatch(CommandRepository commands) {
        this.commands = commands;
    }

    /** @param approvedBy the approving person, or null when the type's rule approved it */
    StoredCommand approve(StoredCommand command, String approvedBy, Instant at, String reason) {
        // The database keeps microseconds: the message carries the very instants the command's record shows.
        Instant now = at.truncatedTo(ChronoUnit.MICROS);
        Instant expiresAt = now.plus(Duration.ofMinutes(command.expiresInMinutes()));
        commands.decided(command.id(), CommandStatus.APPROVED, approvedBy, now, approvedBy, expiresAt);
        commands.history(command.id(), CommandStatus.APPROVED, approvedBy == null ? SYSTEM : approvedBy, now,
                reason, null);
        GatewayCommand message = new GatewayCommand(command.id().toString(), command.gatewayId(), command.deviceId(),
                command.type().name(), command.parameters(), command.department(), command.district(),
                command.proposedBy(), approvedBy, now, expiresAt);
        commands.enqueue(command.id(), command.gatewayId(), json.write(message), now);
        return commands.find(command.id()).orElseThrow();
    }
}
