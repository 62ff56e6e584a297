package city.urbanops.edge.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.urbanops.edge.config.EdgeGatewayProperties.Simulation;
import city.urbanops.events.uplink.Measurement;
import city.urbanops.events.uplink.Reading;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Faults played on the simulated city, on a clock the test moves. */
class FaultBoardTest {

    private static final Instant START = Instant.parse("2026-11-25T07:00:00Z");
    private static final Duration TICK = Duration.ofSeconds(5);

    private final MovableClock clock = new MovableClock(START);
    private final SimulatedCity city = new SimulatedCity(
            CityPlan.devices(new Simulation(null, 5, 8, null, null, null, null, null)), 7, 0);
    private final IncidentBoard incidents = new IncidentBoard(city::typeOf, clock);
    private final FaultBoard faults = new FaultBoard(city, clock);

    @Test
    void aStuckSensorRepeatsTheExactValuesItLastReportedBeforeTheFaultUntilTheFaultEnds() {
        var fault = injected(faults.inject(FaultKind.STUCK_SENSOR, "gw-01-aq-001", Duration.ofMinutes(1),
                Duration.ofMinutes(10)));
        Map<Instant, Map<String, Double>> byTime = new java.util.TreeMap<>();

        for (Instant t = START; t.isBefore(START.plus(Duration.ofMinutes(20))); t = t.plus(TICK)) {
            byTime.put(t, numericValues(readingOf("gw-01", "gw-01-aq-001", t)));
        }

        var lastBefore = byTime.get(fault.startsAt().minus(TICK));
        var during = byTime.entrySet().stream().filter(entry -> fault.activeAt(entry.getKey()))
                .map(Map.Entry::getValue).toList();
        var after = byTime.entrySet().stream().filter(entry -> !entry.getKey().isBefore(fault.endsAt()))
                .map(Map.Entry::getValue).toList();
        assertThat(lastBefore).containsOnlyKeys("pm2_5", "pm10", "no2", "temperature", "humidity");
        assertThat(during).hasSize(120).allSatisfy(values -> assertThat(values).isEqualTo(lastBefore));
        assertThat(after).hasSizeGreaterThan(100).anySatisfy(values -> assertThat(values).isNotEqualTo(lastBefore));
        assertThat(after.stream().distinct().count()).as("live values drift again").isGreaterThan(100);
    }

    @Test
    void aStuckSensorLeavesTheOtherDevicesAndItsNonNumericMeasurementsLive() {
        faults.inject(FaultKind.STUCK_SENSOR, "gw-01-ev-001", Duration.ZERO, Duration.ofHours(2));

        var power = new java.util.HashSet<Double>();
        var statuses = new java.util.HashSet<String>();
        var neighbour = new java.util.HashSet<Map<String, Double>>();
        for (Instant t = START; t.isBefore(START.plus(Duration.ofHours(2))); t = t.plus(TICK)) {
            var readings = city.readGateway("gw-01", t, incidents, faults);
            var charger = readings.stream().filter(r -> r.deviceId().equals("gw-01-ev-001")).findFirst().orElseThrow();
            power.add(charger.measurements().get(1).value());
            statuses.add(charger.measurements().getFirst().stringValue());
            neighbour.add(numericValues(readings.stream().filter(r -> r.deviceId().equals("gw-01-aq-001"))
                    .findFirst().orElseThrow()));
        }

        assertThat(power).hasSize(1);
        assertThat(statuses).hasSizeGreaterThan(1);
        assertThat(neighbour).hasSizeGreaterThan(100);
    }

    @Test
    void aPowerLossCutsExactlyTheGatewaysOfItsDistrictAndDarkensTheirDevicesForItsDuration() {
        var fault = injected(faults.inject(FaultKind.POWER_LOSS, "north", Duration.ofMinutes(1),
                Duration.ofMinutes(5)));

        // Five gateways stand in north, south, centre in turn: north holds the first and the fourth.
        assertThat(fault.gatewayIds()).containsExactly("gw-01", "gw-04");
        assertThat(cutGateways()).isEmpty();
        Instant during = START.plus(Duration.ofMinutes(2));
        clock.set(during);
        assertThat(cutGateways()).containsExactly("gw-01", "gw-04");
        assertThat(city.gatewayIds()).allSatisfy(gateway -> assertThat(city.readGateway(gateway, during, incidents,
                faults)).as(gateway).hasSize(fault.gatewayIds().contains(gateway) ? 0 : 8));
        clock.set(fault.endsAt());
        assertThat(cutGateways()).isEmpty();
        assertThat(city.readGateway("gw-01", fault.endsAt(), incidents, faults)).hasSize(8);
    }

