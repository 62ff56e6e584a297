package city.urbanops.ingestion.command;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** The command relay's meters: {@code urbanops.ingestion.commands{outcome}} and {@code urbanops.ingestion.command.acks{outcome}}. */
final class CommandMetrics {

    /** What became of a command record at this instance. */
    enum Outcome {
        RECEIVED, DELIVERED, EXPIRED, EXPIRED_ON_ARRIVAL, ALREADY_HANDLED, DROPPED_STORE_FULL, DEAD_LETTERED,
        PUBACK_ERROR, RESULT_UNSENT
    }

    /** What became of a gateway's ack. */
    enum Ack { FORWARDED, REFUSED, RETRY }

    private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);
    private final Map<Ack, Counter> acks = new EnumMap<>(Ack.class);

    CommandMetrics(MeterRegistry meters) {
        for (var outcome : Outcome.values()) {
            outcomes.put(outcome, Counter.builder("urbanops.ingestion.commands")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .description("Gateway commands seen by this instance, by what became of them").register(meters));
        }
        for (var ack : Ack.values()) {
            acks.put(ack, Counter.builder("urbanops.ingestion.command.acks")
                    .tag("outcome", ack.name().toLowerCase(Locale.ROOT))
                    .description("Command results gateways published on their ack topic, by PUBACK outcome")
                    .register(meters));
        }
    }

    void count(Outcome outcome) {
        outcomes.get(outcome).increment();
    }

    void ack(Ack ack) {
        acks.get(ack).increment();
    }
}
