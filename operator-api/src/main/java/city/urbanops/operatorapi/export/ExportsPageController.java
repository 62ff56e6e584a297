package city.urbanops.operatorapi.export;

import city.urbanops.operatorapi.console.ConsolePage;
import city.urbanops.operatorapi.console.FormTimes;
import city.urbanops.security.AccessScope;
import city.urbanops.security.problem.InvalidRequestException;
import java.time.Instant;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's exports page: a form per export. Downloading is a POST (with the session's CSRF token), because an
 * export is an audited act: no link, image or other site can make a signed-in person export something.
 */
@Controller
@ConsolePage
class ExportsPageController {

    private final Exports exports;
    private final ExportProperties properties;

    ExportsPageController(Exports exports, ExportProperties properties) {
        this.exports = exports;
        this.properties = properties;
    }

    @GetMapping("/exports")
    @PreAuthorize(ExportsApiController.ALERT_EXPORTERS)
    String page(org.springframework.ui.Model model) {
        model.addAttribute("maxRows", properties.maxRows());
        return "exports/page";
    }

    @PostMapping("/exports/alerts")
    @PreAuthorize(ExportsApiController.ALERT_EXPORTERS)
    Object alerts(@RequestParam Map<String, String> form, Authentication authentication, RedirectAttributes flash) {
        try {
            Map<String, String> filters = new java.util.HashMap<>(form);
            filters.computeIfPresent("from", (k, v) -> iso(k, v));
            filters.computeIfPresent("to", (k, v) -> iso(k, v));
            return exports.alerts(filters, authentication.getName());
        } catch (ExportTooLarge | InvalidRequestException refused) {
            flash.addFlashAttribute("error", refused.getMessage());
        } catch (HttpClientErrorException.BadRequest refused) {
            flash.addFlashAttribute("error", "alerting refused the filters: " + refused.getResponseBodyAsString());
        }
        return "redirect:/exports";
    }

    @PostMapping("/exports/audit")
    @PreAuthorize(ExportsApiController.AUDIT_EXPORTERS)
    Object audit(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
                 @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                 AccessScope scope, Authentication authentication, RedirectAttributes flash) {
        try {
            ResponseEntity<byte[]> csv = exports.audit(new Exports.AuditFilters(actor, action, null, null,
                    FormTimes.instant("from", from), FormTimes.instant("to", to)), scope, authentication.getName());
            return csv;
        } catch (ExportTooLarge | InvalidRequestException refused) {
            flash.addFlashAttribute("error", refused.getMessage());
        }
        return "redirect:/exports";
    }

    /** The form's local date-time (UTC) as the ISO instant the services take; blank stays blank. */
    private static String iso(String field, String value) {
        Instant instant = FormTimes.instant(field, value);
        return instant == null ? null : instant.toString();
    }
}
