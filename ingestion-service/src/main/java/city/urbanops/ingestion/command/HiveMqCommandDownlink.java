package city.urbanops.ingestion.command;

import city.urbanops.events.MqttTopics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.command.GatewayCommand;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.publish.PublishService;
import com.hivemq.extension.sdk.api.services.publish.PublishToClientResult;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The downlink through HiveMQ's extension publish service, to one client only (the gateway). */
public final class HiveMqCommandDownlink implements CommandDownlink {

    private final PublishService publishService;
    private final EventJson json;

    public HiveMqCommandDownlink(PublishService publishService, EventJson json) {
        this.publishService = publishService;
        this.json = json;
    }

    @Override
    public CompletableFuture<Boolean> send(GatewayCommand command, Duration expiresIn) {
        var publish = Builders.publish()
                .topic(MqttTopics.commands(command.gatewayId()))
                .qos(Qos.AT_LEAST_ONCE)
                .contentType("application/json")
                // HiveMQ drops a copy still queued for the client once the command may no longer be acted on.
                .messageExpiryInterval(Math.max(1, expiresIn.toSeconds()))
                .payload(ByteBuffer.wrap(json.write(command)))
                .build();
        return publishService.publishToClient(publish, command.gatewayId())
                .thenApply(result -> result == PublishToClientResult.SUCCESSFUL);
    }
}
