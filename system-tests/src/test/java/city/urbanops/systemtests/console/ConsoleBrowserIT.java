package city.urbanops.systemtests.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.events.codec.EventJson;
import city.urbanops.localplatform.seed.SimulatedCityPlan.DeviceType;
import city.urbanops.localplatform.seed.SimulatedCityPlan.PlannedDevice;
import city.urbanops.testkit.browser.AccessibilityCheck;
import city.urbanops.testkit.browser.HeadlessChromium;
import city.urbanops.testkit.browser.KeycloakSignIn;
import city.urbanops.testkit.browser.RequiresChromium;
import city.urbanops.testkit.browser.Screenshots;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator console in a real headless Chromium against the whole platform (every service from its own jar, see
 * {@link ConsolePlatform}). The scenarios build on each other, in order: a flood injected into the simulated city
 * arrives live in the dispatcher's queue as an incident and is acknowledged in place; a second one reaches the
 * technician by email, whose link opens the technician page on a 360 px phone, where it is acknowledged; a valve
 * command goes through four eyes to the gateway and back; a user of another department sees none of it; the audit log
 * holds the acknowledgements and the decisions, its chain intact. Every page visited passes axe-core (no serious or
 * critical violation) and is kept as a screenshot under {@code target/browser-screenshots/ConsoleBrowserIT/<user>/}.
 */
