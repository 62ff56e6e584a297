package city.urbanops.operatorapi.command;

import city.urbanops.events.command.CommandType;
import city.urbanops.security.AccessScope;
import city.urbanops.security.problem.FieldProblem;
import city.urbanops.security.problem.InvalidRequestException;
import city.urbanops.security.problem.ResourceNotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A supervisor or admin enables or disables a command type for a department and district; audited with the change. */
@Service
public class ChangingCommandFlag {

    /** The change asked for; {@code district} {@code *} means the whole department. */
    public record FlagChange(String type, String department, String district, Boolean enabled, String reason) {
    }

    private final CommandFlags flags;
    private final CommandAudit audit;
    private final Clock clock;

    ChangingCommandFlag(CommandFlags flags, CommandAudit audit, Clock clock) {
        this.flags = flags;
        this.audit = audit;
        this.clock = clock;
    }

    /** Applies the change; 400 naming the field when it is malformed, 404 when outside the caller's scope. */
    @Transactional
    public EffectiveFlag change(FlagChange change, String user, AccessScope scope) {
        List<FieldProblem> problems = new ArrayList<>();
        CommandType type = change.type() == null ? null : CommandType.named(change.type()).orElse(null);
        if (type == null) {
            problems.add(new FieldProblem("type", "must be one of " + List.of(CommandType.values())));
        }
        if (blank(change.department()) || change.department().length() > 64) {
            problems.add(new FieldProblem("department", "is required, at most 64 characters"));
        }
        if (blank(change.district()) || change.district().length() > 64) {
            problems.add(new FieldProblem("district", "is required (* for the whole department), at most 64 characters"));
        }
        if (change.enabled() == null) {
            problems.add(new FieldProblem("enabled", "is required: true or false"));
        }
        if (blank(change.reason()) || change.reason().length() > 1000) {
            problems.add(new FieldProblem("reason", "is required, at most 1000 characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        if (!scope.allows(change.department(), change.district())) {
            throw new ResourceNotFoundException(
                    "No department and district '" + change.department() + "/" + change.district() + "' in your scope.");
        }
        flags.lock(type, change.department());
        Instant now = clock.instant();
        EffectiveFlag before = flags.effective(type, change.department(), change.district());
        flags.put(type, change.department(), change.district(), change.enabled(), user, now, change.reason().strip());
        EffectiveFlag after = flags.row(type, change.department(), change.district()).orElseThrow();
        audit.flag(before, after);
        return after;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
