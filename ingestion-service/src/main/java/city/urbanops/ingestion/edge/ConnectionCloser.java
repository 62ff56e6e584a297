package city.urbanops.ingestion.edge;

import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.services.Services;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a client's connection with an MQTT 5 DISCONNECT reason, for misbehaviour that no PUBACK can answer and for
 * gateways the registry no longer admits. HiveMQ's client service exists only inside the running broker, so it is
 * looked up at the moment of use.
 */
final class ConnectionCloser {

    private static final Logger log = LoggerFactory.getLogger(ConnectionCloser.class);

    /** Disconnects {@code clientId}; its last will is published, since it did not leave on its own. */
    void close(String clientId, DisconnectReasonCode reason, String reasonString) {
        close(clientId, reason, reasonString, () -> { });
    }

    /** As {@link #close(String, DisconnectReasonCode, String)}; {@code whenConnected} runs if it was connected. */
    void close(String clientId, DisconnectReasonCode reason, String reasonString, Runnable whenConnected) {
        Services.clientService().disconnectClient(clientId, false, reason, reasonString)
                .whenComplete((found, failure) -> {
                    if (failure != null) {
                        log.warn("Could not disconnect client {} ({}): {}", clientId, reason, failure.toString());
                    } else if (Boolean.TRUE.equals(found)) {
                        log.info("Disconnected gateway {} ({}): {}", clientId, reason, reasonString);
                        whenConnected.run();
                    }
                });
    }
}
