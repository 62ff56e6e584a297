package city.urbanops.ingestion.edge;

import com.hivemq.extension.sdk.api.interceptor.puback.PubackOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.puback.parameter.PubackOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.puback.parameter.PubackOutboundOutput;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One connection's MQTT 5 user properties waiting for the PUBACK of a packet id. HiveMQ's publish interceptor can set
 * a PUBACK's reason code and string but not its user properties, so the verdict leaves them here, keyed by the
 * PUBLISH's packet id, and this outbound interceptor puts them on that PUBACK. One instance per connection; it holds
 * at most as many entries as the connection has PUBLISHes in flight, and dies with the connection.
 */
final class PubackAnnotations implements PubackOutboundInterceptor {

    /** More than any receive maximum we configure in practice; a bound in case a PUBACK never goes out. */
    private static final int MAX_PENDING = 1024;

    private final ConcurrentHashMap<Integer, Map<String, String>> pending = new ConcurrentHashMap<>();

    /** The PUBACK for {@code packetId} will carry {@code userProperties}, in their iteration order. */
    void annotate(int packetId, Map<String, String> userProperties) {
        if (!userProperties.isEmpty() && pending.size() < MAX_PENDING) {
            pending.put(packetId, userProperties);
        }
    }

    @Override
    public void onOutboundPuback(PubackOutboundInput input, PubackOutboundOutput output) {
        var properties = pending.remove(input.getPubackPacket().getPacketIdentifier());
        if (properties != null) {
            var target = output.getPubackPacket().getUserProperties();
            properties.forEach(target::addUserProperty);
        }
    }
}
