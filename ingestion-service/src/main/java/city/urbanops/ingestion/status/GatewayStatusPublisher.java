package city.urbanops.ingestion.status;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.CloudEventRecords;
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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Produces {@link GatewayStatusEvent}s to {@code gateway.status}, keyed by gateway id so that one gateway's events
 * stay in order on one partition.
 */
public final class GatewayStatusPublisher {

    private final KafkaRecordSender sender;
    private final EventJson json;
    private final Clock clock;
    private final String instanceId;
    private final URI source;
    private final Counter published;
    private final Counter failed;

    public GatewayStatusPublisher(KafkaRecordSender sender, EventJson json, Clock clock, String instanceId,
                                  URI source, MeterRegistry meters) {
        this.sender = sender;
        this.json = json;
        this.clock = clock;
        this.instanceId = instanceId;
        this.source = source;
        this.published = Counter.builder("urbanops.ingestion.status.events").tag("outcome", "published")
                .description("Gateway status events produced to Kafka").register(meters);
        this.failed = Counter.builder("urbanops.ingestion.status.events").tag("outcome", "failed")
                .description("Gateway status events Kafka did not acknowledge").register(meters);
    }

    /** The gateway's MQTT connection was accepted. */
    public CompletableFuture<Void> connected(String gatewayId) {
        return publish(new GatewayStatusEvent(gatewayId, Connectivity.ONLINE, Cause.CONNECTED, null, instanceId,
                clock.instant()));
    }

    /** The gateway's MQTT connection ended for {@code cause}. */
    public CompletableFuture<Void> disconnected(String gatewayId, Cause cause, String detail) {
        return publish(new GatewayStatusEvent(gatewayId, Connectivity.OFFLINE, cause, detail, instanceId,
                clock.instant()));
    }

    /** The gateway published {@code payload} on its own status topic. */
    public CompletableFuture<Void> reported(String gatewayId, ByteBuffer payload) {
        var report = StatusReport.parse(payload, json);
        return publish(new GatewayStatusEvent(gatewayId, report.connectivity(), Cause.GATEWAY_REPORTED,
                report.detail(), instanceId, clock.instant()));
    }

    private CompletableFuture<Void> publish(GatewayStatusEvent event) {
        var record = CloudEventRecords.toRecord(Topics.GATEWAY_STATUS, event.gatewayId(), EventType.GATEWAY_STATUS,
                UUID.randomUUID().toString(), source, event.gatewayId(), event.time(), json.write(event));
        return sender.sendAll(List.of(record)).whenComplete((ok, failure) -> {
            if (failure == null) {
                published.increment();
            } else {
                failed.increment();
            }
        });
    }
}
