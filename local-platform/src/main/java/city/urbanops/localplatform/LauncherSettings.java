package city.urbanops.localplatform;

import city.urbanops.localplatform.inbox.Recent;
import java.util.Map;

/**
 * What a developer may change about the local platform, from environment variables: the size of the simulated city
 * ({@code URBANOPS_GATEWAYS}, {@code URBANOPS_DEVICES_PER_GATEWAY}), Keycloak's bootstrap administrator
 * ({@code URBANOPS_KEYCLOAK_ADMIN}, {@code URBANOPS_KEYCLOAK_ADMIN_PASSWORD}) and the local inbox: its SMTP port
 * ({@code URBANOPS_SMTP_PORT}), its page's port ({@code URBANOPS_INBOX_PORT}) and how many mails and webhook calls
 * it keeps ({@code URBANOPS_INBOX_KEEP}).
 */
public record LauncherSettings(int gateways, int devicesPerGateway, long citySeed, String keycloakAdmin,
                               String keycloakAdminPassword, int smtpPort, int inboxPort, int inboxKeep) {

    public static LauncherSettings from(Map<String, String> env) {
        return new LauncherSettings(
                integer(env, "URBANOPS_GATEWAYS", 2),
                integer(env, "URBANOPS_DEVICES_PER_GATEWAY", 16),
                42,
                env.getOrDefault("URBANOPS_KEYCLOAK_ADMIN", "admin"),
                env.getOrDefault("URBANOPS_KEYCLOAK_ADMIN_PASSWORD", "admin"),
                bounded(env, "URBANOPS_SMTP_PORT", 3025, 1, 65_535),
                bounded(env, "URBANOPS_INBOX_PORT", 8025, 1, 65_535),
                bounded(env, "URBANOPS_INBOX_KEEP", 200, 1, Recent.MAX_CAPACITY));
    }

    private static int bounded(Map<String, String> env, String name, int fallback, int min, int max) {
        int value = integer(env, name, fallback);
        if (value < min || value > max) {
            throw new IllegalArgumentException("%s must be %d..%d, was %d".formatted(name, min, max, value));
        }
        return value;
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'");
        }
    }
}
