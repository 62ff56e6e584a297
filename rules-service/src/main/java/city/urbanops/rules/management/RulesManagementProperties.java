package city.urbanops.rules.management;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of rule management ({@code urbanops.rules.management.*}); every bound has a default.
 *
 * @param maxRequestBytes    the largest request body accepted (413 beyond)
 * @param defaultPageSize    items per page when a list request names no {@code limit}
 * @param maxPageSize        the largest {@code limit} a list request may ask for
 * @param maxVersionsPerRule versions one rule may have (409 beyond): a rule is a document people review, not a log
 */
@Validated
@ConfigurationProperties("urbanops.rules.management")
public record RulesManagementProperties(
        @Min(1024) @Max(64 * 1024 * 1024) Integer maxRequestBytes,
        @Min(1) @Max(1000) Integer defaultPageSize,
        @Min(1) @Max(1000) Integer maxPageSize,
        @Min(1) @Max(100_000) Integer maxVersionsPerRule,
        @Valid Relay relay) {

    public RulesManagementProperties {
        maxRequestBytes = maxRequestBytes == null ? 1024 * 1024 : maxRequestBytes;
        defaultPageSize = defaultPageSize == null ? 50 : defaultPageSize;
        maxPageSize = maxPageSize == null ? 500 : maxPageSize;
        maxVersionsPerRule = maxVersionsPerRule == null ? 1000 : maxVersionsPerRule;
        relay = relay == null ? new Relay(null, null, null, null, null) : relay;
    }

    /**
     * The relay of {@code rule_release_outbox} to the rules topic.
     *
     * @param pollInterval  how often it looks for unsent rows when no change nudged it
     * @param batchSize     rows sent per round
     * @param kafkaTimeout  longest wait for Kafka (metadata, acknowledgements) before a round fails and is retried
     * @param retention     how long sent rows are kept (for inspection) before they are deleted
     * @param statsInterval how often the enabled-rules and unsent-rows gauges are counted again
     */
    public record Relay(Duration pollInterval, @Min(1) @Max(10_000) Integer batchSize, Duration kafkaTimeout,
                        Duration retention, Duration statsInterval) {

        public Relay {
            pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
            batchSize = batchSize == null ? 200 : batchSize;
            kafkaTimeout = kafkaTimeout == null ? Duration.ofSeconds(10) : kafkaTimeout;
            retention = retention == null ? Duration.ofDays(7) : retention;
            statsInterval = statsInterval == null ? Duration.ofSeconds(5) : statsInterval;
        }
    }
}
