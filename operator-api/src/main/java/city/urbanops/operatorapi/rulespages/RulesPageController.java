package city.urbanops.operatorapi.rulespages;

import city.urbanops.operatorapi.console.ConsolePage;
import city.urbanops.operatorapi.console.NotFoundPage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's Rules pages: the rules a user may see ({@code /rules}), one rule's versions, history and a diff
 * between two versions ({@code /rules/{id}}), a dry run of a version as a timeline beside the version in force
 * ({@code /rules/{id}/versions/{v}/dry-run}), and enabling a version (supervisors and admins; rules-service decides).
 */
@Controller
@ConsolePage
class RulesPageController {

    static final int PAGE_SIZE = 50;
    /** rules-service's default {@code urbanops.rules.dry-run.max-range}; it refuses longer ranges itself. */
    static final Duration MAX_RANGE = Duration.ofDays(7);

    private final RulesApi rules;
    private final Clock clock;

    RulesPageController(RulesApi rules, Clock clock) {
        this.rules = rules;
        this.clock = clock;
    }

    @ExceptionHandler(RulesApi.NotAllowed.class)
    String notAllowed(Model model) {
        return "rules/not-allowed";
    }

    @GetMapping("/rules")
    String list(@RequestParam(required = false) String cursor, Model model) {
        RulesApi.Page<RulesApi.RuleSummary> page = rules.list(cursor, PAGE_SIZE);
        model.addAttribute("rules", page.items());
        model.addAttribute("next", page.next());
        return "rules/list";
    }

    @GetMapping("/rules/{id}")
    String detail(@PathVariable String id, @RequestParam(required = false) Integer from,
                  @RequestParam(required = false) Integer to, Model model) {
        RulesApi.RuleDetail rule = rules.rule(id).orElseThrow(NotFoundPage::new);
        int older = from != null ? from : rule.enabledVersion() != null ? rule.enabledVersion() : 1;
        int newer = to != null ? to : rule.latestVersion();
        RulesApi.VersionDetail a = rules.version(id, older).orElseThrow(NotFoundPage::new);
        RulesApi.VersionDetail b = rules.version(id, newer).orElseThrow(NotFoundPage::new);
        model.addAttribute("rule", rule);
        model.addAttribute("versions", rules.versions(id));
        model.addAttribute("history", rules.history(id));
        model.addAttribute("diffFrom", older);
        model.addAttribute("diffTo", newer);
        model.addAttribute("diff", RuleDiff.between(a.rule(), b.rule()));
        return "rules/detail";
    }

    @GetMapping("/rules/{id}/versions/{version}/dry-run")
    String dryRun(@PathVariable String id, @PathVariable int version, @RequestParam(required = false) String from,
                  @RequestParam(required = false) String to, Model model) {
        RulesApi.RuleDetail rule = rules.rule(id).orElseThrow(NotFoundPage::new);
        rules.version(id, version).orElseThrow(NotFoundPage::new);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        model.addAttribute("rule", rule);
        model.addAttribute("version", version);
        model.addAttribute("from", from != null ? from : now.minus(Duration.ofHours(24)).toString());
        model.addAttribute("to", to != null ? to : now.toString());
        if (from == null || to == null) {
            return "rules/dry-run";
        }
        Instant start;
        Instant end;
        try {
            start = Instant.parse(from);
            end = Instant.parse(to);
        } catch (DateTimeParseException e) {
            model.addAttribute("refusal", "From and to must be times such as 2026-11-30T12:00:00Z.");
            return "rules/dry-run";
        }
        if (!end.isAfter(start) || Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            model.addAttribute("refusal", "To must be after from, and the range at most 7 days.");
            return "rules/dry-run";
        }
        try {
            RulesApi.DryRun run = rules.dryRun(id, version, start, end);
            model.addAttribute("run", run);
            model.addAttribute("days", days(run));
        } catch (RulesApi.Refused refused) {
            if (refused.status() == 404) {
                throw new NotFoundPage();
            }
            model.addAttribute("refusal", refused.getMessage());
        }
        return "rules/dry-run";
    }

    @PostMapping("/rules/{id}/versions/{version}/enable")
    String enable(@PathVariable String id, @PathVariable int version,
                  @RequestParam(defaultValue = "") String reason, RedirectAttributes flash) {
        if (reason.isBlank()) {
            flash.addFlashAttribute("refusal", "Say why you enable this version (reason is required).");
            return "redirect:/rules/" + id;
        }
        try {
            rules.enable(id, version, reason.strip());
            flash.addFlashAttribute("done", "Version " + version + " is now in force.");
        } catch (RulesApi.Refused refused) {
            if (refused.status() == 404) {
                throw new NotFoundPage();
            }
            flash.addFlashAttribute("refusal", refused.status() == 403
                    ? "rules-service refused: you may not enable rule versions (supervisors and admins may)."
                    : "rules-service refused: " + refused.getMessage());
        }
        return "redirect:/rules/" + id;
    }

    /** Raised per day, candidate beside the version in force, over every day either counted. */
    record Day(String day, int candidate, int enabled) {
    }

    private static List<Day> days(RulesApi.DryRun run) {
        Map<String, Integer> candidate = run.candidate() == null || run.candidate().raisedPerDay() == null
                ? Map.of() : run.candidate().raisedPerDay();
        Map<String, Integer> enabled = run.enabled() == null || run.enabled().raisedPerDay() == null
                ? Map.of() : run.enabled().raisedPerDay();
        TreeSet<String> all = new TreeSet<>(candidate.keySet());
        all.addAll(enabled.keySet());
        return all.stream().map(d -> new Day(d, candidate.getOrDefault(d, 0), enabled.getOrDefault(d, 0))).toList();
    }
}
