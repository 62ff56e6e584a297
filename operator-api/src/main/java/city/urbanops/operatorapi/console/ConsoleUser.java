package city.urbanops.operatorapi.console;

import city.urbanops.security.AccessScope;
import city.urbanops.security.ScopedPrincipal;
import java.io.Serial;
import java.util.Collection;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

/**
 * A person signed in to the console: the ID token says who (name = {@code preferred_username}); the roles and the
 * departments/districts come from the ACCESS token, the same claims every service checks, so the console never shows
 * more than the services would answer.
 */
public final class ConsoleUser extends DefaultOidcUser implements ScopedPrincipal {

    @Serial
    private static final long serialVersionUID = 1L;

    public static final String NAME_CLAIM = "preferred_username";

    // Kept as plain sets so the session stays serializable.
    private final Set<String> departments;
    private final Set<String> districts;

    public ConsoleUser(Collection<? extends GrantedAuthority> authorities, OidcIdToken idToken, OidcUserInfo userInfo,
                       AccessScope scope) {
        super(authorities, idToken, userInfo, NAME_CLAIM);
        this.departments = Set.copyOf(scope.departments());
        this.districts = Set.copyOf(scope.districts());
    }

    @Override
    public AccessScope accessScope() {
        return new AccessScope(departments, districts);
    }
}
