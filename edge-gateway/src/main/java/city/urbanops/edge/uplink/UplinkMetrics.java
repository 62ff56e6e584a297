package city.urbanops.edge.uplink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * The uplink's Micrometer meters, all tagged with the gateway: {@code urbanops.edge.readings} and
 * {@code urbanops.edge.batches} by outcome, {@code urbanops.edge.queue.depth} and {@code urbanops.edge.queue.readings}
 * (batches and readings waiting), and {@code urbanops.edge.backhaul.cut} (1 while a simulated fault cuts the link).
 */
public final class UplinkMetrics {

    /** How a reading or batch left the gateway (or did not). */
    public enum Outcome {
        /** Acknowledged by ingestion with a success PUBACK. */
        DELIVERED,
        /** Refused for good by ingestion (payload format invalid, not authorized): dropped. */
        REJECTED,
        /** Thrown away by the gateway because its queue was full. */
        DROPPED,
        /** An attempt that must be repeated (error PUBACK, no PUBACK); counted for batches only. */
        RETRIED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final MeterRegistry registry;

    public UplinkMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String gatewayId, Outcome outcome, int readings) {
        counter("urbanops.edge.batches", "Uplink batches by outcome", gatewayId, outcome).increment();
        if (outcome != Outcome.RETRIED) {
            counter("urbanops.edge.readings", "Readings by outcome", gatewayId, outcome).increment(readings);
        }
    }

    /** Readings of delivered batches that ingestion rejected, by its reject reason (from the PUBACK). */
    void rejectedReadings(String gatewayId, String reason, int count) {
        Counter.builder("urbanops.edge.rejected.readings")
                .description("Readings of delivered batches that ingestion rejected, by reject reason")
                .tag("gateway", gatewayId)
                .tag("reason", reason)
                .register(registry)
                .increment(count);
        counter("urbanops.edge.readings", "Readings by outcome", gatewayId, Outcome.REJECTED).increment(count);
    }

    void queueDepth(String gatewayId, Supplier<Number> depth) {
        Gauge.builder("urbanops.edge.queue.depth", depth)
                .description("Batches waiting to be delivered")
                .baseUnit("batches")
                .tag("gateway", gatewayId)
                .register(registry);
    }

    void queuedReadings(String gatewayId, Supplier<Number> readings) {
        Gauge.builder("urbanops.edge.queue.readings", readings)
                .description("Readings waiting to be delivered")
                .baseUnit("readings")
                .tag("gateway", gatewayId)
                .register(registry);
    }

    /** 1 while a simulated fault cuts the gateway's backhaul: a deliberate outage, to tell apart from a failure. */
    void backhaulCut(String gatewayId, Supplier<Number> cut) {
        Gauge.builder("urbanops.edge.backhaul.cut", cut)
                .description("1 while a simulated fault (UPLINK_LOSS, POWER_LOSS) cuts the gateway's backhaul")
                .tag("gateway", gatewayId)
                .register(registry);
    }

    private Counter counter(String name, String description, String gatewayId, Outcome outcome) {
        return Counter.builder(name)
                .description(description)
                .tag("gateway", gatewayId)
                .tag("outcome", outcome.tag())
                .register(registry);
    }
}
