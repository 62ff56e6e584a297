package city.urbanops.ingestion.command;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.command.CommandResult;
import city.urbanops.events.command.CommandResult.Outcome;
import city.urbanops.events.command.GatewayCommand;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** What an instance holds, delivers, expires and forgets, on a clock the test moves. */
class CommandDispatcherTest {

    private static final TopicPartition PARTITION = new TopicPartition("gateway.commands", 0);
    private static final Instant START = Instant.parse("2026-11-30T12:00:00Z");

    private final MovableClock clock = new MovableClock(START);
    private final List<CommandResult> reported = new ArrayList<>();
    private final List<GatewayCommand> sent = new ArrayList<>();
    private final Set<String> connected = new HashSet<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CommandDispatcher dispatcher = new CommandDispatcher(
            new CommandSettings("g-", 2, 100, DataSize.ofKilobytes(4), Duration.ofMillis(250), Duration.ofSeconds(30),
                    100),
            result -> {
                reported.add(result);
                return CompletableFuture.completedFuture(null);
            }, connected::contains, "i-1", clock, meters);

    {
        dispatcher.useDownlink((command, expiresIn) -> {
            sent.add(command);
            return CompletableFuture.completedFuture(true);
        });
    }

    @Test
    void aHeldCommandIsDeliveredWhenItsGatewayConnectsAndReportedDeliveredAfterThePuback() {
        var command = command("gw-a", Duration.ofMinutes(5));
        dispatcher.offer(command, PARTITION, 7);
        dispatcher.sweep();
        assertThat(sent).isEmpty();

        connected.add("gw-a");
        dispatcher.sweep();
        assertThat(sent).containsExactly(command);
        assertThat(reported).isEmpty();

        dispatcher.pubackFrom("gw-a", true, "SUCCESS");
        dispatcher.sweep();

        assertThat(reported).singleElement().satisfies(result -> {
            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(result.reportedBy()).isEqualTo("i-1");
        });
        assertThat(dispatcher.lowestHeldOffsets()).isEmpty();
    }

    @Test
    void aCommandIsNeverDeliveredTwiceByTheSameInstance() {
        connected.add("gw-a");
        var command = command("gw-a", Duration.ofMinutes(5));
        dispatcher.offer(command, PARTITION, 1);
        dispatcher.sweep();
        dispatcher.pubackFrom("gw-a", true, "SUCCESS");

        dispatcher.offer(command, PARTITION, 1);
        dispatcher.sweep();

        assertThat(sent).hasSize(1);
    }

    @Test
    void aCommandAnotherInstanceDeliveredIsDropped() {
        var command = command("gw-a", Duration.ofMinutes(5));
        dispatcher.offer(command, PARTITION, 3);

        dispatcher.resultSeen(new CommandResult(command.commandId(), "gw-a", Outcome.DELIVERED, null, START, "i-2"));
        connected.add("gw-a");
        dispatcher.sweep();

        assertThat(sent).isEmpty();
        assertThat(dispatcher.pendingCount()).isZero();
    }

    @Test
    void aHeldCommandExpiresVisiblyAndOneExpiredOnArrivalIsOnlyCounted() {
        var command = command("gw-a", Duration.ofSeconds(10));
        dispatcher.offer(command, PARTITION, 5);
        dispatcher.offer(command("gw-b", Duration.ofSeconds(-1)), PARTITION, 6);
        assertThat(dispatcher.lowestHeldOffsets()).containsEntry(PARTITION, 5L);

        clock.advance(Duration.ofSeconds(10));
        dispatcher.sweep();

        assertThat(reported).singleElement().satisfies(result -> {
            assertThat(result.commandId()).isEqualTo(command.commandId());
            assertThat(result.outcome()).isEqualTo(Outcome.EXPIRED);
            assertThat(result.eventId()).isEqualTo(command.commandId() + ":EXPIRED");
        });
        assertThat(meters.get("urbanops.ingestion.commands").tag("outcome", "expired_on_arrival").counter().count())
                .isEqualTo(1);
        assertThat(dispatcher.lowestHeldOffsets()).isEmpty();
    }

    @Test
    void overItsBoundTheStoreDropsTheCommandExpiringFirst() {
        var late = command("gw-a", Duration.ofMinutes(30));
        var soon = command("gw-b", Duration.ofMinutes(1));
        var middle = command("gw-c", Duration.ofMinutes(10));
        dispatcher.offer(late, PARTITION, 1);
        dispatcher.offer(soon, PARTITION, 2);

        dispatcher.offer(middle, PARTITION, 3);

        assertThat(dispatcher.pendingIds()).containsExactlyInAnyOrder(late.commandId(), middle.commandId());
        assertThat(meters.get("urbanops.ingestion.commands").tag("outcome", "dropped_store_full").counter().count())
                .isEqualTo(1);
    }

