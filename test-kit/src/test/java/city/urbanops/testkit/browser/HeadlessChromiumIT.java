package city.urbanops.testkit.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.remote.service.DriverFinder;

@RequiresChromium
class HeadlessChromiumIT {

    private static TestPages pages;

    @BeforeAll
    static void serve() {
        pages = new TestPages();
    }

    @AfterAll
    static void stop() {
        if (pages != null) {
            pages.close();
        }
    }

    @Test
    void theBrowserStartsFromTheGivenBinariesWithoutAskingSeleniumManager() {
        Logger finder = Logger.getLogger(DriverFinder.class.getName());
        List<String> messages = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                messages.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level previous = finder.getLevel();
        finder.setLevel(Level.ALL);
        finder.addHandler(handler);
        try (var browser = HeadlessChromium.desktop()) {
            browser.open(pages.url("/accessible"));

            assertThat(browser.driver().getTitle()).isEqualTo("Sensors");
            assertThat(browser.driver().getCapabilities().getBrowserVersion()).isNotBlank();
        } finally {
            finder.removeHandler(handler);
            finder.setLevel(previous);
        }
        assertThat(messages).anyMatch(m -> m.startsWith("Skipping Selenium Manager")
                && m.contains(HeadlessChromium.chromedriver().toString()));
    }

    @Test
    void theBrowserResolvesNoHostButLocalhostSoAPageNeedingTheInternetFailsEverywhereAlike() {
        try (var browser = HeadlessChromium.desktop()) {
            String outcome;
            try {
                browser.open("http://example.com/");
                outcome = browser.driver().getPageSource(); // Chromium's own error page
            } catch (WebDriverException e) {
                outcome = e.getMessage(); // or ChromeDriver reports the failed navigation
            }

            assertThat(outcome).contains("ERR_NAME_NOT_RESOLVED");

            browser.open(pages.url("/accessible"));
            assertThat(browser.driver().getTitle()).isEqualTo("Sensors");
        }
    }

    @Test
    void aDesktopBrowserShowsThePageAt1280PixelsAndKeepsAFullPageScreenshot() throws IOException {
        try (var browser = HeadlessChromium.desktop()) {
            browser.open(pages.url("/accessible"));
            assertThat(browser.driver().executeScript("return [window.innerWidth, window.innerHeight]"))
                    .isEqualTo(List.of(1280L, 900L));

            var screenshots = new Screenshots(browser, HeadlessChromiumIT.class);
            Path png = screenshots.take("Desktop sensors page");
            browser.open(pages.url("/long"));
            Path longPng = screenshots.take("Long page");

            assertThat(png.getFileName()).hasToString("01-desktop-sensors-page.png");
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image.getWidth()).isEqualTo(1280);
            assertThat(image.getHeight()).isEqualTo(900);
            assertThat(longPng.getFileName()).hasToString("02-long-page.png");
            BufferedImage whole = ImageIO.read(longPng.toFile());
            assertThat(whole.getWidth()).isEqualTo(1280);
            assertThat(whole.getHeight()).isGreaterThan(2700);
        }
    }

    @Test
    void aMobileBrowserIsA360PixelPhoneAndItsScreenshotIs360PixelsWide() throws IOException {
        try (var browser = HeadlessChromium.mobile()) {
            browser.open(pages.url("/accessible"));
            assertThat(browser.driver().executeScript("return [window.innerWidth, window.innerHeight]"))
                    .isEqualTo(List.of(360L, 800L));
            assertThat((String) browser.driver().executeScript("return navigator.userAgent")).contains("Mobile");

            var screenshots = new Screenshots(browser, Screenshots.ROOT.resolve("HeadlessChromiumIT-mobile"));
            Path png = screenshots.takeWithHtml("Sensors on a phone");

            assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
            assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(360);
            assertThat(png.resolveSibling(png.getFileName().toString().replace(".png", ".html")))
                    .content().contains("<h1>Sensors</h1>");
        }
    }
}
