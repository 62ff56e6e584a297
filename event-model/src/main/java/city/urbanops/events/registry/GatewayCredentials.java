package city.urbanops.events.registry;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * What the MQTT edge needs to admit one gateway, on the compacted {@code registry.gateway-credentials} topic keyed by
 * {@code gatewayId} (a tombstone: the gateway no longer exists). It carries only SHA-256 hashes of the registry-issued
 * secrets ({@link GatewayTokens}), never a secret, and is never copied to {@code registry.devices} or a log. Every
 * change bumps {@code version}; {@link #eventId()} spells {@code gatewayId/version}.
 * Schema: {@code schemas/v1/gateway-credentials.json}.
 *
 * @param lifecycle                the gateway's lifecycle: only an {@link DeviceLifecycle#ACTIVE} gateway connects, and
 *                                 a connected gateway whose record leaves ACTIVE is disconnected
 * @param secrets                  the secrets that may work, newest first; during a rotation the old one carries the
 *                                 end of its overlap in {@code expiresAt}
 * @param certificateFingerprints  SHA-256 fingerprints (lowercase hex of the DER) of client certificates the gateway
 *                                 may present on a TLS listener
 */
public record GatewayCredentials(
        String gatewayId,
        DeviceLifecycle lifecycle,
        List<Secret> secrets,
        List<String> certificateFingerprints,
        long version,
        Instant updatedAt) {

    public GatewayCredentials {
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
        certificateFingerprints = certificateFingerprints == null ? List.of() : List.copyOf(certificateFingerprints);
    }

    /** The CloudEvents id of this record, {@code gatewayId/version}: one per committed change. */
    public String eventId() {
        return gatewayId + "/" + version;
    }

    /** The verdict on a presented secret at {@code now}; constant-time in the secret's hash. */
    public Verdict check(byte[] presentedSecret, Instant now) {
        if (lifecycle != DeviceLifecycle.ACTIVE) {
            return Verdict.NOT_ACTIVE;
        }
        byte[] presented = HexFormat.of().parseHex(GatewayTokens.sha256Hex(presentedSecret));
        boolean expiredMatch = false;
        for (Secret secret : secrets) {
            if (MessageDigest.isEqual(presented, HexFormat.of().parseHex(secret.sha256()))) {
                if (secret.validAt(now)) {
                    return Verdict.ADMITTED;
                }
                expiredMatch = true;
            }
        }
        return expiredMatch ? Verdict.EXPIRED_SECRET : Verdict.WRONG_SECRET;
    }

    /** What {@link #check} decided. */
    public enum Verdict {
        ADMITTED,
        /** The gateway is provisioned, suspended, revoked or decommissioned. */
        NOT_ACTIVE,
        /** A secret that was rotated out (its overlap ended). */
        EXPIRED_SECRET,
        /** No secret of the gateway has this hash. */
        WRONG_SECRET
    }

    /**
     * One issued secret, by hash.
     *
     * @param credentialId a public, non-secret id of the secret (shown in the API and in logs instead of the secret)
     * @param sha256       lowercase hex SHA-256 of the secret's UTF-8 bytes
     * @param expiresAt    null while it is the current secret; the end of the overlap once a newer one replaced it
     */
    public record Secret(String credentialId, String sha256, Instant issuedAt, Instant expiresAt) {

        public boolean validAt(Instant now) {
            return expiresAt == null || now.isBefore(expiresAt);
        }
    }
}
