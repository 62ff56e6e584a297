package city.urbanops.registry.credentials;

import java.time.Instant;
import java.util.List;

/**
 * A newly issued gateway secret: the only object that ever holds one in plain text, answered once and never stored,
 * logged or published. Its {@link #toString()} leaves the secret out.
 *
 * @param credentialId the secret's public id, which logs and the API use in its place
 * @param superseded   the secret(s) this one replaced, with the end of their overlap
 * @param version      the gateway's version after the issue
 */
public record IssuedSecret(String gatewayId, String credentialId, String secret, Instant issuedAt,
                           List<Superseded> superseded, long version) {

    public IssuedSecret {
        superseded = List.copyOf(superseded);
    }

    /** A secret a rotation replaced: it keeps working until {@code expiresAt}. */
    public record Superseded(String credentialId, Instant expiresAt) {
    }

    @Override
    public String toString() {
        return "IssuedSecret[gatewayId=" + gatewayId + ", credentialId=" + credentialId + ", secret=<not shown>]";
    }
}
