package city.urbanops.ingestion.command;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the command relay under {@code urbanops.ingestion.commands}; every default is documented in the module
 * README.
 *
 * @param groupIdPrefix   the consumer group of an instance is this prefix plus its instance id: every instance sees
 *                        every command and resumes from its own committed offsets after a restart
 * @param maxPending      commands held for gateways not connected here; over it, the one expiring first is dropped
 * @param maxRemembered   command ids remembered as delivered or finished, so that a copy is not delivered again
 * @param maxAckSize      the largest command result a gateway may publish on its ack topic
 * @param sweepInterval   how often held commands are delivered to gateways that connected, and expired ones reported
 * @param pubackTimeout   how long a delivered command waits for the gateway's PUBACK before it is sent again
 * @param maxUnsentResults DELIVERED and EXPIRED results kept for another attempt while Kafka refuses them
 */
@ConfigurationProperties("urbanops.ingestion.commands")
public record CommandSettings(
        @DefaultValue("ingestion-commands-") String groupIdPrefix,
        @DefaultValue("10000") int maxPending,
        @DefaultValue("100000") int maxRemembered,
        @DefaultValue("4KB") DataSize maxAckSize,
        @DefaultValue("250ms") Duration sweepInterval,
        @DefaultValue("30s") Duration pubackTimeout,
        @DefaultValue("10000") int maxUnsentResults) {

    public CommandSettings {
        require(groupIdPrefix != null && !groupIdPrefix.isBlank(),
                "urbanops.ingestion.commands.group-id-prefix must not be blank");
        require(maxPending >= 1 && maxPending <= 1_000_000, "urbanops.ingestion.commands.max-pending must be 1..1000000");
        require(maxRemembered >= 100 && maxRemembered <= 10_000_000,
                "urbanops.ingestion.commands.max-remembered must be 100..10000000");
        require(maxAckSize.toBytes() >= 256 && maxAckSize.toBytes() <= 64 * 1024,
                "urbanops.ingestion.commands.max-ack-size must be 256B..64KB");
        require(sweepInterval.toMillis() >= 10 && sweepInterval.compareTo(Duration.ofSeconds(10)) <= 0,
                "urbanops.ingestion.commands.sweep-interval must be 10ms..10s");
        require(pubackTimeout.toSeconds() >= 1, "urbanops.ingestion.commands.puback-timeout must be at least 1s");
        require(maxUnsentResults >= 1 && maxUnsentResults <= 1_000_000,
                "urbanops.ingestion.commands.max-unsent-results must be 1..1000000");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
