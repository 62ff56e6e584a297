package city.urbanops.testkit.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@RequiresChromium
class AccessibilityCheckIT {

    private static TestPages pages;
    private static HeadlessChromium browser;

    @BeforeAll
    static void startBrowser() {
        pages = new TestPages();
        browser = HeadlessChromium.desktop();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (pages != null) {
            pages.close();
        }
    }

    @Test
    void aPageWithAnUnnamedImageAndButtonFailsNamingTheRulesAndTheElements() {
        browser.open(pages.url("/inaccessible"));

        assertThatThrownBy(() -> AccessibilityCheck.assertNoSeriousViolations(browser.driver()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("image-alt [critical]")
                .hasMessageContaining("button-name [critical]")
                .hasMessageContaining("color-contrast [serious]")
                .hasMessageContaining("at [img]")
                .hasMessageContaining("at [button]");
    }

    @Test
    void anAccessiblePageUnderTheConsolesContentSecurityPolicyPassesAndWasReallyChecked() {
        browser.open(pages.url("/accessible"));

        Results results = AccessibilityCheck.assertNoSeriousViolations(browser.driver());

        // The CSP was in force (the page's inline script did not run), and axe ran regardless.
        assertThat(browser.driver().executeScript("return document.documentElement.dataset.inlineScriptRan"))
                .isNull();
        assertThat(results.getPasses()).extracting(Rule::getId).contains("image-alt", "button-name", "label");
        assertThat(AccessibilityCheck.blocking(results)).isEmpty();
    }
}
