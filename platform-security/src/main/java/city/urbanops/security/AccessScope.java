package city.urbanops.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The departments and districts a caller may see, read from the access token's {@code departments} and
 * {@code districts} claims; {@value #ALL} grants every value. A missing claim grants nothing, so a token without
 * scope claims can never read scoped data by accident.
 */
public record AccessScope(Set<String> departments, Set<String> districts) {

    /** The wildcard that stands for every department or every district. */
    public static final String ALL = "*";

    /** Claim holding the caller's departments (a list, or a single string). */
    public static final String DEPARTMENTS_CLAIM = "departments";

    /** Claim holding the caller's districts (a list, or a single string). */
    public static final String DISTRICTS_CLAIM = "districts";

    public AccessScope {
        departments = Set.copyOf(departments);
        districts = Set.copyOf(districts);
    }

    /** A scope that allows every department and district. */
    public static AccessScope unrestricted() {
        return new AccessScope(Set.of(ALL), Set.of(ALL));
    }

    /** The scope carried by a validated access token. */
    public static AccessScope fromToken(Jwt jwt) {
        return new AccessScope(claimValues(jwt.getClaims().get(DEPARTMENTS_CLAIM)),
                claimValues(jwt.getClaims().get(DISTRICTS_CLAIM)));
    }

    /** Whether something owned by {@code department} and located in {@code district} is visible to the caller. */
    public boolean allows(String department, String district) {
        return matches(departments, department) && matches(districts, district);
    }

    /** Whether the caller sees every department and every district. */
    public boolean isUnrestricted() {
        return departments.contains(ALL) && districts.contains(ALL);
    }

    private static boolean matches(Set<String> granted, String value) {
        return granted.contains(ALL) || (value != null && granted.contains(value));
    }

    // Keycloak renders a multivalued attribute as a JSON array, a single-valued one as a string: accept both.
    private static Set<String> claimValues(Object claim) {
        Set<String> values = new LinkedHashSet<>();
        switch (claim) {
            case null -> { }
            case String single -> addTrimmed(values, single);
            case Collection<?> many -> many.forEach(v -> addTrimmed(values, String.valueOf(v)));
            default -> addTrimmed(values, String.valueOf(claim));
        }
        return values;
    }

    private static void addTrimmed(Set<String> values, String value) {
        if (!value.isBlank()) {
            values.add(value.trim());
        }
    }
}
