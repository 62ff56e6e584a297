package city.urbanops.events.gateway;

import java.time.Instant;

/**
 * A gateway's connectivity as seen by the ingestion instance that terminates its MQTT connection, on
 * {@code gateway.status} keyed by gateway id. {@code cause} separates a clean disconnect from a lost connection,
 * which is what lets triage call a silence a network fault. Schema: {@code schemas/v1/gateway-status.json}.
 */
public record GatewayStatusEvent(
        String gatewayId,
        Connectivity connectivity,
        Cause cause,
        String detail,
        String ingestionInstance,
        Instant time) {

    public enum Connectivity { ONLINE, OFFLINE }

    public enum Cause {
        /** The gateway connected (or reconnected). */
        CONNECTED,
        /** The gateway sent DISCONNECT: a planned stop. */
        CLIENT_DISCONNECT,
        /** The TCP connection dropped or keep-alive expired without DISCONNECT: a network or power problem. */
        CONNECTION_LOST,
        /** The MQTT edge closed the connection (protocol error, takeover, shutdown, revocation). */
        SERVER_DISCONNECT,
        /** The gateway itself published a status message on its retained status topic. */
        GATEWAY_REPORTED
    }
}
