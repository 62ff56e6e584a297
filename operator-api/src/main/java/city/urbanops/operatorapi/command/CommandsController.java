package city.urbanops.operatorapi.command;

import city.urbanops.security.AccessScope;
import java.net.URI;
import java.security.Principal;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Commands: propose (operator, supervisor, admin), approve or reject (supervisor, admin; never one's own), read
 * (those and analysts). Technicians and integrators get 403: they neither decide nor follow commands. Everything is
 * within the caller's departments and districts; outside them a command is 404.
 */
@RestController
@RequestMapping("/api/v1/commands")
class CommandsController {

    static final String PROPOSERS = "hasAnyRole('OPERATOR','SUPERVISOR','ADMIN')";
    static final String DECIDERS = "hasAnyRole('SUPERVISOR','ADMIN')";
    static final String READERS = "hasAnyRole('OPERATOR','SUPERVISOR','ADMIN','ANALYST')";

    private final ProposingCommand proposing;
    private final DecidingCommand deciding;
    private final CommandQueries queries;

    CommandsController(ProposingCommand proposing, DecidingCommand deciding, CommandQueries queries) {
        this.proposing = proposing;
        this.deciding = deciding;
        this.queries = queries;
    }

    /** The approver's or rejecter's note; required to reject. */
    record Decision(String reason) {
    }

    @PostMapping
    @PreAuthorize(PROPOSERS)
    ResponseEntity<CommandView> propose(@RequestBody ProposingCommand.Proposal proposal, AccessScope scope,
                                        Principal caller) {
        StoredCommand command = proposing.propose(proposal, caller.getName(), scope);
        return ResponseEntity.created(URI.create("/api/v1/commands/" + command.id()))
                .body(queries.one(command.id(), scope));
    }

    @GetMapping
    @PreAuthorize(READERS)
    CommandQueries.Page list(@RequestParam(required = false) String status,
                             @RequestParam(required = false) String cursor,
                             @RequestParam(required = false) Integer limit, AccessScope scope) {
        return queries.page(scope, status, cursor, limit);
    }

    @GetMapping("/{id}")
    @PreAuthorize(READERS)
    CommandView one(@PathVariable UUID id, AccessScope scope) {
        return queries.one(id, scope);
    }

    @PostMapping("/{id}/approve")
    @PreAuthorize(DECIDERS)
    CommandView approve(@PathVariable UUID id, @RequestBody(required = false) Decision decision, AccessScope scope,
                        Principal caller) {
        deciding.approve(id, decision == null ? null : decision.reason(), caller.getName(), scope);
        return queries.one(id, scope);
    }

    @PostMapping("/{id}/reject")
    @PreAuthorize(DECIDERS)
    CommandView reject(@PathVariable UUID id, @RequestBody(required = false) Decision decision, AccessScope scope,
                       Principal caller) {
        deciding.reject(id, decision == null ? null : decision.reason(), caller.getName(), scope);
        return queries.one(id, scope);
    }
}
