package city.urbanops.edge.uplink;

import city.urbanops.edge.config.EdgeGatewayProperties.Uplink;
import city.urbanops.edge.uplink.UplinkMetrics.Outcome;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.uplink.Reading;
import city.urbanops.events.uplink.UplinkBatch;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway's uplink: batches its readings, queues the batches and delivers them in order, one at a time, over
 * its MQTT connection. A batch leaves the queue only when ingestion acknowledged it or refused it for good; any other
 * answer resends the same batch after a backoff before anything newer is sent. While its {@link Backhaul} is cut the
 * connection is dropped without DISCONNECT and not re-established, readings keep queueing (within the bounded queue),
 * and once the link is back the gateway reconnects and delivers the queue in order.
 */
public final class GatewayUplink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayUplink.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(250);

    private final String gatewayId;
    private final UplinkTransport transport;
    private final Backhaul backhaul;
    private final Uplink settings;
    private final UplinkMetrics metrics;
    private final EventJson json;
    private final Clock clock;
    private final ReadingBatcher batcher;
    private final BatchQueue queue;
    private final Backoff backoff;
    private final Set<Integer> reportedRejections = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Long> rejectedReadings = new ConcurrentHashMap<>();
    private volatile boolean running;
    private String cutBy;
    private boolean failing;
    private Thread sender;

    public GatewayUplink(String gatewayId, UplinkTransport transport, Backhaul backhaul, Uplink settings,
                         UplinkMetrics metrics, EventJson json, Clock clock) {
        this.gatewayId = gatewayId;
        this.transport = transport;
        this.backhaul = backhaul;
        this.settings = settings;
        this.metrics = metrics;
        this.json = json;
        this.clock = clock;
        this.batcher = new ReadingBatcher(settings.batchMaxReadings(), settings.batchMaxDelay());
        this.queue = new BatchQueue(settings.queueCapacity());
        this.backoff = new Backoff(settings.retryInitialBackoff(), settings.retryMaxBackoff());
        metrics.queueDepth(gatewayId, queue::depth);
        metrics.queuedReadings(gatewayId, queue::readings);
        metrics.backhaulCut(gatewayId, () -> cutReason().isPresent() ? 1 : 0);
    }

    public String gatewayId() {
        return gatewayId;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        sender = Thread.ofPlatform().name("uplink-" + gatewayId).daemon().start(this::sendUntilStopped);
    }

    /** Adds readings to the open batch; full batches are queued at once. */
    public void submit(List<Reading> readings) {
        synchronized (batcher) {
            batcher.add(readings, clock.instant()).forEach(this::enqueue);
        }
    }

    /** Queues the open batch if it has waited long enough. */
    public void flushDue() {
        synchronized (batcher) {
            batcher.due(clock.instant()).ifPresent(this::enqueue);
        }
    }

    public boolean connected() {
        return transport.isConnected();
    }

    /** Readings ingestion dead-lettered out of delivered batches since start, by its reject reason. */
    public Map<String, Long> rejectedReadings() {
        return new TreeMap<>(rejectedReadings);
    }

    public int queuedBatches() {
        return queue.depth();
    }

    /** Readings waiting in the queue (what a cut backhaul has buffered so far, plus what is on its way). */
    public int queuedReadings() {
        return queue.readings();
    }

    /** The fault that cuts this gateway's backhaul right now, if any: a deliberate outage, not a failure. */
    public Optional<String> cutReason() {
        return backhaul.cutReason(gatewayId);
    }

    /**
     * Queues what is open, gives the sender {@code drainOnShutdown} to deliver what is queued, then announces the
     * gateway offline. What is still queued then is lost, which the durable buffer will fix.
     */
    @Override
    public void close() {
        synchronized (batcher) {
            batcher.drain().ifPresent(this::enqueue);
        }
        try {
            // A gateway whose backhaul is cut cannot drain: waiting would only delay the shutdown.
            if (running && cutReason().isEmpty() && !queue.awaitEmpty(settings.drainOnShutdown())) {
                log.warn("Gateway {} stops with {} batches ({} readings) undelivered", gatewayId, queue.depth(),
                        queue.readings());
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        running = false;
        if (sender != null) {
            sender.interrupt();
            try {
                sender.join(Duration.ofSeconds(5));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        transport.close();
    }

    private void enqueue(List<Reading> readings) {
        if (!queue.offer(new UplinkBatch(gatewayId, null, readings))) {
            metrics.record(gatewayId, Outcome.DROPPED, readings.size());
            log.debug("Gateway {} queue full ({} batches): dropped {} readings", gatewayId, settings.queueCapacity(),
                    readings.size());
        }
    }

    private void sendUntilStopped() {
        while (running) {
            try {
                var head = queue.awaitHead(IDLE_POLL);
                Optional<String> cut = backhaul.cutReason(gatewayId);
                if (cut.isPresent()) {
                    holdWhileCut(cut.get());
                } else if (cutBy != null) {
                    restoreAfterCut();
                } else if (!transport.ensureConnected()) {
                    pause();
                } else if (head.isPresent()) {
                    send(head.get());
                }
            } catch (InterruptedException interrupted) {
                return;
            } catch (RuntimeException unexpected) {
                // The sender must outlive any bug in one attempt, or the gateway would silently stop delivering.
                log.error("Gateway {} uplink attempt failed unexpectedly; retrying", gatewayId, unexpected);
                try {
                    pause();
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void send(UplinkBatch queued) throws InterruptedException {
        var stamped = new UplinkBatch(gatewayId, clock.instant(), queued.readings());
        int readings = queued.readings().size();
        switch (transport.publish(json.write(stamped))) {
            case PubackOutcome.Delivered delivered -> {
                queue.removeHead(queued);
                int rejected = delivered.rejectedCount();
                metrics.record(gatewayId, Outcome.DELIVERED, readings - rejected);
                if (rejected > 0) {
                    noteRejectedReadings(delivered.rejectedReadings());
                }
                if (failing) {
                    log.info("Gateway {} delivers again", gatewayId);
                    failing = false;
                }
                backoff.reset();
            }
            case PubackOutcome.Rejected rejected -> {
                queue.removeHead(queued);
                metrics.record(gatewayId, Outcome.REJECTED, readings);
                if (reportedRejections.add(rejected.reasonCode())) {
                    log.error("Gateway {}: ingestion refused a batch of {} readings for good (PUBACK 0x{}: {}); "
                                    + "such batches are dropped and counted in urbanops.edge.readings{outcome=rejected}",
                            gatewayId, readings, Integer.toHexString(rejected.reasonCode()), rejected.reason());
                }
            }
            case PubackOutcome.RetryLater retry -> {
                metrics.record(gatewayId, Outcome.RETRIED, readings);
                if (!failing) {
                    log.warn("Gateway {}: batch not delivered ({}: {}); retrying with backoff", gatewayId,
                            retry.reasonCode() == PubackOutcome.NO_PUBACK ? "no PUBACK"
                                    : "PUBACK 0x" + Integer.toHexString(retry.reasonCode()), retry.reason());
                    failing = true;
                }
                pause();
            }
        }
    }

    /** Readings of a delivered batch that ingestion rejected: counted by reason, and each new reason logged once. */
    private void noteRejectedReadings(Map<String, Integer> byReason) {
        byReason.forEach((reason, count) -> {
            metrics.rejectedReadings(gatewayId, reason, count);
            if (rejectedReadings.merge(reason, (long) count, Long::sum) == (long) count) {
                log.warn("Gateway {}: ingestion rejected {} reading(s) of a delivered batch as {}; see "
                        + "telemetry.rejected for each one and urbanops.edge.rejected.readings for the count",
                        gatewayId, count, reason);
            }
        });
    }

    /**
     * Drops the connection once when the cut begins and then waits in short steps, never in the growing backoff, so
     * the gateway is back within two {@code IDLE_POLL}s of the cut ending. Not connecting is the whole point here.
     */
    private void holdWhileCut(String reason) throws InterruptedException {
        if (cutBy == null) {
            log.warn("Gateway {}: backhaul cut by {}; connection dropped without DISCONNECT, queued readings wait "
                    + "until it ends", gatewayId, reason);
            transport.dropConnection();
        }
        cutBy = reason;
        Thread.sleep(IDLE_POLL);
    }

    private void restoreAfterCut() {
        log.info("Gateway {}: backhaul back after {}; reconnecting to deliver {} buffered batches ({} readings)",
                gatewayId, cutBy, queue.depth(), queue.readings());
        cutBy = null;
        backoff.reset();
    }

    private void pause() throws InterruptedException {
        Thread.sleep(backoff.nextDelay());
    }
}
