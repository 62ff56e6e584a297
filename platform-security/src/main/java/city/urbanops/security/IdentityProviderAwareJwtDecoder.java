package city.urbanops.security;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Wraps Boot's lazily initialised decoder so that an unreachable issuer (Keycloak not up yet) surfaces as an
 * authentication service failure (answered with 503) instead of an unhandled exception (500). The wrapped
 * decoder retries the issuer discovery on the next request.
 */
final class IdentityProviderAwareJwtDecoder implements JwtDecoder {

    private final JwtDecoder delegate;

    IdentityProviderAwareJwtDecoder(JwtDecoder delegate) {
        this.delegate = delegate;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        try {
            return delegate.decode(token);
        } catch (JwtDecoderInitializationException issuerUnreachable) {
            throw new JwtException("The identity provider could not be reached", issuerUnreachable);
        }
    }
}
