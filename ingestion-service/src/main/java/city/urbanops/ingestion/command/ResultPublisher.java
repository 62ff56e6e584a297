package city.urbanops.ingestion.command;

import city.urbanops.events.command.CommandResult;
import java.util.concurrent.CompletableFuture;

/** Where the relay reports what became of a command; completes when Kafka acknowledged the result. */
interface ResultPublisher {

    CompletableFuture<Void> publish(CommandResult result);
}
