package city.urbanops.testkit.mqtt;

import city.urbanops.events.MqttTopics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.uplink.UplinkBatch;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * A gateway as a test drives it: one MQTT 5 connection (Eclipse Paho) whose client id is the gateway id, publishing
 * QoS 1 and reporting the PUBACK's reason code — Paho itself reports an error PUBACK as a success.
 */
public final class MqttTestGateway implements AutoCloseable {

    private static final long TIMEOUT_MS = 60_000;
    private static final EventJson JSON = new EventJson();

    private final String gatewayId;
    private final MqttAsyncClient client;

    private MqttTestGateway(String gatewayId, MqttAsyncClient client) {
        this.gatewayId = gatewayId;
        this.client = client;
    }

    /** Connects with a clean start; {@code serverUri} like {@code tcp://localhost:1883}. */
    public static MqttTestGateway connect(String serverUri, String gatewayId) {
        try {
            var client = new MqttAsyncClient(serverUri, gatewayId, new MemoryPersistence());
            var options = new MqttConnectionOptions();
            options.setCleanStart(true);
            options.setAutomaticReconnect(false);
            options.setConnectionTimeout(30);
            options.setKeepAliveInterval(30);
            options.setReceiveMaximum(1000);
            client.connect(options).waitForCompletion(TIMEOUT_MS);
            return new MqttTestGateway(gatewayId, client);
        } catch (MqttException e) {
            throw new IllegalStateException("cannot connect " + gatewayId + " to " + serverUri, e);
        }
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
