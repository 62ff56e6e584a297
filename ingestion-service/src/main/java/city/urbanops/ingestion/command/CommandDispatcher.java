package city.urbanops.ingestion.command;

import city.urbanops.events.command.CommandResult;
import city.urbanops.events.command.GatewayCommand;
import city.urbanops.ingestion.command.CommandMetrics.Outcome;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the commands this instance consumed until it can deliver them or they expire. A command is delivered only
 * to a gateway connected to this instance, one at a time per gateway (again after the PUBACK timeout). A client
 * acknowledges QoS 1 messages in the order it received them (MQTT 5, 4.6), and gateways subscribe to nothing else a
 * server sends at QoS 1, so each PUBACK answers the oldest command sent on this connection that has not had its
 * PUBACK: a late PUBACK of a command that expired or was dropped meanwhile is never credited to the next one. A new
 * connection starts a new order (PUBACKs of messages its session re-sends are then not credited; the command is sent
 * again after the PUBACK timeout, and gateways apply a command id once). The PUBACK makes it DELIVERED; its
 * expiry passing while it is still held here makes it EXPIRED. A command some instance already delivered (its result
 * seen on {@code gateway.command-results}) is dropped, and an id delivered once is never delivered again by this
 * instance. Thread-safe: its state is guarded by this object; Kafka and MQTT are called outside the lock.
 */
public final class CommandDispatcher {

    private static final Logger log = LoggerFactory.getLogger(CommandDispatcher.class);

    private record Held(GatewayCommand command, TopicPartition from, long offset, Instant notBefore) {
    }

    private record InFlight(String commandId, Instant sentAt) {
    }

    /** Sends without a PUBACK per gateway beyond which their order is given up (a gateway that never acknowledges). */
    static final int MAX_AWAITING_PUBACK = 64;

    private final Map<String, Held> pending = new LinkedHashMap<>();
    private final Map<String, InFlight> inFlightByGateway = new HashMap<>();
    /** Per gateway, the commands sent on its current connection whose PUBACK has not come yet, oldest first. */
    private final Map<String, ArrayDeque<String>> awaitingPuback = new HashMap<>();
    private final RememberedIds finished;
    private final ArrayDeque<CommandResult> unsent = new ArrayDeque<>();
    private final CommandSettings settings;
    private final ResultPublisher results;
    private final Predicate<String> connectedHere;
    private final String instanceId;
    private final Clock clock;
    private final CommandMetrics metrics;
    private volatile CommandDownlink downlink;

    CommandDispatcher(CommandSettings settings, ResultPublisher results, Predicate<String> connectedHere,
                             String instanceId, Clock clock, MeterRegistry meters) {
        this.settings = settings;
        this.results = results;
        this.connectedHere = connectedHere;
        this.instanceId = instanceId;
        this.clock = clock;
        this.metrics = new CommandMetrics(meters);
        this.finished = new RememberedIds(settings.maxRemembered());
        Gauge.builder("urbanops.ingestion.commands.pending", this, CommandDispatcher::pendingCount)
                .description("Commands held for gateways not (yet) delivered to").register(meters);
    }

    /** Called once the MQTT edge runs; until then commands are only held. */
    public void useDownlink(CommandDownlink downlink) {
        this.downlink = downlink;
    }

    CommandMetrics metrics() {
        return metrics;
    }

    /** A command consumed from {@code gateway.commands} at {@code offset} of {@code from}. */
    synchronized void offer(GatewayCommand command, TopicPartition from, long offset) {
        metrics.count(Outcome.RECEIVED);
        Instant now = clock.instant();
        if (command.expiredAt(now)) {
            metrics.count(Outcome.EXPIRED_ON_ARRIVAL);
            return;
        }
        if (finished.contains(command.commandId()) || pending.containsKey(command.commandId())) {
            metrics.count(Outcome.ALREADY_HANDLED);
            return;
        }
        if (pending.size() >= settings.maxPending()) {
            dropTheOneExpiringFirst(command, from, offset);
            return;
        }
        pending.put(command.commandId(), new Held(command, from, offset, Instant.MIN));
    }

