package city.urbanops.security;

import java.util.Locale;
import java.util.Optional;

/** The platform's realm roles; each becomes the Spring Security authority {@code ROLE_<NAME>}. */
public enum Role {
    OPERATOR, SUPERVISOR, TECHNICIAN, INTEGRATOR, ANALYST, ADMIN;

    private static final String PREFIX = "ROLE_";

    /** The granted authority this role maps to, e.g. {@code ROLE_OPERATOR}. */
    public String authority() {
        return PREFIX + name();
    }

    /** The Keycloak realm role name, e.g. {@code operator}. */
    public String realmRole() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The role a Keycloak realm role stands for; realm roles that are not platform roles (for example
     * {@code offline_access} or {@code default-roles-city}) have none and grant nothing.
     */
    public static Optional<Role> fromRealmRole(String realmRole) {
        if (realmRole == null) {
            return Optional.empty();
        }
        for (Role role : values()) {
            if (role.realmRole().equals(realmRole.toLowerCase(Locale.ROOT))) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
