package city.urbanops.alerting.notification;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How webhook endpoints are kept safe ({@code urbanops.alerting.webhooks.*}).
 *
 * @param encryptionKeys        AES-256 keys sealing the endpoints' signing secrets at rest, each {@code id:base64} of
 *                              32 random bytes; the first seals, every one opens (rotation: put the new key first,
 *                              keep the old ones until a start has re-sealed every secret with the new key). Required:
 *                              the service does not start without one
 * @param allowPrivateAddresses whether endpoints may point at loopback, private, link-local, multicast or unspecified
 *                              addresses (false: refused at creation and at every send; true only for local set-ups
 *                              whose receiver runs on the same machine or network)
 */
@ConfigurationProperties("urbanops.alerting.webhooks")
public record WebhookProperties(
        List<String> encryptionKeys,
        @DefaultValue("false") boolean allowPrivateAddresses) {

    public WebhookProperties {
        encryptionKeys = encryptionKeys == null ? List.of() : List.copyOf(encryptionKeys);
    }

    /** Never the keys. */
    @Override
    public String toString() {
        return "WebhookProperties[encryptionKeys=" + encryptionKeys.size() + " configured, allowPrivateAddresses="
                + allowPrivateAddresses + "]";
    }
}
