package city.urbanops.edge.command;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.edge.config.EdgeGatewayProperties.Simulation;
import city.urbanops.edge.simulation.CityPlan;
import city.urbanops.edge.simulation.SimulatedCity;
import city.urbanops.edge.uplink.CommandLink;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.command.CommandResult;
import city.urbanops.events.command.GatewayCommand;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Answers wait while the gateway is disconnected and go out in order once it is back; only a final refusal drops one. */
class CommandAckSenderTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final EventJson JSON = new EventJson();

    private final SimulatedCity city = new SimulatedCity(
            CityPlan.devices(new Simulation(null, 1, 8, null, null, null, null, null)), 1, 0);
    private final GatewayCommands gateway = new GatewayCommands("gw-01", city, JSON,
            Clock.fixed(NOW, ZoneOffset.UTC), 100, 100, new SimpleMeterRegistry());
    private final ScriptedLink link = new ScriptedLink();
    private final CommandAckSender sender = new CommandAckSender(List.of(gateway), id -> link, JSON,
            Duration.ofMillis(100));

    @Test
    void answersWaitWhileDisconnectedAndGoOutInOrderAfterReconnecting() {
        var first = command("CLOSE_VALVE");
        var second = command("OPEN_VALVE");
        gateway.arrived(JSON.write(first));
        gateway.arrived(JSON.write(second));

        sender.sendQueued();
        assertThat(link.published).isEmpty();
        assertThat(gateway.queuedAcks()).isEqualTo(2);

        link.connected = true;
        sender.sendQueued();

        assertThat(link.published).extracting(CommandResult::commandId)
                .containsExactly(first.commandId(), second.commandId());
        assertThat(gateway.queuedAcks()).isZero();
    }

    @Test
    void anAnswerTheEdgeCouldNotRecordIsKeptAndOneItRefusesForGoodIsDropped() {
        link.connected = true;
        link.answers.addAll(List.of(0x83, 0x99, 0x00));
        var first = command("CLOSE_VALVE");
        var second = command("OPEN_VALVE");
        gateway.arrived(JSON.write(first));
        gateway.arrived(JSON.write(second));

        sender.sendQueued();
        assertThat(gateway.queuedAcks()).as("0x83: kept for the next round").isEqualTo(2);

        sender.sendQueued();
        assertThat(gateway.queuedAcks()).isZero();
        assertThat(link.published).extracting(CommandResult::commandId)
                .containsExactly(first.commandId(), first.commandId(), second.commandId());
    }

    private static GatewayCommand command(String type) {
        return new GatewayCommand(UUID.randomUUID().toString(), "gw-01", "gw-01-wl-001", type, Map.of(), "water",
                "north", "operator", "supervisor", NOW, NOW.plusSeconds(300));
    }

    private static final class ScriptedLink implements CommandLink {
        private final List<CommandResult> published = new ArrayList<>();
        private final ArrayDeque<Integer> answers = new ArrayDeque<>();
        private boolean connected;

        @Override
        public void onCommand(Consumer<byte[]> listener) {
            // The test hands commands to GatewayCommands itself.
        }

        @Override
        public boolean isConnected() {
            return connected;
        }

        @Override
        public int publishAck(byte[] ack) {
            published.add(JSON.read(ack, CommandResult.class));
            return answers.isEmpty() ? 0 : answers.removeFirst();
        }
    }
}
