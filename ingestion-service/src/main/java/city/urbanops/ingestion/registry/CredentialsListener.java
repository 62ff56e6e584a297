package city.urbanops.ingestion.registry;

import city.urbanops.events.registry.GatewayCredentials;

/**
 * Told of every change to a gateway's credentials as the view applies it, on the view's own thread: keep it short.
 * {@code current} is null when the gateway's record was deleted (a tombstone).
 */
@FunctionalInterface
public interface CredentialsListener {

    void credentialsChanged(String gatewayId, GatewayCredentials current);
}
