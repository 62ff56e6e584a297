package city.urbanops.ingestion.edge;

import city.urbanops.events.MqttTopics;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.GatewayCredentials;
import city.urbanops.events.registry.GatewayCredentials.Verdict;
import city.urbanops.events.registry.GatewayTokens;
import city.urbanops.ingestion.registry.RegistryView;
import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.WillPublishPacket;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Admits a gateway that proves who it is with a registry-issued secret: client id = user name = gateway id, password =
 * the secret, judged by {@link GatewayCredentials#check} against the {@link RegistryView}. What the client is told is
 * only what it may know: an unknown gateway, a wrong or rotated-out secret and missing credentials all get CONNACK
 * 0x86 Bad user name or password; only a client that presented a right secret learns the gateway's lifecycle
 * (0x87 Not authorized while provisioned or suspended, 0x8A Banned once revoked or decommissioned). Every refusal is
 * counted by reason; the password is hashed and never kept or logged.
 *
 * <p>A CONNECT arriving while the view is still loading waits for it up to {@code registry.connect-wait}, then gets
 * 0x88 Server unavailable: a restarted instance never calls a known gateway unknown.
 *
 * <p>A last will is a status message HiveMQ keeps for the connection's lifetime and publishes, perhaps retained,
 * without the inbound interceptor seeing it; so it is held to the status message's rules here: only on the
 * gateway's own status topic (else CONNACK 0x87), and no larger than a status message may be (else CONNACK 0x97,
 * an administratively imposed limit; 0x99 would fit as well, but Paho 1.2.5 rejects 0x99 in a CONNACK as invalid).
 */
final class GatewayAuthenticator implements SimpleAuthenticator {

    /** The gateway id syntax of the event model's topics and schemas. */
    private static final Pattern GATEWAY_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");
    private static final String BAD_CREDENTIALS =
            "user name must be the gateway id (= client id) and password its current registry-issued secret";
    private static final String LOADING = "the registry view is still loading; connect again later";

    private final long maxStatusBytes;
    private final EdgeMetrics metrics;
    private final RegistryView view;
    private final AdmittedGateways admitted;
    private final Clock clock;
    private final Duration connectWait;

    GatewayAuthenticator(long maxStatusBytes, EdgeMetrics metrics, RegistryView view, AdmittedGateways admitted,
                         Clock clock, Duration connectWait) {
        this.maxStatusBytes = maxStatusBytes;
        this.metrics = metrics;
        this.view = view;
        this.admitted = admitted;
        this.clock = clock;
        this.connectWait = connectWait;
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        String clientId = input.getClientInformation().getClientId();
        if (!GATEWAY_ID.matcher(clientId).matches()) {
            output.failAuthentication(ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
                    "the client id must be the gateway id: 1-64 of A-Z a-z 0-9 . _ -, starting with a letter or digit");
            return;
        }
        var connect = input.getConnectPacket();
        var will = connect.getWillPublish();
        if (will.isPresent() && !MqttTopics.status(clientId).equals(will.get().getTopic())) {
            refuse(output, Refusal.WILL_TOPIC, ConnackReasonCode.NOT_AUTHORIZED,
                    "a last will is accepted only on the gateway's own status topic " + MqttTopics.status(clientId));
            return;
        }
        int willBytes = will.flatMap(WillPublishPacket::getPayload).map(ByteBuffer::remaining).orElse(0);
        if (willBytes > maxStatusBytes) {
            refuse(output, Refusal.WILL_OVERSIZED, ConnackReasonCode.QUOTA_EXCEEDED, "a last will of " + willBytes
                    + " bytes exceeds the status message limit of " + maxStatusBytes + " bytes");
            return;
        }
        var userName = connect.getUserName();
        var password = connect.getPassword();
        if (userName.isEmpty() || password.isEmpty()) {
            refuse(output, Refusal.NO_CREDENTIALS, ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, BAD_CREDENTIALS);
            return;
        }
        if (!clientId.equals(userName.get())) {
            refuse(output, Refusal.USERNAME_MISMATCH, ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, BAD_CREDENTIALS);
            return;
        }
        byte[] secret = bytesOf(password.get());
        if (view.loaded()) {
            judge(clientId, secret, output);
            return;
        }
        awaitView(clientId, secret, output);
    }

    private void awaitView(String clientId, byte[] secret, SimpleAuthOutput output) {
        // The async's own timeout is only a backstop: the view's wait decides first, and counts.
        Async<SimpleAuthOutput> async = output.async(connectWait.plusSeconds(5), TimeoutFallback.FAILURE,
                ConnackReasonCode.SERVER_UNAVAILABLE, LOADING);
        view.whenLoaded().orTimeout(connectWait.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, notYet) -> {
            try {
                if (async.getStatus() != Async.Status.RUNNING) {
                    return;
                }
                if (notYet != null) {
                    refuse(async.getOutput(), Refusal.VIEW_LOADING, ConnackReasonCode.SERVER_UNAVAILABLE, LOADING);
                } else {
                    judge(clientId, secret, async.getOutput());
                }
            } finally {
                Arrays.fill(secret, (byte) 0);
                async.resume();
            }
        });
    }

    private void judge(String gatewayId, byte[] secret, SimpleAuthOutput output) {
        try {
            GatewayCredentials credentials = view.credentials(gatewayId);
            if (credentials == null) {
                refuse(output, Refusal.UNKNOWN_GATEWAY, ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, BAD_CREDENTIALS);
                return;
            }
            var now = clock.instant();
            var verdict = credentials.check(secret, now);
            if (verdict == Verdict.NOT_ACTIVE) {
                // Only a client holding a right secret may learn the lifecycle; anyone else is just refused.
                verdict = asIfActive(credentials).check(secret, now);
                if (verdict == Verdict.ADMITTED) {
                    refuseInactive(output, credentials.lifecycle());
                    return;
                }
            }
            switch (verdict) {
                case ADMITTED -> {
                    admitted.admitted(gatewayId, GatewayTokens.sha256Hex(secret));
                    output.authenticateSuccessfully();
                }
                case EXPIRED_SECRET -> refuse(output, Refusal.EXPIRED_SECRET,
                        ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, BAD_CREDENTIALS);
                case WRONG_SECRET, NOT_ACTIVE -> refuse(output, Refusal.WRONG_SECRET,
                        ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, BAD_CREDENTIALS);
            }
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private void refuseInactive(SimpleAuthOutput output, DeviceLifecycle lifecycle) {
        switch (lifecycle) {
            case PROVISIONED -> refuse(output, Refusal.NOT_ACTIVATED, ConnackReasonCode.NOT_AUTHORIZED,
                    "the gateway is provisioned but not yet active");
            case SUSPENDED -> refuse(output, Refusal.SUSPENDED, ConnackReasonCode.NOT_AUTHORIZED,
                    "the gateway is suspended");
            case REVOKED, DECOMMISSIONED, ACTIVE -> refuse(output, Refusal.REVOKED, ConnackReasonCode.BANNED,
                    "the gateway is " + lifecycle.name().toLowerCase(Locale.ROOT));
        }
    }

    private static GatewayCredentials asIfActive(GatewayCredentials credentials) {
        return new GatewayCredentials(credentials.gatewayId(), DeviceLifecycle.ACTIVE, credentials.secrets(),
                credentials.certificateFingerprints(), credentials.version(), credentials.updatedAt());
    }

    private void refuse(SimpleAuthOutput output, Refusal refusal, ConnackReasonCode code, String reason) {
        metrics.refused(refusal);
        output.failAuthentication(code, reason);
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        var bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
