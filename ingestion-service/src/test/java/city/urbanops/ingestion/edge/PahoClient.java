package city.urbanops.ingestion.edge;

import city.urbanops.testkit.mqtt.MqttTestGateway;
import city.urbanops.testkit.registry.ProvisionedGateway;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * An MQTT 5 client (Eclipse Paho) for tests that need more than a well-behaved gateway: a last will, QoS 0, retained
 * messages, subscriptions, the CONNACK's properties and the reason of a DISCONNECT sent by the broker.
 */
final class PahoClient implements AutoCloseable {

    private static final long TIMEOUT_MS = 60_000;

    private final MqttAsyncClient client;
    private final CompletableFuture<Integer> disconnectReason = new CompletableFuture<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private MqttProperties connack;

    private PahoClient(MqttAsyncClient client) {
        this.client = client;
    }

    /** Connects as the provisioned gateway, waiting out the moment its records take to reach the registry view. */
    static PahoClient connect(String serverUri, ProvisionedGateway gateway) {
        return connect(serverUri, gateway, null, null);
    }

    /** As {@link #connect(String, ProvisionedGateway)}, with a retained QoS 1 last will when {@code willTopic} is set. */
    static PahoClient connect(String serverUri, ProvisionedGateway gateway, String willTopic, byte[] willPayload) {
        long deadline = System.nanoTime() + MqttTestGateway.PROPAGATION.toNanos();
        while (true) {
            try {
                return connectOnce(serverUri, gateway.gatewayId(), gateway.gatewayId(),
                        gateway.secret().getBytes(StandardCharsets.UTF_8), willTopic, willPayload);
            } catch (ConnectRefused refused) {
                boolean mayBePropagating = refused.reasonCode() == 0x86 || refused.reasonCode() == 0x88;
                if (!mayBePropagating || System.nanoTime() > deadline) {
                    throw refused;
                }
                LockSupport.parkNanos(50_000_000);
            }
        }
    }

    /**
     * One CONNECT with a clean start and exactly these credentials (either may be null) and, when {@code willTopic}
     * is given, a retained QoS 1 last will; {@link ConnectRefused} carries the CONNACK's reason code.
     */
    static PahoClient connectOnce(String serverUri, String clientId, String userName, byte[] password,
                                  String willTopic, byte[] willPayload) {
        try {
            var paho = new PahoClient(new MqttAsyncClient(serverUri, clientId, new MemoryPersistence()));
            paho.client.setCallback(paho.new DisconnectListener());
            var options = new MqttConnectionOptions();
            options.setCleanStart(true);
            options.setSessionExpiryInterval(0L);
            options.setAutomaticReconnect(false);
            options.setConnectionTimeout(30);
            options.setKeepAliveInterval(30);
            if (userName != null) {
                options.setUserName(userName);
            }
            if (password != null) {
                options.setPassword(password);
            }
            if (willTopic != null) {
                var will = new MqttMessage(willPayload);
                will.setQos(1);
                will.setRetained(true);
                options.setWill(willTopic, will);
            }
            IMqttToken token = paho.client.connect(options);
            try {
                token.waitForCompletion(TIMEOUT_MS);
            } catch (MqttException refused) {
                paho.client.close(true);
                throw refused;
            }
            paho.connack = token.getResponseProperties();
            return paho;
        } catch (MqttException e) {
            throw new ConnectRefused(e.getReasonCode(), e);
        }
    }

    /** The properties of the CONNACK: the broker's maximum packet size and receive maximum among them. */
    MqttProperties connack() {
        return connack;
    }

    /**
     * Publishes at QoS 1 and returns the PUBACK's reason code. It waits through Paho's action listener, not
     * {@code waitForCompletion()}: that can return before Paho has taken the PUBLISH off its in-flight count, and with
     * a receive maximum of 2 the next publish would then fail in Paho with "too many publishes in progress".
     */
    int publish(String topic, byte[] payload, boolean retained) {
        var acknowledged = new CompletableFuture<IMqttToken>();
        var message = new MqttMessage(payload);
        message.setQos(1);
        message.setRetained(retained);
        try {
            client.publish(topic, message, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    acknowledged.complete(token);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    acknowledged.completeExceptionally(failure);
                }
            });
            int[] codes = acknowledged.get(TIMEOUT_MS, TimeUnit.MILLISECONDS).getReasonCodes();
            return codes == null || codes.length == 0 ? 0 : codes[0];
        } catch (MqttException e) {
            throw new IllegalStateException("no PUBACK for " + topic + " (client reason " + e.getReasonCode() + ")", e);
        } catch (Exception e) {
            throw new IllegalStateException("no PUBACK for " + topic, e);
        }
    }

    /** Publishes at QoS 0, which has no PUBACK; false once the connection is gone. */
    boolean publishAtMostOnce(String topic, byte[] payload) {
        try {
            client.publish(topic, payload, 0, false).waitForCompletion(TIMEOUT_MS);
            return true;
        } catch (MqttException connectionGone) {
            return false;
        }
    }

    /** Publishes at QoS 1 without waiting; the PUBACK, if any ever comes, is not looked at. */
    void publishWithoutWaiting(String topic, byte[] payload) {
        try {
            client.publish(topic, payload, 1, false);
        } catch (MqttException windowFullOrGone) {
            // A full in-flight window or a closed connection: the caller looks at the disconnect reason instead.
        }
    }

    /** Subscribes at QoS 1; what arrives is in {@link #received()}. */
    void subscribe(String filter) {
        try {
            client.subscribe(filter, 1).waitForCompletion(TIMEOUT_MS);
        } catch (MqttException e) {
            throw new IllegalStateException("cannot subscribe to " + filter, e);
        }
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** The reason code of the broker's DISCONNECT, or of the connection loss Paho saw instead. */
    int awaitDisconnectReason() {
        try {
            return disconnectReason.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the broker did not disconnect the client", e);
        }
    }

    boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(TIMEOUT_MS);
            }
            client.close(true);
        } catch (MqttException closingAnyway) {
            try {
                client.close(true);
            } catch (MqttException ignored) {
                // Nothing more can be done for a client that will not close.
            }
        }
    }

    /** A message delivered to a subscription. */
    record Received(String topic, byte[] payload, boolean retained) {
    }

    /** The broker refused the CONNECT; {@code reasonCode} is the CONNACK's. */
    static final class ConnectRefused extends RuntimeException {

        private final int reasonCode;

        ConnectRefused(int reasonCode, Throwable cause) {
            super("CONNACK reason " + reasonCode, cause);
            this.reasonCode = reasonCode;
        }

        int reasonCode() {
            return reasonCode;
        }
    }

    private final class DisconnectListener implements MqttCallback {

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            // A DISCONNECT from the broker carries its reason code; a lost connection only Paho's exception.
            var lost = response.getException();
            disconnectReason.complete(lost != null ? lost.getReasonCode() : response.getReturnCode());
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            // Reported through the failed call or the disconnect.
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(new Received(topic, message.getPayload(), message.isRetained()));
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // Publishing methods read the token themselves.
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // connect() waits for the CONNACK itself.
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // No enhanced authentication.
        }
    }
}
