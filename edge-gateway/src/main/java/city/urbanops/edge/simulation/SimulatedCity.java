package city.urbanops.edge.simulation;

import city.urbanops.edge.config.EdgeGatewayProperties.DeviceSpec;
import city.urbanops.events.uplink.Reading;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The simulated devices of every gateway, read together on each tick of the simulation, and the district each
 * gateway stands in. Reading is done from one thread.
 */
public final class SimulatedCity {

    private final Map<String, List<SimulatedDevice>> devicesByGateway;
    private final Map<String, SimulatedDevice> devicesById;
    private final Map<String, String> districtOfGateway;
    private final StuckSensors stuckSensors = new StuckSensors();

    /** A city whose gateways stand in the districts {@link CityPlan#districtsInTurn} gives them. */
    public SimulatedCity(List<DeviceSpec> plan, long seed, long firstSeq) {
        this(plan, CityPlan.districtsInTurn(CityPlan.gatewayIdsOf(plan)), seed, firstSeq);
    }

    public SimulatedCity(List<DeviceSpec> plan, Map<String, String> districtOfGateway, long seed, long firstSeq) {
        this.devicesByGateway = plan.stream()
                .map(spec -> new SimulatedDevice(spec.id(), spec.gatewayId(), spec.type(), seed, firstSeq))
                .collect(Collectors.groupingBy(SimulatedDevice::gatewayId, LinkedHashMap::new, Collectors.toList()));
        this.devicesById = plan.stream().collect(Collectors.toMap(DeviceSpec::id,
                spec -> devicesByGateway.get(spec.gatewayId()).stream()
                        .filter(device -> device.id().equals(spec.id())).findFirst().orElseThrow(),
                (first, duplicate) -> {
                    throw new IllegalArgumentException("device id " + first.id() + " is planned twice");
                }, LinkedHashMap::new));
        this.districtOfGateway = Map.copyOf(districtOfGateway);
    }

    public List<String> gatewayIds() {
        return List.copyOf(devicesByGateway.keySet());
    }

    public boolean hasGateway(String gatewayId) {
        return devicesByGateway.containsKey(gatewayId);
    }

    public List<SimulatedDevice> devices() {
        return List.copyOf(devicesById.values());
    }

    /** The devices behind {@code gatewayId}, in plan order; empty for a gateway the city does not have. */
    public List<SimulatedDevice> devicesOf(String gatewayId) {
        return List.copyOf(devicesByGateway.getOrDefault(gatewayId, List.of()));
    }

    public Optional<DeviceType> typeOf(String deviceId) {
        return Optional.ofNullable(devicesById.get(deviceId)).map(SimulatedDevice::type);
    }

    public Optional<String> districtOf(String gatewayId) {
        return Optional.ofNullable(districtOfGateway.get(gatewayId));
    }

    /** The gateways standing in {@code district}, in plan order; empty for a district the city does not have. */
    public List<String> gatewaysIn(String district) {
        return gatewayIds().stream().filter(gateway -> district.equals(districtOfGateway.get(gateway))).toList();
    }

    public Set<String> districts() {
        return new TreeSet<>(districtOfGateway.values());
    }

    /**
     * One reading of every device of {@code gatewayId} whose sampling interval is due at {@code time}, shaped by the incidents and faults playing
     * then; none at all while a power loss keeps the gateway's devices dark (they sample nothing, and their sequence
     * numbers do not move).
     */
    public List<Reading> readGateway(String gatewayId, Instant time, IncidentBoard incidents, FaultBoard faults) {
        if (faults.powerOut(gatewayId, time)) {
            return List.of();
        }
        return devicesByGateway.getOrDefault(gatewayId, List.of()).stream()
                .filter(device -> device.dueAt(time))
                .map(device -> stuckSensors.apply(device.read(time, incidents.activeOn(device.id(), time).orElse(null)),
                        faults.stuckOn(device.id(), time)))
                .toList();
    }
}
