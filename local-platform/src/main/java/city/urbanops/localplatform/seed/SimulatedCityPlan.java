package city.urbanops.localplatform.seed;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The simulated city the launcher decides: which gateways and devices exist, where they are and which department
 * owns them. The launcher passes the device list to edge-gateway as its configuration, so the ids edge-gateway
 * publishes are exactly the ids seeded into the registry topic; edge-gateway validates the type names when it binds
 * its settings.
 */
public final class SimulatedCityPlan {

    /** A device type of edge-gateway's simulation: its configuration name, id code and owning department. */
    public enum DeviceType {
        TRAFFIC_LOOP("tl", "transport", List.of("vehicle_count", "speed")),
        AIR_QUALITY("aq", "environment", List.of("pm2_5", "pm10", "no2", "temperature", "humidity")),
        FLOOD_LEVEL("fl", "water", List.of("water_level")),
        WATER_LEAK("wl", "water", List.of("leak")),
        PARKING("pk", "transport", List.of("parking_occupied")),
        STREETLIGHT("sl", "lighting", List.of("on", "dimming")),
        EV_CHARGER("ev", "transport", List.of("charger_status", "charging_power")),
        WASTE_BIN("wb", "waste", List.of("fill_level"));

        private final String code;
        private final String department;
        private final List<String> measurementNames;

        DeviceType(String code, String department, List<String> measurementNames) {
            this.code = code;
            this.department = department;
            this.measurementNames = measurementNames;
        }

        /** The measurement names a device of this type reports (edge-gateway's simulation sends exactly these). */
        public List<String> measurementNames() {
            return measurementNames;
        }

        public String code() {
            return code;
        }

        public String department() {
            return department;
        }
    }

    /** One planned device; {@code type} is null for a gateway. */
    public record PlannedDevice(String id, String gatewayId, DeviceType type, String department, String district,
                                double latitude, double longitude) {
        public boolean isGateway() {
            return type == null;
        }
    }

    static final List<String> DISTRICTS = List.of("north", "south", "centre");
    private static final double CITY_LAT = 45.4642;
    private static final double CITY_LON = 9.1900;

    private final List<PlannedDevice> gateways;
    private final List<PlannedDevice> devices;

    private SimulatedCityPlan(List<PlannedDevice> gateways, List<PlannedDevice> devices) {
        this.gateways = gateways;
        this.devices = devices;
    }

    /**
     * {@code gatewayCount} gateways {@code gw-01}.. in districts north, south, centre in turn, each with
     * {@code devicesPerGateway} devices whose types are taken in turn and numbered per type
     * ({@code gw-01-tl-001}, {@code gw-01-aq-001}, ..., {@code gw-01-tl-002}).
     */
    public static SimulatedCityPlan of(int gatewayCount, int devicesPerGateway, long seed) {
        if (gatewayCount < 1 || gatewayCount > 99 || devicesPerGateway < 1 || devicesPerGateway > 999) {
            throw new IllegalArgumentException("gateways must be 1..99 and devices per gateway 1..999");
        }
        var random = new Random(seed);
        var gateways = new ArrayList<PlannedDevice>();
        var devices = new ArrayList<PlannedDevice>();
        DeviceType[] types = DeviceType.values();
        for (int g = 1; g <= gatewayCount; g++) {
            String gatewayId = "gw-%02d".formatted(g);
            String district = DISTRICTS.get((g - 1) % DISTRICTS.size());
            double lat = CITY_LAT + districtOffset(district);
            double lon = CITY_LON + (random.nextDouble() - 0.5) * 0.04;
            gateways.add(new PlannedDevice(gatewayId, null, null, "operations", district, lat, lon));
            for (int i = 0; i < devicesPerGateway; i++) {
                DeviceType type = types[i % types.length];
                String id = "%s-%s-%03d".formatted(gatewayId, type.code(), i / types.length + 1);
                devices.add(new PlannedDevice(id, gatewayId, type, type.department(), district,
                        round(lat + (random.nextDouble() - 0.5) * 0.01), round(lon + (random.nextDouble() - 0.5) * 0.01)));
            }
        }
        return new SimulatedCityPlan(List.copyOf(gateways), List.copyOf(devices));
    }

    public List<PlannedDevice> gateways() {
        return gateways;
    }

    public List<PlannedDevice> devices() {
        return devices;
    }

    /**
     * edge-gateway settings naming exactly these devices ({@code urbanops.edge.simulation.devices[i].*}), giving each
     * gateway its secret ({@code urbanops.edge.mqtt.secrets.<gatewayId>}) and saying which gateways stand in which
     * district ({@code urbanops.edge.simulation.districts.<district>}).
     */
    public List<String> edgeGatewayProperties(GatewaySecrets secrets) {
        var lines = new ArrayList<String>();
        lines.add("# Written by the local platform launcher at every start: the devices edge-gateway simulates and");
        lines.add("# the secret each gateway connects with (plaintext: this file is readable by its owner only).");
        for (PlannedDevice gateway : gateways) {
            lines.add("urbanops.edge.mqtt.secrets." + gateway.id() + "=" + secrets.secretOf(gateway.id()));
        }
        // Where the gateways stand, as the registry has them, so a simulated district power loss cuts exactly those.
        var byDistrict = new java.util.TreeMap<String, List<String>>();
        gateways.forEach(gateway -> byDistrict.computeIfAbsent(gateway.district(), d -> new ArrayList<>())
                .add(gateway.id()));
        byDistrict.forEach((district, ids) -> lines.add("urbanops.edge.simulation.districts." + district + "="
                + String.join(",", ids)));
        for (int i = 0; i < devices.size(); i++) {
            PlannedDevice device = devices.get(i);
            String prefix = "urbanops.edge.simulation.devices[" + i + "].";
            lines.add(prefix + "id=" + device.id());
            lines.add(prefix + "gateway-id=" + device.gatewayId());
            lines.add(prefix + "type=" + device.type().name());
        }
        return lines;
    }

    /**
     * The district's boundary as a GeoJSON Polygon (longitude, latitude): a band of the city around the district's
     * latitude, wide enough to hold every gateway and device the plan puts there.
     */
    public Map<String, Object> districtBoundary(String district) {
        double lat = CITY_LAT + districtOffset(district);
        double south = round(lat - 0.015);
        double north = round(lat + 0.015);
        double west = round(CITY_LON - 0.03);
        double east = round(CITY_LON + 0.03);
        return Map.of("type", "Polygon", "coordinates", List.of(List.of(List.of(west, south), List.of(east, south),
                List.of(east, north), List.of(west, north), List.of(west, south))));
    }

    private static double districtOffset(String district) {
        return switch (district) {
            case "north" -> 0.03;
            case "south" -> -0.03;
            default -> 0.0;
        };
    }

    private static double round(double degrees) {
        return Math.round(degrees * 1e5) / 1e5;
    }
}
