package city.urbanops.security;

import java.util.Collection;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Accepts only tokens minted for this service: a token whose {@code aud} claim does not name the service's audience
 * is refused as invalid (401), however good its signature and issuer. It sits on top of whatever decoder the service
 * has, so a token the realm issued for another service (or for Keycloak's own account console) cannot be replayed
 * here, and a service that brings its own decoder cannot lose the check.
 */
final class AudienceRestrictedJwtDecoder implements JwtDecoder {

    private final JwtDecoder delegate;
    private final OAuth2TokenValidator<Jwt> audienceCheck;

    AudienceRestrictedJwtDecoder(JwtDecoder delegate, String audience) {
        this.delegate = delegate;
        this.audienceCheck = new JwtClaimValidator<Collection<String>>(JwtClaimNames.AUD,
                granted -> granted != null && granted.contains(audience));
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt jwt = delegate.decode(token);
        OAuth2TokenValidatorResult result = audienceCheck.validate(jwt);
        if (result.hasErrors()) {
            throw new JwtValidationException("The token was not issued for this service", result.getErrors());
        }
        return jwt;
    }
}
