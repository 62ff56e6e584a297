package city.urbanops.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the platform's REST edge ({@code urbanops.security.*}).
 *
 * @param audience the audience ({@code aud} claim) a token must name to be accepted by this service; when unset, the
 *                 service's {@code spring.application.name}
 */
@ConfigurationProperties("urbanops.security")
public record UrbanOpsSecurityProperties(String audience) {

    /** The audience this service accepts: the configured one, else the application's name. */
    public String audienceOr(String applicationName) {
        String resolved = audience != null && !audience.isBlank() ? audience : applicationName;
        if (resolved == null || resolved.isBlank()) {
            throw new IllegalStateException("platform-security needs the audience a token must carry to be accepted "
                    + "here: set urbanops.security.audience, or spring.application.name (its default)");
        }
        return resolved.trim();
    }
}