    @Test
    void anUplinkLossCutsOnlyItsGatewayWhoseDevicesKeepSamplingAndEndsWhenEndedEarly() {
        var fault = injected(faults.inject(FaultKind.UPLINK_LOSS, "gw-02", Duration.ZERO, Duration.ofHours(1)));

        assertThat(cutGateways()).containsExactly("gw-02");
        assertThat(faults.cutReason("gw-02")).contains("UPLINK_LOSS of gw-02 (" + fault.id() + ")");
        assertThat(city.readGateway("gw-02", START, incidents, faults)).hasSize(8);

        assertThat(faults.end(fault.id())).isTrue();

        assertThat(cutGateways()).isEmpty();
        assertThat(faults.current()).isEmpty();
    }

    @Test
    void aFaultNamingTheWrongKindOfTargetIsRefusedWithTheReason() {
        assertThat(faults.inject(FaultKind.STUCK_SENSOR, "gw-01", Duration.ZERO, Duration.ofMinutes(1)))
                .isInstanceOfSatisfying(FaultBoard.Injection.NotApplicable.class,
                        refused -> assertThat(refused.reason()).contains("gw-01 is a gateway"));
        assertThat(faults.inject(FaultKind.STUCK_SENSOR, "gw-01-wl-001", Duration.ZERO, Duration.ofMinutes(1)))
                .isInstanceOfSatisfying(FaultBoard.Injection.NotApplicable.class,
                        refused -> assertThat(refused.reason()).contains("none of them numeric"));
        assertThat(faults.inject(FaultKind.UPLINK_LOSS, "gw-01-aq-001", Duration.ZERO, Duration.ofMinutes(1)))
                .isInstanceOfSatisfying(FaultBoard.Injection.NotApplicable.class,
                        refused -> assertThat(refused.reason()).contains("is a device"));
        assertThat(faults.inject(FaultKind.UPLINK_LOSS, "gw-42", Duration.ZERO, Duration.ofMinutes(1)))
                .isInstanceOf(FaultBoard.Injection.UnknownTarget.class);
        assertThat(faults.inject(FaultKind.POWER_LOSS, "atlantis", Duration.ZERO, Duration.ofMinutes(1)))
                .isInstanceOfSatisfying(FaultBoard.Injection.UnknownTarget.class,
                        unknown -> assertThat(unknown.known()).containsExactly("centre", "north", "south"));
        assertThat(faults.current()).isEmpty();
    }

    @Test
    void configuredDistrictsPlaceTheGatewaysAndAPowerLossFollowsThem() {
        var simulation = new Simulation(null, 3, 2, null, null, null, null,
                Map.of("harbour", List.of("gw-01", "gw-03"), "hill", List.of("gw-02")));
        var devices = CityPlan.devices(simulation);
        var configured = new SimulatedCity(devices, CityPlan.districts(simulation, CityPlan.gatewayIdsOf(devices)), 7, 0);

        var fault = injected(new FaultBoard(configured, clock).inject(FaultKind.POWER_LOSS, "harbour", Duration.ZERO,
                Duration.ofMinutes(1)));

        assertThat(fault.gatewayIds()).containsExactly("gw-01", "gw-03");
        assertThat(configured.districts()).containsExactly("harbour", "hill");
    }

    @Test
    void aDistrictNamingAGatewayTheCityDoesNotHaveStopsTheStart() {
        var simulation = new Simulation(null, 2, 2, null, null, null, null, Map.of("harbour", List.of("gw-09")));

        assertThatThrownBy(() -> CityPlan.districts(simulation, CityPlan.gatewayIdsOf(CityPlan.devices(simulation))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("urbanops.edge.simulation.districts.harbour names gw-09");
    }

    private List<String> cutGateways() {
        return city.gatewayIds().stream().filter(gateway -> faults.cutReason(gateway).isPresent()).toList();
    }

    private Reading readingOf(String gatewayId, String deviceId, Instant time) {
        return city.readGateway(gatewayId, time, incidents, faults).stream()
                .filter(reading -> reading.deviceId().equals(deviceId)).findFirst().orElseThrow();
    }

    private static Map<String, Double> numericValues(Reading reading) {
        return reading.measurements().stream().filter(m -> m.value() != null)
                .collect(Collectors.toMap(Measurement::name, Measurement::value));
    }

    private static Fault injected(FaultBoard.Injection injection) {
        assertThat(injection).isInstanceOf(FaultBoard.Injection.Injected.class);
        return ((FaultBoard.Injection.Injected) injection).fault();
    }

    /** A clock the test sets; the board reads it to decide what is playing now. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
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
