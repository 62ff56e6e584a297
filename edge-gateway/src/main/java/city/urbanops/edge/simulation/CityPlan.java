package city.urbanops.edge.simulation;

import city.urbanops.edge.config.EdgeGatewayProperties.DeviceSpec;
import city.urbanops.edge.config.EdgeGatewayProperties.Simulation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which devices the simulated city has: the explicit list when one is configured, otherwise {@code gateways}
 * gateways {@code gw-01}, {@code gw-02}, ... each with {@code devicesPerGateway} devices whose types are taken in
 * {@link DeviceType} order, numbered per type ({@code gw-01-tl-001}, {@code gw-01-aq-001}, ..., {@code gw-01-tl-002}).
 */
public final class CityPlan {

    private static final List<String> DISTRICTS_IN_TURN = List.of("north", "south", "centre");

    private CityPlan() {
    }

    public static List<DeviceSpec> devices(Simulation simulation) {
        if (!simulation.devices().isEmpty()) {
            return simulation.devices();
        }
        var devices = new ArrayList<DeviceSpec>();
        DeviceType[] types = DeviceType.values();
        for (int gateway = 1; gateway <= simulation.gateways(); gateway++) {
            String gatewayId = gatewayId(gateway);
            for (int index = 0; index < simulation.devicesPerGateway(); index++) {
                DeviceType type = types[index % types.length];
                devices.add(new DeviceSpec(deviceId(gatewayId, type, index / types.length + 1), gatewayId, type));
            }
        }
        return List.copyOf(devices);
    }

    /**
     * The district of each gateway: the configured {@code districts} (district to gateway ids) when given, otherwise
     * {@link #districtsInTurn}. Every configured gateway must be simulated and stand in one district only.
     */
    public static Map<String, String> districts(Simulation simulation, List<String> gatewayIds) {
        if (simulation.districts().isEmpty()) {
            return districtsInTurn(gatewayIds);
        }
        var districtOfGateway = new LinkedHashMap<String, String>();
        simulation.districts().forEach((district, gateways) -> gateways.forEach(gateway -> {
            if (!gatewayIds.contains(gateway)) {
                throw new IllegalArgumentException("urbanops.edge.simulation.districts." + district + " names "
                        + gateway + ", which is not a simulated gateway " + gatewayIds);
            }
            String other = districtOfGateway.put(gateway, district);
            if (other != null && !other.equals(district)) {
                throw new IllegalArgumentException("urbanops.edge.simulation.districts puts " + gateway + " in both "
                        + other + " and " + district);
            }
        }));
        return districtOfGateway;
    }

    /**
     * Gateways in plan order stand in {@code north}, {@code south}, {@code centre} in turn: the rule the local
     * platform's city plan provisions into the registry, so the districts agree without being configured twice.
     */
    public static Map<String, String> districtsInTurn(List<String> gatewayIds) {
        var districtOfGateway = new LinkedHashMap<String, String>();
        for (int i = 0; i < gatewayIds.size(); i++) {
            districtOfGateway.put(gatewayIds.get(i), DISTRICTS_IN_TURN.get(i % DISTRICTS_IN_TURN.size()));
        }
        return districtOfGateway;
    }

    /** The gateway ids of a plan, in order of first appearance. */
    public static List<String> gatewayIdsOf(List<DeviceSpec> plan) {
        return List.copyOf(plan.stream().map(DeviceSpec::gatewayId)
                .collect(Collectors.toCollection(LinkedHashSet::new)));
    }

    public static String gatewayId(int number) {
        return "gw-%02d".formatted(number);
    }

    public static String deviceId(String gatewayId, DeviceType type, int number) {
        return "%s-%s-%03d".formatted(gatewayId, type.code(), number);
    }
}
