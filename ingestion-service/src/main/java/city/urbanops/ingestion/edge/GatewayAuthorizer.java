package city.urbanops.ingestion.edge;

import city.urbanops.events.MqttTopics;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;

/**
 * Lets a gateway subscribe only under its own {@code city/v1/gw/{id}/down/}: any other filter — a wildcard above that
 * level, another gateway's tree, a shared subscription ({@code $share/...}) — is answered SUBACK 0x87 and counted.
 * The client id is the gateway id (the authenticator made sure of it), so "own" means named by the client id.
 *
 * <p>PUBLISHes are not authorized here but in the inbound interceptor, which runs before HiveMQ's publish
 * authorizer: HiveMQ CE follows a publish authorizer's PUBACK 0x87 with DISCONNECT 0x87 (its
 * {@code IncomingPublishService} always does, measured), while the interceptor answers PUBACK 0x87, dead-letters the
 * message as {@code TOPIC} and keeps the gateway connected for its honest batches.
 */
final class GatewayAuthorizer implements SubscriptionAuthorizer {

    private final EdgeMetrics metrics;

    GatewayAuthorizer(EdgeMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
        String gatewayId = input.getClientInformation().getClientId();
        String ownDownlink = MqttTopics.downlink(gatewayId, "");
        String filter = input.getSubscription().getTopicFilter();
        if (filter.startsWith(ownDownlink) && filter.length() > ownDownlink.length()) {
            output.authorizeSuccessfully();
            return;
        }
        metrics.refused(Refusal.SUBSCRIBE_TOPIC);
        output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED,
                "gateway '" + gatewayId + "' may subscribe only under " + ownDownlink + "#");
    }
}
