package city.urbanops.operatorapi.command;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Commands ({@code urbanops.operator.commands.*}).
 *
 * @param relayInterval    how often the outbox relay looks for approved commands to publish
 * @param relayBatchSize   the most commands one relay round publishes (the round repeats while full)
 * @param sendTimeout      how long a round waits for Kafka's acknowledgement before leaving the rows for later
 * @param expiryInterval   how often the sweeper looks for commands past their expiry
 * @param expiryBatchSize  the most commands one sweep marks expired (the sweep repeats while full)
 * @param defaultPageSize  commands per page without {@code limit}
 * @param maxPageSize      the largest {@code limit} (400 naming {@code limit} beyond)
 */
@Validated
@ConfigurationProperties("urbanops.operator.commands")
public record CommandProperties(
        @DefaultValue("500ms") Duration relayInterval,
        @DefaultValue("100") @Min(1) @Max(1000) int relayBatchSize,
        @DefaultValue("10s") Duration sendTimeout,
        @DefaultValue("10s") Duration expiryInterval,
        @DefaultValue("200") @Min(1) @Max(5000) int expiryBatchSize,
        @DefaultValue("50") @Min(1) int defaultPageSize,
        @DefaultValue("200") @Min(1) @Max(200) int maxPageSize) {
}
