package city.urbanops.localplatform.seed;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class RegistrySeedTest {

    private static final Instant SEEDED = Instant.parse("2026-11-25T06:00:00Z");

    @Test
    void everyGatewayAndDeviceBecomesACloudEventKeyedByItsId() {
        var plan = SimulatedCityPlan.of(2, 16, 42);

        var records = new RegistrySeed().records(plan, SEEDED);

        assertThat(records).hasSize(34).allSatisfy(record -> {
            assertThat(record.topic()).isEqualTo(Topics.REGISTRY_DEVICES);
            assertThat(header(record, "ce_type")).isEqualTo("city.urbanops.registry.device.v1");
            assertThat(header(record, "ce_subject")).isEqualTo(record.key());
            var device = new EventJson().read(record.value(), DeviceRecord.class);
            assertThat(device.deviceId()).isEqualTo(record.key());
        });
        var gateway = new EventJson().read(records.getFirst().value(), DeviceRecord.class);
        assertThat(gateway.kind()).isEqualTo(DeviceKind.GATEWAY);
    }

    @Test
    void reseedingTheSameCityRepeatsTheSameEventIds() {
        var plan = SimulatedCityPlan.of(1, 8, 42);

        var first = new RegistrySeed().records(plan, SEEDED);
        var second = new RegistrySeed().records(plan, SEEDED);

        assertThat(first).extracting(r -> header(r, "ce_id"))
                .containsExactlyElementsOf(second.stream().map(r -> header(r, "ce_id")).toList())
                .doesNotHaveDuplicates();
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