    private void dropTheOneExpiringFirst(GatewayCommand command, TopicPartition from, long offset) {
        var first = pending.values().stream()
                .min(Comparator.comparing((Held held) -> held.command().expiresAt())).orElseThrow();
        if (!first.command().expiresAt().isBefore(command.expiresAt())) {
            log.warn("Command store full ({} held): dropping command {} for gateway {}, which expires first",
                    pending.size(), command.commandId(), command.gatewayId());
        } else {
            pending.remove(first.command().commandId());
            inFlightByGateway.values().removeIf(flight -> flight.commandId().equals(first.command().commandId()));
            log.warn("Command store full ({} held): dropping command {} for gateway {}, which expires first",
                    pending.size(), first.command().commandId(), first.command().gatewayId());
            pending.put(command.commandId(), new Held(command, from, offset, Instant.MIN));
        }
        metrics.count(Outcome.DROPPED_STORE_FULL);
    }

    /** A result consumed from {@code gateway.command-results}: any instance's DELIVERED, or a final outcome, ends it here. */
    synchronized void resultSeen(CommandResult result) {
        finished.add(result.commandId());
        var held = pending.remove(result.commandId());
        if (held != null) {
            inFlightByGateway.remove(held.command().gatewayId(), inFlightByGateway.get(held.command().gatewayId()));
        }
    }

    /** A gateway (re)connected to this instance: PUBACKs of what an earlier connection was sent are not credited. */
    public synchronized void connected(String gatewayId) {
        awaitingPuback.remove(gatewayId);
        inFlightByGateway.remove(gatewayId);
    }

    /**
     * The gateway acknowledged the oldest command this instance sent it that had no PUBACK yet: it took it, or not
     * with the PUBACK's {@code code}.
     */
    public synchronized void pubackFrom(String gatewayId, boolean taken, String code) {
        var order = awaitingPuback.get(gatewayId);
        String commandId = order == null ? null : order.pollFirst();
        if (order != null && order.isEmpty()) {
            awaitingPuback.remove(gatewayId);
        }
        if (commandId == null) {
            return;
        }
        var flight = inFlightByGateway.get(gatewayId);
        if (flight != null && flight.commandId().equals(commandId)) {
            inFlightByGateway.remove(gatewayId);
        }
        var held = pending.get(commandId);
        if (held == null) {
            return; // answered, expired or dropped meanwhile: this PUBACK belongs to it, not to the next command
        }
        if (!taken) {
            // The gateway would not take it; try again a little later, and report EXPIRED if it never does.
            metrics.count(Outcome.PUBACK_ERROR);
            pending.put(commandId, new Held(held.command(), held.from(), held.offset(),
                    clock.instant().plusSeconds(5)));
            log.warn("Gateway {} answered command {} with PUBACK {}", gatewayId, commandId, code);
            return;
        }
        pending.remove(commandId);
        finished.add(commandId);
        metrics.count(Outcome.DELIVERED);
        // Runs on an MQTT thread, where Kafka's send() must not block: the next sweep publishes it.
        queueForReport(new CommandResult(commandId, gatewayId, CommandResult.Outcome.DELIVERED, null,
                clock.instant(), instanceId));
    }

