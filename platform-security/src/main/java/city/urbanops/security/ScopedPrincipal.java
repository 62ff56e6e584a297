package city.urbanops.security;

/**
 * A signed-in principal that knows its {@link AccessScope}: what a browser session's user (operator-api's console)
 * is, where an API caller's scope comes from its bearer token instead.
 */
public interface ScopedPrincipal {

    /** The departments and districts this principal may see. */
    AccessScope accessScope();
}
