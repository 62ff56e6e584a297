package city.urbanops.ingestion.edge;

import city.urbanops.events.codec.EventJson;
import city.urbanops.ingestion.command.CommandDispatcher;
import city.urbanops.ingestion.command.HiveMqCommandDownlink;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.util.concurrent.TimeUnit;

/**
 * The UrbanOps extension inside the embedded HiveMQ: it authenticates gateways, keeps their subscriptions in their
 * own tree, re-judges admitted gateways once a second, puts the inbound-publish interceptor on every connection (with
 * that connection's PUBACK annotations) and listens to every connection's lifecycle.
 */
final class UrbanOpsExtension implements ExtensionMain {

    private final SimpleAuthenticator authenticator;
    private final GatewayAuthorizer authorizer;
    private final AdmittedGateways admitted;
    private final InboundPublishInterceptor interceptor;
    private final ClientLifecycleEventListener lifecycleListener;
    private final CommandDispatcher commands;
    private final EventJson json;

    UrbanOpsExtension(SimpleAuthenticator authenticator, GatewayAuthorizer authorizer, AdmittedGateways admitted,
                      InboundPublishInterceptor interceptor, ClientLifecycleEventListener lifecycleListener,
                      CommandDispatcher commands, EventJson json) {
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.admitted = admitted;
        this.interceptor = interceptor;
        this.lifecycleListener = lifecycleListener;
        this.commands = commands;
        this.json = json;
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
        Services.securityRegistry().setAuthorizerProvider(providerInput -> authorizer);
        Services.initializerRegistry().setClientInitializer(
                (initializerInput, clientContext) -> {
                    commands.connected(initializerInput.getClientInformation().getClientId());
                    interceptor.attachTo(clientContext);
                });
        Services.eventRegistry().setClientLifecycleEventListener(providerInput -> lifecycleListener);
        // A rotation overlap ends with time, not with a record: look once a second. HiveMQ stops it with the extension.
        Services.extensionExecutorService().scheduleAtFixedRate(admitted::sweep, 1, 1, TimeUnit.SECONDS);
        // Commands go down through HiveMQ's own publish service, to the one client they are for.
        commands.useDownlink(new HiveMqCommandDownlink(Services.publishService(), json));
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        // HiveMQ drops the registrations and scheduled tasks of a stopped extension itself.
    }
}
