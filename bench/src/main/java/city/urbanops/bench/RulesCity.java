package city.urbanops.bench;

import city.urbanops.events.Topics;
import city.urbanops.events.alert.AlertEvent.Severity;
import city.urbanops.events.codec.CloudEventRecords;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventType;
import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.events.uplink.Measurement;
import city.urbanops.events.uplink.Reading;
import city.urbanops.events.uplink.UplinkBatch;
import city.urbanops.rules.rule.Condition;
import city.urbanops.rules.rule.Condition.Direction;
import city.urbanops.rules.rule.RuleDocument;
import city.urbanops.rules.rule.RuleRelease;
import city.urbanops.rules.rule.Scope;
import city.urbanops.testkit.registry.ProvisionedGateway;
import city.urbanops.testkit.registry.RegistryFixture;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The city the rules benchmark evaluates: gateways spread over five districts, each with an equal share of the
 * devices, half of them weather stations (temperature and humidity) and half flood sensors (water level), every device
 * placed near its gateway. The rules: most are threshold rules (with hysteresis) each scoped to its own slice of
 * devices by device id, as a city scopes a rule to the sensors of one street or basin; a few are wide, by device type
 * or district (heat, frost, flood, condensation held, fast rise, silence). Every device reads a little below its own
 * rule's clear level, so only a deliberate trigger reading raises anything.
 *
 * <p>Provisioned as the registry would: gateway credentials through {@link RegistryFixture}, the device records
 * (with type, district and location) and the rule releases produced to {@code registry.devices} and
 * {@code rules.definitions} directly.
 */
final class RulesCity {

    static final List<String> DISTRICTS = List.of("north", "south", "east", "west", "centre");
    static final String WEATHER = "weather-station";
    static final String FLOOD = "flood-sensor";
    /** Wide rules when there are enough rules; the rest are slice rules. */
    static final int WIDE_RULES = 10;
    private static final URI SOURCE = URI.create("urn:urbanops:bench:rules-city");
    private static final EventJson JSON = new EventJson();

    /** One sensor: its slice rule's level and the values it reads around it. */
    record Device(String id, String gatewayId, String type, String district, double latitude, double longitude,
                  String ruleId, double threshold, double normal, double swing, double trigger) {

        /** A value in the device's normal band, varying with {@code seq} so it never looks stuck. */
        double normalValue(long seq) {
            return normal + swing * Math.sin(seq * 0.7 + id.hashCode() % 17);
        }
    }

    record Gateway(String id, String district, List<Device> devices) {
    }

    private final String prefix;
    private final List<Gateway> gateways;
    private final List<RuleRelease> rules;
    private final int sliceRules;

    private RulesCity(String prefix, List<Gateway> gateways, List<RuleRelease> rules, int sliceRules) {
        this.prefix = prefix;
        this.gateways = gateways;
        this.rules = rules;
        this.sliceRules = sliceRules;
    }