    @Test
    void oneCommandAtATimeGoesToAGatewayTheNextAfterThePuback() {
        connected.add("gw-a");
        var first = command("gw-a", Duration.ofMinutes(5));
        var second = command("gw-a", Duration.ofMinutes(5));
        dispatcher.offer(first, PARTITION, 1);
        dispatcher.offer(second, PARTITION, 2);

        dispatcher.sweep();
        assertThat(sent).containsExactly(first);

        dispatcher.pubackFrom("gw-a", true, "SUCCESS");
        dispatcher.sweep();
        assertThat(sent).containsExactly(first, second);
    }

    @Test
    void aLatePubackOfACommandThatExpiredMeanwhileIsNotCreditedToTheNextOne() {
        connected.add("gw-a");
        var expiring = command("gw-a", Duration.ofSeconds(20));
        var next = command("gw-a", Duration.ofMinutes(5));
        dispatcher.offer(expiring, PARTITION, 1);
        dispatcher.sweep();
        assertThat(sent).containsExactly(expiring);

        clock.advance(Duration.ofSeconds(31));
        dispatcher.sweep();
        dispatcher.offer(next, PARTITION, 2);
        dispatcher.sweep();
        assertThat(sent).containsExactly(expiring, next);
        assertThat(reported).extracting(CommandResult::outcome).containsExactly(Outcome.EXPIRED);

        dispatcher.pubackFrom("gw-a", true, "SUCCESS"); // the expired command's, arriving late
        dispatcher.sweep();
        assertThat(reported).as("the next command is not delivered by another command's PUBACK")
                .extracting(CommandResult::outcome).containsExactly(Outcome.EXPIRED);

        dispatcher.pubackFrom("gw-a", true, "SUCCESS"); // its own
        dispatcher.sweep();
        assertThat(reported).last().satisfies(result -> {
            assertThat(result.commandId()).isEqualTo(next.commandId());
            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
        });
    }

    @Test
    void aCommandSentAgainAfterThePubackTimeoutIsCreditedOnceAndTheSecondPubackIsNotTheNextCommands() {
        connected.add("gw-a");
        var slow = command("gw-a", Duration.ofMinutes(5));
        var next = command("gw-a", Duration.ofMinutes(5));
        dispatcher.offer(slow, PARTITION, 1);
        dispatcher.offer(next, PARTITION, 2);
        dispatcher.sweep();
        clock.advance(Duration.ofSeconds(31));
        dispatcher.sweep();
        assertThat(sent).containsExactly(slow, slow);

        dispatcher.pubackFrom("gw-a", true, "SUCCESS");
        dispatcher.sweep();
        assertThat(sent).containsExactly(slow, slow, next);
        dispatcher.pubackFrom("gw-a", true, "SUCCESS"); // the second copy of the slow one
        dispatcher.sweep();

        assertThat(reported).singleElement().satisfies(result -> {
            assertThat(result.commandId()).isEqualTo(slow.commandId());
            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
        });
    }

    @Test
    void afterAReconnectPubacksOfWhatTheOldConnectionWasSentAreNotCredited() {
        connected.add("gw-a");
        var command = command("gw-a", Duration.ofMinutes(5));
        dispatcher.offer(command, PARTITION, 1);
        dispatcher.sweep();

        dispatcher.connected("gw-a");
        dispatcher.pubackFrom("gw-a", true, "SUCCESS"); // the session re-sent the old PUBLISH: not ours to credit
        dispatcher.sweep();
        assertThat(reported).isEmpty();
        assertThat(sent).as("sent again on the new connection").containsExactly(command, command);

        dispatcher.pubackFrom("gw-a", true, "SUCCESS");
        dispatcher.sweep();
        assertThat(reported).singleElement().extracting(CommandResult::outcome).isEqualTo(Outcome.DELIVERED);
    }

    private static GatewayCommand command(String gatewayId, Duration validFor) {
        return new GatewayCommand(java.util.UUID.randomUUID().toString(), gatewayId, null, "SET_SAMPLING_INTERVAL",
                Map.of("seconds", "60"), "transport", "north", "operator", null, START, START.plus(validFor));
    }

    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
