package city.urbanops.edge.command;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.edge.config.EdgeGatewayProperties.Simulation;
import city.urbanops.edge.simulation.CityPlan;
import city.urbanops.edge.simulation.FaultBoard;
import city.urbanops.edge.simulation.IncidentBoard;
import city.urbanops.edge.simulation.IncidentKind;
import city.urbanops.edge.simulation.SimulatedCity;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.command.CommandResult;
import city.urbanops.events.command.CommandResult.Outcome;
import city.urbanops.events.command.GatewayCommand;
import city.urbanops.events.uplink.Measurement;
import city.urbanops.events.uplink.Reading;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a gateway applies and what it refuses, and that its devices then report what was applied. */
class GatewayCommandsTest {

    /** Noon: streetlights follow their schedule and are off. */
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final EventJson JSON = new EventJson();

    /** gw-01 stands in north and has one device of each type: gw-01-tl-001, gw-01-aq-001, ..., gw-01-wb-001. */
    private final SimulatedCity city = new SimulatedCity(
            CityPlan.devices(new Simulation(null, 1, 8, null, null, null, null, null)), 1, 0);
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final GatewayCommands gateway = new GatewayCommands("gw-01", city, JSON, clock, 100, 3, meters);
    private final IncidentBoard incidents = new IncidentBoard(city::typeOf, clock);
    private final FaultBoard faults = new FaultBoard(city, clock);

