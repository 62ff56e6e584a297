package city.urbanops.operatorapi.command;

import city.urbanops.events.command.CommandType;
import city.urbanops.security.AccessScope;
import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Which command types may be proposed where: read by everyone who proposes or approves (their departments only),
 * changed by supervisors and admins within their scope, each change audited.
 */
@RestController
@RequestMapping("/api/v1/command-flags")
class CommandFlagsController {

    private final CommandFlags flags;
    private final ChangingCommandFlag changing;

    CommandFlagsController(CommandFlags flags, ChangingCommandFlag changing) {
        this.flags = flags;
        this.changing = changing;
    }

    /** A type's default where no flag row says otherwise. */
    record TypeDefault(CommandType type, boolean actuator, boolean requiresApproval, boolean enabledByDefault,
                       Map<String, String> parameters) {
    }

    /** The defaults per type and every flag row within the caller's scope. */
    record Flags(List<TypeDefault> defaults, List<EffectiveFlag> flags) {
    }

    @GetMapping
    @PreAuthorize(CommandsController.PROPOSERS)
    Flags list(AccessScope scope) {
        return new Flags(Arrays.stream(CommandType.values())
                .map(t -> new TypeDefault(t, t.actuator(), t.requiresApproval(), !t.actuator(), t.parameters()))
                .toList(), flags.rows(scope));
    }

    @PutMapping
    @PreAuthorize(CommandsController.DECIDERS)
    EffectiveFlag change(@RequestBody ChangingCommandFlag.FlagChange change, AccessScope scope, Principal caller) {
        return changing.change(change, caller.getName(), scope);
    }
}
