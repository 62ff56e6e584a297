package city.urbanops.edge.simulation;

import city.urbanops.edge.config.EdgeGatewayProperties.DeviceSpec;
import city.urbanops.edge.config.EdgeGatewayProperties.Simulation;
import java.util.ArrayList;
import java.util.List;

/**
 * Which devices the simulated city has: the explicit list when one is configured, otherwise {@code gateways}
 * gateways {@code gw-01}, {@code gw-02}, ... each with {@code devicesPerGateway} devices whose types are taken in
 * {@link DeviceType} order, numbered per type ({@code gw-01-tl-001}, {@code gw-01-aq-001}, ..., {@code gw-01-tl-002}).
 */
public final class CityPlan {

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

    public static String gatewayId(int number) {
        return "gw-%02d".formatted(number);
    }

    public static String deviceId(String gatewayId, DeviceType type, int number) {
        return "%s-%s-%03d".formatted(gatewayId, type.code(), number);
    }
}
