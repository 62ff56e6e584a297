package city.urbanops.edge.uplink;

import city.urbanops.security.health.InProcessHealthIndicator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the uplink: UP while at least one gateway is connected to ingestion, with the connection and queue of
 * each gateway as details, and the readings ingestion rejected out of delivered batches, by reason. A gateway that
 * cannot connect keeps buffering, so this is for operators, not a reason to restart the process. It reads only the
 * uplinks' in-memory state, so it is asked on every request.
 */
public final class UplinkHealthIndicator implements InProcessHealthIndicator {

    private final Uplinks uplinks;

    public UplinkHealthIndicator(Uplinks uplinks) {
        this.uplinks = uplinks;
    }

    @Override
    public Health health() {
        Map<String, Object> gateways = new LinkedHashMap<>();
        long connected = 0;
        for (GatewayUplink uplink : uplinks.all()) {
            boolean up = uplink.connected();
            connected += up ? 1 : 0;
            gateways.put(uplink.gatewayId(), Map.of("connected", up, "queuedBatches", uplink.queuedBatches(),
                    "rejectedReadings", uplink.rejectedReadings()));
        }
        var health = connected > 0 ? Health.up() : Health.down();
        return health.withDetail("connectedGateways", connected)
                .withDetail("gateways", uplinks.all().size())
                .withDetail("byGateway", gateways)
                .build();
    }
}
