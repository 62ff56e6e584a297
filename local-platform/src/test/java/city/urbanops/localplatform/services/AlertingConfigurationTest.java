package city.urbanops.localplatform.services;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.localplatform.LocalLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertingConfigurationTest {

    @TempDir
    Path repo;

    @Test
    void pointsAlertingAtTheSmtpSinkAndItsOwnPublicAddressInAnOwnerOnlyFile() throws Exception {
        var layout = LocalLayout.under(repo).create();

        Path file = AlertingConfiguration.write(layout, 3025, "http://localhost:8085");

        var properties = load(file);
        assertThat(properties.getProperty("spring.mail.host")).isEqualTo("localhost");
        assertThat(properties.getProperty("spring.mail.port")).isEqualTo("3025");
        assertThat(properties.getProperty("urbanops.alerting.notification.public-base-url"))
                .isEqualTo("http://localhost:8085");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void theLinkSecretIsMadeOnceAndKeptAcrossStarts() throws Exception {
        var layout = LocalLayout.under(repo).create();

        String first = load(AlertingConfiguration.write(layout, 3025, "http://localhost:8085"))
                .getProperty("urbanops.alerting.notification.link-secret");
        String second = load(AlertingConfiguration.write(layout, 3026, "http://localhost:8085"))
                .getProperty("urbanops.alerting.notification.link-secret");

        assertThat(first).hasSizeGreaterThanOrEqualTo(43).isEqualTo(second);
        Path kept = layout.data().resolve(AlertingConfiguration.LINK_SECRET_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kept))).isEqualTo("rw-------");
    }

    @Test
    void theWebhookSecretsKeyIsMadeOnceAndKeptAndTheLocalReceiverMayBeCalled() throws Exception {
        var layout = LocalLayout.under(repo).create();

        var first = load(AlertingConfiguration.write(layout, 3025, "http://localhost:8085"));
        var second = load(AlertingConfiguration.write(layout, 3026, "http://localhost:8085"));

        String keys = first.getProperty("urbanops.alerting.webhooks.encryption-keys");
        assertThat(keys).startsWith("local-1:").isEqualTo(second.getProperty("urbanops.alerting.webhooks.encryption-keys"));
        assertThat(java.util.Base64.getDecoder().decode(keys.substring("local-1:".length()))).hasSize(32);
        assertThat(keys).doesNotContain(first.getProperty("urbanops.alerting.notification.link-secret"));
        assertThat(first.getProperty("urbanops.alerting.webhooks.allow-private-addresses")).isEqualTo("true");
        Path kept = layout.data().resolve(AlertingConfiguration.WEBHOOK_KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kept))).isEqualTo("rw-------");
    }

    @Test
    void aNewDataDirectoryGetsANewLinkSecret() throws Exception {
        var layout = LocalLayout.under(repo).create();
        String first = load(AlertingConfiguration.write(layout, 3025, "http://localhost:8085"))
                .getProperty("urbanops.alerting.notification.link-secret");
        Files.delete(layout.data().resolve(AlertingConfiguration.LINK_SECRET_FILE));

        String second = load(AlertingConfiguration.write(layout, 3025, "http://localhost:8085"))
                .getProperty("urbanops.alerting.notification.link-secret");

        assertThat(second).isNotEqualTo(first);
    }

    private static Properties load(Path file) throws Exception {
        var properties = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        return properties;
    }
}
