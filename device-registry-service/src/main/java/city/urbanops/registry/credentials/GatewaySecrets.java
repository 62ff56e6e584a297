package city.urbanops.registry.credentials;

import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.events.registry.GatewayTokens;
import city.urbanops.registry.config.RegistryProperties;
import city.urbanops.registry.device.DeviceChanges;
import city.urbanops.registry.device.DeviceChanges.Change;
import city.urbanops.registry.device.DeviceRepository;
import city.urbanops.registry.device.DeviceRow;
import city.urbanops.registry.device.HistoryAction;
import city.urbanops.registry.device.Outcome;
import city.urbanops.registry.device.Refusal;
import city.urbanops.security.AccessScope;
import city.urbanops.security.problem.ResourceNotFoundException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues, rotates and revokes gateway secrets. A secret is 256 random bits shown once; the database and the
 * credentials topic hold its SHA-256 only. Issuing while a secret is current is a rotation: the current one keeps
 * working for the overlap, so a gateway can switch without a gap.
 */
@Component
public class GatewaySecrets {

    private final DeviceRepository devices;
    private final GatewaySecretRepository secrets;
    private final DeviceChanges changes;
    private final SecureRandom random;
    private final RegistryProperties.Secrets bounds;

    public GatewaySecrets(DeviceRepository devices, GatewaySecretRepository secrets, DeviceChanges changes,
                          SecureRandom random, RegistryProperties properties) {
        this.devices = devices;
        this.secrets = secrets;
        this.changes = changes;
        this.random = random;
        this.bounds = properties.secrets();
    }

    /** Issues a new secret for gateway {@code gatewayId}; a current one keeps working for {@code overlap}. */
    @Transactional
    public Outcome<IssuedSecret> issue(String gatewayId, Duration overlap, String actor, AccessScope scope) {
        DeviceRow gateway = lockedGateway(gatewayId, scope);
        if (gateway.lifecycle() == DeviceLifecycle.REVOKED || gateway.lifecycle() == DeviceLifecycle.DECOMMISSIONED) {
            return Outcome.refused(new Refusal.StateConflict("gateway-retired", "Gateway " + gatewayId + " is "
                    + gateway.lifecycle() + "; a retired identity gets no new secret."));
        }
        Instant now = changes.now();
        var stored = secrets.secrets(gatewayId);
        long stillValid = stored.stream().filter(s -> s.validAt(now)).count();
        if (stillValid + 1 > bounds.maxValid()) {
            return Outcome.refused(new Refusal.StateConflict("too-many-secrets", "Gateway " + gatewayId + " has "
                    + stillValid + " working secrets, the most allowed is " + bounds.maxValid()
                    + "; revoke one before issuing another."));
        }
        List<IssuedSecret.Superseded> superseded = new ArrayList<>();
        for (var current : stored) {
            if (current.expiresAt() == null) {
                secrets.expire(current.credentialId(), now.plus(overlap));
                superseded.add(new IssuedSecret.Superseded(current.credentialId(), now.plus(overlap)));
            }
        }
        secrets.dropExpiredBefore(gatewayId, now.minus(bounds.expiredRetention()));
        String secret = GatewayTokens.generate(random);
        String credentialId = newCredentialId();
        secrets.insert(credentialId, gatewayId, GatewayTokens.sha256Hex(secret), now);
        String reason = superseded.isEmpty() ? "issued " + credentialId
                : "issued " + credentialId + "; " + superseded.getFirst().credentialId() + " works until "
                        + superseded.getFirst().expiresAt();
        DeviceRecord record = changes.committed(gatewayId, true,
                Change.of(superseded.isEmpty() ? HistoryAction.SECRET_ISSUED : HistoryAction.SECRET_ROTATED, reason, actor));
        return Outcome.done(new IssuedSecret(gatewayId, credentialId, secret, now, superseded, record.version()));
    }

    /** Stops secret {@code credentialId} of gateway {@code gatewayId} from working now. */
    @Transactional
    public Outcome<DeviceRecord> revoke(String gatewayId, String credentialId, String actor, AccessScope scope) {
        lockedGateway(gatewayId, scope);
        var secret = secrets.secret(gatewayId, credentialId)
                .orElseThrow(() -> new ResourceNotFoundException("Gateway " + gatewayId + " has no secret "
                        + credentialId));
        Instant now = changes.now();
        if (!secret.validAt(now)) {
            return Outcome.refused(new Refusal.StateConflict("secret-not-valid", "Secret " + credentialId
                    + " stopped working at " + secret.expiresAt() + "."));
        }
        secrets.expire(credentialId, now);
        return Outcome.done(changes.committed(gatewayId, true,
                Change.of(HistoryAction.SECRET_REVOKED, "revoked " + credentialId, actor)));
    }

    DeviceRow visibleGateway(String gatewayId, AccessScope scope) {
        return devices.find(gatewayId).filter(d -> d.visibleTo(scope)).filter(DeviceRow::gateway)
                .orElseThrow(() -> new ResourceNotFoundException("No gateway " + gatewayId));
    }

    DeviceRow lockedGateway(String gatewayId, AccessScope scope) {
        return devices.lock(gatewayId).filter(d -> d.visibleTo(scope)).filter(DeviceRow::gateway)
                .orElseThrow(() -> new ResourceNotFoundException("No gateway " + gatewayId));
    }

    // Public and guessable-proof is not needed (it is not a secret), but unique: 96 random bits.
    private String newCredentialId() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return "gwc_" + HexFormat.of().formatHex(bytes);
    }
}