    /**
     * Plans {@code devices} devices on {@code gatewayCount} gateways and {@code ruleCount} rules: up to
     * {@link #WIDE_RULES} wide ones (a tenth of the rules at most), the rest one per slice of consecutive devices.
     */
    static RulesCity plan(String prefix, int devices, int gatewayCount, int ruleCount) {
        int wide = Math.min(WIDE_RULES, ruleCount / 10);
        int slices = ruleCount - wide;
        int perGateway = devices / gatewayCount;
        var random = new Random(42);
        var now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        var releases = new ArrayList<RuleRelease>(ruleCount);
        var gateways = new ArrayList<Gateway>(gatewayCount);
        for (int g = 0; g < gatewayCount; g++) {
            String gatewayId = prefix + "-gw-" + g;
            String district = DISTRICTS.get(g % DISTRICTS.size());
            // Districts side by side, about 4 km apart; a gateway's devices within some 500 m of it.
            double latitude = 47.30 + (g % DISTRICTS.size()) * 0.04 + random.nextDouble() * 0.03;
            double longitude = 8.50 + random.nextDouble() * 0.05;
            var members = new ArrayList<Device>(perGateway);
            for (int i = 0; i < perGateway; i++) {
                int index = g * perGateway + i;
                // Consecutive devices share a slice; slices differ in size by one device at most, none is empty.
                int slice = (int) ((long) index * slices / devices);
                boolean weather = slice % 2 == 0;
                double threshold = weather ? 30 + slice % 7 : 2.0 + (slice % 7) * 0.25;
                // Normal band below the clear level (threshold - 1 °C, threshold - 0.3 m); a trigger just above.
                members.add(new Device(gatewayId + "-d-" + i, gatewayId, weather ? WEATHER : FLOOD, district,
                        latitude + (random.nextDouble() - 0.5) * 0.009, longitude + (random.nextDouble() - 0.5) * 0.013,
                        sliceRuleId(prefix, slice), threshold, weather ? threshold - 1.6 : threshold - 0.6,
                        weather ? 0.3 : 0.08, weather ? threshold + 1.0 : threshold + 0.2));
            }
            gateways.add(new Gateway(gatewayId, district, List.copyOf(members)));
        }
        var sliceDevices = new ArrayList<List<String>>(slices);
        for (int s = 0; s < slices; s++) {
            sliceDevices.add(new ArrayList<>());
        }
        for (int index = 0; index < devices; index++) {
            sliceDevices.get((int) ((long) index * slices / devices))
                    .add(gateways.get(index / perGateway).devices().get(index % perGateway).id());
        }
        for (int s = 0; s < slices; s++) {
            boolean weather = s % 2 == 0;
            double threshold = weather ? 30 + s % 7 : 2.0 + (s % 7) * 0.25;
            var condition = new Condition.Threshold(weather ? "temperature" : "water_level", Direction.ABOVE,
                    threshold, weather ? threshold - 1.0 : threshold - 0.3, Duration.ZERO);
            releases.add(release(sliceRuleId(prefix, s), now, new RuleDocument(
                    (weather ? "Street temperature " : "Basin water level ") + s,
                    "Threshold for one street's or basin's sensors", s % 3 == 0 ? Severity.MAJOR : Severity.WARNING,
                    weather ? "Check the street for a heat source" : "Check the basin's outflow",
                    new Scope(null, null, null, null, sliceDevices.get(s)), condition)));
        }
        wideRules(prefix, now).stream().limit(wide).forEach(releases::add);
        return new RulesCity(prefix, List.copyOf(gateways), List.copyOf(releases), slices);
    }

