package city.urbanops.operatorapi.alertdetail;

import city.urbanops.operatorapi.console.ConsolePage;
import city.urbanops.operatorapi.console.ConsoleUser;
import city.urbanops.operatorapi.console.NotFoundPage;
import city.urbanops.operatorapi.queue.AlertSummary;
import city.urbanops.operatorapi.queue.AlertingAlerts;
import city.urbanops.operatorapi.queue.DeviceHealthLookup;
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
    private final QuarantiningProposedDevice quarantining;
    private final DeviceHealthLookup health;
    private final NearbyDevices nearby;
    private final EvidenceChart chart;

    AlertDetailController(AlertingAlerts alerting, QuarantiningProposedDevice quarantining, DeviceHealthLookup health,
                          NearbyDevices nearby, EvidenceChart chart) {
        this.alerting = alerting;
        this.quarantining = quarantining;
        this.health = health;
        this.nearby = nearby;
        this.chart = chart;
    }

    /**
     * The alert with its device's health (one registry call), its neighbours (one registry call, two alerting calls
     * for their alert state) and the evidence chart (one telemetry call per measurement); each of them says so when
     * its service does not answer, and the rest of the page stands.
     */
    @GetMapping("/alerts/{id}")
    String detail(@PathVariable UUID id, Model model) {
        AlertSummary alert = alerting.one(id).orElseThrow(NotFoundPage::new);
        model.addAttribute("alert", alert);
        model.addAttribute("timeline", alerting.timeline(id));
        model.addAttribute("health", health.healthOf(alert.deviceId()));
        model.addAttribute("neighbourhood", nearby.of(alert));
        model.addAttribute("chart", chart.of(alert));
        return "alerts/detail";
    }

    @GetMapping("/t/alerts/{id}")
    String technician(@PathVariable UUID id, Model model) {
        AlertSummary alert = alerting.one(id).orElseThrow(NotFoundPage::new);
        model.addAttribute("alert", alert);
        model.addAttribute("health", health.healthOf(alert.deviceId()));
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

    /** Accepts the alert's quarantine proposal: the registry quarantines the device (supervisors only). */
    @PostMapping("/alerts/{id}/proposal/accept")
    String acceptProposal(@PathVariable UUID id, RedirectAttributes flash) {
        AlertSummary alert = alerting.one(id).orElseThrow(NotFoundPage::new);
        AlertSummary.QuarantineProposal proposal = alert.proposal();
        if (proposal == null) {
            flash.addFlashAttribute("refusal", "This alert carries no quarantine proposal.");
            return "redirect:/alerts/" + id;
        }
        try {
            quarantining.quarantine(proposal.deviceId(), proposal.proposalId(),
                    "Triage proposal accepted on alert " + id + ": " + proposal.reason());
            flash.addFlashAttribute("done", "Device " + proposal.deviceId() + " is quarantined.");
        } catch (QuarantiningProposedDevice.Refused refused) {
            flash.addFlashAttribute("refusal", refused.getMessage());
        }
        return "redirect:/alerts/" + id;
    }

    /** Rejects the alert's quarantine proposal: a comment on the alert says so and why (the reason is required). */
    @PostMapping("/alerts/{id}/proposal/reject")
    String rejectProposal(@PathVariable UUID id, @RequestParam(defaultValue = "") String reason,
                          RedirectAttributes flash) {
        AlertSummary alert = alerting.one(id).orElseThrow(NotFoundPage::new);
        if (alert.proposal() == null) {
            flash.addFlashAttribute("refusal", "This alert carries no quarantine proposal.");
        } else if (reason.isBlank()) {
            flash.addFlashAttribute("refusal", "Say why the proposal is rejected.");
        } else {
            act(id, "comments", Map.of("text", "Quarantine proposal for device " + alert.proposal().deviceId()
                    + " rejected: " + reason.strip()), "Proposal rejected; the reason is on the timeline.", flash);
        }
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
