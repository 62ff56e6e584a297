package city.urbanops.localplatform.services;

import city.urbanops.localplatform.LocalLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * alerting-service's local settings, in an owner-only file it reads with {@code --spring.config.additional-location}
 * (a secret on the command line would show in every process list): the SMTP sink to send mail to, the public address
 * its acknowledge links point at, the key that signs those links, and the key that encrypts webhook signing secrets
 * in its database. Both keys are made once and kept in {@code .local/data}, so a link in a mail of an earlier run
 * still works after a restart and the stored webhook secrets stay readable. Webhooks may call private addresses: the
 * local receiver is on this machine.
 */
public final class AlertingConfiguration {

    static final String LINK_SECRET_FILE = "alerting-link-secret";
    static final String WEBHOOK_KEY_FILE = "alerting-webhook-key";
    static final String PROPERTIES_FILE = "alerting.properties";
    private static final int LINK_SECRET_BYTES = 32;

    private AlertingConfiguration() {
    }

    /** Writes {@code .local/run/alerting.properties} and returns it. */
    public static Path write(LocalLayout layout, int smtpPort, String publicBaseUrl) {
        String linkSecret = keptKey(layout.data().resolve(LINK_SECRET_FILE));
        String webhookKey = keptKey(layout.data().resolve(WEBHOOK_KEY_FILE));
        Path properties = layout.run().resolve(PROPERTIES_FILE);
        writePrivate(properties, List.of(
                "# Written by the local platform at every start; edit the launcher, not this file.",
                "spring.mail.host=localhost",
                "spring.mail.port=" + smtpPort,
                "urbanops.alerting.notification.public-base-url=" + publicBaseUrl,
                "urbanops.alerting.notification.link-secret=" + linkSecret,
                "urbanops.alerting.webhooks.encryption-keys=local-1:" + webhookKey,
                "urbanops.alerting.webhooks.allow-private-addresses=true"));
        return properties;
    }

    /** A random 32-byte key (base64), made on first use and kept in {@code file}. */
    private static String keptKey(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                String kept = Files.readString(file).trim();
                if (!kept.isEmpty()) {
                    return kept;
                }
            }
            byte[] key = new byte[LINK_SECRET_BYTES];
            new SecureRandom().nextBytes(key);
            String secret = Base64.getEncoder().encodeToString(key);
            writePrivate(file, List.of(secret));
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void writePrivate(Path file, List<String> lines) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
