package city.urbanops.ingestion.edge;

import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.GatewayCredentials;
import city.urbanops.ingestion.registry.CredentialsListener;
import city.urbanops.ingestion.registry.RegistryView;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateways this instance admitted, each with the SHA-256 of the secret it connected with (never the secret), and
 * the enforcement that keeps them admitted only while the registry says so. A credentials record that is no longer
 * ACTIVE, or a tombstone, disconnects the gateway as soon as the view applies it (DISCONNECT 0x87); a connection whose
 * secret the registry no longer accepts — removed from the record, or its rotation overlap ended — is disconnected too,
 * by the record's arrival or by {@link #sweep()} once a second, and must connect again with its current secret.
 *
 * <p>An entry stays after its connection ended (a takeover by a newer connection of the same gateway replaces it,
 * and a disconnect event would race that): entries are bounded by the registry's gateways, and disconnecting a
 * gateway that is no longer connected is a no-op. The sweep also closes the window of a CONNECT that was admitted
 * just as its revocation arrived.
 */
final class AdmittedGateways implements CredentialsListener {

    private final Map<String, byte[]> secretHashes = new ConcurrentHashMap<>();
    private final RegistryView view;
    private final Clock clock;
    private final ConnectionCloser connections;
    private final Counter disconnectedNotActive;
    private final Counter disconnectedDeleted;
    private final Counter disconnectedSecret;

    AdmittedGateways(RegistryView view, Clock clock, ConnectionCloser connections, MeterRegistry meters) {
        this.view = view;
        this.clock = clock;
        this.connections = connections;
        this.disconnectedNotActive = disconnects(meters, "not_active");
        this.disconnectedDeleted = disconnects(meters, "deleted");
        this.disconnectedSecret = disconnects(meters, "secret_not_valid");
    }

    private static Counter disconnects(MeterRegistry meters, String reason) {
        return Counter.builder("urbanops.ingestion.disconnects").tag("reason", reason)
                .description("Connected gateways the MQTT edge disconnected because the registry stopped admitting "
                        + "them").register(meters);
    }

    /** Records that {@code gatewayId} was admitted with the secret of this SHA-256 (lowercase hex). */
    void admitted(String gatewayId, String secretSha256) {
        secretHashes.put(gatewayId, HexFormat.of().parseHex(secretSha256));
    }

    @Override
    public void credentialsChanged(String gatewayId, GatewayCredentials current) {
        byte[] hash = secretHashes.get(gatewayId);
        if (hash != null) {
            enforce(gatewayId, hash, current, clock.instant());
        }
    }

    /** Re-judges every admitted gateway against the view at the clock's now: rotation overlaps end with time. */
    void sweep() {
        Instant now = clock.instant();
        secretHashes.forEach((gatewayId, hash) -> enforce(gatewayId, hash, view.credentials(gatewayId), now));
    }

    private void enforce(String gatewayId, byte[] hash, GatewayCredentials current, Instant now) {
        if (current == null) {
            disconnect(gatewayId, hash, disconnectedDeleted, "the gateway was deleted from the registry");
        } else if (current.lifecycle() != DeviceLifecycle.ACTIVE) {
            disconnect(gatewayId, hash, disconnectedNotActive, "the gateway is " + current.lifecycle());
        } else if (!admits(current, hash, now)) {
            disconnect(gatewayId, hash, disconnectedSecret,
                    "the secret this connection presented is no longer valid; connect with the current secret");
        }
    }

    private static boolean admits(GatewayCredentials credentials, byte[] hash, Instant now) {
        for (var secret : credentials.secrets()) {
            if (MessageDigest.isEqual(hash, HexFormat.of().parseHex(secret.sha256())) && secret.validAt(now)) {
                return true;
            }
        }
        return false;
    }

    private void disconnect(String gatewayId, byte[] hash, Counter counter, String reason) {
        // Only the entry judged is removed: a newer connection may have replaced it meanwhile.
        if (secretHashes.remove(gatewayId, hash)) {
            connections.close(gatewayId, DisconnectReasonCode.NOT_AUTHORIZED, reason, counter::increment);
        }
    }
}
