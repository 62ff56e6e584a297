package city.urbanops.edge.simulation;

import city.urbanops.edge.config.EdgeGatewayProperties.DeviceSpec;
import city.urbanops.events.uplink.Reading;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The simulated devices of every gateway, read together on each tick of the simulation. */
public final class SimulatedCity {

    private final Map<String, List<SimulatedDevice>> devicesByGateway;
    private final Map<String, SimulatedDevice> devicesById;

    public SimulatedCity(List<DeviceSpec> plan, long seed, long firstSeq) {
        this.devicesByGateway = plan.stream()
                .map(spec -> new SimulatedDevice(spec.id(), spec.gatewayId(), spec.type(), seed, firstSeq))
                .collect(Collectors.groupingBy(SimulatedDevice::gatewayId, LinkedHashMap::new, Collectors.toList()));
        this.devicesById = plan.stream().collect(Collectors.toMap(DeviceSpec::id,
                spec -> devicesByGateway.get(spec.gatewayId()).stream()
                        .filter(device -> device.id().equals(spec.id())).findFirst().orElseThrow(),
                (first, duplicate) -> {
                    throw new IllegalArgumentException("device id " + first.id() + " is planned twice");
                }, LinkedHashMap::new));
    }

    public List<String> gatewayIds() {
        return List.copyOf(devicesByGateway.keySet());
    }

    public List<SimulatedDevice> devices() {
        return List.copyOf(devicesById.values());
    }

    public Optional<DeviceType> typeOf(String deviceId) {
        return Optional.ofNullable(devicesById.get(deviceId)).map(SimulatedDevice::type);
    }

    /** One reading of every device of {@code gatewayId} at {@code time}, shaped by the incidents playing then. */
    public List<Reading> readGateway(String gatewayId, Instant time, IncidentBoard incidents) {
        return devicesByGateway.getOrDefault(gatewayId, List.of()).stream()
                .map(device -> device.read(time, incidents.activeOn(device.id(), time).orElse(null)))
                .toList();
    }
}
