package city.urbanops.ingestion.status;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.CloudEventRecords;
import city.urbanops.events.codec.EventIds;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventType;
import city.urbanops.events.gateway.GatewayStatusEvent;
import city.urbanops.events.gateway.GatewayStatusEvent.Cause;
import city.urbanops.events.gateway.GatewayStatusEvent.Connectivity;
import city.urbanops.ingestion.publishing.KafkaRecordSender;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Produces {@link GatewayStatusEvent}s to {@code gateway.status}, keyed by gateway id so that one gateway's events
 * stay in order on one partition, and keeps {@link ConnectedGateways} in step with them. A status event's id is
 * derived from what it is — the gateway, this instance, the connection (named by when it was authenticated), the
 * cause and, for a gateway's own report, a digest of what it said — so a report the gateway re-sends after an error
 * PUBACK on the same connection has the same id.
 */
public final class GatewayStatusPublisher {

    private final KafkaRecordSender sender;
    private final EventJson json;
    private final Clock clock;
    private final ConnectedGateways connectedGateways;
    private final String instanceId;
    private final URI source;
    private final Counter published;
    private final Counter failed;

    public GatewayStatusPublisher(KafkaRecordSender sender, EventJson json, Clock clock,
                                  ConnectedGateways connectedGateways, String instanceId, URI source,
                                  MeterRegistry meters) {
        this.sender = sender;
        this.json = json;
        this.clock = clock;
        this.connectedGateways = connectedGateways;
        this.instanceId = instanceId;
        this.source = source;
        this.published = Counter.builder("urbanops.ingestion.status.events").tag("outcome", "published")
                .description("Gateway status events produced to Kafka").register(meters);
        this.failed = Counter.builder("urbanops.ingestion.status.events").tag("outcome", "failed")
                .description("Gateway status events Kafka did not acknowledge").register(meters);
    }

    /** The gateway's MQTT connection was accepted: it counts as connected from now. */
    public CompletableFuture<Void> connected(String gatewayId) {
        Instant now = clock.instant();
        connectedGateways.connected(gatewayId, now);
        return publish(new GatewayStatusEvent(gatewayId, Connectivity.ONLINE, Cause.CONNECTED, null, instanceId, now),
                idOf(gatewayId, now, Cause.CONNECTED));
    }

    /** The gateway's MQTT connection ended for {@code cause}: one connection fewer. */
    public CompletableFuture<Void> disconnected(String gatewayId, Cause cause, String detail) {
        Instant since = connectedGateways.connectedSince(gatewayId).orElse(null);
        connectedGateways.disconnected(gatewayId);
        return publish(new GatewayStatusEvent(gatewayId, Connectivity.OFFLINE, cause, detail, instanceId,
                clock.instant()), idOf(gatewayId, since, cause));
    }

    /** The gateway published {@code payload} on its own status topic. */
    public CompletableFuture<Void> reported(String gatewayId, ByteBuffer payload) {
        var report = StatusReport.parse(payload, json);
        Instant since = connectedGateways.connectedSince(gatewayId).orElse(null);
        return publish(new GatewayStatusEvent(gatewayId, report.connectivity(), Cause.GATEWAY_REPORTED,
                report.detail(), instanceId, clock.instant()),
                idOf(gatewayId, since, Cause.GATEWAY_REPORTED) + "/" + EventIds.digest(payload));
    }

    /** {@code gatewayId/instance/connectedSince/cause}: one connection of one gateway to one instance has one each. */
    private String idOf(String gatewayId, Instant connectedSince, Cause cause) {
        return gatewayId + "/" + instanceId + "/" + (connectedSince == null ? "unconnected" : connectedSince) + "/"
                + cause;
    }

    private CompletableFuture<Void> publish(GatewayStatusEvent event, String id) {
        var record = CloudEventRecords.toRecord(Topics.GATEWAY_STATUS, event.gatewayId(), EventType.GATEWAY_STATUS,
                id, source, event.gatewayId(), event.time(), json.write(event));
        return sender.sendAll(List.of(record)).whenComplete((ok, failure) -> {
            if (failure == null) {
                published.increment();
            } else {
                failed.increment();
            }
        });
    }
}
