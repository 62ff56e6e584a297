package city.urbanops.testkit.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Full-page PNG screenshots of a test's steps, kept as CI artifacts: {@code
 * target/browser-screenshots/<TestClass>/<NN-step>.png} (NN counts the steps of this instance from 01). {@link
 * #takeWithHtml} also writes the page's HTML next to the picture, for a failing step. The picture is in CSS pixels
 * (the browsers of {@link HeadlessChromium} have device pixel ratio 1), as wide as the page's content: a page that
 * overflows a 360 px phone gives a picture wider than 360.
 */
public final class Screenshots {

    /** Where every test's screenshots go, relative to the module (Maven runs tests from the module's directory). */
    public static final Path ROOT = Path.of("target", "browser-screenshots");
    /** Chromium refuses to capture more than this many pixels in either direction; longer pages are cut. */
    static final int MAX_EDGE = 16_384;

    private final HeadlessChromium browser;
    private final Path directory;
    private int step;

    public Screenshots(HeadlessChromium browser, Class<?> testClass) {
        this(browser, ROOT.resolve(testClass.getSimpleName()));
    }

    public Screenshots(HeadlessChromium browser, Path directory) {
        this.browser = browser;
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    /** Captures the whole page (not only the viewport) as {@code NN-step.png}; returns the file. */
    public Path take(String stepName) {
        Path png = directory.resolve(nextName(stepName) + ".png");
        write(png, capture());
        return png;
    }

    /** {@link #take} plus the page's current HTML as {@code NN-step.html} beside it; returns the PNG. */
    public Path takeWithHtml(String stepName) {
        String name = nextName(stepName);
        Path png = directory.resolve(name + ".png");
        write(png, capture());
        write(directory.resolve(name + ".html"), browser.driver().getPageSource().getBytes(StandardCharsets.UTF_8));
        return png;
    }

    private byte[] capture() {
        var driver = browser.driver();
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> content = (Map<String, Object>) metrics.get("cssContentSize");
        int width = clamp(Math.max(number(content.get("width")), browser.viewport().width()));
        int height = clamp(Math.max(number(content.get("height")), 1));
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of(
                "format", "png",
                "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        return Base64.getDecoder().decode((String) shot.get("data"));
    }

    private String nextName(String stepName) {
        step++;
        String slug = stepName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return String.format(Locale.ROOT, "%02d-%s", step, slug.isEmpty() ? "step" : slug);
    }

    private static int number(Object value) {
        return (int) Math.ceil(((Number) value).doubleValue());
    }

    private static int clamp(int pixels) {
        return Math.min(pixels, MAX_EDGE);
    }

    private void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(directory);
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
