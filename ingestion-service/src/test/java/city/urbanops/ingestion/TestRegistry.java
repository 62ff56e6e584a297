package city.urbanops.ingestion;

import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.registry.ProvisionedGateway;
import city.urbanops.testkit.registry.RegistryFixture;

/**
 * The registry as ingestion's tests see it: records produced to the shared broker's registry topics, which every
 * ingestion context of the test JVM reads. One producer for the JVM, like the broker it writes to.
 */
public final class TestRegistry {

    private static final RegistryFixture FIXTURE = RegistryFixture.on(TestInfrastructure.kafka().bootstrapServers());

    private TestRegistry() {
    }

    public static RegistryFixture fixture() {
        return FIXTURE;
    }

    /** An ACTIVE gateway without devices. */
    public static ProvisionedGateway gateway(String gatewayId) {
        return FIXTURE.gateway(gatewayId);
    }

    /**
     * An ACTIVE gateway with ACTIVE devices {@code <devicePrefix>-0} .. {@code -(devices-1)} reporting what
     * {@code UplinkFixtures.batch} readings carry.
     */
    public static ProvisionedGateway gateway(String gatewayId, String devicePrefix, int devices) {
        var gateway = FIXTURE.gateway(gatewayId);
        FIXTURE.devices(gatewayId, devicePrefix, devices, RegistryFixture.FIXTURE_MEASUREMENTS);
        return gateway;
    }
}
