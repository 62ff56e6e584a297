package city.urbanops.edge.uplink;

import city.urbanops.edge.config.EdgeGatewayProperties.Mqtt;
import city.urbanops.events.MqttSockets;
import city.urbanops.events.MqttTopics;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway's MQTT 5 connection (Eclipse Paho) to ingestion's MQTT edge: client id and user name are the gateway id,
 * the password is its registry-issued secret, the retained status topic says {@code online} after connecting and the
 * last will says {@code offline}. A refused CONNECT (0x86 bad credentials, 0x87 suspended, 0x8A revoked) is logged
 * with its reason code, never with the secret, and retried with the sender's backoff.
 * Paho 1.2.5 reports an error PUBACK as a success, so {@link #publish} reads the reason code itself. On every
 * (re)connect it subscribes at QoS 1 to the gateway's command topic (the session is clean, so nothing survives a
 * reconnect) and hands each command to its {@link CommandLink} listener.
 */
final class PahoUplinkTransport implements UplinkTransport, CommandLink {

    private static final Logger log = LoggerFactory.getLogger(PahoUplinkTransport.class);
    private static final byte[] ONLINE = "online".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OFFLINE = "offline".getBytes(StandardCharsets.UTF_8);
    private static final long STATUS_TIMEOUT_MS = 5_000;

    private final String gatewayId;
    private final byte[] secret;
    private final Mqtt settings;
    private final MqttAsyncClient client;
    private volatile boolean reportedUnreachable;
    private volatile Consumer<byte[]> commandListener;

    PahoUplinkTransport(String gatewayId, String secret, Mqtt settings) {
        this.gatewayId = gatewayId;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.settings = settings;
        try {
            // The gateway's own queue is the only retry buffer: Paho keeps no session state of its own.
            this.client = new MqttAsyncClient(settings.serverUri(), gatewayId, new MemoryPersistence());
        } catch (MqttException invalid) {
            throw new IllegalArgumentException("cannot create an MQTT client for " + settings.serverUri(), invalid);
        }
        client.setCallback(new ConnectionLossLogger());
    }

