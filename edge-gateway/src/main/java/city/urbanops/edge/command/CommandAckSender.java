package city.urbanops.edge.command;

import city.urbanops.edge.uplink.CommandLink;
import city.urbanops.edge.uplink.Uplinks;
import city.urbanops.events.codec.EventJson;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Sends every gateway's queued command answers on its ack topic while it is connected, oldest first, on a thread of
 * its own (never on the MQTT client's callback thread, which must not wait for a PUBACK). An answer leaves the queue
 * on a success PUBACK or on one that refuses it for good (0x87, 0x99: logged); otherwise it is tried again.
 */
public final class CommandAckSender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CommandAckSender.class);

    private final List<GatewayCommands> gateways;
    private final Function<String, CommandLink> links;
    private final EventJson json;
    private final Duration every;
    private ScheduledExecutorService sender;
    private volatile boolean running;

    CommandAckSender(List<GatewayCommands> gateways, Function<String, CommandLink> links, EventJson json,
                     Duration every) {
        this.gateways = List.copyOf(gateways);
        this.links = links;
        this.json = json;
        this.every = every;
    }

    @Override
    public void start() {
        sender = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("command-acks").daemon().factory());
        sender.scheduleWithFixedDelay(this::sendQueued, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        running = true;
    }

    void sendQueued() {
        for (var gateway : gateways) {
            try {
                drain(gateway);
            } catch (RuntimeException unexpected) {
                log.error("Gateway {} could not send its command answers; trying again", gateway.gatewayId(),
                        unexpected);
            }
        }
    }

    private void drain(GatewayCommands gateway) {
        var link = links.apply(gateway.gatewayId());
        while (link.isConnected()) {
            var next = gateway.nextAck();
            if (next.isEmpty()) {
                return;
            }
            int code = link.publishAck(json.write(next.get()));
            if (code >= 0 && code < 0x80) {
                gateway.ackSent(next.get());
            } else if (code == 0x87 || code == 0x99) {
                log.warn("Gateway {}: the answer to command {} was refused for good (PUBACK 0x{})",
                        gateway.gatewayId(), next.get().commandId(), Integer.toHexString(code));
                gateway.ackSent(next.get());
            } else {
                return;
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        if (sender != null) {
            sender.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the uplinks close their connections. */
    @Override
    public int getPhase() {
        return Uplinks.PHASE + 1;
    }
}
