package city.urbanops.testkit.browser;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Signs in on Keycloak's own login page (Keycloak 26: fields {@code username}, {@code password}, button
 * {@code kc-login}) the way a person does, and waits until Keycloak has sent the browser back to the application.
 * The browser must already be on the login page (the application redirected it there).
 */
public final class KeycloakSignIn {

    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private KeycloakSignIn() {
    }

    /**
     * Fills the form and submits it; returns once the browser's URL is on {@code applicationOrigin} (scheme, host and
     * port, e.g. {@code http://localhost:8080}). Fails with Keycloak's own error text when it keeps the browser
     * (wrong password, disabled account).
     */
    public static void signIn(WebDriver driver, String username, String password, String applicationOrigin) {
        WebDriverWait wait = new WebDriverWait(driver, TIMEOUT);
        WebElement user;
        try {
            user = wait.until(ExpectedConditions.elementToBeClickable(By.id("username")));
        } catch (TimeoutException e) {
            throw new AssertionError("no Keycloak login form at " + driver.getCurrentUrl(), e);
        }
        user.clear();
        user.sendKeys(username);
        WebElement secret = driver.findElement(By.id("password"));
        secret.clear();
        secret.sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
        String origin = origin(applicationOrigin);
        try {
            wait.until(d -> origin.equals(origin(d.getCurrentUrl())) || !keycloakError(d).isEmpty());
        } catch (TimeoutException e) {
            throw new AssertionError("after signing in as " + username + " the browser is still at "
                    + driver.getCurrentUrl() + ", not back on " + origin, e);
        }
        String error = keycloakError(driver);
        if (!origin.equals(origin(driver.getCurrentUrl()))) {
            throw new AssertionError("Keycloak refused to sign in " + username + ": " + error);
        }
    }

    private static String keycloakError(WebDriver driver) {
        if (!driver.getCurrentUrl().contains("/login-actions/")) {
            return "";
        }
        List<WebElement> errors = driver.findElements(By.cssSelector("#input-error, .kc-feedback-text, .pf-m-danger"));
        return errors.stream().map(WebElement::getText).filter(text -> !text.isBlank()).findFirst().orElse("");
    }

    static String origin(String url) {
        URI uri = URI.create(url);
        if (uri.getScheme() == null || uri.getHost() == null) {
            return "";
        }
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return uri.getScheme() + "://" + uri.getHost() + ":" + port;
    }
}