    @Test
    void closingTheValveOfALeakDetectorIsAppliedAndItThenReportsNoLeakDuringALeak() {
        incidents.inject("gw-01-wl-001", IncidentKind.LEAK, Duration.ZERO, Duration.ofHours(1));
        assertThat(leak(read(NOW))).isTrue();

        var result = send(command("gw-01-wl-001", "CLOSE_VALVE", Map.of()));

        assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(result.reason()).isEqualTo("valve of gw-01-wl-001 closed");
        assertThat(result.reportedBy()).isEqualTo("gw-01");
        assertThat(leak(read(NOW.plusSeconds(5)))).isFalse();

        assertThat(send(command("gw-01-wl-001", "OPEN_VALVE", Map.of())).outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(leak(read(NOW.plusSeconds(10)))).isTrue();
    }

    @Test
    void aValveCommandForADeviceWithoutAValveIsRefused() {
        var result = send(command("gw-01-aq-001", "CLOSE_VALVE", Map.of()));

        assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(result.reason()).contains("AIR_QUALITY", "no valve");
    }

    @Test
    void aCommandForADeviceNotBehindTheGatewayIsRefused() {
        var result = send(command("gw-02-wl-001", "CLOSE_VALVE", Map.of()));

        assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(result.reason()).contains("gw-02-wl-001", "not behind this gateway");
    }

    @Test
    void aCommandThatExpiredBeforeItArrivedIsRefused() {
        var expired = new GatewayCommand(UUID.randomUUID().toString(), "gw-01", "gw-01-wl-001", "CLOSE_VALVE",
                Map.of(), "water", "north", "operator", "supervisor", NOW.minusSeconds(60), NOW.minusSeconds(1));

        var result = send(expired);

        assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(result.reason()).contains("expired");
        assertThat(city.devicesOf("gw-01").stream().filter(device -> device.id().equals("gw-01-wl-001"))
                .findFirst().orElseThrow().valveClosed()).isFalse();
    }

    @Test
    void aSamplingIntervalOutsideItsRangeOrNotANumberIsRefused() {
        assertThat(send(command(null, "SET_SAMPLING_INTERVAL", Map.of("seconds", "4"))).reason())
                .contains("5..86400", "was 4");
        assertThat(send(command(null, "SET_SAMPLING_INTERVAL", Map.of("seconds", "86401"))).outcome())
                .isEqualTo(Outcome.REFUSED);
        assertThat(send(command(null, "SET_SAMPLING_INTERVAL", Map.of("seconds", "ten"))).reason())
                .contains("'ten'");
    }

    @Test
    void aSamplingIntervalForOneDeviceSlowsThatDeviceOnly() {
        var result = send(command("gw-01-aq-001", "SET_SAMPLING_INTERVAL", Map.of("seconds", "60")));
        assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(result.reason()).contains("60 s", "gw-01-aq-001");

        assertThat(deviceIds(read(NOW))).contains("gw-01-aq-001", "gw-01-tl-001");
        assertThat(deviceIds(read(NOW.plusSeconds(5)))).doesNotContain("gw-01-aq-001").contains("gw-01-tl-001");
        assertThat(deviceIds(read(NOW.plusSeconds(60)))).contains("gw-01-aq-001");
    }

    @Test
    void aSamplingIntervalWithoutADeviceAppliesToEveryDeviceOfTheGateway() {
        assertThat(send(command(null, "SET_SAMPLING_INTERVAL", Map.of("seconds", "30"))).outcome())
                .isEqualTo(Outcome.APPLIED);

        assertThat(read(NOW)).hasSize(8);
        assertThat(read(NOW.plusSeconds(5))).isEmpty();
        assertThat(read(NOW.plusSeconds(30))).hasSize(8);
    }

    @Test
    void switchingTheGatewaysStreetlightGroupTurnsItsLightsOnAtNoon() {
        assertThat(light(read(NOW))).isFalse();

        var result = send(command(null, "SWITCH_STREETLIGHT_GROUP", Map.of("group", "north", "state", "ON")));

        assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(result.reason()).contains("north", "ON", "gw-01-sl-001");
        assertThat(light(read(NOW.plusSeconds(5)))).isTrue();
    }

    @Test
    void aStreetlightGroupThisGatewayDoesNotHaveOrABadStateIsRefused() {
        assertThat(send(command(null, "SWITCH_STREETLIGHT_GROUP", Map.of("group", "south", "state", "ON"))).reason())
                .contains("no streetlight group 'south'", "north");
        assertThat(send(command(null, "SWITCH_STREETLIGHT_GROUP", Map.of("group", "north", "state", "DIM")))
                .reason()).contains("ON or OFF");
        assertThat(send(command("gw-01-wl-001", "SWITCH_STREETLIGHT_GROUP", Map.of("group", "north", "state", "ON")))
                .reason()).contains("not a streetlight");
    }

    @Test
    void aCopyOfACommandIsAnsweredWithItsFirstOutcomeAndNotAppliedAgain() {
        var close = command("gw-01-wl-001", "CLOSE_VALVE", Map.of());
        var first = send(close);
        var device = city.devicesOf("gw-01").stream().filter(d -> d.id().equals("gw-01-wl-001")).findFirst()
                .orElseThrow();
        device.closeValve(false);

        var again = send(close);

        assertThat(again).isEqualTo(first);
        assertThat(device.valveClosed()).as("not applied a second time").isFalse();
        assertThat(meters.get("urbanops.edge.commands").tag("outcome", "applied").counter().count()).isEqualTo(1);
        assertThat(meters.get("urbanops.edge.commands").tag("outcome", "received").counter().count()).isEqualTo(2);
    }

    @Test
    void answersWaitingBeyondTheQueuesBoundDropTheOldest() {
        var commands = List.of(command("gw-01-wl-001", "CLOSE_VALVE", Map.of()),
                command("gw-01-wl-001", "OPEN_VALVE", Map.of()), command("gw-01-wl-001", "CLOSE_VALVE", Map.of()),
                command("gw-01-wl-001", "OPEN_VALVE", Map.of()));
        commands.forEach(command -> gateway.arrived(JSON.write(command)));

        assertThat(gateway.queuedAcks()).isEqualTo(3);
        assertThat(gateway.nextAck().orElseThrow().commandId()).isEqualTo(commands.get(1).commandId());
        assertThat(meters.get("urbanops.edge.command.acks").tag("outcome", "dropped").counter().count()).isEqualTo(1);
    }

    private CommandResult send(GatewayCommand command) {
        gateway.arrived(JSON.write(command));
        var answer = gateway.nextAck().orElseThrow();
        gateway.ackSent(answer);
        return answer;
    }

    private static GatewayCommand command(String deviceId, String type, Map<String, String> parameters) {
        return new GatewayCommand(UUID.randomUUID().toString(), "gw-01", deviceId, type, parameters, "water", "north",
                "operator", "supervisor", NOW.minusSeconds(1), NOW.plusSeconds(300));
    }

    private List<Reading> read(Instant at) {
        return city.readGateway("gw-01", at, incidents, faults);
    }

    private static List<String> deviceIds(List<Reading> readings) {
        return readings.stream().map(Reading::deviceId).toList();
    }

    private static boolean leak(List<Reading> readings) {
        return value(readings, "gw-01-wl-001", "leak");
    }

    private static boolean light(List<Reading> readings) {
        return value(readings, "gw-01-sl-001", "on");
    }

    private static boolean value(List<Reading> readings, String deviceId, String measurement) {
        return readings.stream().filter(reading -> reading.deviceId().equals(deviceId)).findFirst().orElseThrow()
                .measurements().stream().filter(m -> m.name().equals(measurement)).findFirst()
                .map(Measurement::booleanValue).orElseThrow();
    }
}
