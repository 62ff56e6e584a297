package city.urbanops.ingestion.status;

import city.urbanops.events.gateway.GatewayStatusEvent.Cause;
import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ClientInitiatedDisconnectInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionLostInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ServerInitiatedDisconnectInput;
import com.hivemq.extension.sdk.api.packets.general.DisconnectedReasonCode;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns HiveMQ's client lifecycle into gateway status events. HiveMQ runs one client's lifecycle callbacks in
 * order; a connection that never authenticated produces no event, and the end of a connection taken over by a newer
 * one of the same gateway is not an OFFLINE, because the gateway is still there.
 */
public final class GatewayConnectivityListener implements ClientLifecycleEventListener {

    private static final Logger log = LoggerFactory.getLogger(GatewayConnectivityListener.class);

    private final GatewayStatusPublisher publisher;
    private final ConnectedGateways connectedGateways;

    public GatewayConnectivityListener(GatewayStatusPublisher publisher, ConnectedGateways connectedGateways) {
        this.publisher = publisher;
        this.connectedGateways = connectedGateways;
    }

    @Override
    public void onMqttConnectionStart(ConnectionStartInput input) {
        // Only an authenticated connection is a gateway coming online.
    }

    @Override
    public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {
        String gatewayId = input.getClientInformation().getClientId();
        report(gatewayId, "ONLINE", publisher.connected(gatewayId));
    }

    @Override
    public void onClientInitiatedDisconnect(ClientInitiatedDisconnectInput input) {
        ended(input, Cause.CLIENT_DISCONNECT);
    }

    @Override
    public void onConnectionLost(ConnectionLostInput input) {
        ended(input, Cause.CONNECTION_LOST);
    }

    @Override
    public void onServerInitiatedDisconnect(ServerInitiatedDisconnectInput input) {
        var reason = input.getReasonCode();
        if (reason.filter(DisconnectedReasonCode.SESSION_TAKEN_OVER::equals).isPresent()) {
            connectedGateways.disconnected(input.getClientInformation().getClientId());
            return;
        }
        // A keep-alive timeout is HiveMQ noticing a dead link, not HiveMQ deciding to close it.
        boolean deadLink = reason.filter(DisconnectedReasonCode.KEEP_ALIVE_TIMEOUT::equals).isPresent();
        ended(input, deadLink ? Cause.CONNECTION_LOST : Cause.SERVER_DISCONNECT);
    }

    @Override
    public void onDisconnect(DisconnectEventInput input) {
        // Every disconnect is one of the three kinds above; this is reached only for failed authentications.
    }

    private void ended(DisconnectEventInput input, Cause cause) {
        String gatewayId = input.getClientInformation().getClientId();
        if (!connectedGateways.isConnected(gatewayId)) {
            return;
        }
        report(gatewayId, "OFFLINE/" + cause, publisher.disconnected(gatewayId, cause, detailOf(input)));
    }

    private static String detailOf(DisconnectEventInput input) {
        Optional<String> reasonString = input.getReasonString();
        return input.getReasonCode()
                .map(code -> code + reasonString.map(text -> ": " + text).orElse(""))
                .or(() -> reasonString)
                .orElse(null);
    }

    private static void report(String gatewayId, String what, CompletableFuture<Void> written) {
        written.whenComplete((ok, failure) -> {
            if (failure != null) {
                log.warn("Gateway {} is {} but Kafka did not take the status event: {}", gatewayId, what,
                        failure.toString());
            }
        });
    }
}
