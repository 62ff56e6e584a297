package city.urbanops.ingestion.edge;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;

/**
 * The UrbanOps extension inside the embedded HiveMQ: it admits gateways, puts the inbound-publish interceptor on
 * every connection (with that connection's PUBACK annotations) and listens to every connection's lifecycle.
 */
final class UrbanOpsExtension implements ExtensionMain {

    private final SimpleAuthenticator authenticator;
    private final InboundPublishInterceptor interceptor;
    private final ClientLifecycleEventListener lifecycleListener;

    UrbanOpsExtension(SimpleAuthenticator authenticator, InboundPublishInterceptor interceptor,
                      ClientLifecycleEventListener lifecycleListener) {
        this.authenticator = authenticator;
        this.interceptor = interceptor;
        this.lifecycleListener = lifecycleListener;
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
        Services.initializerRegistry().setClientInitializer(
                (initializerInput, clientContext) -> interceptor.attachTo(clientContext));
        Services.eventRegistry().setClientLifecycleEventListener(providerInput -> lifecycleListener);
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        // HiveMQ drops the registrations of a stopped extension itself.
    }
}
