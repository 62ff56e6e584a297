package city.urbanops.edge.uplink;

import city.urbanops.security.health.InProcessHealthIndicator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the uplink: UP while at least one gateway is connected to ingestion, or while every gateway that is not
 * connected is down on purpose (a simulated UPLINK_LOSS or POWER_LOSS cuts its backhaul). Details: the connection and
 * queue of each gateway, the fault cutting it, and the readings ingestion rejected out of delivered batches, by
 * reason. A gateway that cannot connect keeps buffering, so this is for operators, not a reason to restart the
 * process. It reads only the uplinks' in-memory state, so it is asked on every request.
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
        long cut = 0;
        long failing = 0;
        for (GatewayUplink uplink : uplinks.all()) {
            boolean up = uplink.connected();
            Optional<String> cutReason = uplink.cutReason();
            connected += up ? 1 : 0;
            cut += cutReason.isPresent() ? 1 : 0;
            failing += !up && cutReason.isEmpty() ? 1 : 0;
            var details = new LinkedHashMap<String, Object>();
            details.put("connected", up);
            cutReason.ifPresent(reason -> details.put("deliberatelyDown", "backhaul cut by simulated " + reason));
            details.put("queuedBatches", uplink.queuedBatches());
            details.put("queuedReadings", uplink.queuedReadings());
            details.put("rejectedReadings", uplink.rejectedReadings());
            gateways.put(uplink.gatewayId(), details);
        }
        int all = uplinks.all().size();
        // A gateway cut by a simulated fault is down because someone asked for it, not because something failed.
        var health = connected > 0 || (all > 0 && failing == 0) ? Health.up() : Health.down();
        return health.withDetail("connectedGateways", connected)
                .withDetail("deliberatelyDownGateways", cut)
                .withDetail("gateways", all)
                .withDetail("byGateway", gateways)
                .build();
    }
}
