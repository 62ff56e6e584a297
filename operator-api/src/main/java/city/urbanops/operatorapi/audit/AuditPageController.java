package city.urbanops.operatorapi.audit;

import city.urbanops.operatorapi.console.FormTimes;
import city.urbanops.security.AccessScope;
import city.urbanops.security.problem.InvalidRequestException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's audit page: whether the chain holds (in words), and the latest entries in the reader's scope,
 * filtered by a GET form and paged with the API's cursor.
 */
@Controller
class AuditPageController {

    /** The page's filters as the form sent them (times as ISO instants or the form's local date-time, in UTC). */
    record Filters(String actor, String action, String targetType, String targetId, String from, String to,
                   String cursor) {
    }

    private final AuditReading reading;
    private final AuditChainMonitor monitor;
    private final AuditProperties properties;

    AuditPageController(AuditReading reading, AuditChainMonitor monitor, AuditProperties properties) {
        this.reading = reading;
        this.monitor = monitor;
        this.properties = properties;
    }

    @GetMapping("/audit")
    @PreAuthorize("hasAnyRole('SUPERVISOR','ADMIN','ANALYST')")
    ModelAndView log(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
                     @RequestParam(required = false) String targetType,
                     @RequestParam(required = false) String targetId, @RequestParam(required = false) String from,
                     @RequestParam(required = false) String to, @RequestParam(required = false) String cursor,
                     AccessScope scope, Model model) {
        var filters = new Filters(actor, action, targetType, targetId, from, to, cursor);
        model.addAttribute("filters", filters);
        model.addAttribute("status", monitor.recent(properties.statusMaxAge()));
        var view = new ModelAndView("audit/log", model.asMap());
        try {
            var page = reading.page(new AuditReading.Request(actor, action, targetType, targetId,
                    FormTimes.instant("from", from), FormTimes.instant("to", to), cursor, null), scope);
            view.addObject("entries", page.items());
            view.addObject("nextCursor", page.nextCursor());
        } catch (InvalidRequestException invalid) {
            view.addObject("entries", List.of());
            view.addObject("problems", invalid.problems());
            view.setStatus(HttpStatus.BAD_REQUEST);
        }
        return view;
    }

    /**
     * "Check the chain now": reads the whole chain, so it is an action of the roles that may verify (supervisors and
     * administrators), posted with the session's CSRF token, never a link an analyst or a crawler can follow.
     */
    @PostMapping("/audit/check")
    @PreAuthorize(AuditController.VERIFIERS)
    String checkNow(RedirectAttributes redirect) {
        ChainVerification result = monitor.verifyNow();
        redirect.addFlashAttribute("message", result.intact()
                ? "The chain was checked now: " + result.entriesChecked() + " entries hold."
                : "The chain was checked now and is broken.");
        return "redirect:/audit";
    }
}
