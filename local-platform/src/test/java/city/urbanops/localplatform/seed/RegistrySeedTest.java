package city.urbanops.localplatform.seed;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.events.registry.GatewayCredentials;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class RegistrySeedTest {

    private static final Instant SEEDED = Instant.parse("2026-11-25T06:00:00Z");

    private static final GatewaySecrets SECRETS = GatewaySecrets.of(Map.of(
            "gw-01", "uogw_first-gateway-secret-0000000000000000000000000",
            "gw-02", "uogw_second-gateway-secret-000000000000000000000000"));

    @Test
    void everyGatewayAndDeviceBecomesACloudEventKeyedByItsId() {
        var plan = SimulatedCityPlan.of(2, 16, 42);

        var records = new RegistrySeed().records(plan, SECRETS, SEEDED).stream()
                .filter(record -> record.topic().equals(Topics.REGISTRY_DEVICES)).toList();

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

        var first = new RegistrySeed().records(plan, SECRETS, SEEDED);
        var second = new RegistrySeed().records(plan, SECRETS, SEEDED);

        assertThat(first).extracting(r -> header(r, "ce_id"))
                .containsExactlyElementsOf(second.stream().map(r -> header(r, "ce_id")).toList())
                .doesNotHaveDuplicates();
    }

    @Test
    void everyGatewayGetsActiveCredentialsThatAdmitItsSecretAndCarryOnlyItsHash() {
        var plan = SimulatedCityPlan.of(2, 4, 42);

        var credentials = new RegistrySeed().records(plan, SECRETS, SEEDED).stream()
                .filter(record -> record.topic().equals(Topics.REGISTRY_GATEWAY_CREDENTIALS)).toList();

        assertThat(credentials).extracting(ProducerRecord::key).containsExactly("gw-01", "gw-02");
        for (var record : credentials) {
            String secret = SECRETS.secretOf(record.key());
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain(secret);
            var gateway = new EventJson().read(record.value(), GatewayCredentials.class);
            assertThat(gateway.check(secret.getBytes(StandardCharsets.UTF_8), SEEDED.plusSeconds(1)))
                    .isEqualTo(GatewayCredentials.Verdict.ADMITTED);
            assertThat(header(record, "ce_type")).isEqualTo("city.urbanops.registry.gateway-credentials.v1");
        }
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