    /** City-wide rules by device type or district, with levels the bench's readings never reach. */
    private static List<RuleRelease> wideRules(String prefix, Instant now) {
        var byType = (java.util.function.Function<String, Scope>) type -> new Scope(List.of(type), null, null, null,
                null);
        return List.of(
                release(prefix + "-heat", now, new RuleDocument("Heat", "Street temperature dangerously high",
                        Severity.CRITICAL, "Open cooling centres", byType.apply(WEATHER),
                        new Condition.Threshold("temperature", Direction.ABOVE, 45, 43.0, Duration.ofMinutes(5)))),
                release(prefix + "-flood", now, new RuleDocument("Flood", "Water above the flood level",
                        Severity.CRITICAL, "Close the underpass", byType.apply(FLOOD),
                        new Condition.Threshold("water_level", Direction.ABOVE, 4.5, 4.2, Duration.ZERO))),
                release(prefix + "-frost", now, new RuleDocument("Frost", "Street temperature far below zero",
                        Severity.MAJOR, "Send the gritters", byType.apply(WEATHER),
                        new Condition.Threshold("temperature", Direction.BELOW, -25, -23.0, Duration.ofMinutes(10)))),
                release(prefix + "-fast-rise", now, new RuleDocument("Fast rise", "Water rising fast",
                        Severity.MAJOR, "Inspect the inflow", byType.apply(FLOOD),
                        new Condition.RateOfChange("water_level", Condition.RateOfChange.Trend.RISING, 1.5,
                                Duration.ofMinutes(10)))),
                release(prefix + "-silent-weather", now, new RuleDocument("Weather station silent",
                        "No reading for 15 minutes", Severity.WARNING, "Check the station", byType.apply(WEATHER),
                        new Condition.Absence(null, Duration.ofMinutes(15)))),
                release(prefix + "-silent-flood", now, new RuleDocument("Flood sensor silent",
                        "No reading for 15 minutes", Severity.MAJOR, "Check the sensor", byType.apply(FLOOD),
                        new Condition.Absence(null, Duration.ofMinutes(15)))),
                release(prefix + "-condensation", now, new RuleDocument("Condensation", "Humidity saturated",
                        Severity.INFO, "Check the housing", byType.apply(WEATHER),
                        new Condition.Threshold("humidity", Direction.ABOVE, 99.5, 98.0, Duration.ofMinutes(30)))),
                release(prefix + "-temperature-swing", now, new RuleDocument("Temperature swing",
                        "Temperature changing fast", Severity.INFO, "Check the station", byType.apply(WEATHER),
                        new Condition.RateOfChange("temperature", Condition.RateOfChange.Trend.EITHER, 8,
                                Duration.ofMinutes(15)))),
                release(prefix + "-north-flood", now, new RuleDocument("North flood watch",
                        "Water high in the north district", Severity.MAJOR, "Warn the north's residents",
                        new Scope(List.of(FLOOD), null, List.of("north"), null, null),
                        new Condition.Threshold("water_level", Direction.ABOVE, 4.0, 3.8, Duration.ZERO))),
                release(prefix + "-centre-heat", now, new RuleDocument("Centre heat watch",
                        "Temperature high in the centre", Severity.MAJOR, "Water the squares",
                        new Scope(List.of(WEATHER), null, List.of("centre"), null, null),
                        new Condition.Threshold("temperature", Direction.ABOVE, 40, 38.0, Duration.ZERO))));
    }

    private static RuleRelease release(String ruleId, Instant now, RuleDocument document) {
        return new RuleRelease(ruleId, 1, document, now, "bench");
    }

    private static String sliceRuleId(String prefix, int slice) {
        return "%s-slice-%04d".formatted(prefix, slice);
    }

    List<Gateway> gateways() {
        return gateways;
    }

    List<RuleRelease> rules() {
        return rules;
    }

    int deviceCount() {
        return gateways.stream().mapToInt(gateway -> gateway.devices().size()).sum();
    }

    String describe() {
        int perSlice = deviceCount() / Math.max(1, sliceRules);
        return "%,d devices (%s and %s alternating by slice) on %d gateways in %d districts; %,d rules: %,d threshold "
                .formatted(deviceCount(), WEATHER, FLOOD, gateways.size(), Math.min(gateways.size(), DISTRICTS.size()),
                        rules.size(), sliceRules)
                + "rules with hysteresis, each scoped to its own ~%d devices, and %d wide ones by device type or district"
                .formatted(perSlice, rules.size() - sliceRules)
                + " (thresholds, rate of change, absence, held for a duration)";
    }

