package city.urbanops.testkit.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.urbanops.testkit.keycloak.KeycloakServer;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@RequiresChromium
class KeycloakSignInIT {

    private static TestPages pages;
    private static KeycloakServer keycloak;

    @BeforeAll
    static void start() {
        pages = new TestPages();
        keycloak = KeycloakServer.shared();
    }

    @AfterAll
    static void stop() {
        if (pages != null) {
            pages.close();
        }
    }

    @Test
    void anOperatorSigningInOnKeycloaksPageIsSentBackToTheApplicationWithACode() {
        try (var browser = HeadlessChromium.desktop()) {
            browser.open(authorizationUrl("state-operator"));
            new Screenshots(browser, KeycloakSignInIT.class).take("Keycloak login page");

            KeycloakSignIn.signIn(browser.driver(), "operator", "operator", pages.origin());

            URI arrived = URI.create(browser.currentUrl());
            assertThat(arrived.getPath()).isEqualTo("/cb");
            assertThat(arrived.getQuery()).contains("state=state-operator").containsPattern("(^|&)code=[^&]+");
            assertThat(pages.callbacks()).anyMatch(uri -> uri.getQuery().contains("state=state-operator"));
        }
    }

    @Test
    void aWrongPasswordFailsWithKeycloaksOwnMessage() {
        try (var browser = HeadlessChromium.desktop()) {
            browser.open(authorizationUrl("state-wrong"));

            assertThatThrownBy(() -> KeycloakSignIn.signIn(browser.driver(), "operator", "not-the-password",
                    pages.origin()))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Keycloak refused to sign in operator")
                    .hasMessageContaining("Invalid username or password")
                    .hasMessageNotContaining("not-the-password");
            assertThat(pages.callbacks()).noneMatch(uri -> uri.getQuery().contains("state=state-wrong"));
        }
    }

    private static String authorizationUrl(String state) {
        String verifier = "verifier-" + state + "-0123456789abcdefghijklmnopqrstuvwxyz";
        return keycloak.issuerUri() + "/protocol/openid-connect/auth"
                + "?client_id=" + KeycloakServer.CONSOLE_CLIENT
                + "&response_type=code&scope=openid"
                + "&redirect_uri=" + URLEncoder.encode(pages.url("/cb"), StandardCharsets.UTF_8)
                + "&state=" + state
                + "&code_challenge=" + challenge(verifier) + "&code_challenge_method=S256";
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
