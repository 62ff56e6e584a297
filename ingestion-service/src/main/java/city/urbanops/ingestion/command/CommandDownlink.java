package city.urbanops.ingestion.command;

import city.urbanops.events.command.GatewayCommand;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Puts a command on a connected gateway's command topic; the gateway's PUBACK is reported apart. */
public interface CommandDownlink {

    /**
     * Sends the command at QoS 1 with an MQTT message expiry of {@code expiresIn}; completes with true when the MQTT
     * edge queued it for the gateway's subscription, false when the gateway has no subscription to its command topic.
     */
    CompletableFuture<Boolean> send(GatewayCommand command, Duration expiresIn);
}
