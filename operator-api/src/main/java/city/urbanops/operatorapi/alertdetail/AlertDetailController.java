package city.urbanops.operatorapi.alertdetail;

import city.urbanops.operatorapi.console.ConsolePage;
import city.urbanops.operatorapi.console.ConsoleUser;
import city.urbanops.operatorapi.console.NotFoundPage;
import city.urbanops.operatorapi.queue.AlertSummary;
import city.urbanops.operatorapi.queue.AlertingAlerts;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * One alert for the control room ({@code /alerts/{id}}: what, why, where, evidence, timeline, actions) and for the
 * technician in the street ({@code /t/alerts/{id}}: what, where, what to do, one Acknowledge button), the page an
 * alert notification links to. Actions post, then come back to the page (post/redirect/get) saying what happened
 * or, in alerting's words, why not.
 */
@Controller
@ConsolePage
class AlertDetailController {

    private final AlertingAlerts alerting;

    AlertDetailController(AlertingAlerts alerting) {
        this.alerting = alerting;
    }

    @GetMapping("/alerts/{id}")
    String detail(@PathVariable UUID id, Model model) {
        AlertSummary alert = alerting.one(id).orElseThrow(NotFoundPage::new);
        model.addAttribute("alert", alert);
        model.addAttribute("timeline", alerting.timeline(id));
        return "alerts/detail";
    }

    @GetMapping("/t/alerts/{id}")
    String technician(@PathVariable UUID id, Model model) {
        model.addAttribute("alert", alerting.one(id).orElseThrow(NotFoundPage::new));
        return "technician/alert";
    }

    @PostMapping("/t/alerts/{id}/acknowledge")
    String technicianAcknowledge(@PathVariable UUID id, RedirectAttributes flash) {
        act(id, "acknowledge", Map.of(), "You acknowledged this alert.", flash);
        return "redirect:/t/alerts/" + id;
    }

    @PostMapping("/alerts/{id}/acknowledge")
    String acknowledge(@PathVariable UUID id, RedirectAttributes flash) {
        act(id, "acknowledge", Map.of(), "Acknowledged.", flash);
        return "redirect:/alerts/" + id;
    }

    @PostMapping("/alerts/{id}/assign")
    String assign(@PathVariable UUID id, @RequestParam(required = false) String team,
                  @AuthenticationPrincipal ConsoleUser user, RedirectAttributes flash) {
        boolean toTeam = team != null && !team.isBlank();
        act(id, "assign", toTeam ? Map.of("team", team) : Map.of("person", user.getName()),
                toTeam ? "Assigned to team " + team.strip() + "." : "Assigned to you.", flash);
        return "redirect:/alerts/" + id;
    }

    @PostMapping("/alerts/{id}/comment")
    String comment(@PathVariable UUID id, @RequestParam(defaultValue = "") String text, RedirectAttributes flash) {
        act(id, "comments", Map.of("text", text), "Comment added.", flash);
        return "redirect:/alerts/" + id;
    }

    @PostMapping("/alerts/{id}/resolve")
    String resolve(@PathVariable UUID id, RedirectAttributes flash) {
        act(id, "resolve", Map.of(), "Resolved.", flash);
        return "redirect:/alerts/" + id;
    }

    private void act(UUID id, String action, Map<String, String> body, String done, RedirectAttributes flash) {
        try {
            alerting.act(id, action, body);
            flash.addFlashAttribute("done", done);
        } catch (AlertingAlerts.ActionRefused refused) {
            if (refused.status() == 404) {
                throw new NotFoundPage();
            }
            flash.addFlashAttribute("refusal", refused.getMessage());
        }
    }
}
