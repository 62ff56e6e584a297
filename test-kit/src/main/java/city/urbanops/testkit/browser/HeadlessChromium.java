package city.urbanops.testkit.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium driven through Selenium and ChromeDriver, both Debian's ({@code /usr/bin/chromium},
 * {@code /usr/bin/chromedriver}; override with the system property or environment variable
 * {@value #CHROMIUM_PROPERTY} / {@value #CHROMEDRIVER_PROPERTY}). Selenium Manager is never consulted (both paths are
 * given explicitly), so nothing is downloaded at run time; Chromium's own background traffic is switched off and it
 * resolves no host but {@code localhost}/{@code 127.0.0.1}, so a page that needs the internet fails here as it would
 * on an offline CI. Each instance has a throw-away profile directory, removed on {@link #close()}.
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final String CHROMEDRIVER_PROPERTY = "URBANOPS_CHROMEDRIVER";
    public static final String CHROMIUM_PROPERTY = "URBANOPS_CHROMIUM";
    static final String DEFAULT_CHROMEDRIVER = "/usr/bin/chromedriver";
    static final String DEFAULT_CHROMIUM = "/usr/bin/chromium";

    /** Finding an element waits this long before giving up (explicit waits are preferred for anything slower). */
    public static final Duration IMPLICIT_WAIT = Duration.ofSeconds(2);
    public static final Duration PAGE_LOAD_TIMEOUT = Duration.ofSeconds(30);
    /** axe-core on a large page takes a few seconds on a busy 2-core machine. */
    public static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);

    static final String MOBILE_USER_AGENT = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/150.0.0.0 Mobile Safari/537.36";

    /** What the page sees: CSS pixel size of the viewport and whether it is a (touch, mobile user agent) phone. */
    public record Viewport(int width, int height, boolean mobile) {
        public static final Viewport DESKTOP = new Viewport(1280, 900, false);
        public static final Viewport MOBILE = new Viewport(360, 800, true);
    }

    /**
     * Selenium's own CDP bindings cover a few recent Chromium versions and warn on every start when Debian's is not
     * one of them; this harness only uses ChromeDriver's version-independent CDP pass-through, so that warning is noise.
     */
    private static final Logger CDP_VERSION_FINDER = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

    private final ChromeDriver driver;
    private final Viewport viewport;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Viewport viewport, Path profile) {
        this.driver = driver;
        this.viewport = viewport;
        this.profile = profile;
    }

    /** A desktop browser, 1280 x 900. */
    public static HeadlessChromium desktop() {
        return start(Viewport.DESKTOP);
    }

    /** A phone: 360 x 800 CSS pixels at device pixel ratio 1, touch, a mobile user agent. */
    public static HeadlessChromium mobile() {
        return start(Viewport.MOBILE);
    }

    public static HeadlessChromium start(Viewport viewport) {
        Path driverBinary = chromedriver();
        Path browserBinary = chromium();
        requireExecutable(driverBinary, CHROMEDRIVER_PROPERTY, "chromium-driver");
        requireExecutable(browserBinary, CHROMIUM_PROPERTY, "chromium");
        Path profile;
        try {
            profile = Files.createTempDirectory("urbanops-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a Chromium profile directory", e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browserBinary.toFile());
        options.addArguments(arguments(viewport, profile));
        if (viewport.mobile()) {
            options.setExperimentalOption("mobileEmulation", Map.of(
                    "deviceMetrics", Map.of("width", viewport.width(), "height", viewport.height(),
                            "pixelRatio", 1.0, "mobile", true, "touch", true),
                    "userAgent", MOBILE_USER_AGENT));
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driverBinary.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            deleteQuietly(profile);
            throw e;
        }
        if (!viewport.mobile()) {
            // --window-size counts the (invisible) browser frame: pin the page's viewport to exactly what was asked.
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                    "width", viewport.width(), "height", viewport.height(), "deviceScaleFactor", 1, "mobile", false));
        }
        driver.manage().timeouts().implicitlyWait(IMPLICIT_WAIT);
        driver.manage().timeouts().pageLoadTimeout(PAGE_LOAD_TIMEOUT);
        driver.manage().timeouts().scriptTimeout(SCRIPT_TIMEOUT);
        return new HeadlessChromium(driver, viewport, profile);
    }

    static List<String> arguments(Viewport viewport, Path profile) {
        List<String> args = new ArrayList<>(List.of(
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--no-default-browser-check", "--disable-sync", "--metrics-recording-only",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
                "--user-data-dir=" + profile.toAbsolutePath(),
                "--window-size=" + viewport.width() + "," + viewport.height()));
        return args;
    }

    /**
     * Skips the calling test (JUnit assumption) with a message naming what to install when ChromeDriver or Chromium
     * is missing. {@link RequiresChromium} on the class does the same and is reported as a skip with its reason.
     */
    public static void assumeInstalled() {
        Optional<String> missing = missing();
        Assumptions.assumeTrue(missing.isEmpty(), missing::get);
    }

    /** Why browser tests cannot run here, or empty when Chromium and ChromeDriver are both executable. */
    public static Optional<String> missing() {
        if (isExecutable(chromedriver()) && isExecutable(chromium())) {
            return Optional.empty();
        }
        return Optional.of("browser tests skipped: needs Chromium at " + chromium() + " and ChromeDriver at "
                + chromedriver() + " (Debian: apt-get install chromium chromium-driver; or set " + CHROMIUM_PROPERTY
                + " / " + CHROMEDRIVER_PROPERTY + ")");
    }

    public static Path chromedriver() {
        return Path.of(setting(CHROMEDRIVER_PROPERTY, DEFAULT_CHROMEDRIVER));
    }

    public static Path chromium() {
        return Path.of(setting(CHROMIUM_PROPERTY, DEFAULT_CHROMIUM));
    }

    public ChromeDriver driver() {
        return driver;
    }

    public Viewport viewport() {
        return viewport;
    }

    /** Navigates to {@code url} and returns once the page has loaded. */
    public HeadlessChromium open(String url) {
        driver.get(url);
        return this;
    }

    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    /** Quits the browser and ChromeDriver and removes the profile directory. */
    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    private static String setting(String name, String fallback) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    private static boolean isExecutable(Path binary) {
        return Files.isRegularFile(binary) && Files.isExecutable(binary);
    }

    private static void requireExecutable(Path binary, String setting, String debianPackage) {
        if (!isExecutable(binary)) {
            throw new IllegalStateException(binary + " is not an executable; install Debian's " + debianPackage
                    + " or set " + setting + " (system property or environment variable)");
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a profile left in the temp directory is harmless; the browser is gone either way
        }
    }
}
