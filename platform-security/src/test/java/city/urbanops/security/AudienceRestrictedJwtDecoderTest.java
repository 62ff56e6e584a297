package city.urbanops.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;

class AudienceRestrictedJwtDecoderTest {

    @Test
    void tokenNamingTheServiceAmongOtherAudiencesIsAccepted() {
        var decoder = new AudienceRestrictedJwtDecoder(token -> jwt(List.of("account", "telemetry-service")),
                "telemetry-service");

        assertThat(decoder.decode("t").getAudience()).contains("telemetry-service");
    }

    @Test
    void tokenForAnotherServiceIsRefusedAsABadToken() {
        var decoder = new AudienceRestrictedJwtDecoder(token -> jwt(List.of("operator-api")), "telemetry-service");

        assertThatThrownBy(() -> decoder.decode("t")).isInstanceOf(BadJwtException.class);
    }

    @Test
    void tokenWithoutAnAudienceIsRefused() {
        var decoder = new AudienceRestrictedJwtDecoder(token -> jwt(null), "telemetry-service");

        assertThatThrownBy(() -> decoder.decode("t")).isInstanceOf(BadJwtException.class);
    }

    private static Jwt jwt(List<String> audience) {
        var jwt = Jwt.withTokenValue("t").header("alg", "RS256").subject("someone").issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(60));
        if (audience != null) {
            jwt.audience(audience);
        }
        return jwt.build();
    }
}
