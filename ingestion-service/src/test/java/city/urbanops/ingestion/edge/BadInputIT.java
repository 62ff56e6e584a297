package city.urbanops.ingestion.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.events.MqttTopics;
import city.urbanops.events.Topics;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.telemetry.RejectReason;
import city.urbanops.events.telemetry.RejectedTelemetry;
import city.urbanops.events.uplink.MeasurementCatalog;
import city.urbanops.ingestion.ActuatorClient;
import city.urbanops.ingestion.TestRegistry;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.TopicProbe;
import city.urbanops.testkit.mqtt.MqttTestGateway;
import city.urbanops.testkit.mqtt.PublishOutcome;
import city.urbanops.testkit.mqtt.UplinkFixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Bad input lands on telemetry.rejected with its reason and a metric, and ingestion keeps going. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class BadInputIT {

    private static final int MQTT_PORT = FreePorts.next();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int httpPort;

    private String gatewayId;
    private MqttTestGateway gateway;
    private TopicProbe rejected;
    private ActuatorClient actuator;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("urbanops.ingestion.mqtt.host", () -> "127.0.0.1");
        registry.add("urbanops.ingestion.mqtt.port", () -> MQTT_PORT);
        registry.add("urbanops.ingestion.kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
        registry.add("urbanops.ingestion.instance-id", () -> "bad-input-it");
    }

    @BeforeEach
    void connect() {
        gatewayId = "gw-bad-" + UUID.randomUUID().toString().substring(0, 8);
        var provisioned = TestRegistry.gateway(gatewayId, gatewayId + "-good", 5);
        // The devices the readings below name report every catalogued measurement: these tests judge the data.
        var everyMeasurement = List.copyOf(MeasurementCatalog.all().keySet());
        for (String device : List.of("dev-a", "dev-b", "ev-1", "bin-1", "pipe-1", "air-1", "air-2")) {
            TestRegistry.fixture().device(gatewayId + "-" + device, gatewayId, DeviceLifecycle.ACTIVE, null,
                    everyMeasurement);
        }
        gateway = MqttTestGateway.connect("tcp://127.0.0.1:" + MQTT_PORT, provisioned);
        rejected = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(), Topics.TELEMETRY_REJECTED);
        actuator = new ActuatorClient(httpPort);
    }

    @AfterEach
    void disconnect() {
        gateway.close();
        rejected.close();
    }

    @Test
    void malformedJsonIsDeadLetteredAndRefusedPermanently() {
        double before = rejects(RejectReason.MALFORMED);

        var outcome = publish("{\"gatewayId\":\"" + gatewayId + "\",\"readings\":[");

        assertThat(outcome.reasonCode()).isEqualTo(0x99);
        var deadLetter = awaitDeadLetter(RejectReason.MALFORMED);
        assertThat(deadLetter.payload()).isEqualTo("{\"gatewayId\":\"" + gatewayId + "\",\"readings\":[");
        assertThat(deadLetter.readingIndex()).isNull();
        awaitRejectsMetric(RejectReason.MALFORMED, before + 1);
        assertGoodBatchStillAcknowledged();
    }

    @Test
    void anUnknownEventClassRejectsThatReadingOnly() {
        double before = rejects(RejectReason.UNKNOWN_EVENT_CLASS);

        var outcome = publish(batch(reading("dev-a", "\"eventClass\":\"WEATHER\",", "\"v\":3") + ","
                + reading("dev-b", "", "\"v\":4")));

        assertThat(outcome.reasonCode()).isZero();
        var deadLetter = awaitDeadLetter(RejectReason.UNKNOWN_EVENT_CLASS);
        assertThat(deadLetter.readingIndex()).isZero();
        assertThat(deadLetter.deviceId()).isEqualTo(gatewayId + "-dev-a");
        assertThat(deadLetter.detail()).contains("/readings/0/eventClass", "WEATHER");
        awaitRejectsMetric(RejectReason.UNKNOWN_EVENT_CLASS, before + 1);
        assertGoodBatchStillAcknowledged();
    }

    @Test
    void aReadingMissingItsSequenceNumberIsASchemaReject() {
        double before = rejects(RejectReason.SCHEMA);
        String withoutSeq = "{\"deviceId\":\"" + gatewayId + "-dev-a\",\"time\":\"" + Instant.now()
                + "\",\"measurements\":[{\"n\":\"temperature\",\"u\":\"Cel\",\"v\":3}]}";

        var outcome = publish(batch(withoutSeq));

        assertThat(outcome.reasonCode()).as("every reading rejected").isEqualTo(0x99);
        var deadLetter = awaitDeadLetter(RejectReason.SCHEMA);
        assertThat(deadLetter.detail()).contains("/readings/0", "seq");
        assertThat(deadLetter.payload()).isEqualTo(withoutSeq);
        awaitRejectsMetric(RejectReason.SCHEMA, before + 1);
        assertGoodBatchStillAcknowledged();
    }

    @Test
    void aNonNumericValueIsASchemaReject() {
        double before = rejects(RejectReason.SCHEMA);

        var outcome = publish(batch(reading("dev-a", "", "\"v\":\"warm\"")));

        assertThat(outcome.reasonCode()).as("every reading rejected").isEqualTo(0x99);
        var deadLetter = awaitDeadLetter(RejectReason.SCHEMA);
        assertThat(deadLetter.detail()).contains("/readings/0/measurements/0/v");
        awaitRejectsMetric(RejectReason.SCHEMA, before + 1);
        assertGoodBatchStillAcknowledged();
    }

    @Test
    void aStringWithANulCharacterIsRejectedBeforeItCanReachTheStore() {
        double before = rejects(RejectReason.VALUE);

        var outcome = publish(batch(reading("ev-1", "", "\"n\":\"fault_code\",\"vs\":\"E\\u0000X\"")
                .replace("\"n\":\"temperature\",\"u\":\"Cel\",", "")));

        assertThat(outcome.reasonCode()).as("the only reading was rejected").isEqualTo(0x99);
        assertThat(outcome.reasonString()).contains("VALUE", "U+0000");
        assertThat(outcome.userProperties()).containsEntry("urbanops.rejected", "1")
                .containsEntry("urbanops.rejected.VALUE", "1").containsEntry("urbanops.accepted", "0");
        var deadLetter = awaitDeadLetter(RejectReason.VALUE);
        assertThat(deadLetter.deviceId()).isEqualTo(gatewayId + "-ev-1");
        assertThat(deadLetter.detail()).contains("/readings/0/measurements/0/vs");
        awaitRejectsMetric(RejectReason.VALUE, before + 1);
        assertGoodBatchStillAcknowledged();
    }

    @Test
    void aPartlyRejectedBatchIsAcknowledgedWithTheRejectionsCountedByReason() {
        var outcome = publish(batch(String.join(",",
                reading("bin-1", "", "\"v\":-5000").replace("temperature\",\"u\":\"Cel", "fill_level\",\"u\":\"%"),
                reading("pipe-1", "\"eventClass\":\"ENVIRONMENTAL\",", "\"v\":1")
                        .replace("\"n\":\"temperature\",\"u\":\"Cel\",\"v\":1", "\"n\":\"leak\",\"vb\":true"),
                reading("air-1", "", "\"v\":1e300"),
                reading("air-2", "", "\"v\":12.5"))));

        assertThat(outcome.reasonCode()).isZero();
        assertThat(outcome.userProperties())
                .containsEntry("urbanops.accepted", "1")
                .containsEntry("urbanops.rejected", "3")
                .containsEntry("urbanops.rejected.OUT_OF_RANGE", "2")
                .containsEntry("urbanops.rejected.EVENT_CLASS_MISMATCH", "1");
        assertThat(awaitDeadLetter(RejectReason.OUT_OF_RANGE).deviceId()).isIn(gatewayId + "-bin-1",
                gatewayId + "-air-1");
        assertThat(awaitDeadLetter(RejectReason.EVENT_CLASS_MISMATCH).detail()).contains("ENVIRONMENTAL", "FAILURE");
    }

    @Test
    void aFullyAcceptedBatchCarriesNoRejectionProperties() {
        var outcome = publish(batch(reading("air-1", "", "\"v\":12.5")));

        assertThat(outcome.reasonCode()).isZero();
        assertThat(outcome.userProperties()).isEmpty();
    }

    @Test
    void aBatchSentAgainYieldsDeadLettersWithTheSameIds() {
        String sameBatch = batch(reading("dev-a", "\"eventClass\":\"WEATHER\",", "\"v\":3") + ","
                + reading("dev-b", "", "\"v\":4"));

        publish(sameBatch);
        publish(sameBatch);

        var copies = rejected.awaitMatching(record -> gatewayId.equals(TopicProbe.value(record,
                RejectedTelemetry.class).gatewayId()), 2, WAIT);
        var ids = copies.stream().map(record -> new String(record.headers().lastHeader("ce_id").value(),
                StandardCharsets.UTF_8)).toList();
        assertThat(ids).hasSize(2);
        assertThat(ids.get(1)).as("the copy is recognisable by its id").isEqualTo(ids.get(0))
                .startsWith(gatewayId + "/UNKNOWN_EVENT_CLASS/");
    }

    @Test
    void anOversizedPayloadIsDeadLetteredTruncatedAndRefusedPermanently() {
        double before = rejects(RejectReason.OVERSIZED);
        // Over uplink.max-message-size (1 MiB) but within the packet's headroom: refused, not disconnected.
        var payload = new byte[1024 * 1024 + 1024];
        Arrays.fill(payload, (byte) ' ');

        var outcome = gateway.publish(MqttTopics.uplink(gatewayId), payload);

        assertThat(outcome.reasonCode()).isEqualTo(0x99);
        assertThat(gateway.isConnected()).isTrue();
        var deadLetter = awaitDeadLetter(RejectReason.OVERSIZED);
        assertThat(deadLetter.payloadTruncated()).isTrue();
        assertThat(deadLetter.payloadSize()).isEqualTo(payload.length);
        assertThat(deadLetter.payload()).hasSize(64 * 1024);
        awaitRejectsMetric(RejectReason.OVERSIZED, before + 1);
        assertGoodBatchStillAcknowledged();
    }

    @Test
    void publishingOnAnotherGatewaysTopicIsNotAuthorized() {
        double before = rejects(RejectReason.TOPIC);

        var outcome = gateway.publish(MqttTopics.uplink("someone-else"),
                "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(outcome.reasonCode()).isEqualTo(0x87);
        assertThat(awaitDeadLetter(RejectReason.TOPIC).mqttTopic()).isEqualTo(MqttTopics.uplink("someone-else"));
        awaitRejectsMetric(RejectReason.TOPIC, before + 1);
        assertGoodBatchStillAcknowledged();
    }

    private PublishOutcome publish(String payload) {
        return gateway.publish(MqttTopics.uplink(gatewayId), payload.getBytes(StandardCharsets.UTF_8));
    }

    private RejectedTelemetry awaitDeadLetter(RejectReason reason) {
        var records = rejected.awaitMatching(record -> {
            var deadLetter = TopicProbe.value(record, RejectedTelemetry.class);
            return gatewayId.equals(deadLetter.gatewayId()) && deadLetter.reason() == reason;
        }, 1, WAIT);
        return TopicProbe.value(records.getFirst(), RejectedTelemetry.class);
    }

    private void assertGoodBatchStillAcknowledged() {
        try (var classTopic = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(),
                Topics.TELEMETRY_ENVIRONMENTAL)) {
            var outcome = gateway.publishBatch(UplinkFixtures.batch(gatewayId, gatewayId + "-good", 5, 1));

            assertThat(outcome.reasonCode()).isZero();
            classTopic.awaitMatching(record -> record.key().startsWith(gatewayId + "-good"), 5, WAIT);
        }
    }

    private double rejects(RejectReason reason) {
        return actuator.metric("urbanops_ingestion_rejects_total", "reason", reason.name());
    }

    private void awaitRejectsMetric(RejectReason reason, double atLeast) {
        await().atMost(WAIT).until(() -> rejects(reason) >= atLeast);
    }

    private String batch(String readings) {
        return "{\"gatewayId\":\"" + gatewayId + "\",\"readings\":[" + readings + "]}";
    }

    private String reading(String device, String extraField, String value) {
        return "{\"deviceId\":\"" + gatewayId + "-" + device + "\",\"time\":\"" + Instant.now() + "\",\"seq\":1,"
                + extraField + "\"measurements\":[{\"n\":\"temperature\",\"u\":\"Cel\"," + value + "}]}";
    }
}
