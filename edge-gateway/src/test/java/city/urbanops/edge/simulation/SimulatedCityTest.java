package city.urbanops.edge.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.edge.config.EdgeGatewayProperties.Simulation;
import city.urbanops.events.uplink.Measurement;
import city.urbanops.events.uplink.MeasurementCatalog;
import city.urbanops.events.uplink.Reading;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatedCityTest {

    private static final Instant START = Instant.parse("2026-11-25T00:00:00Z");
    private static final Map<String, double[]> PLAUSIBLE = Map.of(
            "vehicle_count", new double[] {0, 120}, "speed", new double[] {0, 25},
            "pm2_5", new double[] {0, 500}, "pm10", new double[] {0, 800}, "no2", new double[] {0, 400},
            "temperature", new double[] {-10, 40}, "humidity", new double[] {0, 100},
            "water_level", new double[] {0, 3.5}, "dimming", new double[] {0, 100},
            "charging_power", new double[] {0, 22_000});

    private final Simulation defaults = new Simulation(null, null, null, null, null, null, null, null);

    @Test
    void defaultCityHasTwoGatewaysOfSixteenDevicesNamedByGatewayTypeAndNumber() {
        var plan = CityPlan.devices(defaults);

        assertThat(plan).hasSize(32);
        assertThat(plan.getFirst().id()).isEqualTo("gw-01-tl-001");
        assertThat(plan.get(1).id()).isEqualTo("gw-01-aq-001");
        assertThat(plan.get(8).id()).isEqualTo("gw-01-tl-002");
        assertThat(plan.get(31).id()).isEqualTo("gw-02-wb-002");
        assertThat(plan).allSatisfy(spec -> assertThat(spec.id()).matches("gw-0[12]-[a-z]{2}-00[12]"));
    }

    @Test
    void everyReadingUsesCatalogNamesWithCanonicalUnitsAndPlausibleValuesAroundTheClock() {
        var city = new SimulatedCity(CityPlan.devices(defaults), 7, 0);
        var board = new IncidentBoard(city::typeOf, Clock.fixed(START, ZoneOffset.UTC));

        for (int minute = 0; minute < 48 * 60; minute += 5) {
            for (String gateway : city.gatewayIds()) {
                for (Reading reading : city.readGateway(gateway, START.plus(Duration.ofMinutes(minute)), board, noFaults(city))) {
                    DeviceType type = city.typeOf(reading.deviceId()).orElseThrow();
                    assertThat(reading.measurements()).extracting(Measurement::name)
                            .containsExactlyElementsOf(type.measurementNames());
                    reading.measurements().forEach(SimulatedCityTest::assertCanonicalAndPlausible);
                }
            }
        }
    }

    @Test
    void sequenceNumbersRiseByOnePerReadingOfEachDevice() {
        var city = new SimulatedCity(CityPlan.devices(defaults), 7, 1_000);
        var board = new IncidentBoard(city::typeOf, Clock.fixed(START, ZoneOffset.UTC));
        Map<String, List<Long>> seqs = new HashMap<>();

        for (int tick = 0; tick < 20; tick++) {
            for (String gateway : city.gatewayIds()) {
                city.readGateway(gateway, START.plusSeconds(tick * 5L), board, noFaults(city))
                        .forEach(r -> seqs.computeIfAbsent(r.deviceId(), id -> new ArrayList<>()).add(r.seq()));
            }
        }

        assertThat(seqs).hasSize(32);
        seqs.values().forEach(list -> assertThat(list).containsExactlyElementsOf(
                java.util.stream.LongStream.range(1_000, 1_020).boxed().toList()));
    }

    @Test
    void floodIncidentRaisesTheWaterLevelFarAboveItsNormalBand() {
        var city = new SimulatedCity(CityPlan.devices(defaults), 7, 0);
        var board = new IncidentBoard(city::typeOf, Clock.fixed(START, ZoneOffset.UTC));
        board.inject("gw-01-fl-001", IncidentKind.FLOOD, Duration.ofMinutes(10), Duration.ofHours(1));

        double before = waterLevelAt(city, board, START.plus(Duration.ofMinutes(9)));
        double during = 0;
        for (int minute = 10; minute < 70; minute++) {
            during = waterLevelAt(city, board, START.plus(Duration.ofMinutes(minute)));
        }
        double after = waterLevelAt(city, board, START.plus(Duration.ofMinutes(71)));

        assertThat(before).isBetween(0.1, 1.0);
        assertThat(during).isGreaterThan(2.0);
        assertThat(after).isLessThan(during);
    }

    @Test
    void leakIncidentMakesOnlyTheTargetedSensorReportALeak() {
        var city = new SimulatedCity(CityPlan.devices(defaults), 7, 0);
        var board = new IncidentBoard(city::typeOf, Clock.fixed(START, ZoneOffset.UTC));
        board.inject("gw-02-wl-001", IncidentKind.LEAK, Duration.ZERO, Duration.ofMinutes(5));

        var leaks = city.readGateway("gw-02", START.plusSeconds(1), board, noFaults(city)).stream()
                .filter(r -> r.deviceId().contains("-wl-"))
                .collect(java.util.stream.Collectors.toMap(Reading::deviceId,
                        r -> r.measurements().getFirst().booleanValue()));

        assertThat(leaks).containsEntry("gw-02-wl-001", true).containsEntry("gw-02-wl-002", false);
    }

    @Test
    void incidentOnAnotherDeviceTypeIsRefusedAsAValue() {
        var city = new SimulatedCity(CityPlan.devices(defaults), 7, 0);
        var board = new IncidentBoard(city::typeOf, Clock.fixed(START, ZoneOffset.UTC));

        assertThat(board.inject("gw-01-aq-001", IncidentKind.FLOOD, Duration.ZERO, Duration.ofMinutes(1)))
                .isInstanceOf(IncidentBoard.Injection.WrongDeviceType.class);
        assertThat(board.inject("gw-09-fl-001", IncidentKind.FLOOD, Duration.ZERO, Duration.ofMinutes(1)))
                .isInstanceOf(IncidentBoard.Injection.UnknownDevice.class);
        assertThat(board.current()).isEmpty();
    }

    private static FaultBoard noFaults(SimulatedCity city) {
        return new FaultBoard(city, Clock.fixed(START, ZoneOffset.UTC));
    }

    private static double waterLevelAt(SimulatedCity city, IncidentBoard board, Instant time) {
        return city.readGateway("gw-01", time, board, noFaults(city)).stream()
                .filter(r -> r.deviceId().equals("gw-01-fl-001"))
                .findFirst().orElseThrow().measurements().getFirst().value();
    }

    private static void assertCanonicalAndPlausible(Measurement m) {
        var kind = MeasurementCatalog.kindOf(m.name());
        assertThat(kind).as("catalog knows %s", m.name()).isPresent();
        assertThat(m.unit()).as("unit of %s", m.name()).isEqualTo(kind.get().canonicalUnit());
        int values = (m.value() != null ? 1 : 0) + (m.booleanValue() != null ? 1 : 0) + (m.stringValue() != null ? 1 : 0);
        assertThat(values).as("exactly one value in %s", m).isEqualTo(1);
        if (m.value() != null) {
            double[] range = PLAUSIBLE.getOrDefault(m.name(), new double[] {0, 100});
            assertThat(m.value()).as(m.name()).isBetween(range[0], range[1]);
        }
        if (m.name().equals("charger_status")) {
            assertThat(m.stringValue()).isIn("Available", "Preparing", "Charging", "Finishing", "Faulted");
        }
    }
}
