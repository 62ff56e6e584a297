package city.urbanops.operatorapi.command;

import city.urbanops.events.command.CommandType;
import city.urbanops.security.problem.FieldProblem;
import city.urbanops.security.problem.InvalidRequestException;
import city.urbanops.security.problem.ResourceNotFoundException;
import city.urbanops.security.AccessScope;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's commands page: what awaits approval (with the flag in force), recent commands with their state in
 * words, a propose form (POST-redirect-GET, field errors next to the field), approve and reject for supervisors and
 * admins, and the flags. Uses the same use cases as the REST API, so the server refuses what the page would not offer.
 */
@Controller
@RequestMapping("/commands")
class CommandsPage {

    private static final int SHOWN = 50;

    private final ProposingCommand proposing;
    private final DecidingCommand deciding;
    private final ChangingCommandFlag changingFlag;
    private final CommandQueries queries;
    private final CommandFlags flags;

    CommandsPage(ProposingCommand proposing, DecidingCommand deciding, ChangingCommandFlag changingFlag,
                 CommandQueries queries, CommandFlags flags) {
        this.proposing = proposing;
        this.deciding = deciding;
        this.changingFlag = changingFlag;
        this.queries = queries;
        this.flags = flags;
    }

    /** The propose form; parameter fields are sent only when filled in. */
    static class ProposalForm {
        private String type = CommandType.SET_SAMPLING_INTERVAL.name();
        private String deviceId;
        private String seconds;
        private String group;
        private String state;
        private String reason;
        private Integer expiresInMinutes = ProposingCommand.DEFAULT_EXPIRY_MINUTES;

        public String getType() { return type; }
        public void setType(String type) { this.type = type; }
        public String getDeviceId() { return deviceId; }
        public void setDeviceId(String deviceId) { this.deviceId = deviceId; }
        public String getSeconds() { return seconds; }
        public void setSeconds(String seconds) { this.seconds = seconds; }
        public String getGroup() { return group; }
        public void setGroup(String group) { this.group = group; }
        public String getState() { return state; }
        public void setState(String state) { this.state = state; }
        public String getReason() { return reason; }
        public void setReason(String reason) { this.reason = reason; }
        public Integer getExpiresInMinutes() { return expiresInMinutes; }
        public void setExpiresInMinutes(Integer expiresInMinutes) { this.expiresInMinutes = expiresInMinutes; }

        ProposingCommand.Proposal toProposal() {
            Map<String, Object> parameters = new LinkedHashMap<>();
            putIfFilled(parameters, "seconds", seconds);
            putIfFilled(parameters, "group", group);
            putIfFilled(parameters, "state", state);
            return new ProposingCommand.Proposal(type, deviceId, null, parameters, reason, expiresInMinutes);
        }

        private static void putIfFilled(Map<String, Object> parameters, String name, String value) {
            if (value != null && !value.isBlank()) {
                parameters.put(name, value.strip());
            }
        }
    }

    @ModelAttribute("proposal")
    ProposalForm proposal() {
        return new ProposalForm();
    }

    @GetMapping
    @PreAuthorize(CommandsController.READERS)
    String page(AccessScope scope, Authentication authentication, Model model) {
        List<CommandView> awaiting = queries.page(scope, CommandStatus.AWAITING_APPROVAL.name(), null, SHOWN)
                .items();
        model.addAttribute("user", authentication.getName());
        model.addAttribute("awaiting", awaiting.stream().map(c -> new Awaiting(c, queries.flagOf(c))).toList());
        model.addAttribute("recent", queries.page(scope, null, null, SHOWN).items());
        model.addAttribute("flags", flags.rows(scope));
        model.addAttribute("types", Arrays.asList(CommandType.values()));
        return "commands/page";
    }

    /** A command awaiting approval with the flag now in force for its target. */
    record Awaiting(CommandView command, EffectiveFlag flag) {
    }

    @PostMapping
    @PreAuthorize(CommandsController.PROPOSERS)
    String propose(@ModelAttribute("proposal") ProposalForm form, BindingResult errors, AccessScope scope, Authentication authentication,
                   Model model, RedirectAttributes redirect) {
        try {
            StoredCommand command = proposing.propose(form.toProposal(), authentication.getName(), scope);
            redirect.addFlashAttribute("message", "Command " + command.type() + " for " + command.gatewayId()
                    + " proposed: " + command.status().words() + ".");
            return "redirect:/commands";
        } catch (InvalidRequestException invalid) {
            for (FieldProblem problem : invalid.problems()) {
                String field = problem.field().startsWith("parameters.")
                        ? problem.field().substring("parameters.".length()) : problem.field();
                if (List.of("type", "deviceId", "seconds", "group", "state", "reason", "expiresInMinutes")
                        .contains(field)) {
                    errors.rejectValue(field, "invalid", problem.reason());
                } else {
                    errors.reject("invalid", problem.field() + " " + problem.reason());
                }
            }
        } catch (CommandRefused refused) {
            errors.reject(refused.reason().name(), refused.getMessage());
        } catch (ResourceNotFoundException missing) {
            errors.rejectValue("deviceId", "not-found", "no such device in your departments and districts");
        } catch (ErrorResponseException unavailable) {
            errors.reject("unavailable", unavailable.getBody().getDetail());
        }
        return page(scope, authentication, model);
    }

    @PostMapping("/{id}/approve")
    @PreAuthorize(CommandsController.DECIDERS)
    String approve(@PathVariable UUID id, @RequestParam(required = false) String reason,
                   AccessScope scope, Authentication authentication, RedirectAttributes redirect) {
        return decided(redirect, () -> deciding.approve(id, reason, authentication.getName(), scope), "approved");
    }

    @PostMapping("/{id}/reject")
    @PreAuthorize(CommandsController.DECIDERS)
    String reject(@PathVariable UUID id, @RequestParam(required = false) String reason,
                  AccessScope scope, Authentication authentication, RedirectAttributes redirect) {
        return decided(redirect, () -> deciding.reject(id, reason, authentication.getName(), scope), "rejected");
    }

    @PostMapping("/flags")
    @PreAuthorize(CommandsController.DECIDERS)
    String changeFlag(@RequestParam String type, @RequestParam String department, @RequestParam String district,
                      @RequestParam boolean enabled, @RequestParam(required = false) String reason,
                      AccessScope scope, Authentication authentication, RedirectAttributes redirect) {
        try {
            EffectiveFlag flag = changingFlag.change(new ChangingCommandFlag.FlagChange(type, department, district,
                    enabled, reason), authentication.getName(), scope);
            redirect.addFlashAttribute("message", flag.type() + " is now " + (flag.enabled() ? "enabled" : "disabled")
                    + " for " + flag.department() + " / " + flag.district() + ".");
        } catch (InvalidRequestException | ResourceNotFoundException refused) {
            redirect.addFlashAttribute("error", refused.getMessage());
        }
        return "redirect:/commands";
    }

    private static String decided(RedirectAttributes redirect, Runnable decision, String verb) {
        try {
            decision.run();
            redirect.addFlashAttribute("message", "Command " + verb + ".");
        } catch (CommandRefused | InvalidRequestException | ResourceNotFoundException refused) {
            redirect.addFlashAttribute("error", refused.getMessage());
        }
        return "redirect:/commands";
    }
}
