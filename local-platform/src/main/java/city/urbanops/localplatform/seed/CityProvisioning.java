package city.urbanops.localplatform.seed;

import city.urbanops.localplatform.seed.SimulatedCityPlan.DeviceType;
import city.urbanops.localplatform.seed.SimulatedCityPlan.PlannedDevice;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Provisions the simulated city through the device registry's own API, as a city's integrator would: reference data
 * (departments, districts with their boundaries, device types), every gateway and device in one bulk import, and a
 * registry-issued secret for each gateway. Everything is idempotent, so each start of the platform runs it again and
 * changes nothing that is already right: the import finds every device unchanged, and a kept secret the registry still
 * accepts is reused rather than rotated.
 */
public final class CityProvisioning {

    /** The device type of the simulated gateways. */
    public static final String GATEWAY_TYPE = "edge-gateway";
    private static final Duration IMPORT_TIMEOUT = Duration.ofMinutes(5);

    private final PlatformApiClient registry;

    public CityProvisioning(PlatformApiClient registry) {
        this.registry = registry;
    }

    /** Result of a provisioning: what the import did, and the secret of every planned gateway. */
    public record Provisioned(JsonNode importCounts, GatewaySecrets secrets) {
    }

    public Provisioned provision(SimulatedCityPlan plan, GatewaySecrets secrets) {
        referenceData(plan);
        JsonNode job = registry.importCsv(csv(plan), IMPORT_TIMEOUT);
        for (PlannedDevice gateway : plan.gateways()) {
            ensureSecret(gateway.id(), secrets);
        }
        return new Provisioned(job.get("counts"), secrets);
    }

    /** The registry's type id of a simulated device type: {@code AIR_QUALITY} is {@code air-quality}. */
    public static String typeId(DeviceType type) {
        return type.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private void referenceData(SimulatedCityPlan plan) {
        Set<String> departments = new LinkedHashSet<>();
        Set<String> districts = new LinkedHashSet<>();
        for (PlannedDevice device : all(plan)) {
            departments.add(device.department());
            districts.add(device.district());
        }
        departments.forEach(id -> registry.createIfAbsent("/api/v1/departments", Map.of("id", id, "name", title(id))));
        districts.forEach(id -> registry.createIfAbsent("/api/v1/districts",
                Map.of("id", id, "name", title(id), "boundary", plan.districtBoundary(id))));
        registry.createIfAbsent("/api/v1/device-types", Map.of("id", GATEWAY_TYPE, "kind", "GATEWAY",
                "description", "The simulated city's edge gateway", "measurements", List.of()));
        for (DeviceType type : DeviceType.values()) {
            registry.createIfAbsent("/api/v1/device-types", Map.of("id", typeId(type), "kind", "SENSOR",
                    "description", "Simulated " + title(typeId(type)), "measurements", type.measurementNames()));
        }
    }

    /** Gateways first (a sensor's gateway must come earlier in the file), every row ACTIVE. */
    static byte[] csv(SimulatedCityPlan plan) {
        var out = new StringBuilder("deviceId,externalId,kind,deviceType,gatewayId,department,district,latitude,"
                + "longitude,lifecycle\n");
        for (PlannedDevice device : all(plan)) {
            out.append(String.join(",", device.id(), "SIM-" + device.id(),
                    device.isGateway() ? "GATEWAY" : "SENSOR",
                    device.isGateway() ? GATEWAY_TYPE : typeId(device.type()),
                    device.isGateway() ? "" : device.gatewayId(), device.department(), device.district(),
                    Double.toString(device.latitude()), Double.toString(device.longitude()), "ACTIVE")).append('\n');
        }
        return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private void ensureSecret(String gatewayId, GatewaySecrets secrets) {
        var kept = secrets.issuedTo(gatewayId);
        if (kept.isPresent() && registry.secretIsValid(gatewayId, kept.get().credentialId())) {
            return;
        }
        // None kept, or the registry no longer accepts it (a fresh registry database, a revocation): a new one
        // replaces whatever the gateway had, at once.
        secrets.keep(gatewayId, registry.issueSecret(gatewayId, Duration.ZERO));
    }

    private static List<PlannedDevice> all(SimulatedCityPlan plan) {
        var all = new ArrayList<>(plan.gateways());
        all.addAll(plan.devices());
        return all;
    }

    private static String title(String id) {
        String spaced = id.replace('-', ' ');
        return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    /** For logs: when a provisioning finished and what the import counted. */
    public static String describe(Provisioned provisioned, Instant at) {
        JsonNode counts = provisioned.importCounts();
        return "import at %s: %d rows, %d created, %d updated, %d unchanged".formatted(at,
                counts.get("rows").asLong(), counts.get("created").asLong(), counts.get("updated").asLong(),
                counts.get("unchanged").asLong());
    }
}
