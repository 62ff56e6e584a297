package city.urbanops.testkit.mqtt;

import city.urbanops.events.MqttSockets;
import city.urbanops.events.MqttTopics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.command.CommandResult;
import city.urbanops.events.command.GatewayCommand;
import city.urbanops.events.uplink.UplinkBatch;
import city.urbanops.testkit.registry.ProvisionedGateway;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A gateway as a test drives it: one MQTT 5 connection (Eclipse Paho) whose client id and user name are the gateway
 * id and whose password is its registry-issued secret ({@code RegistryFixture} provisions one), publishing QoS 1 and
 * reporting the PUBACK's reason code — Paho itself reports an error PUBACK as a success.
 */
public final class MqttTestGateway implements AutoCloseable {

    /** How long a just-provisioned gateway may take to reach the MQTT endpoint's registry view. */
    public static final Duration PROPAGATION = Duration.ofSeconds(15);
    private static final long TIMEOUT_MS = 60_000;
    private static final EventJson JSON = new EventJson();

    private final String gatewayId;
    private final MqttAsyncClient client;
    private final CompletableFuture<Disconnected> disconnected = new CompletableFuture<>();
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();

    private MqttTestGateway(String gatewayId, MqttAsyncClient client) {
        this.gatewayId = gatewayId;
        this.client = client;
    }

    /**
     * Connects with a clean start as a provisioned gateway (user name = client id = gateway id, password = its
     * secret); {@code serverUri} like {@code tcp://localhost:1883}. The registry's records reach the MQTT endpoint's
     * view a moment after Kafka acknowledged them, so a refusal as unknown (0x86) or while the view loads (0x88) is
     * retried for up to {@link #PROPAGATION}; any other refusal fails at once.
     */
    public static MqttTestGateway connect(String serverUri, ProvisionedGateway gateway) {
        return connect(serverUri, gateway.gatewayId(), gateway.secret());
    }

    /** As {@link #connect(String, ProvisionedGateway)}, with the secret given apart. */
    public static MqttTestGateway connect(String serverUri, String gatewayId, String secret) {
        long deadline = System.nanoTime() + PROPAGATION.toNanos();
        while (true) {
            var attempt = attempt(serverUri, gatewayId, gatewayId, secret.getBytes(StandardCharsets.UTF_8));
            if (attempt.gateway() != null) {
                return attempt.gateway();
            }
            boolean mayBePropagating = attempt.connackCode() == 0x86 || attempt.connackCode() == 0x88;
            if (!mayBePropagating || System.nanoTime() > deadline) {
                throw new IllegalStateException("cannot connect " + gatewayId + " to " + serverUri + ": CONNACK 0x"
                        + Integer.toHexString(attempt.connackCode()));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while connecting " + gatewayId, interrupted);
            }
        }
    }

    /**
     * One CONNECT with exactly these credentials ({@code userName} and {@code password} may be null): the connected
     * gateway, or the CONNACK reason code that refused it. Nothing is retried.
     */
    public static Attempt attempt(String serverUri, String clientId, String userName, byte[] password) {
        MqttAsyncClient client;
        try {
            client = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("cannot create a client for " + serverUri, e);
        }
        var gateway = new MqttTestGateway(clientId, client);
        client.setCallback(gateway.new DisconnectListener());
        var options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(30);
        options.setKeepAliveInterval(30);
        options.setReceiveMaximum(1000);
        if (serverUri.startsWith("tcp://")) {
            options.setSocketFactory(MqttSockets.noDelay());
        }
        if (userName != null) {
            options.setUserName(userName);
        }
        if (password != null) {
            options.setPassword(password);
        }
        try {
            client.connect(options).waitForCompletion(TIMEOUT_MS);
            return new Attempt(gateway, 0);
        } catch (MqttException refused) {
            closeQuietly(client);
            if (refused.getReasonCode() < 0x80 || refused.getReasonCode() > 0xFF) {
                // Not a CONNACK's reason code: Paho's own (no connection, timeout).
                throw new IllegalStateException("cannot connect " + clientId + " to " + serverUri, refused);
            }
            return new Attempt(null, refused.getReasonCode());
        }
    }

    /** What one CONNECT came to: a connected gateway (and 0), or null and the CONNACK's error reason code. */
    public record Attempt(MqttTestGateway gateway, int connackCode) {
    }

    public String gatewayId() {
        return gatewayId;
    }

    /** Publishes at QoS 1 and waits for the PUBACK. */
    public PublishOutcome publish(String topic, byte[] payload) {
        return publishAsync(topic, payload).join();
    }

