package city.urbanops.ingestion.edge;

import city.urbanops.events.MqttTopics;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.WillPublishPacket;
import java.nio.ByteBuffer;
import java.util.regex.Pattern;

/**
 * Admits a connection whose client id can be a gateway id, since the client id is the gateway id in every topic
 * and status event. Credentials against the registry come with device identity; until then the id is trusted.
 *
 * <p>A last will is a status message HiveMQ keeps for the connection's lifetime and publishes, perhaps retained,
 * without the inbound interceptor seeing it; so it is held to the status message's rules here: only on the
 * gateway's own status topic (else CONNACK 0x87), and no larger than a status message may be (else CONNACK 0x97,
 * an administratively imposed limit; 0x99 would fit as well, but Paho 1.2.5 rejects 0x99 in a CONNACK as invalid).
 */
final class GatewayAuthenticator implements SimpleAuthenticator {

    /** The gateway id syntax of the event model's topics and schemas. */
    private static final Pattern GATEWAY_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

    private final long maxStatusBytes;
    private final EdgeMetrics metrics;

    GatewayAuthenticator(long maxStatusBytes, EdgeMetrics metrics) {
        this.maxStatusBytes = maxStatusBytes;
        this.metrics = metrics;
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        String clientId = input.getClientInformation().getClientId();
        if (!GATEWAY_ID.matcher(clientId).matches()) {
            output.failAuthentication(ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
                    "the client id must be the gateway id: 1-64 of A-Z a-z 0-9 . _ -, starting with a letter or digit");
            return;
        }
        var will = input.getConnectPacket().getWillPublish();
        if (will.isPresent() && !MqttTopics.status(clientId).equals(will.get().getTopic())) {
            metrics.refused(Refusal.WILL_TOPIC);
            output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED,
                    "a last will is accepted only on the gateway's own status topic " + MqttTopics.status(clientId));
            return;
        }
        int willBytes = will.flatMap(WillPublishPacket::getPayload).map(ByteBuffer::remaining).orElse(0);
        if (willBytes > maxStatusBytes) {
            metrics.refused(Refusal.WILL_OVERSIZED);
            output.failAuthentication(ConnackReasonCode.QUOTA_EXCEEDED, "a last will of " + willBytes
                    + " bytes exceeds the status message limit of " + maxStatusBytes + " bytes");
            return;
        }
        output.authenticateSuccessfully();
    }
}