    @Override
    public synchronized boolean ensureConnected() {
        if (client.isConnected()) {
            return true;
        }
        try {
            client.connect(connectionOptions()).waitForCompletion(settings.connectTimeout().toMillis() + 1_000);
            publishStatus(ONLINE);
            subscribeToCommands();
            log.info("Gateway {} connected to {}", gatewayId, settings.serverUri());
            reportedUnreachable = false;
            return true;
        } catch (MqttException failure) {
            if (!reportedUnreachable) {
                log.warn("Gateway {} cannot connect to {}: {} (reason {}); retrying with backoff", gatewayId,
                        settings.serverUri(), failure.getMessage(), failure.getReasonCode());
                reportedUnreachable = true;
            }
            return false;
        }
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public PubackOutcome publish(byte[] batch) {
        try {
            IMqttToken token = client.publish(MqttTopics.uplink(gatewayId), batch, 1, false);
            token.waitForCompletion(settings.publishTimeout().toMillis());
            return PubackOutcome.ofPuback(firstReasonCode(token), reasonString(token), userProperties(token));
        } catch (MqttException noPuback) {
            return PubackOutcome.noPuback(noPuback.getMessage() + " (client reason " + noPuback.getReasonCode() + ")");
        }
    }

    @Override
    public void onCommand(Consumer<byte[]> listener) {
        this.commandListener = listener;
    }

    @Override
    public int publishAck(byte[] ack) {
        try {
            IMqttToken token = client.publish(MqttTopics.ack(gatewayId), ack, 1, false);
            token.waitForCompletion(settings.publishTimeout().toMillis());
            return firstReasonCode(token);
        } catch (MqttException noPuback) {
            return -1;
        }
    }

    /** Readings matter more than commands: a failed subscription is logged, and tried again on the next connect. */
    private void subscribeToCommands() {
        if (commandListener == null) {
            return;
        }
        try {
            var token = client.subscribe(new MqttSubscription(MqttTopics.commands(gatewayId), 1));
            token.waitForCompletion(STATUS_TIMEOUT_MS);
            int code = firstReasonCode(token);
            if (code >= 0x80) {
                log.warn("Gateway {} may not subscribe to its commands: SUBACK 0x{}", gatewayId,
                        Integer.toHexString(code));
            }
        } catch (MqttException failed) {
            log.warn("Gateway {} could not subscribe to its commands: {} (reason {})", gatewayId,
                    failed.getMessage(), failed.getReasonCode());
        }
    }

    @Override
    public synchronized void dropConnection() {
        if (!client.isConnected()) {
            return;
        }
        try {
            // No quiesce, and sendDisconnectPacket=false: Paho closes the socket without DISCONNECT, so the MQTT
            // endpoint reports CONNECTION_LOST (not CLIENT_DISCONNECT) and publishes the retained last will.
            client.disconnectForcibly(0, 1, false);
        } catch (MqttException failure) {
            log.warn("Gateway {} could not drop its connection: {}", gatewayId, failure.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (client.isConnected()) {
                // A clean DISCONNECT does not fire the last will, so say offline ourselves.
                publishStatus(OFFLINE);
                client.disconnect(STATUS_TIMEOUT_MS).waitForCompletion(STATUS_TIMEOUT_MS);
            }
        } catch (MqttException failure) {
            log.warn("Gateway {} did not disconnect cleanly: {}", gatewayId, failure.getMessage());
        } finally {
            try {
                client.close(true);
            } catch (MqttException failure) {
                log.warn("Gateway {} MQTT client did not close: {}", gatewayId, failure.getMessage());
            }
        }
    }

    private MqttConnectionOptions connectionOptions() {
        var options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setSessionExpiryInterval(0L);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
        options.setConnectionTimeout((int) Math.max(1, settings.connectTimeout().toSeconds()));
        if (settings.serverUri().startsWith("tcp://")) {
            // Without Nagle: each batch would otherwise wait for the endpoint's delayed ACK (see MqttSockets).
            options.setSocketFactory(MqttSockets.noDelay());
        }
        options.setUserName(gatewayId);
        // Paho keeps its own copy for the connection; the reason codes it reports never carry it.
        options.setPassword(secret.clone());
        var will = new MqttMessage(OFFLINE);
        will.setQos(1);
        will.setRetained(true);
        options.setWill(MqttTopics.status(gatewayId), will);
        return options;
    }

    private void publishStatus(byte[] status) throws MqttException {
        IMqttToken token = client.publish(MqttTopics.status(gatewayId), status, 1, true);
        token.waitForCompletion(STATUS_TIMEOUT_MS);
        int code = firstReasonCode(token);
        if (code >= 0x80) {
            log.warn("Gateway {} status '{}' refused: PUBACK 0x{} {}", gatewayId,
                    new String(status, StandardCharsets.UTF_8), Integer.toHexString(code), reasonString(token));
        }
    }

    private static int firstReasonCode(IMqttToken token) {
        int[] codes = token.getReasonCodes();
        // MQTT 5 lets a PUBACK omit its reason code when it is 0 (success).
        return codes == null || codes.length == 0 ? 0 : codes[0];
    }

    private static Map<String, String> userProperties(IMqttToken token) {
        var properties = token.getResponseProperties();
        if (properties == null || properties.getUserProperties() == null) {
            return Map.of();
        }
        var byName = new HashMap<String, String>();
        properties.getUserProperties().forEach(property -> byName.put(property.getKey(), property.getValue()));
        return byName;
    }

    private static String reasonString(IMqttToken token) {
        return Optional.ofNullable(token.getResponseProperties()).map(MqttProperties::getReasonString).orElse(null);
    }

    /** Logs connection loss; the sender notices it and reconnects. */
    private final class ConnectionLossLogger implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            log.warn("Gateway {} lost its connection: {}", gatewayId, response);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            log.warn("Gateway {} MQTT error: {}", gatewayId, exception.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            var listener = commandListener;
            if (listener != null && topic.equals(MqttTopics.commands(gatewayId))) {
                // Paho sends the PUBACK when this returns: the command is the gateway's from then on.
                listener.accept(message.getPayload());
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // Delivery is judged from the PUBACK reason code in publish(), not here.
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // ensureConnected() logs the connection and announces the gateway online.
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // No enhanced authentication is used.
        }
    }
}
