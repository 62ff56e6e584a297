package city.urbanops.testkit.browser;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.openqa.selenium.WebDriver;

/**
 * axe-core (the copy bundled in Deque's {@code axe-core/selenium} jar, injected through WebDriver, so a page's
 * Content-Security-Policy does not stop it) on the page the browser shows, with the WCAG 2.0/2.1/2.2 A and AA rules.
 * {@link #assertNoSeriousViolations} fails with one readable line per serious or critical violation; minor and
 * moderate ones are in the returned result for tests that want them.
 */
public final class AccessibilityCheck {

    public static final List<String> WCAG_A_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");
    static final Set<String> BLOCKING = Set.of("serious", "critical");

    private AccessibilityCheck() {
    }

    /** Runs axe on the current page; fails if axe itself could not run (an error result is never a pass). */
    public static Results analyze(WebDriver driver) {
        Results results = new AxeBuilder().withTags(WCAG_A_AA).analyze(driver);
        if (results.isErrored()) {
            throw new AssertionError("axe-core could not check " + driver.getCurrentUrl() + ": "
                    + results.getErrorMessage(), results.getError());
        }
        return results;
    }

    /** Runs axe on the current page and fails when any violation is serious or critical; returns the full result. */
    public static Results assertNoSeriousViolations(WebDriver driver) {
        Results results = analyze(driver);
        List<Rule> blocking = blocking(results);
        if (!blocking.isEmpty()) {
            throw new AssertionError(blocking.size() + " serious or critical accessibility violation(s) on "
                    + results.getUrl() + ":\n" + describe(blocking));
        }
        return results;
    }

    /** The violations with impact serious or critical. */
    public static List<Rule> blocking(Results results) {
        return results.getViolations().stream().filter(rule -> BLOCKING.contains(rule.getImpact())).toList();
    }

    /** One line per rule (id, impact, help, help URL), then one indented line per offending element's selector. */
    static String describe(List<Rule> rules) {
        return rules.stream().map(rule -> "- " + rule.getId() + " [" + rule.getImpact() + "] " + rule.getHelp()
                        + " (" + rule.getHelpUrl() + ")\n" + nodes(rule.getNodes()))
                .collect(Collectors.joining("\n"));
    }

    private static String nodes(List<CheckedNode> nodes) {
        if (nodes == null || nodes.isEmpty()) {
            return "";
        }
        return nodes.stream().map(node -> "    at " + node.getTarget() + "  " + abbreviate(node.getHtml()))
                .collect(Collectors.joining("\n"));
    }

    private static String abbreviate(String html) {
        if (html == null) {
            return "";
        }
        String line = html.replaceAll("\\s+", " ");
        return line.length() <= 120 ? line : line.substring(0, 117) + "...";
    }
}
