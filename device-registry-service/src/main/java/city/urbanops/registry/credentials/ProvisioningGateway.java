package city.urbanops.registry.credentials;

import city.urbanops.registry.device.Outcome;
import city.urbanops.registry.device.RegisteringDevice;
import city.urbanops.security.AccessScope;
import java.time.Duration;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registers a gateway and issues its first secret in one transaction: either the gateway exists with a secret its
 * installer was shown, or nothing happened.
 */
@Component
public class ProvisioningGateway {

    private final RegisteringDevice registering;
    private final GatewaySecrets secrets;

    public ProvisioningGateway(RegisteringDevice registering, GatewaySecrets secrets) {
        this.registering = registering;
        this.secrets = secrets;
    }

    @Transactional
    public Outcome<IssuedSecret> provision(RegisteringDevice.NewDevice gateway, String actor, AccessScope scope) {
        return switch (registering.register(gateway, actor, scope)) {
            case Outcome.Refused<?> refused -> Outcome.refused(refused.refusal());
            case Outcome.Done<?> done -> secrets.issue(gateway.id(), Duration.ZERO, actor, scope);
        };
    }
}
