package city.urbanops.registry.credentials;

import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.registry.device.DeviceChanges;
import city.urbanops.registry.device.DeviceChanges.Change;
import city.urbanops.registry.device.HistoryAction;
import city.urbanops.registry.device.Outcome;
import city.urbanops.registry.device.Refusal;
import city.urbanops.security.AccessScope;
import city.urbanops.security.problem.ResourceNotFoundException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The client certificate fingerprints a gateway may present on a TLS listener, added and removed by admins. */
@Component
public class GatewayCertificates {

    private final GatewaySecrets gateways;
    private final GatewaySecretRepository repository;
    private final DeviceChanges changes;

    public GatewayCertificates(GatewaySecrets gateways, GatewaySecretRepository repository, DeviceChanges changes) {
        this.gateways = gateways;
        this.repository = repository;
        this.changes = changes;
    }

    /** Lets the gateway present the certificate with SHA-256 {@code fingerprint} (lowercase hex of the DER). */
    @Transactional
    public Outcome<DeviceRecord> add(String gatewayId, String fingerprint, String actor, AccessScope scope) {
        gateways.lockedGateway(gatewayId, scope);
        if (repository.fingerprintTaken(fingerprint)) {
            return Outcome.refused(new Refusal.Duplicate("fingerprint", fingerprint));
        }
        repository.addFingerprint(gatewayId, fingerprint, changes.now());
        return Outcome.done(changes.committed(gatewayId, true,
                Change.of(HistoryAction.CERTIFICATE_ADDED, "added " + fingerprint, actor)));
    }

    /** Stops the gateway presenting the certificate with {@code fingerprint}. */
    @Transactional
    public Outcome<DeviceRecord> remove(String gatewayId, String fingerprint, String actor, AccessScope scope) {
        gateways.lockedGateway(gatewayId, scope);
        if (!repository.removeFingerprint(gatewayId, fingerprint)) {
            throw new ResourceNotFoundException("Gateway " + gatewayId + " has no certificate " + fingerprint);
        }
        return Outcome.done(changes.committed(gatewayId, true,
                Change.of(HistoryAction.CERTIFICATE_REMOVED, "removed " + fingerprint, actor)));
    }
}
