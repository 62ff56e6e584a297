package city.urbanops.operatorapi.command;

import city.urbanops.security.AccessScope;
import city.urbanops.security.problem.InvalidRequestException;
import city.urbanops.security.problem.ResourceNotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A supervisor or admin approves or rejects a command awaiting approval: never their own (four eyes), only within
 * their scope, and an approval only while the type is still enabled for the target. Approval starts the expiry clock
 * and puts the command on its way.
 */
@Service
public class DecidingCommand {

    private final CommandRepository commands;
    private final CommandFlags flags;
    private final CommandDispatch dispatch;
    private final CommandAudit audit;
    private final CommandMetrics metrics;
    private final Clock clock;

    DecidingCommand(CommandRepository commands, CommandFlags flags, CommandDispatch dispatch, CommandAudit audit,
                    CommandMetrics metrics, Clock clock) {
        this.commands = commands;
        this.flags = flags;
        this.dispatch = dispatch;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Transactional
    public StoredCommand approve(UUID id, String reason, String user, AccessScope scope) {
        StoredCommand command = awaiting(id, reason, user, scope, "approve");
        flags.lock(command.type(), command.department());
        EffectiveFlag flag = flags.effective(command.type(), command.department(), command.district());
        if (!flag.enabled()) {
            throw new CommandRefused(CommandRefused.Reason.DISABLED, command.type().name() + " was disabled for "
                    + command.department() + " in " + command.district() + " after it was proposed.");
        }
        Instant now = clock.instant();
        StoredCommand approved = dispatch.approve(command, user, now, reason);
        audit.command(approved, "approved", user, now, reason);
        metrics.counted(command.type(), CommandMetrics.Outcome.APPROVED);
        return approved;
    }

    @Transactional
    public StoredCommand reject(UUID id, String reason, String user, AccessScope scope) {
        StoredCommand command = awaiting(id, reason, user, scope, "reject");
        Instant now = clock.instant();
        commands.decided(id, CommandStatus.REJECTED, user, now, null, null);
        commands.history(id, CommandStatus.REJECTED, user, now, reason, null);
        audit.command(command, "rejected", user, now, reason);
        metrics.counted(command.type(), CommandMetrics.Outcome.REJECTED);
        return commands.find(id).orElseThrow();
    }

    private StoredCommand awaiting(UUID id, String reason, String user, AccessScope scope, String verb) {
        if ("reject".equals(verb) && (reason == null || reason.isBlank())) {
            throw new InvalidRequestException("reason", "is required: say why the command is rejected");
        }
        if (reason != null && reason.length() > ProposingCommand.MAX_REASON) {
            throw new InvalidRequestException("reason", "must be at most " + ProposingCommand.MAX_REASON + " characters");
        }
        StoredCommand command = commands.lock(id)
                .filter(c -> scope.allows(c.department(), c.district()))
                .orElseThrow(() -> new ResourceNotFoundException("No command '" + id + "'."));
        if (command.proposedBy().equals(user)) {
            throw new CommandRefused(CommandRefused.Reason.FOUR_EYES,
                    "You proposed this command; another supervisor must " + verb + " it.");
        }
        if (command.status() != CommandStatus.AWAITING_APPROVAL) {
            throw new CommandRefused(CommandRefused.Reason.NOT_AWAITING_APPROVAL,
                    "The command is " + command.status().words() + ", not awaiting approval.");
        }
        return command;
    }
}