    /**
     * Provisions the city: credentials of every gateway (returned, with their secrets), the registry records of the
     * gateways and devices, and every rule release; returns once Kafka acknowledged all of it.
     */
    List<ProvisionedGateway> provision(String bootstrapServers) {
        List<ProvisionedGateway> provisioned;
        try (var registry = RegistryFixture.on(bootstrapServers)) {
            provisioned = registry.gateways(prefix + "-gw", gateways.size());
        }
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            var acks = new ArrayList<Future<?>>();
            var now = Instant.now();
            for (var gateway : gateways) {
                acks.add(producer.send(device(new DeviceRecord(gateway.id(), null, DeviceKind.GATEWAY, "edge-gateway",
                        null, DeviceLifecycle.ACTIVE, null, "operations", gateway.district(), null, null, null,
                        List.of(), 1, now))));
                for (var device : gateway.devices()) {
                    acks.add(producer.send(device(record(device, now))));
                }
            }
            for (var rule : rules) {
                acks.add(producer.send(new ProducerRecord<>(Topics.RULES, rule.ruleId(), JSON.write(rule))));
            }
            for (var ack : acks) {
                ack.get(60, TimeUnit.SECONDS);
            }
        } catch (Exception failed) {
            throw new IllegalStateException("Kafka did not take the city's registry records and rules", failed);
        }
        return provisioned;
    }

    /** The registry's record of a sensor: ACTIVE, with its type's measurements, district and location. */
    static DeviceRecord record(Device device, Instant now) {
        return new DeviceRecord(device.id(), null, DeviceKind.SENSOR, device.type(), device.gatewayId(),
                DeviceLifecycle.ACTIVE, null, "environment", device.district(), null, device.latitude(),
                device.longitude(),
                device.type().equals(WEATHER) ? List.of("temperature", "humidity") : List.of("water_level"), 1, now);
    }

    private static ProducerRecord<String, byte[]> device(DeviceRecord record) {
        return CloudEventRecords.toRecord(Topics.REGISTRY_DEVICES, record.deviceId(), EventType.DEVICE,
                record.eventId(), SOURCE, record.deviceId(), record.updatedAt(), JSON.write(record));
    }

    /**
     * The readings one gateway sends, batch after batch, cycling over its devices; each device's sequence numbers
     * continue across runs. A device marked as trigger reads just above its rule's level once; its next reading is
     * normal again, which clears the condition. Used by one thread at a time.
     */
    static final class Uplink {
        private final Gateway gateway;
        private final long[] seq;
        private int cursor;
        private Instant last = Instant.EPOCH;

        Uplink(Gateway gateway) {
            this.gateway = gateway;
            this.seq = new long[gateway.devices().size()];
        }

        Gateway gateway() {
            return gateway;
        }

        /**
         * The next {@code size} readings, all at {@code time} or, when the previous batch had that time already, a
         * millisecond after it: rules-service ignores a device's reading that is not after its last one, and batches
         * built within one millisecond would otherwise repeat a time. The reading at position {@code triggerAt} (or
         * none when negative) is a trigger. Returns the batch (its {@code sentAt} is the readings' time) and the
         * triggered device (or null).
         */
        Batch next(int size, Instant requested, int triggerAt) {
            var time = requested.isAfter(last) ? requested : last.plusMillis(1);
            last = time;
            var readings = new ArrayList<Reading>(size);
            Device triggered = null;
            var devices = gateway.devices();
            for (int i = 0; i < size; i++) {
                int at = cursor;
                cursor = (cursor + 1) % devices.size();
                var device = devices.get(at);
                long n = seq[at]++;
                boolean trigger = i == triggerAt;
                double value = trigger ? device.trigger() : device.normalValue(n);
                if (trigger) {
                    triggered = device;
                }
                readings.add(new Reading(device.id(), time, n, null, device.type().equals(WEATHER)
                        ? List.of(Measurement.numeric("temperature", "Cel", round(value)),
                        Measurement.numeric("humidity", "%RH", round(62 + 8 * Math.sin(n * 0.3))))
                        : List.of(Measurement.numeric("water_level", "m", round(value)))));
            }
            return new Batch(new UplinkBatch(gateway.id(), time, readings), triggered);
        }

        private static double round(double value) {
            return Math.round(value * 1000) / 1000.0;
        }
    }

    /** A batch to publish and the device it triggers, if any. */
    record Batch(UplinkBatch uplink, Device triggered) {
    }
}
