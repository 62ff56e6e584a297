package city.urbanops.operatorapi.command;

import city.urbanops.events.command.CommandType;
import city.urbanops.operatorapi.command.CommandParameters.Checked;
import city.urbanops.security.AccessScope;
import city.urbanops.security.problem.FieldProblem;
import city.urbanops.security.problem.InvalidRequestException;
import city.urbanops.security.problem.ResourceNotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A person proposes a command for a device or gateway. Its gateway, department and district come from the registry,
 * never from the request; a type disabled there is refused; a type that needs approval waits for another person,
 * any other is approved by the system rule and dispatched at once.
 */
@Service
public class ProposingCommand {

    static final int DEFAULT_EXPIRY_MINUTES = 15;
    static final int MAX_REASON = 1000;

    /** What the proposer asks for. */
    public record Proposal(String type, String deviceId, String gatewayId, Map<String, Object> parameters,
                           String reason, Integer expiresInMinutes) {
    }

    private final CommandTargets targets;
    private final CommandFlags flags;
    private final CommandRepository commands;
    private final CommandDispatch dispatch;
    private final CommandAudit audit;
    private final CommandMetrics metrics;
    private final TransactionTemplate transactions;
    private final Clock clock;

    ProposingCommand(CommandTargets targets, CommandFlags flags, CommandRepository commands, CommandDispatch dispatch,
                     CommandAudit audit, CommandMetrics metrics, TransactionTemplate transactions, Clock clock) {
        this.targets = targets;
        this.flags = flags;
        this.commands = commands;
        this.dispatch = dispatch;
        this.audit = audit;
        this.metrics = metrics;
        this.transactions = transactions;
        this.clock = clock;
    }

    public StoredCommand propose(Proposal proposal, String user, AccessScope scope) {
        CommandType type = validType(proposal.type());
        List<FieldProblem> problems = new ArrayList<>();
        Map<String, String> parameters = switch (CommandParameters.check(type, proposal.parameters())) {
            case Checked.Valid(var valid) -> valid;
            case Checked.Invalid(var invalid) -> {
                problems.addAll(invalid);
                yield Map.of();
            }
        };
        if (proposal.reason() == null || proposal.reason().isBlank() || proposal.reason().length() > MAX_REASON) {
            problems.add(new FieldProblem("reason", "is required, at most " + MAX_REASON + " characters"));
        }
        int expiresIn = proposal.expiresInMinutes() == null ? DEFAULT_EXPIRY_MINUTES : proposal.expiresInMinutes();
        if (expiresIn < 1 || expiresIn > 1440) {
            problems.add(new FieldProblem("expiresInMinutes", "must be between 1 and 1440 minutes"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        // The registry call happens outside the transaction: no database connection waits on another service.
        CommandTargets.Target target = targets.resolve(proposal.deviceId(), proposal.gatewayId());
        if (!scope.allows(target.department(), target.district())) {
            throw new ResourceNotFoundException("No device '" + (target.deviceId() != null ? target.deviceId()
                    : target.gatewayId()) + "'.");
        }
        return transactions.execute(status -> store(type, target, parameters, proposal.reason().strip(), expiresIn,
                user));
    }

    private StoredCommand store(CommandType type, CommandTargets.Target target, Map<String, String> parameters,
                                String reason, int expiresIn, String user) {
        EffectiveFlag flag = flags.effective(type, target.department(), target.district());
        if (!flag.enabled()) {
            throw new CommandRefused(CommandRefused.Reason.DISABLED, type.name() + " is disabled for "
                    + target.department() + " in " + target.district() + ".");
        }
        Instant now = clock.instant();
        StoredCommand command = new StoredCommand(UUID.randomUUID(), type, target.deviceId(), target.gatewayId(),
                target.department(), target.district(), parameters, reason, CommandStatus.AWAITING_APPROVAL, user,
                now, null, null, null, expiresIn, null, null, now);
        commands.insert(command);
        commands.history(command.id(), CommandStatus.AWAITING_APPROVAL, user, now, reason, null);
        audit.command(command, "proposed", user, now, reason);
        metrics.counted(type, CommandMetrics.Outcome.PROPOSED);
        if (type.requiresApproval()) {
            return command;
        }
        StoredCommand approved = dispatch.approve(command, null, now,
                type.name() + " needs no approval: approved by rule");
        audit.command(approved, "approved", CommandDispatch.SYSTEM, now, "approved by rule");
        metrics.counted(type, CommandMetrics.Outcome.APPROVED);
        return approved;
    }

    private static CommandType validType(String name) {
        return CommandType.named(name == null ? "" : name.strip()).orElseThrow(() -> new InvalidRequestException(
                "type", "must be one of " + List.of(CommandType.values())));
    }
}
