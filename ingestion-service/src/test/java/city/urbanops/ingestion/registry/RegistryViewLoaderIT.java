package city.urbanops.ingestion.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.events.codec.EventJson;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.ingestion.TestRegistry;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.registry.RegistryFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The registry view against the shared real broker: loaded only once it holds everything the topics had when it
 * started, current afterwards (tombstones remove), and never loaded without Kafka.
 */
class RegistryViewLoaderIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private RegistryViewLoader loader;

    @AfterEach
    void stop() {
        if (loader != null) {
            loader.stop();
        }
    }

    @Test
    void theViewIsLoadedOnlyOnceItHoldsEverythingTheTopicsHadWhenItStarted() throws Exception {
        RegistryFixture registry = TestRegistry.fixture();
        String gatewayId = "gw-view-" + run;
        registry.gateway(gatewayId);
        registry.devices(gatewayId, "dev-view-" + run, 3_000, List.of("temperature"));
        var view = new RegistryView(new SimpleMeterRegistry());

        loader = start(view, TestInfrastructure.kafka().bootstrapServers());
        view.whenLoaded().get(60, TimeUnit.SECONDS);

        assertThat(view.loaded()).isTrue();
        assertThat(view.credentials(gatewayId)).isNotNull();
        for (int i = 0; i < 3_000; i++) {
            assertThat(view.device("dev-view-" + run + "-" + i)).as("device %d", i).isNotNull();
        }
        assertThat(view.device("dev-view-" + run + "-2999").measurements()).containsExactly("temperature");
    }

    @Test
    void changesAfterLoadingReachTheViewAndItsListenersAndATombstoneRemovesTheGateway() throws Exception {
        RegistryFixture registry = TestRegistry.fixture();
        String gatewayId = "gw-view-" + run;
        registry.gateway(gatewayId);
        var view = new RegistryView(new SimpleMeterRegistry());
        Map<String, String> heard = new ConcurrentHashMap<>();
        view.addCredentialsListener((id, current) -> heard.put(id, current == null ? "deleted"
                : current.lifecycle().name()));
        loader = start(view, TestInfrastructure.kafka().bootstrapServers());
        view.whenLoaded().get(60, TimeUnit.SECONDS);

        registry.lifecycle(gatewayId, DeviceLifecycle.SUSPENDED);
        await().atMost(WAIT).until(() -> "SUSPENDED".equals(heard.get(gatewayId)));
        assertThat(view.credentials(gatewayId).lifecycle()).isEqualTo(DeviceLifecycle.SUSPENDED);

        registry.deleteGateway(gatewayId);
        await().atMost(WAIT).until(() -> "deleted".equals(heard.get(gatewayId)));
        assertThat(view.credentials(gatewayId)).isNull();
    }

    @Test
    void withoutKafkaTheViewNeverClaimsToBeLoaded() {
        var view = new RegistryView(new SimpleMeterRegistry());

        loader = start(view, "127.0.0.1:" + FreePorts.next());

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> !view.loaded());
        assertThat(new RegistryViewHealthIndicator(view).health().getStatus().getCode()).isEqualTo("DOWN");
    }

    private static RegistryViewLoader start(RegistryView view, String bootstrapServers) {
        var started = new RegistryViewLoader(view, new EventJson(), bootstrapServers, "ingestion-registry-view",
                "registry-view-it", new SimpleMeterRegistry());
        started.start();
        return started;
    }
}
