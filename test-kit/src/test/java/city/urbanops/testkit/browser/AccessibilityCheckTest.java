package city.urbanops.testkit.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessibilityCheckTest {

    @Test
    void onlySeriousAndCriticalViolationsBlockAPage() {
        Results results = new Results();
        results.setViolations(List.of(rule("region", "moderate"), rule("image-alt", "critical"),
                rule("color-contrast", "serious"), rule("heading-order", "minor")));

        assertThat(AccessibilityCheck.blocking(results)).extracting(Rule::getId)
                .containsExactly("image-alt", "color-contrast");
    }

    @Test
    void theReportNamesTheRuleItsImpactItsHelpAndEachOffendingElement() {
        Rule rule = rule("button-name", "critical");

        String report = AccessibilityCheck.describe(List.of(rule));

        assertThat(report).isEqualTo("""
                - button-name [critical] Buttons must have discernible text (https://dequeuniversity.com/rules/button-name)
                    at [#save]  <button id="save"></button>""");
    }

    private static Rule rule(String id, String impact) {
        Rule rule = new Rule();
        rule.setId(id);
        rule.setImpact(impact);
        rule.setHelp(id.equals("button-name") ? "Buttons must have discernible text" : "help for " + id);
        rule.setHelpUrl("https://dequeuniversity.com/rules/" + id);
        CheckedNode node = new CheckedNode();
        node.setTarget(List.of("#save"));
        node.setHtml("<button id=\"save\">\n  </button>".replace("\n  ", ""));
        rule.setNodes(List.of(node));
        return rule;
    }
}