    /**
     * Reports expired commands, delivers held ones to gateways connected here and retries results Kafka refused.
     * Runs on the relay's own scheduler, never on an MQTT or Kafka I/O thread.
     */
    void sweep() {
        Instant now = clock.instant();
        var expired = new ArrayList<CommandResult>();
        var toSend = new ArrayList<GatewayCommand>();
        var retry = new ArrayList<CommandResult>();
        var currentDownlink = downlink;
        synchronized (this) {
            var held = pending.values().iterator();
            while (held.hasNext()) {
                var next = held.next();
                var command = next.command();
                if (command.expiredAt(now)) {
                    held.remove();
                    finished.add(command.commandId());
                    inFlightByGateway.remove(command.gatewayId(), inFlightByGateway.get(command.gatewayId()));
                    metrics.count(Outcome.EXPIRED);
                    expired.add(new CommandResult(command.commandId(), command.gatewayId(),
                            CommandResult.Outcome.EXPIRED, "not delivered before it expired at "
                            + command.expiresAt() + ": the gateway was not connected", now, instanceId));
                    continue;
                }
                if (currentDownlink == null || now.isBefore(next.notBefore())
                        || !connectedHere.test(command.gatewayId())) {
                    continue;
                }
                var flight = inFlightByGateway.get(command.gatewayId());
                if (flight != null && flight.sentAt().plus(settings.pubackTimeout()).isAfter(now)) {
                    continue;
                }
                var order = awaitingPuback.computeIfAbsent(command.gatewayId(), g -> new ArrayDeque<>());
                if (order.size() >= MAX_AWAITING_PUBACK) {
                    // Many sends without a single PUBACK: nothing can be credited with certainty on this connection.
                    log.warn("Gateway {} acknowledged none of its last {} commands; their PUBACKs are no longer "
                            + "credited", command.gatewayId(), order.size());
                    order.clear();
                }
                order.addLast(command.commandId());
                inFlightByGateway.put(command.gatewayId(), new InFlight(command.commandId(), now));
                toSend.add(command);
            }
            retry.addAll(unsent);
            unsent.clear();
        }
        expired.forEach(this::report);
        retry.forEach(this::report);
        toSend.forEach(command -> send(currentDownlink, command, now));
    }

    private void send(CommandDownlink to, GatewayCommand command, Instant now) {
        try {
            to.send(command, Duration.between(now, command.expiresAt())).whenComplete((queued, failure) -> {
                if (failure != null || !Boolean.TRUE.equals(queued)) {
                    // Not subscribed yet (it subscribes right after connecting) or not sendable: the next sweep tries.
                    synchronized (this) {
                        notSent(command);
                    }
                }
            });
        } catch (RuntimeException failure) {
            log.warn("Command {} could not be handed to the MQTT edge: {}", command.commandId(), failure.toString());
            synchronized (this) {
                notSent(command);
            }
        }
    }

    /** The command never reached the connection: no PUBACK will answer it. */
    private void notSent(GatewayCommand command) {
        var flight = inFlightByGateway.get(command.gatewayId());
        if (flight != null && flight.commandId().equals(command.commandId())) {
            inFlightByGateway.remove(command.gatewayId());
        }
        var order = awaitingPuback.get(command.gatewayId());
        if (order != null) {
            order.removeLastOccurrence(command.commandId());
        }
    }

    private void report(CommandResult result) {
        results.publish(result).whenComplete((ok, failure) -> {
            if (failure != null) {
                log.warn("Kafka did not take result {}; trying again: {}", result.eventId(), failure.toString());
                synchronized (this) {
                    queueForReport(result);
                }
            }
        });
    }

    private void queueForReport(CommandResult result) {
        if (unsent.size() < settings.maxUnsentResults()) {
            unsent.add(result);
        } else {
            metrics.count(Outcome.RESULT_UNSENT);
            log.error("Result {} lost: {} results already wait for Kafka", result.eventId(), unsent.size());
        }
    }

    /** Per partition of {@code gateway.commands}, the lowest offset still held: the relay commits no further. */
    synchronized Map<TopicPartition, Long> lowestHeldOffsets() {
        var lowest = new HashMap<TopicPartition, Long>();
        for (var held : pending.values()) {
            lowest.merge(held.from(), held.offset(), Math::min);
        }
        return lowest;
    }

    synchronized int pendingCount() {
        return pending.size();
    }

    synchronized List<String> pendingIds() {
        return List.copyOf(pending.keySet());
    }
}