@RequiresChromium
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

    private static final Duration LIVE = Duration.ofMinutes(3);
    private static final Duration PAGE = Duration.ofSeconds(30);
    private static final EventJson JSON = new EventJson();
    private static final Path SHOTS = Screenshots.ROOT.resolve(ConsoleBrowserIT.class.getSimpleName());

    /** Two flood sensors of gw-01 (district north: the technician's); a water-leak detector with its valve. */
    private static final List<PlannedDevice> FLOOD_SENSORS = ConsolePlatform.devices("gw-01", DeviceType.FLOOD_LEVEL, 2);
    private static final PlannedDevice VALVE = ConsolePlatform.devices("gw-01", DeviceType.WATER_LEAK, 1).getFirst();

    @TempDir
    static Path dir;

    private static ConsolePlatform platform;
    private static HeadlessChromium dispatcher;
    private static Screenshots dispatcherShots;
    private static HeadlessChromium supervisor;
    private static Screenshots supervisorShots;

    /** The dispatcher's alert (acknowledged on the queue) and the technician's (acknowledged on the phone). */
    private static String dispatchersAlert;
    private static String techniciansAlert;
    private static String valveCommand;
    private static Instant floodInjectedAt;

    @BeforeAll
    static void startThePlatform() throws Exception {
        platform = ConsolePlatform.start("console_browser", dir);
    }

    @AfterAll
    static void stopEverything() {
        for (var browser : new HeadlessChromium[] {dispatcher, supervisor}) {
            if (browser != null) {
                browser.close();
            }
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void anInjectedFloodArrivesLiveAsAnIncidentAndTheDispatcherAcknowledgesItInPlace() throws Exception {
        dispatcher = HeadlessChromium.desktop();
        dispatcherShots = new Screenshots(dispatcher, SHOTS.resolve("dispatcher"));
        WebDriver driver = dispatcher.driver();
        dispatcher.open(platform.console() + "/");
        KeycloakSignIn.signIn(driver, "dispatcher", "dispatcher", platform.console());
        wait(driver, PAGE).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=queue]")));
        assertThat(driver.getTitle()).startsWith("Exceptions");
        assertThat(driver.findElement(By.cssSelector(".who")).getText()).isEqualTo("dispatcher");
        checked(dispatcher, dispatcherShots, "queue signed in");
        // A reload would lose this mark: the alerts below must come through the live stream into this very page.
        dispatcher.driver().executeScript("window.urbanopsSamePage = 'still here';");

        floodInjectedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (PlannedDevice sensor : FLOOD_SENSORS) {
            platform.inject("""
                    {"kind": "FLOOD", "deviceId": "%s", "durationSeconds": 1200}""".formatted(sensor.id()));
        }

        dispatchersAlert = wait(driver, LIVE).ignoring(StaleElementReferenceException.class)
                .until(d -> incidentRow(d, FLOOD_SENSORS.get(0)));
        techniciansAlert = wait(driver, LIVE).ignoring(StaleElementReferenceException.class)
                .until(d -> incidentRow(d, FLOOD_SENSORS.get(1)));
        assertThat(dispatcher.driver().executeScript("return window.urbanopsSamePage;"))
                .as("the page was not reloaded: the rows arrived live").isEqualTo("still here");
        assertThat(driver.findElements(By.cssSelector("[data-testid=queue-empty]")))
                .as("the page drawn empty no longer says 'Nothing needs attention'").isEmpty();
        By row = By.id("alert-" + dispatchersAlert);
        assertThat(fresh(driver, d -> d.findElement(row).getText())).contains(ConsolePlatform.FLOOD_RULE_NAME)
                .contains("north").contains("Open, not yet acknowledged");
        assertThat(fresh(driver, d -> d.findElement(row).findElement(By.cssSelector("[data-testid=cause]")).getText()))
                .as("the cause badge carries its word").contains("Incident");
        assertThat(fresh(driver, d -> d.findElement(row).findElement(By.cssSelector(".severity")).getText()))
                .isEqualTo("CRITICAL");
        checked(dispatcher, dispatcherShots, "queue with live incidents");

        // The live stream redraws a row at every change (each new occurrence): find the button afresh when it was.
        By acknowledge = By.cssSelector("#alert-" + dispatchersAlert + " [data-testid=acknowledge]");
        wait(driver, PAGE).ignoring(StaleElementReferenceException.class).until(d -> {
            d.findElement(acknowledge).click();
            return true;
        });
        wait(driver, PAGE).ignoring(StaleElementReferenceException.class)
                .until(ExpectedConditions.attributeToBe(row, "data-status", "ACKNOWLEDGED"));
        assertThat(fresh(driver, d -> d.findElement(row).findElement(By.cssSelector("[data-testid=alert-status]"))
                .getText()))
                .isEqualTo("Acknowledged by dispatcher");
        assertThat(driver.findElements(acknowledge)).isEmpty();
        var alert = JSON.mapper().readTree(platform.alertAsAlertingHasIt(dispatchersAlert));
        assertThat(alert.get("status").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(alert.get("acknowledgedBy").asString()).isEqualTo("dispatcher");
        assertThat(JSON.mapper().readTree(platform.alertAsAlertingHasIt(techniciansAlert)).get("status").asString())
                .as("the second flood is left for the technician").isEqualTo("OPEN");
        checked(dispatcher, dispatcherShots, "queue after acknowledging");

        dispatcher.open(platform.console() + "/alerts/" + dispatchersAlert);
        assertThat(driver.findElement(By.cssSelector("[data-testid=alert-title]")).getText())
                .isEqualTo(ConsolePlatform.FLOOD_RULE_NAME + " at " + FLOOD_SENSORS.get(0).id());
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("Incident")
                .contains(ConsolePlatform.FLOOD_ACTION).contains(FLOOD_SENSORS.get(0).id());
        assertThat(driver.findElement(By.cssSelector("[data-testid=timeline]")).getText()).contains("dispatcher");
        assertThat(driver.findElement(By.cssSelector("[data-testid=health-connectivity]")).getText()).isNotBlank();
        assertThat(driver.findElements(By.cssSelector("[data-testid=neighbour-" + FLOOD_SENSORS.get(1).id() + "]")))
                .as("the other flood sensor nearby, of the same type").hasSize(1);
        assertThat(driver.findElements(By.cssSelector("[data-testid=evidence-chart]"))).hasSize(1);
        checked(dispatcher, dispatcherShots, "alert detail");
    }

    @Test
    @Order(2)
    void theTechnicianOpensTheEmailedLinkOnAPhoneAndAcknowledges() throws Exception {
        assertThat(techniciansAlert).as("the flood alerts of the first scenario").isNotNull();
        Pattern link = Pattern.compile(Pattern.quote(platform.console()) + "/t/alerts/" + techniciansAlert + "\\b");
        String url = await("an email to the technician linking to the alert").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> platform.mailsTo(ConsolePlatform.TECHNICIAN_EMAIL).stream().map(link::matcher)
                        .filter(Matcher::find).map(Matcher::group).findFirst().orElse(null), found -> found != null);

        try (var phone = HeadlessChromium.mobile()) {
            var shots = new Screenshots(phone, SHOTS.resolve("technician"));
            WebDriver driver = phone.driver();
            phone.open(url);
            KeycloakSignIn.signIn(driver, "technician", "technician", platform.console());
            wait(driver, PAGE).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("[data-testid=alert-title]")));
            // Back on the page the link named (Spring Security marks the resumed request with "?continue").
            assertThat(phone.currentUrl()).startsWith(url);
            String page = driver.findElement(By.tagName("main")).getText();
            assertThat(driver.findElement(By.cssSelector("[data-testid=alert-title]")).getText())
                    .isEqualTo(ConsolePlatform.FLOOD_RULE_NAME + " at " + FLOOD_SENSORS.get(1).id());
            assertThat(page).contains("Where").contains("north").contains(FLOOD_SENSORS.get(1).id())
                    .contains("Since").contains("Why").contains("What to do").contains("Incident");
            assertThat(driver.findElement(By.cssSelector("main time")).getText()).endsWith("UTC");
            assertThat(driver.findElement(By.cssSelector("[data-testid=recommended-action]")).getText())
                    .isEqualTo(ConsolePlatform.FLOOD_ACTION);
            assertThat(driver.findElement(By.cssSelector("[data-testid=geo-link]")).getAttribute("href"))
                    .startsWith("geo:");
            assertNoHorizontalScroll(phone);
            checked(phone, shots, "technician page");

            driver.findElement(By.cssSelector("[data-testid=acknowledge]")).click();
            var acknowledged = wait(driver, PAGE).until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("[data-testid=acknowledged]")));
            assertThat(acknowledged.getText()).isEqualTo("Acknowledged by technician.");
            assertThat(driver.findElement(By.cssSelector("[data-testid=done]")).getText())
                    .isEqualTo("You acknowledged this alert.");
            assertThat(driver.findElements(By.cssSelector("[data-testid=acknowledge]"))).isEmpty();
            assertNoHorizontalScroll(phone);
            checked(phone, shots, "technician page acknowledged");
        }
        var alert = JSON.mapper().readTree(platform.alertAsAlertingHasIt(techniciansAlert));
        assertThat(alert.get("status").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(alert.get("acknowledgedBy").asString()).isEqualTo("technician");
    }

    @Test
    @Order(3)
    void aValveCommandNeedsASecondPersonAndShowsTheGatewaysAnswer() throws Exception {
        supervisor = HeadlessChromium.desktop();
        supervisorShots = new Screenshots(supervisor, SHOTS.resolve("supervisor"));
        WebDriver boss = supervisor.driver();
        supervisor.open(platform.console() + "/commands");
        KeycloakSignIn.signIn(boss, "supervisor", "supervisor", platform.console());
        wait(boss, PAGE).until(ExpectedConditions.presenceOfElementLocated(By.id("flag-type")));
        new Select(boss.findElement(By.id("flag-type"))).selectByValue("CLOSE_VALVE");
        boss.findElement(By.id("flag-department")).sendKeys("water");
        new Select(boss.findElement(By.id("flag-enabled"))).selectByValue("true");
        boss.findElement(By.id("flag-reason")).sendKeys("Leak season: valves may be closed remotely");
        boss.findElement(By.cssSelector("form.flag button[type=submit]")).click();
        assertThat(flash(boss)).isEqualTo("CLOSE_VALVE is now enabled for water / *.");
        checked(supervisor, supervisorShots, "commands flag enabled");

        WebDriver driver = dispatcher.driver();
        dispatcher.open(platform.console() + "/commands");
        new Select(driver.findElement(By.id("type"))).selectByValue("CLOSE_VALVE");
        driver.findElement(By.id("deviceId")).sendKeys(VALVE.id());
        driver.findElement(By.id("reason")).sendKeys("Leak reported at the detector; shut the main off");
        driver.findElement(By.cssSelector("form.propose button[type=submit]")).click();
        assertThat(flash(driver)).contains("CLOSE_VALVE").contains("awaiting approval");
        WebElement own = driver.findElement(By.xpath(
                "//tr[@data-command-id][contains(., '" + VALVE.id() + "')]"));
        valveCommand = own.getAttribute("data-command-id");
        assertThat(own.getText()).contains("Your proposal: awaiting another supervisor");
        assertThat(own.findElements(By.tagName("button"))).as("no Approve for one's own proposal").isEmpty();
        checked(dispatcher, dispatcherShots, "commands own proposal");

        Object forged = ((org.openqa.selenium.JavascriptExecutor) driver).executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                var headers = {'Content-Type': 'application/x-www-form-urlencoded'};
                headers[document.querySelector('meta[name=_csrf_header]').content] =
                    document.querySelector('meta[name=_csrf]').content;
                fetch('/commands/' + arguments[0] + '/approve', {method: 'POST', headers: headers,
                      body: 'reason=approving+my+own', redirect: 'manual', credentials: 'same-origin'})
                  .then(function (r) { done(r.status); }, function (e) { done('failed: ' + e); });""",
                valveCommand);
        assertThat(forged).as("the dispatcher's forged approval (with a valid CSRF token)").isEqualTo(403L);

        supervisor.open(platform.console() + "/commands");
        WebElement awaiting = boss.findElement(By.cssSelector("tr[data-command-id='" + valveCommand + "']"));
        assertThat(awaiting.getText()).contains("dispatcher").contains("enabled");
        checked(supervisor, supervisorShots, "commands awaiting approval");
        awaiting = boss.findElement(By.cssSelector("tr[data-command-id='" + valveCommand + "']"));
        awaiting.findElement(By.cssSelector("form.approve input[name=reason]")).sendKeys("Confirmed by phone");
        awaiting.findElement(By.cssSelector("form.approve button[type=submit]")).click();
        assertThat(flash(boss)).isEqualTo("Command approved.");

        By recent = By.xpath("//section[@aria-labelledby='recent-heading']//tbody/tr[contains(., '" + VALVE.id()
                + "')]");
        WebElement applied = new WebDriverWait(boss, LIVE).pollingEvery(Duration.ofSeconds(2)).until(d -> {
            d.navigate().refresh();
            var rows = d.findElements(recent);
            return !rows.isEmpty() && rows.getFirst().findElement(By.cssSelector(".badge")).getText().equals("applied")
                    ? rows.getFirst() : null;
        });
        assertThat(applied.getText()).contains("CLOSE_VALVE");
        assertThat(applied.findElements(By.tagName("td")).get(4).getText())
                .as("the gateway's own words on what it did").isNotBlank();
        assertThat(boss.findElements(By.cssSelector("tr[data-command-id='" + valveCommand + "']")))
                .as("no longer awaiting").isEmpty();
        checked(supervisor, supervisorShots, "commands applied");
    }

    @Test
    @Order(4)
    void aUserOfAnotherDepartmentSeesNoneOfIt() {
        assertThat(dispatchersAlert).isNotNull();
        assertThat(valveCommand).isNotNull();
        try (var transport = HeadlessChromium.desktop()) {
            var shots = new Screenshots(transport, SHOTS.resolve("operator"));
            WebDriver driver = transport.driver();
            transport.open(platform.console() + "/");
            KeycloakSignIn.signIn(driver, "operator", "operator", platform.console());
            wait(driver, PAGE).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=queue]")));
            String queue = driver.getPageSource();
            assertThat(queue).doesNotContain(dispatchersAlert).doesNotContain(techniciansAlert)
                    .doesNotContain(ConsolePlatform.FLOOD_RULE_NAME);
            assertThat(driver.findElements(By.cssSelector("[data-testid=alert-row]"))).extracting(WebElement::getText)
                    .noneMatch(row -> row.contains(FLOOD_SENSORS.get(0).id()) || row.contains(FLOOD_SENSORS.get(1).id()));
            checked(transport, shots, "queue of transport");

            transport.open(platform.console() + "/alerts/" + dispatchersAlert);
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
            assertThat(driver.getPageSource()).doesNotContain(ConsolePlatform.FLOOD_RULE_NAME)
                    .doesNotContain(FLOOD_SENSORS.get(0).id());
            checked(transport, shots, "flood alert not found");

            transport.open(platform.console() + "/t/alerts/" + techniciansAlert);
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");

            transport.open(platform.console() + "/commands");
            wait(driver, PAGE).until(ExpectedConditions.presenceOfElementLocated(By.id("recent-heading")));
            assertThat(driver.getPageSource()).doesNotContain(valveCommand).doesNotContain(VALVE.id());
            checked(transport, shots, "commands of transport");
        }
    }

    @Test
    @Order(5)
    void theAuditLogHoldsTheAcknowledgementsTheDecisionsAndTheGatewaysAnswerWithItsChainIntact() {
        assertThat(valveCommand).isNotNull();
        WebDriver boss = supervisor.driver();
        // The alerts' acknowledgements come from alerting-service through audit.events: a moment later at most.
        String target = "command " + valveCommand;
        var entries = new WebDriverWait(boss, PAGE).pollingEvery(Duration.ofSeconds(1)).until(d -> {
            supervisor.open(platform.console() + "/audit");
            d.findElement(By.cssSelector("[data-testid=check-chain]")).click();
            // The check posts and comes back to the page with its result: read the entries of that page.
            new WebDriverWait(d, PAGE).until(page -> !page.findElements(By.cssSelector("p.flash")).isEmpty());
            var texts = d.findElements(By.cssSelector("tr.audit-entry")).stream().map(WebElement::getText).toList();
            return texts.stream().anyMatch(e -> e.contains("alert.acknowledged") && e.contains(techniciansAlert))
                    ? texts : null;
        });
        assertThat(boss.findElement(By.id("chain-status")).getText()).contains("Intact");
        assertThat(entries).anySatisfy(e -> assertThat(e).contains("dispatcher").contains("alert.acknowledged")
                .contains("alert " + dispatchersAlert));
        assertThat(entries).anySatisfy(e -> assertThat(e).contains("technician").contains("alert.acknowledged")
                .contains("alert " + techniciansAlert));
        assertThat(entries).anySatisfy(e -> assertThat(e).contains("dispatcher").contains("command.proposed")
                .contains(target));
        assertThat(entries).anySatisfy(e -> assertThat(e).contains("supervisor").contains("command.approved")
                .contains(target).contains("Confirmed by phone"));
        assertThat(entries).anySatisfy(e -> assertThat(e).contains("command.applied").contains(target)
                .contains("valve of " + VALVE.id() + " closed"));
        assertThat(entries).anySatisfy(e -> assertThat(e).contains("supervisor").contains("command-flag.changed"));
        assertNoHorizontalScroll(supervisor);
        checked(supervisor, supervisorShots, "audit log");

        // What the console's people did during these scenarios, without the platform's set-up before them.
        supervisor.open(platform.console() + "/audit?from="
                + LocalDateTime.ofInstant(floodInjectedAt, ZoneOffset.UTC));
        var since = boss.findElements(By.cssSelector("tr.audit-entry")).stream().map(WebElement::getText).toList();
        assertThat(since).anySatisfy(e -> assertThat(e).contains("alert.acknowledged").contains(dispatchersAlert))
                .anySatisfy(e -> assertThat(e).contains("command.applied").contains(valveCommand))
                .noneSatisfy(e -> assertThat(e).containsAnyOf("routing-policy.created", "rule.enabled",
                        "devices.imported"));
        assertNoHorizontalScroll(supervisor);
        checked(supervisor, supervisorShots, "audit log since the flood");
    }

    @Test
    @Order(6)
    void theCityDeviceAndRulesPagesPassTheAccessibilityCheck() {
        assertThat(supervisor).as("the supervisor signed in by an earlier scenario").isNotNull();
        WebDriver boss = supervisor.driver();

        supervisor.open(platform.console() + "/overview");
        wait(boss, PAGE).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid^=district-]")));
        // The map draws the districts' boundaries from the registry (one outline per district).
        wait(boss, PAGE).until(d -> d.findElements(By.cssSelector("#overview-map path.leaflet-interactive")).size()
                >= 3);
        checked(supervisor, supervisorShots, "city overview");

        supervisor.open(platform.console() + "/devices");
        assertThat(boss.findElement(By.tagName("main")).getText()).contains("devices in your scope");
        checked(supervisor, supervisorShots, "device health");

        supervisor.open(platform.console() + "/devices/" + VALVE.id());
        assertThat(boss.findElement(By.tagName("main")).getText()).contains(VALVE.id()).contains("gw-01");
        checked(supervisor, supervisorShots, "device page");

        supervisor.open(platform.console() + "/rules");
        assertThat(boss.findElement(By.tagName("main")).getText()).contains(ConsolePlatform.FLOOD_RULE);
        checked(supervisor, supervisorShots, "rules");

        supervisor.open(platform.console() + "/rules/" + ConsolePlatform.FLOOD_RULE);
        assertThat(boss.findElement(By.tagName("main")).getText()).contains(ConsolePlatform.FLOOD_RULE_NAME);
        checked(supervisor, supervisorShots, "rule versions");

        supervisor.open(platform.console() + "/rules/" + ConsolePlatform.FLOOD_RULE + "/versions/1/dry-run");
        checked(supervisor, supervisorShots, "rule dry run");
    }

    /** The alert id of the incident on {@code sensor}'s row, once the live stream has brought it; null until then. */
    private static String incidentRow(WebDriver driver, PlannedDevice sensor) {
        var rows = driver.findElements(By.xpath("//tr[@data-testid='alert-row'][contains(., 'device " + sensor.id()
                + "')]"));
        return rows.stream().filter(row -> row.findElement(By.cssSelector("[data-testid=cause]")).getText()
                .contains("Incident")).findFirst().map(row -> row.getAttribute("data-alert-id")).orElse(null);
    }

    /** What {@code read} finds on the page, read again when the live stream redrew the element meanwhile. */
    private static String fresh(WebDriver driver, java.util.function.Function<WebDriver, String> read) {
        return wait(driver, PAGE).ignoring(StaleElementReferenceException.class).until(read::apply);
    }

    /** The page's flash message after a POST-redirect-GET. */
    private static String flash(WebDriver driver) {
        return wait(driver, PAGE).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                "p.flash, p.problem[role=alert]"))).getText();
    }

    /** The page passes axe-core (no serious or critical violation) and is kept as a screenshot. */
    private static void checked(HeadlessChromium browser, Screenshots shots, String step) {
        shots.take(step);
        AccessibilityCheck.assertNoSeriousViolations(browser.driver());
    }

    /** The page fits the browser's width: nothing to scroll sideways. */
    private static void assertNoHorizontalScroll(HeadlessChromium browser) {
        Object width = browser.driver().executeScript("return document.documentElement.scrollWidth;");
        assertThat(((Number) width).intValue()).as("page width at %d px (no horizontal scroll)",
                browser.viewport().width()).isLessThanOrEqualTo(browser.viewport().width());
    }

    private static WebDriverWait wait(WebDriver driver, Duration timeout) {
        return new WebDriverWait(driver, timeout);
    }
}
