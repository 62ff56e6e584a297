package city.urbanops.ingestion.command;

import city.urbanops.events.codec.EventType;
import city.urbanops.events.command.CommandResult;
import city.urbanops.events.command.CommandResult.Outcome;
import city.urbanops.ingestion.command.CommandMetrics.Ack;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import tools.jackson.core.JacksonException;

/**
 * A gateway's answer to a command, published on its own {@code city/v1/gw/{id}/ack}: judged (size, JSON, schema,
 * the gateway id of the topic, APPLIED or REFUSED only) and forwarded to {@code gateway.command-results}.
 */
public final class GatewayAcks {

    /** What an ack came to. */
    public sealed interface Verdict {
        /** Forward this result; the PUBACK waits for Kafka. */
        record Forward(CommandResult result) implements Verdict {
        }

        /** Never forwarded; the PUBACK carries the reason. */
        record Refuse(String reason) implements Verdict {
        }
    }

    private final CommandRecords records;
    private final CommandResults results;
    private final CommandMetrics metrics;
    private final long maxAckBytes;
    private final Clock clock;

    GatewayAcks(CommandRecords records, CommandResults results, CommandMetrics metrics, long maxAckBytes,
                Clock clock) {
        this.records = records;
        this.results = results;
        this.metrics = metrics;
        this.maxAckBytes = maxAckBytes;
        this.clock = clock;
    }

    /** Judges the ack {@code gatewayId} published on its own ack topic; {@code payload} is not consumed. */
    public Verdict judge(String gatewayId, ByteBuffer payload) {
        if (payload.remaining() > maxAckBytes) {
            return refuse("ack of " + payload.remaining() + " bytes exceeds the limit of " + maxAckBytes + " bytes");
        }
        var bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        try {
            var tree = records.tree(bytes);
            String violations = records.violations(EventType.COMMAND_RESULT, tree);
            if (violations != null) {
                return refuse(violations);
            }
            var result = records.value(tree, CommandResult.class);
            if (!gatewayId.equals(result.gatewayId())) {
                return refuse("gatewayId '" + result.gatewayId() + "' is not this gateway's, '" + gatewayId + "'");
            }
            if (result.outcome() != Outcome.APPLIED && result.outcome() != Outcome.REFUSED) {
                return refuse("a gateway answers APPLIED or REFUSED, not " + result.outcome());
            }
            // The gateway speaks for itself; the time it gave is kept, the reporter is the topic's gateway.
            var at = result.at() != null ? result.at() : clock.instant();
            return new Verdict.Forward(new CommandResult(result.commandId(), gatewayId, result.outcome(),
                    result.reason(), at, gatewayId));
        } catch (JacksonException unreadable) {
            return refuse("not JSON: " + unreadable.getOriginalMessage());
        }
    }

    /** Completes when Kafka acknowledged the result. */
    public CompletableFuture<Void> forward(CommandResult result) {
        return results.publish(result);
    }

    /** Counts an ack answered 0x00: on Kafka. */
    public void forwarded() {
        metrics.ack(Ack.FORWARDED);
    }

    /** Counts an ack answered 0x87 or 0x99: never forwarded. */
    public void refused() {
        metrics.ack(Ack.REFUSED);
    }

    /** Counts an ack answered 0x83: Kafka did not take it in time, the gateway sends it again. */
    public void retry() {
        metrics.ack(Ack.RETRY);
    }

    private Verdict refuse(String reason) {
        return new Verdict.Refuse(reason);
    }
}
