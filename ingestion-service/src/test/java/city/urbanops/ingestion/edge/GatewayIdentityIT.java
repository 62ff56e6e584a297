package city.urbanops.ingestion.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.events.MqttTopics;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.GatewayTokens;
import city.urbanops.ingestion.ActuatorClient;
import city.urbanops.ingestion.TestRegistry;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.mqtt.MqttTestGateway;
import city.urbanops.testkit.registry.ProvisionedGateway;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Only gateways with registry-issued credentials get in, each only into its own topic tree, and a gateway the
 * registry stops admitting is put out within a second — on the real MQTT endpoint, with the registry's records
 * produced to Kafka as the registry would. No secret a test used ever appears in the logs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class GatewayIdentityIT {

    private static final int MQTT_PORT = FreePorts.next();
    private static final String SERVER_URI = "tcp://127.0.0.1:" + MQTT_PORT;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int BAD_USER_NAME_OR_PASSWORD = 0x86;
    private static final int NOT_AUTHORIZED = 0x87;
    private static final int BANNED = 0x8A;

    @LocalServerPort
    int httpPort;

    private final List<String> secretsUsed = new ArrayList<>();
    private ActuatorClient actuator;
    private String run;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("urbanops.ingestion.mqtt.host", () -> "127.0.0.1");
        registry.add("urbanops.ingestion.mqtt.port", () -> MQTT_PORT);
        registry.add("urbanops.ingestion.kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
        registry.add("urbanops.ingestion.instance-id", () -> "identity-it");
        // Everything UrbanOps logs is captured and searched for secrets, the debug lines too.
        registry.add("logging.level.city.urbanops", () -> "DEBUG");
    }

    @BeforeEach
    void setUp() {
        actuator = new ActuatorClient(httpPort);
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void noSecretWasLogged(CapturedOutput output) {
        assertThat(secretsUsed).isNotEmpty();
        for (String secret : secretsUsed) {
            assertThat(output.getAll()).as("the logs").doesNotContain(secret);
        }
    }

    @Test
    void anAnonymousClientIsRefusedAsBadUserNameOrPassword() {
        double before = refusals("no_credentials");
        secretsUsed.add(provision("anonymous").secret());

        var attempt = MqttTestGateway.attempt(SERVER_URI, id("anonymous"), null, null);

        assertThat(attempt.connackCode()).isEqualTo(BAD_USER_NAME_OR_PASSWORD);
        awaitRefusals("no_credentials", before + 1);
    }

    @Test
    void aWrongSecretIsRefusedAsBadUserNameOrPassword() {
        var gateway = connectedOnce("wrong");
        String wrong = GatewayTokens.generate(new SecureRandom());
        secretsUsed.add(wrong);
        double before = refusals("wrong_secret");

        var attempt = attempt(gateway.gatewayId(), wrong);

        assertThat(attempt).isEqualTo(BAD_USER_NAME_OR_PASSWORD);
        awaitRefusals("wrong_secret", before + 1);
    }

    @Test
    void anUnknownGatewayIsRefusedAsBadUserNameOrPassword() {
        String secret = GatewayTokens.generate(new SecureRandom());
        secretsUsed.add(secret);
        double before = refusals("unknown_gateway");

        var attempt = attempt(id("nobody"), secret);

        assertThat(attempt).isEqualTo(BAD_USER_NAME_OR_PASSWORD);
        awaitRefusals("unknown_gateway", before + 1);
    }

    @Test
    void aUserNameOtherThanTheGatewayIdIsRefused() {
        var gateway = connectedOnce("impostor");

        var attempt = MqttTestGateway.attempt(SERVER_URI, gateway.gatewayId(), "someone-else",
                gateway.secret().getBytes(StandardCharsets.UTF_8)).connackCode();

        assertThat(attempt).isEqualTo(BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void duringARotationBothSecretsConnectAndAfterTheOverlapTheOldOneIsRefusedAndItsConnectionClosed()
            throws Exception {
        var gateway = connectedOnce("rotating");
        Instant overlapEnds = Instant.now().plusSeconds(4);
        String newSecret = TestRegistry.fixture().rotate(gateway.gatewayId(), overlapEnds);
        secretsUsed.add(newSecret);

        try (var withNew = MqttTestGateway.connect(SERVER_URI, gateway.gatewayId(), newSecret)) {
            withNew.disconnect();
        }
        var withOld = MqttTestGateway.connect(SERVER_URI, gateway);
        assertThat(withOld.isConnected()).as("the old secret works during the overlap").isTrue();
        double expiredBefore = refusals("expired_secret");

        var closed = withOld.disconnected().get(20, TimeUnit.SECONDS);
        long closedAfterOverlapMillis = Duration.between(overlapEnds, Instant.now()).toMillis();

        assertThat(closed.reasonCode()).isEqualTo(NOT_AUTHORIZED);
        assertThat(closedAfterOverlapMillis).as("closed within a second of the overlap's end").isLessThan(1_500);
        assertThat(attempt(gateway.gatewayId(), gateway.secret())).isEqualTo(BAD_USER_NAME_OR_PASSWORD);
        awaitRefusals("expired_secret", expiredBefore + 1);
        try (var again = MqttTestGateway.connect(SERVER_URI, gateway.gatewayId(), newSecret)) {
            assertThat(again.isConnected()).isTrue();
        }
        withOld.close();
    }

    @Test
    void aSuspendedGatewayIsNotAuthorizedButOnlyARightSecretLearnsThat() {
        var gateway = connectedOnce("suspended");
        double before = refusals("suspended");

        TestRegistry.fixture().lifecycle(gateway.gatewayId(), DeviceLifecycle.SUSPENDED);

        await().atMost(WAIT).until(() -> attempt(gateway.gatewayId(), gateway.secret()) == NOT_AUTHORIZED);
        String wrong = GatewayTokens.generate(new SecureRandom());
        secretsUsed.add(wrong);
        assertThat(attempt(gateway.gatewayId(), wrong)).isEqualTo(BAD_USER_NAME_OR_PASSWORD);
        awaitRefusals("suspended", before + 1);
    }

    @Test
    void aRevokedOrDecommissionedGatewayIsBanned() {
        var revoked = connectedOnce("revoked");
        var decommissioned = connectedOnce("decommissioned");
        double before = refusals("revoked");

        TestRegistry.fixture().lifecycle(revoked.gatewayId(), DeviceLifecycle.REVOKED);
        TestRegistry.fixture().lifecycle(decommissioned.gatewayId(), DeviceLifecycle.DECOMMISSIONED);

        await().atMost(WAIT).until(() -> attempt(revoked.gatewayId(), revoked.secret()) == BANNED);
        await().atMost(WAIT).until(() -> attempt(decommissioned.gatewayId(), decommissioned.secret()) == BANNED);
        awaitRefusals("revoked", before + 2);
    }

    @Test
    void revocationDisconnectsALiveGatewayInUnderOneSecond() throws Exception {
        var provisioned = connectedOnce("live");
        try (var gateway = MqttTestGateway.connect(SERVER_URI, provisioned)) {
            var disconnected = gateway.disconnected();

            long produced = System.nanoTime();
            TestRegistry.fixture().lifecycle(provisioned.gatewayId(), DeviceLifecycle.REVOKED);
            var closed = disconnected.get(10, TimeUnit.SECONDS);

            long millis = TimeUnit.NANOSECONDS.toMillis(closed.atNanos() - produced);
            System.out.printf("Revocation to disconnect: %d ms%n", millis);
            assertThat(closed.reasonCode()).isEqualTo(NOT_AUTHORIZED);
            assertThat(millis).isLessThan(1_000);
        }
    }

    @Test
    void deletingAGatewayDisconnectsItAndItIsUnknownAfterwards() throws Exception {
        var provisioned = connectedOnce("deleted");
        try (var gateway = MqttTestGateway.connect(SERVER_URI, provisioned)) {
            var disconnected = gateway.disconnected();

            TestRegistry.fixture().deleteGateway(provisioned.gatewayId());

            assertThat(disconnected.get(10, TimeUnit.SECONDS).reasonCode()).isEqualTo(NOT_AUTHORIZED);
        }
        assertThat(attempt(provisioned.gatewayId(), provisioned.secret())).isEqualTo(BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void aGatewayPublishesAndSubscribesOnlyInItsOwnTreeAndStaysConnected() {
        var provisioned = provision("tree");
        var neighbour = id("neighbour");
        double topicBefore = actuator.metric("urbanops_ingestion_rejects_total", "reason", "TOPIC");
        double subscribeBefore = refusals("subscribe_topic");
        try (var gateway = MqttTestGateway.connect(SERVER_URI, provisioned)) {
            byte[] text = "x".getBytes(StandardCharsets.UTF_8);

            assertThat(gateway.publish(MqttTopics.uplink(neighbour), text).reasonCode()).isEqualTo(NOT_AUTHORIZED);
            assertThat(gateway.publish(MqttTopics.status(neighbour), text).reasonCode()).isEqualTo(NOT_AUTHORIZED);
            assertThat(gateway.publish(MqttTopics.downlink(provisioned.gatewayId(), "config"), text).reasonCode())
                    .as("its own downlink is for the platform to publish").isEqualTo(NOT_AUTHORIZED);
            assertThat(gateway.subscribe("#")).isEqualTo(NOT_AUTHORIZED);
            assertThat(gateway.subscribe("city/v1/gw/+/down/#")).isEqualTo(NOT_AUTHORIZED);
            assertThat(gateway.subscribe(MqttTopics.downlink(neighbour, "#"))).isEqualTo(NOT_AUTHORIZED);
            assertThat(gateway.subscribe("$share/all/" + MqttTopics.downlink(provisioned.gatewayId(), "#")))
                    .isEqualTo(NOT_AUTHORIZED);
            assertThat(gateway.subscribe(MqttTopics.status(provisioned.gatewayId()))).isEqualTo(NOT_AUTHORIZED);
            assertThat(gateway.subscribe(MqttTopics.downlink(provisioned.gatewayId(), "#")))
                    .as("its own downlink tree, granted QoS 1").isEqualTo(1);
            assertThat(gateway.isConnected()).isTrue();
        }
        await().atMost(WAIT).until(() -> actuator.metric("urbanops_ingestion_rejects_total", "reason", "TOPIC")
                >= topicBefore + 3);
        awaitRefusals("subscribe_topic", subscribeBefore + 5);
    }

    @Test
    void theRegistryViewIsPartOfReadinessAndShowsItsCounts() {
        secretsUsed.add(provision("counted").secret());

        var readiness = actuator.get("/health/readiness");

        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(actuator.metric("urbanops_ingestion_registry_loaded", "application", "ingestion-service"))
                .isEqualTo(1.0);
        await().atMost(WAIT).until(() -> actuator.metric("urbanops_ingestion_registry_gateways", "application",
                "ingestion-service") >= 1);
    }

    /** A provisioned gateway that connected once (so the view has it) and disconnected. */
    private ProvisionedGateway connectedOnce(String name) {
        var gateway = provision(name);
        try (var connected = MqttTestGateway.connect(SERVER_URI, gateway)) {
            connected.disconnect();
        }
        return gateway;
    }

    private ProvisionedGateway provision(String name) {
        var gateway = TestRegistry.gateway(id(name));
        secretsUsed.add(gateway.secret());
        return gateway;
    }

    private static int attempt(String gatewayId, String secret) {
        var attempt = MqttTestGateway.attempt(SERVER_URI, gatewayId, gatewayId,
                secret.getBytes(StandardCharsets.UTF_8));
        if (attempt.gateway() != null) {
            attempt.gateway().close();
        }
        return attempt.connackCode();
    }

    private double refusals(String reason) {
        return actuator.metric("urbanops_ingestion_refusals_total", "reason", reason);
    }

    private void awaitRefusals(String reason, double atLeast) {
        await().atMost(WAIT).until(() -> refusals(reason) >= atLeast);
    }

    private String id(String name) {
        return "gw-id-" + run + "-" + name;
    }
}
