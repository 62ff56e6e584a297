package city.urbanops.edge.uplink;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real MQTT 5 broker (embedded HiveMQ CE, as in ingestion) whose extension answers each uplink PUBLISH with the
 * next scripted PUBACK reason code, and records the payloads and the CONNECT credentials it received. Status
 * publishes pass through.
 */
public final class ScriptedMqttEdge implements AutoCloseable {

    final Queue<AckReasonCode> answers = new ConcurrentLinkedQueue<>();
    final List<byte[]> uplinkPayloads = new CopyOnWriteArrayList<>();
    final List<String> statusPayloads = new CopyOnWriteArrayList<>();
    /** What each CONNECT presented, as {@code clientId/userName/password}. */
    final List<String> connects = new CopyOnWriteArrayList<>();
    private final EmbeddedHiveMQ hivemq;
    private final int port;

    public ScriptedMqttEdge(Path workDir) throws Exception {
        this(workDir, freePort());
    }

    ScriptedMqttEdge(Path workDir, int port) throws Exception {
        this.port = port;
        Path conf = Files.createDirectories(workDir.resolve("conf"));
        Files.writeString(conf.resolve("config.xml"), """
                <?xml version="1.0"?>
                <hivemq>
                  <listeners><tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener></listeners>
                  <persistence><mode>in-memory</mode></persistence>
                  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                </hivemq>
                """.formatted(port));
        hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(Files.createDirectories(workDir.resolve("data")))
                .withExtensionsFolder(Files.createDirectories(workDir.resolve("extensions")))
                .withEmbeddedExtension(EmbeddedExtension.builder().withId("scripted-puback").withName("scripted")
                        .withVersion("1").withPriority(0).withStartPriority(0).withAuthor("urbanops")
                        .withExtensionMain(new Main()).build())
                .build();
        hivemq.start().join();
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public String serverUri() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() throws Exception {
        hivemq.close();
    }

    private final class Main implements ExtensionMain {
        @Override
        public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
            PublishInboundInterceptor interceptor = (in, out) -> {
                var packet = in.getPublishPacket();
                byte[] payload = packet.getPayload().map(ScriptedMqttEdge::bytes).orElse(new byte[0]);
                if (packet.getTopic().endsWith("/status")) {
                    statusPayloads.add(new String(payload, StandardCharsets.UTF_8));
                    return;
                }
                uplinkPayloads.add(payload);
                AckReasonCode answer = answers.poll();
                if (answer == null || answer == AckReasonCode.SUCCESS) {
                    out.preventPublishDelivery();
                } else {
                    out.preventPublishDelivery(answer, "scripted " + answer);
                }
            };
            SimpleAuthenticator recordingAuthenticator = (in, out) -> {
                var connect = in.getConnectPacket();
                connects.add(connect.getClientId() + "/" + connect.getUserName().orElse("") + "/"
                        + connect.getPassword().map(password -> new String(bytes(password), StandardCharsets.UTF_8))
                        .orElse(""));
                out.authenticateSuccessfully();
            };
            Services.securityRegistry().setAuthenticatorProvider(providerInput -> recordingAuthenticator);
            Services.initializerRegistry().setClientInitializer((in, context) -> context.addPublishInboundInterceptor(interceptor));
        }

        @Override
        public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
            // Nothing to release.
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
