package city.urbanops.operatorapi.command;

import city.urbanops.events.command.CommandType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Commands' meters, registered once: {@code urbanops.commands.transitions} by {@code type} and {@code outcome}
 * (proposed, approved, rejected, applied, refused, expired), {@code urbanops.commands.outbox.size},
 * {@code urbanops.commands.dead-letters} by {@code reason}.
 */
@Component
class CommandMetrics {

    /** What happened to a command, as the {@code outcome} tag. */
    enum Outcome { PROPOSED, APPROVED, REJECTED, APPLIED, REFUSED, EXPIRED }

    private final Map<CommandType, Map<Outcome, Counter>> transitions = new EnumMap<>(CommandType.class);
    private final Map<CommandDeadLetters.Reason, Counter> deadLetters = new EnumMap<>(CommandDeadLetters.Reason.class);
    private final AtomicLong outboxSize = new AtomicLong();

    CommandMetrics(MeterRegistry meters) {
        for (CommandType type : CommandType.values()) {
            Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                byOutcome.put(outcome, Counter.builder("urbanops.commands.transitions")
                        .description("Commands that reached a state, by type")
                        .tag("type", type.name()).tag("outcome", outcome.name().toLowerCase())
                        .register(meters));
            }
            transitions.put(type, byOutcome);
        }
        for (CommandDeadLetters.Reason reason : CommandDeadLetters.Reason.values()) {
            deadLetters.put(reason, Counter.builder("urbanops.commands.dead-letters")
                    .description("Command results that could not be applied and went to the dead letter")
                    .tag("reason", reason.name()).register(meters));
        }
        Gauge.builder("urbanops.commands.outbox.size", outboxSize, AtomicLong::get)
                .description("Approved commands waiting to be published").register(meters);
    }

    void counted(CommandType type, Outcome outcome) {
        transitions.get(type).get(outcome).increment();
    }

    void deadLettered(CommandDeadLetters.Reason reason) {
        deadLetters.get(reason).increment();
    }

    void outboxSize(long size) {
        outboxSize.set(size);
    }
}
