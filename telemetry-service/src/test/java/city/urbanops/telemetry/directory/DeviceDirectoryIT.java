package city.urbanops.telemetry.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.events.Topics;
import city.urbanops.telemetry.config.TelemetryProperties;
import city.urbanops.telemetry.directory.DeviceDirectory.DevicePlacement;
import city.urbanops.telemetry.support.TelemetryServiceIT;
import city.urbanops.testkit.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * The scope directory on the shared real Kafka: every instance holds every device under one stable group id, rebuilt
 * from {@code registry.devices} alone; records that cannot mean anything are skipped and counted, and the records
 * behind them are still read.
 */
class DeviceDirectoryIT extends TelemetryServiceIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    DeviceDirectory directory;

    @Autowired
    ConsumerFactory<String, byte[]> consumers;

    @Autowired
    TelemetryProperties properties;

    @Autowired
    MeterRegistry meters;

    @Test
    void aSecondInstanceWithTheSameStableGroupRebuildsTheWholeDirectoryFromTheTopicAlone() throws Exception {
        int partitions = TestInfrastructure.kafka().admin().describeTopics(List.of(Topics.REGISTRY_DEVICES))
                .allTopicNames().get().get(Topics.REGISTRY_DEVICES).partitions().size();
        List<String> devices = new ArrayList<>();
        while (devices.size() < 12 || partitionsOf(devices, partitions).size() < partitions) {
            devices.add(newDeviceId("dir"));
        }
        devices.forEach(device -> registerDevice(device, "water", "north"));
        String moved = devices.get(0);
        registerDevice(moved, "water", "south", 2);
        String deleted = devices.get(1);
        deleteDevice(deleted);
        await().atMost(WAIT).until(() -> directory.placement(deleted).isEmpty()
                && directory.placement(moved).map(DevicePlacement::version).orElse(0L) == 2);

        DeviceDirectory rebuilt = new DeviceDirectory();
        DeviceDirectoryReader second = new DeviceDirectoryReader(consumers, rebuilt, properties.directory(),
                Clock.systemUTC(), new SimpleMeterRegistry(), "-second");
        second.start();
        try {
            await().atMost(WAIT).until(() -> second.catchUp().caughtUp());

            assertThat(properties.directory().groupId()).isEqualTo("telemetry-service-directory");
            for (DeviceDirectory instance : List.of(directory, rebuilt)) {
                assertThat(instance.placement(moved)).contains(new DevicePlacement("water", "south", 2));
                assertThat(instance.placement(deleted)).isEmpty();
                devices.subList(2, devices.size()).forEach(device -> assertThat(instance.placement(device))
                        .as(device).contains(new DevicePlacement("water", "north", 1)));
            }
        } finally {
            second.stop();
        }
    }

    @Test
    void theDirectoryNeverCommitsOffsetsUnderItsGroup() throws Exception {
        String device = newDeviceId("dir-nocommit");
        registerDevice(device, "water", "east");
        await().atMost(WAIT).until(() -> directory.placement(device).isPresent());

        var offsets = TestInfrastructure.kafka().admin()
                .listConsumerGroupOffsets(properties.directory().groupId()).partitionsToOffsetAndMetadata().get();

        assertThat(offsets).isEmpty();
    }

    @Test
    void poisonRegistryRecordsAreSkippedCountedAndDoNotHoldUpTheRecordBehindThem() {
        String device = newDeviceId("dir-poison");
        double undecodable = skipped("UNDECODABLE");
        double mismatched = skipped("KEY_MISMATCH");
        double blankKey = skipped("NO_KEY");

        produceRaw(Topics.REGISTRY_DEVICES, device, "{not json\u0000".getBytes(StandardCharsets.UTF_8));
        ProducerRecord<String, byte[]> someoneElse = deviceRecord(newDeviceId("other"), "water", "north", 1);
        produceRaw(Topics.REGISTRY_DEVICES, device, someoneElse.value());
        // A compacted topic refuses a record without a key, but not one with an empty key.
        produceRaw(Topics.REGISTRY_DEVICES, "", deviceRecord(device, "water", "north", 1).value());
        registerDevice(device, "transport", "west");

        await().atMost(WAIT).until(() -> directory.placement(device).isPresent());
        assertThat(directory.placement(device)).contains(new DevicePlacement("transport", "west", 1));
        assertThat(skipped("UNDECODABLE")).isEqualTo(undecodable + 1);
        assertThat(skipped("KEY_MISMATCH")).isEqualTo(mismatched + 1);
        await().atMost(WAIT).until(() -> skipped("NO_KEY") == blankKey + 1);
    }

    @Test
    void anOlderVersionPublishedLateDoesNotReplaceANewerOne() {
        String device = newDeviceId("dir-stale");
        double stale = skipped("STALE_VERSION");

        registerDevice(device, "water", "south", 2);
        registerDevice(device, "water", "north", 1);
        registerDevice(device, "environment", "south", 2);

        await().atMost(WAIT).until(() -> directory.placement(device)
                .map(p -> p.department().equals("environment")).orElse(false));
        assertThat(skipped("STALE_VERSION")).isEqualTo(stale + 1);
    }

    private double skipped(String reason) {
        return meters.get("urbanops.telemetry.directory.skipped").tag("reason", reason).counter().count();
    }

    // The producer's default partitioner for a keyed record: murmur2 of the key over the topic's partitions.
    private static Set<Integer> partitionsOf(List<String> keys, int partitionCount) {
        Set<Integer> partitions = new HashSet<>();
        keys.forEach(key -> partitions.add(
                Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitionCount));
        return partitions;
    }
}
