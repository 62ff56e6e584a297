package city.urbanops.operatorapi.command;

import city.urbanops.security.AccessScope;
import city.urbanops.security.ScopedPrincipal;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * The console's signed-in user as the command pages need them: name and scope. The scope comes from a
 * {@link ScopedPrincipal} when the session's principal is one, else from the ID token's {@code departments} and
 * {@code districts} claims; a user without them sees nothing.
 */
record ConsoleUser(String name, AccessScope scope) {

    static ConsoleUser of(Authentication authentication) {
        Object principal = authentication.getPrincipal();
        if (principal instanceof ScopedPrincipal scoped) {
            return new ConsoleUser(authentication.getName(), scoped.accessScope());
        }
        if (principal instanceof OidcUser oidc) {
            return new ConsoleUser(authentication.getName(), new AccessScope(
                    values(oidc.getClaims().get(AccessScope.DEPARTMENTS_CLAIM)),
                    values(oidc.getClaims().get(AccessScope.DISTRICTS_CLAIM))));
        }
        return new ConsoleUser(authentication.getName(), new AccessScope(Set.of(), Set.of()));
    }

    private static Set<String> values(Object claim) {
        Set<String> values = new LinkedHashSet<>();
        switch (claim) {
            case null -> { }
            case Collection<?> many -> many.forEach(v -> values.add(String.valueOf(v).trim()));
            default -> values.add(String.valueOf(claim).trim());
        }
        values.removeIf(String::isBlank);
        return values;
    }
}
