package city.urbanops.ingestion.edge;

import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import java.util.regex.Pattern;

/**
 * Admits a connection whose client id can be a gateway id, since the client id is the gateway id in every topic
 * and status event. Credentials against the registry come with device identity; until then the id is trusted.
 */
final class GatewayAuthenticator implements SimpleAuthenticator {

    /** The gateway id syntax of the event model's topics and schemas. */
    private static final Pattern GATEWAY_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        String clientId = input.getClientInformation().getClientId();
        if (GATEWAY_ID.matcher(clientId).matches()) {
            output.authenticateSuccessfully();
        } else {
            output.failAuthentication(ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
                    "the client id must be the gateway id: 1-64 of A-Z a-z 0-9 . _ -, starting with a letter or digit");
        }
    }
}
