package city.urbanops.localplatform;

import java.util.Map;

/**
 * What a developer may change about the local platform, from environment variables: the size of the simulated city
 * ({@code URBANOPS_GATEWAYS}, {@code URBANOPS_DEVICES_PER_GATEWAY}) and Keycloak's bootstrap administrator
 * ({@code URBANOPS_KEYCLOAK_ADMIN}, {@code URBANOPS_KEYCLOAK_ADMIN_PASSWORD}).
 */
public record LauncherSettings(int gateways, int devicesPerGateway, long citySeed, String keycloakAdmin,
                               String keycloakAdminPassword) {

    public static LauncherSettings from(Map<String, String> env) {
        return new LauncherSettings(
                integer(env, "URBANOPS_GATEWAYS", 2),
                integer(env, "URBANOPS_DEVICES_PER_GATEWAY", 16),
                42,
                env.getOrDefault("URBANOPS_KEYCLOAK_ADMIN", "admin"),
                env.getOrDefault("URBANOPS_KEYCLOAK_ADMIN_PASSWORD", "admin"));
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
