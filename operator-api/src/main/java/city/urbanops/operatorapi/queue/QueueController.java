package city.urbanops.operatorapi.queue;

import city.urbanops.operatorapi.console.ConsoleUser;
import city.urbanops.operatorapi.console.ConsolePage;
import city.urbanops.operatorapi.console.NotFoundPage;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's landing page, the exception queue, and the in-place actions on its rows (htmx posts answered with
 * the row as it is afterwards, or the row with alerting's refusal in words).
 */
@Controller
@ConsolePage
class QueueController {

    private final ExceptionQueue queue;
    private final AlertingAlerts alerting;

    QueueController(ExceptionQueue queue, AlertingAlerts alerting) {
        this.queue = queue;
        this.alerting = alerting;
    }

    @GetMapping("/")
    String queue(@RequestParam(required = false) String cursor, Model model) {
        model.addAttribute("page", queue.page(cursor, ExceptionQueue.DEFAULT_LIMIT));
        model.addAttribute("cursor", cursor);
        return "queue/queue";
    }

    /** One row as it is now (the live stream asks for it when an alert changes); 404 when it left the user's view. */
    @GetMapping("/queue/rows/{id}")
    String row(@PathVariable UUID id, Model model) {
        AlertSummary alert = alerting.one(id).filter(a -> !a.resolved()).orElseThrow(NotFoundPage::new);
        putRow(queue.item(alert), model);
        return "queue/row :: row";
    }

    @PostMapping("/queue/rows/{id}/acknowledge")
    String acknowledge(@PathVariable UUID id, Model model) {
        return act(id, "acknowledge", Map.of(), model);
    }

    @PostMapping("/queue/rows/{id}/assign")
    String assign(@PathVariable UUID id, @RequestParam(required = false) String team,
                  @AuthenticationPrincipal ConsoleUser user, Model model) {
        return act(id, "assign", team == null || team.isBlank() ? Map.of("person", user.getName())
                : Map.of("team", team), model);
    }

    @PostMapping("/queue/rows/{id}/resolve")
    String resolve(@PathVariable UUID id, Model model) {
        return act(id, "resolve", Map.of(), model);
    }

    private String act(UUID id, String action, Map<String, String> body, Model model) {
        try {
            putRow(queue.item(alerting.act(id, action, body)), model);
        } catch (AlertingAlerts.ActionRefused refused) {
            if (refused.status() == 404) {
                throw new NotFoundPage();
            }
            putRow(queue.item(alerting.one(id).orElseThrow(NotFoundPage::new)), model);
            model.addAttribute("refusal", refused.getMessage());
        }
        return "queue/row :: row";
    }

    private static void putRow(QueueItem item, Model model) {
        model.addAttribute("alert", item.alert());
        model.addAttribute("item", item);
    }
}