    /** Publishes a batch to this gateway's uplink topic and waits for the PUBACK. */
    public PublishOutcome publishBatch(UplinkBatch batch) {
        return publish(MqttTopics.uplink(gatewayId), JSON.write(batch));
    }

    /** Publishes at QoS 1; the future completes with the PUBACK (or exceptionally if the connection failed). */
    public CompletableFuture<PublishOutcome> publishAsync(String topic, byte[] payload) {
        var outcome = new CompletableFuture<PublishOutcome>();
        var message = new MqttMessage(payload);
        message.setQos(1);
        try {
            client.publish(topic, message, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    outcome.complete(outcomeOf(token));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    outcome.completeExceptionally(failure);
                }
            });
        } catch (MqttException e) {
            outcome.completeExceptionally(e);
        }
        return outcome;
    }

    /** Sends DISCONNECT and closes: a planned stop. */
    public void disconnect() {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(TIMEOUT_MS);
            }
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Closes the TCP connection without DISCONNECT, as a power cut or a network failure would. */
    public void dropConnection() {
        try {
            client.disconnectForcibly(0, 1, false);
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /** Subscribes at QoS 1 and returns the SUBACK's reason code (0x87: not authorized). */
    public int subscribe(String topicFilter) {
        try {
            var token = client.subscribe(new MqttSubscription(topicFilter, 1));
            token.waitForCompletion(TIMEOUT_MS);
            int[] codes = token.getReasonCodes();
            return codes == null || codes.length == 0 ? 0 : codes[0];
        } catch (MqttException e) {
            if (e.getReasonCode() >= 0x80) {
                return e.getReasonCode();
            }
            throw new IllegalStateException("subscribe to " + topicFilter + " failed", e);
        }
    }

    /** One message the server sent to this gateway on a topic it subscribed to. */
    public record Received(String topic, byte[] payload, int qos) {
    }

    /** Subscribes at QoS 1 to this gateway's command topic and returns the SUBACK's reason code. */
    public int subscribeToCommands() {
        return subscribe(MqttTopics.commands(gatewayId));
    }

    /** Every message received so far, in arrival order (Paho acknowledged each once it was recorded). */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The commands received so far on this gateway's command topic, decoded. */
    public List<GatewayCommand> commandsReceived() {
        return received.stream().filter(message -> message.topic().equals(MqttTopics.commands(gatewayId)))
                .map(message -> JSON.read(message.payload(), GatewayCommand.class)).toList();
    }

    /** Publishes a command result on this gateway's ack topic and waits for the PUBACK. */
    public PublishOutcome publishAck(CommandResult result) {
        return publish(MqttTopics.ack(gatewayId), JSON.write(result));
    }

    /**
     * Completes when the connection ends other than by {@link #disconnect()}: with the server's DISCONNECT reason
     * code (or Paho's for a lost connection) and {@link System#nanoTime()} when Paho's callback ran.
     */
    public CompletableFuture<Disconnected> disconnected() {
        return disconnected.copy();
    }

    /** How the connection ended and when the client heard of it. */
    public record Disconnected(int reasonCode, String reasonString, long atNanos) {
    }

    private final class DisconnectListener implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            long at = System.nanoTime();
            MqttException lost = response.getException();
            disconnected.complete(new Disconnected(lost != null ? lost.getReasonCode() : response.getReturnCode(),
                    response.getReasonString(), at));
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            // Reported through the failed call or the disconnect.
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(new Received(topic, message.getPayload(), message.getQos()));
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // PUBACKs are read from the publish's own listener.
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // connect() waits for the CONNACK itself.
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // No enhanced authentication.
        }
    }

    private static void closeQuietly(MqttAsyncClient client) {
        try {
            client.close(true);
        } catch (MqttException ignored) {
            // A client that never connected has nothing left to release.
        }
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

    private static PublishOutcome outcomeOf(IMqttToken token) {
        int[] codes = token.getReasonCodes();
        int code = codes == null || codes.length == 0 ? 0 : codes[0];
        var properties = token.getResponseProperties();
        var userProperties = new LinkedHashMap<String, String>();
        if (properties != null && properties.getUserProperties() != null) {
            properties.getUserProperties().forEach(property -> userProperties.put(property.getKey(),
                    property.getValue()));
        }
        return new PublishOutcome(code, properties == null ? null : properties.getReasonString(),
                Map.copyOf(userProperties));
    }
}
