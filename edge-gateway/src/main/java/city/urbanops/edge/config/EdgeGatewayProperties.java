package city.urbanops.edge.config;

import city.urbanops.edge.simulation.DeviceType;
import city.urbanops.edge.simulation.IncidentKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the edge gateway (prefix {@code urbanops.edge}): the simulated city, the MQTT connection to ingestion
 * and the uplink's batching, buffering and retry. Every field has a default, so an empty configuration runs a small
 * simulated city against {@code tcp://localhost:1883}.
 */
@ConfigurationProperties("urbanops.edge")
public record EdgeGatewayProperties(Simulation simulation, Mqtt mqtt, Uplink uplink) {

    public EdgeGatewayProperties {
        simulation = Objects.requireNonNullElseGet(simulation,
                () -> new Simulation(null, null, null, null, null, null, null, null));
        mqtt = Objects.requireNonNullElseGet(mqtt, () -> new Mqtt(null, null, null, null, null));
        uplink = Objects.requireNonNullElseGet(uplink, () -> new Uplink(null, null, null, null, null, null));
    }

    /**
     * The simulated city. Without an explicit {@code devices} list, {@code gateways} gateways ({@code gw-01}, ...)
     * each get {@code devicesPerGateway} devices, the device types taken in turn ({@code gw-01-tl-001},
     * {@code gw-01-aq-001}, ...). A launcher that must know the ids in advance lists the devices itself.
     * {@code districts} (district to gateway ids) says where the gateways stand, which a POWER_LOSS fault names;
     * without it gateways stand in north, south, centre in turn.
     */
    public record Simulation(Boolean enabled, Integer gateways, Integer devicesPerGateway, Duration readingInterval,
                             Long seed, List<DeviceSpec> devices, List<PlannedIncident> incidents,
                             Map<String, List<String>> districts) {
        public Simulation {
            enabled = Objects.requireNonNullElse(enabled, true);
            gateways = Objects.requireNonNullElse(gateways, 2);
            devicesPerGateway = Objects.requireNonNullElse(devicesPerGateway, 16);
            readingInterval = Objects.requireNonNullElse(readingInterval, Duration.ofSeconds(5));
            seed = Objects.requireNonNullElse(seed, 42L);
            devices = devices == null ? List.of() : List.copyOf(devices);
            incidents = incidents == null ? List.of() : List.copyOf(incidents);
            districts = districts == null ? Map.of() : districts.entrySet().stream().collect(
                    java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> List.copyOf(entry.getValue())));
            requireBetween("urbanops.edge.simulation.gateways", gateways, 1, 99);
            requireBetween("urbanops.edge.simulation.devices-per-gateway", devicesPerGateway, 1, 999);
            requirePositive("urbanops.edge.simulation.reading-interval", readingInterval);
        }
    }

    /** One simulated device named by whoever plans the city. */
    public record DeviceSpec(String id, String gatewayId, DeviceType type) {
        public DeviceSpec {
            if (id == null || id.isBlank() || gatewayId == null || gatewayId.isBlank() || type == null) {
                throw new IllegalArgumentException(
                        "urbanops.edge.simulation.devices[*] needs id, gateway-id and type; got " + id + "/" + gatewayId + "/" + type);
            }
        }
    }

    /** An incident the simulation starts by itself {@code startAfter} the start of the gateway. */
    public record PlannedIncident(String deviceId, IncidentKind kind, Duration startAfter, Duration duration) {
        public PlannedIncident {
            startAfter = Objects.requireNonNullElse(startAfter, Duration.ZERO);
            duration = Objects.requireNonNullElse(duration, Duration.ofMinutes(10));
            if (deviceId == null || kind == null) {
                throw new IllegalArgumentException("urbanops.edge.simulation.incidents[*] needs device-id and kind");
            }
            requirePositive("urbanops.edge.simulation.incidents[*].duration", duration);
        }
    }

    /**
     * The MQTT 5 connection of every gateway to ingestion's MQTT edge. Each gateway connects with client id = user name
     * = its gateway id and password = its registry-issued secret, {@code secrets.<gatewayId>}; the secrets come from
     * configuration (a properties file the operator or launcher writes, or {@code SPRING_APPLICATION_JSON}) and are
     * never logged: {@link #toString()} names the gateways only.
     */
    public record Mqtt(String serverUri, Map<String, String> secrets, Duration keepAlive, Duration connectTimeout,
                       Duration publishTimeout) {
        public Mqtt {
            serverUri = Objects.requireNonNullElse(serverUri, "tcp://localhost:1883");
            secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
            keepAlive = Objects.requireNonNullElse(keepAlive, Duration.ofSeconds(30));
            connectTimeout = Objects.requireNonNullElse(connectTimeout, Duration.ofSeconds(10));
            publishTimeout = Objects.requireNonNullElse(publishTimeout, Duration.ofSeconds(30));
            requirePositive("urbanops.edge.mqtt.connect-timeout", connectTimeout);
            requirePositive("urbanops.edge.mqtt.publish-timeout", publishTimeout);
        }

        /** The secret {@code gatewayId} connects with; a gateway without one would only be refused, so it is an error. */
        public String secretOf(String gatewayId) {
            String secret = secrets.get(gatewayId);
            if (secret == null || secret.isBlank()) {
                throw new IllegalArgumentException("urbanops.edge.mqtt.secrets." + gatewayId + " is not set: every "
                        + "simulated gateway needs the secret the device registry issued for it");
            }
            return secret;
        }

        @Override
        public String toString() {
            return "Mqtt[serverUri=" + serverUri + ", secrets for " + new TreeSet<>(secrets.keySet()) + ", keepAlive="
                    + keepAlive + ", connectTimeout=" + connectTimeout + ", publishTimeout=" + publishTimeout + "]";
        }
    }

    /**
     * Batching and buffering: a batch closes at {@code batchMaxReadings} readings or {@code batchMaxDelay} after its
     * first reading; at most {@code queueCapacity} batches wait per gateway; a transient error retries the oldest
     * batch with a backoff growing from {@code retryInitialBackoff} to {@code retryMaxBackoff}.
     */
    public record Uplink(Integer batchMaxReadings, Duration batchMaxDelay, Integer queueCapacity,
                         Duration retryInitialBackoff, Duration retryMaxBackoff, Duration drainOnShutdown) {
        public Uplink {
            batchMaxReadings = Objects.requireNonNullElse(batchMaxReadings, 200);
            batchMaxDelay = Objects.requireNonNullElse(batchMaxDelay, Duration.ofSeconds(1));
            queueCapacity = Objects.requireNonNullElse(queueCapacity, 10_000);
            retryInitialBackoff = Objects.requireNonNullElse(retryInitialBackoff, Duration.ofMillis(200));
            retryMaxBackoff = Objects.requireNonNullElse(retryMaxBackoff, Duration.ofSeconds(30));
            drainOnShutdown = Objects.requireNonNullElse(drainOnShutdown, Duration.ofSeconds(5));
            // The uplink-batch schema allows 5000 readings per batch.
            requireBetween("urbanops.edge.uplink.batch-max-readings", batchMaxReadings, 1, 5000);
            requireBetween("urbanops.edge.uplink.queue-capacity", queueCapacity, 1, 10_000_000);
            requirePositive("urbanops.edge.uplink.batch-max-delay", batchMaxDelay);
            requirePositive("urbanops.edge.uplink.retry-initial-backoff", retryInitialBackoff);
            if (retryMaxBackoff.compareTo(retryInitialBackoff) < 0) {
                throw new IllegalArgumentException("urbanops.edge.uplink.retry-max-backoff must be >= retry-initial-backoff");
            }
        }
    }

    private static void requireBetween(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
