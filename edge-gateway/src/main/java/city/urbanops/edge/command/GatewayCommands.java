package city.urbanops.edge.command;

import city.urbanops.edge.command.CommandPolicy.Verdict;
import city.urbanops.edge.simulation.SimulatedCity;
import city.urbanops.edge.simulation.SimulatedDevice;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.command.CommandResult;
import city.urbanops.events.command.CommandResult.Outcome;
import city.urbanops.events.command.GatewayCommand;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * One gateway's command handling: decodes a command, applies it to the simulated devices or refuses it with a
 * reason, and queues the answer (APPLIED or REFUSED) for its ack topic. A command id is handled once: a copy is
 * answered again with the first outcome (the last {@code maxRemembered} ids are kept). Answers wait in a queue of at
 * most {@code maxQueuedAcks} while the gateway is disconnected; over it the oldest is dropped (counted). Thread-safe.
 */
public final class GatewayCommands {

    private static final Logger log = LoggerFactory.getLogger(GatewayCommands.class);

    private final String gatewayId;
    private final SimulatedCity city;
    private final EventJson json;
    private final Clock clock;
    private final int maxQueuedAcks;
    private final Map<String, CommandResult> answered;
    private final ArrayDeque<CommandResult> acks = new ArrayDeque<>();
    private final Counter received;
    private final Counter applied;
    private final Counter refused;
    private final Counter acksDropped;

    GatewayCommands(String gatewayId, SimulatedCity city, EventJson json, Clock clock, int maxRemembered,
                    int maxQueuedAcks, MeterRegistry meters) {
        this.gatewayId = gatewayId;
        this.city = city;
        this.json = json;
        this.clock = clock;
        this.maxQueuedAcks = maxQueuedAcks;
        this.answered = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CommandResult> eldest) {
                return size() > maxRemembered;
            }
        };
        this.received = counter(meters, "urbanops.edge.commands", "received", "Commands received from ingestion");
        this.applied = counter(meters, "urbanops.edge.commands", "applied", "Commands applied");
        this.refused = counter(meters, "urbanops.edge.commands", "refused", "Commands refused, with a reason");
        this.acksDropped = counter(meters, "urbanops.edge.command.acks", "dropped",
                "Command answers dropped because the ack queue was full");
    }

    private Counter counter(MeterRegistry meters, String name, String outcome, String description) {
        return Counter.builder(name).tag("gateway", gatewayId).tag("outcome", outcome).description(description)
                .register(meters);
    }

    public String gatewayId() {
        return gatewayId;
    }

    /** A command payload as it arrived on the command topic. */
    public void arrived(byte[] payload) {
        received.increment();
        GatewayCommand command;
        try {
            command = json.read(payload, GatewayCommand.class);
        } catch (JacksonException unreadable) {
            // Without a command id there is nobody to answer: ingestion checked it against the schema already.
            refused.increment();
            log.warn("Gateway {} received a command it cannot read: {}", gatewayId, unreadable.getOriginalMessage());
            return;
        }
        if (command.commandId() == null) {
            refused.increment();
            log.warn("Gateway {} received a command without commandId; not answered", gatewayId);
            return;
        }
        synchronized (this) {
            var first = answered.get(command.commandId());
            if (first != null) {
                queue(first);
                return;
            }
            var result = handle(command);
            answered.put(command.commandId(), result);
            queue(result);
        }
    }

    private CommandResult handle(GatewayCommand command) {
        var now = clock.instant();
        if (!gatewayId.equals(command.gatewayId())) {
            return answer(command, Outcome.REFUSED, "the command is for gateway '" + command.gatewayId() + "'");
        }
        var verdict = CommandPolicy.judge(command, now, city.devicesOf(gatewayId), city.districtOf(gatewayId));
        String applied = switch (verdict) {
            case Verdict.Refused refusal -> null;
            case Verdict.SetSampling sampling -> {
                sampling.devices().forEach(device -> device.sampleEvery(sampling.interval()));
                yield "sampling every " + sampling.interval().toSeconds() + " s on " + names(sampling.devices());
            }
            case Verdict.SwitchLights lights -> {
                lights.lights().forEach(light -> light.forceLight(lights.on()));
                yield "streetlight group " + lights.group() + " switched " + (lights.on() ? "ON" : "OFF") + " ("
                        + names(lights.lights()) + ")";
            }
            case Verdict.SetValve valve -> {
                valve.device().closeValve(valve.closed());
                yield "valve of " + valve.device().id() + (valve.closed() ? " closed" : " opened");
            }
        };
        if (verdict instanceof Verdict.Refused refusal) {
            this.refused.increment();
            log.info("Gateway {} refused command {} ({}): {}", gatewayId, command.commandId(), command.type(),
                    refusal.reason());
            return answer(command, Outcome.REFUSED, refusal.reason());
        }
        this.applied.increment();
        log.info("Gateway {} applied command {}: {}", gatewayId, command.commandId(), applied);
        return answer(command, Outcome.APPLIED, applied);
    }

    private static String names(java.util.List<SimulatedDevice> devices) {
        var shown = devices.stream().limit(5).map(SimulatedDevice::id).collect(Collectors.joining(", "));
        return devices.size() > 5 ? shown + " and " + (devices.size() - 5) + " more" : shown;
    }

    private CommandResult answer(GatewayCommand command, Outcome outcome, String reason) {
        String bounded = reason.length() <= 1000 ? reason : reason.substring(0, 1000);
        return new CommandResult(command.commandId(), gatewayId, outcome, bounded, clock.instant(), gatewayId);
    }

    private synchronized void queue(CommandResult result) {
        if (acks.size() >= maxQueuedAcks) {
            var dropped = acks.removeFirst();
            acksDropped.increment();
            log.warn("Gateway {} ack queue full ({}): dropped the answer to command {}", gatewayId, maxQueuedAcks,
                    dropped.commandId());
        }
        acks.addLast(result);
    }

    /** The oldest answer waiting to go out, if any. */
    synchronized Optional<CommandResult> nextAck() {
        return Optional.ofNullable(acks.peekFirst());
    }

    /** The oldest answer went out (or was refused for good): forget it. */
    synchronized void ackSent(CommandResult result) {
        if (acks.peekFirst() == result) {
            acks.removeFirst();
        }
    }

    synchronized int queuedAcks() {
        return acks.size();
    }
}
