package city.urbanops.registry.outbox;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the outbox relay under {@code urbanops.registry.outbox}; documented in the module README.
 *
 * @param enabled          whether this instance takes part in relaying (one instance of all replicas is active)
 * @param instanceId       names this instance in {@code ce_source}; defaults to the host name
 * @param transactionalId  Kafka transactional id shared by every replica of one registry, so that a new active relay
 *                         fences an old one; empty = {@code device-registry-outbox-<database name>}
 * @param batchSize        most rows forwarded in one Kafka transaction
 * @param pollInterval     pause before looking for new rows when none were pending
 * @param standbyInterval  how often a standby replica tries to become the active relay
 * @param retryMinBackoff  first pause after a failure (Kafka or database unreachable); doubles up to the maximum
 * @param retryMaxBackoff  longest pause between two attempts
 * @param downAfter        the relay's health is DOWN once it has failed to publish for this long
 * @param kafkaTimeout     longest a single Kafka call may block (metadata, transaction commit, reading the tail)
 * @param statsInterval    how often the pending count and lag are refreshed from the database
 * @param retention        how long published rows are kept before they are deleted
 * @param cleanupInterval  how often published rows older than the retention are deleted
 * @param cleanupBatchSize most rows deleted in one statement
 */
@ConfigurationProperties("urbanops.registry.outbox")
public record OutboxRelayProperties(
        @DefaultValue("true") boolean enabled,
        String instanceId,
        String transactionalId,
        @DefaultValue("500") int batchSize,
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("5s") Duration standbyInterval,
        @DefaultValue("500ms") Duration retryMinBackoff,
        @DefaultValue("30s") Duration retryMaxBackoff,
        @DefaultValue("60s") Duration downAfter,
        @DefaultValue("10s") Duration kafkaTimeout,
        @DefaultValue("2s") Duration statsInterval,
        @DefaultValue("7d") Duration retention,
        @DefaultValue("1h") Duration cleanupInterval,
        @DefaultValue("10000") int cleanupBatchSize) {

    /** A Kafka transaction holds at most this many records: beyond it a transaction risks its own timeout. */
    static final int MAX_BATCH_SIZE = 10_000;

    public OutboxRelayProperties {
        instanceId = instanceId == null || instanceId.isBlank() ? hostName() : instanceId;
        require(instanceId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}"),
                "urbanops.registry.outbox.instance-id must be 1-64 of A-Z a-z 0-9 . _ - (it becomes part of a URN)");
        require(batchSize >= 1 && batchSize <= MAX_BATCH_SIZE,
                "urbanops.registry.outbox.batch-size must be between 1 and " + MAX_BATCH_SIZE);
        require(cleanupBatchSize >= 1 && cleanupBatchSize <= 100_000,
                "urbanops.registry.outbox.cleanup-batch-size must be between 1 and 100000");
        require(positive(pollInterval) && positive(standbyInterval) && positive(retryMinBackoff)
                        && positive(statsInterval) && positive(cleanupInterval) && positive(kafkaTimeout),
                "urbanops.registry.outbox intervals, back-offs and timeouts must be positive");
        require(retryMaxBackoff.compareTo(retryMinBackoff) >= 0,
                "urbanops.registry.outbox.retry-max-backoff must not be below retry-min-backoff");
        require(retention.compareTo(Duration.ofHours(1)) >= 0,
                "urbanops.registry.outbox.retention must be at least 1h: published rows are the audit of what was sent");
        require(downAfter.compareTo(kafkaTimeout) > 0,
                "urbanops.registry.outbox.down-after must exceed kafka-timeout, or one slow call would read as an outage");
    }

    /** The CloudEvents {@code source} of every record this instance relays. */
    public URI source() {
        return URI.create("urn:urbanops:device-registry:" + instanceId);
    }

    private static boolean positive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }

    private static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
            return name.isEmpty() || !Character.isLetterOrDigit(name.charAt(0)) ? "registry-local"
                    : name.substring(0, Math.min(64, name.length()));
        } catch (UnknownHostException e) {
            return "registry-local";
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
