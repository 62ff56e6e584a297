package city.urbanops.testkit.registry;

/**
 * A gateway a test provisioned and the plaintext secret it connects with; the secret exists only here and in the
 * gateway's configuration, never on a topic.
 */
public record ProvisionedGateway(String gatewayId, String secret) {

    @Override
    public String toString() {
        // Keeps the secret out of assertion messages and logs.
        return "ProvisionedGateway[" + gatewayId + "]";
    }
}
