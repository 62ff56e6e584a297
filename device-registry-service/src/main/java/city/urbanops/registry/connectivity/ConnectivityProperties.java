package city.urbanops.registry.connectivity;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of online / offline / stale tracking under {@code urbanops.registry.connectivity}; documented in the module
 * README.
 *
 * @param enabled                whether this instance consumes activity at all
 * @param groupId                the Kafka consumer group: stable, so a restart resumes where the last flush committed
 * @param flushInterval          how often gathered activity is written to {@code device_activity}
 * @param maxTrackedDevices      most devices gathered in memory between two flushes; a full map flushes early, and
 *                               reading pauses while a flush fails
 * @param maxDevicesPerStatement most devices one upsert statement carries
 * @param maxPollRecords         most records one poll returns
 * @param retryBackoff           pause before retrying a failed flush while the map is full
 */
@ConfigurationProperties("urbanops.registry.connectivity")
public record ConnectivityProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("device-registry-activity") String groupId,
        @DefaultValue("5s") Duration flushInterval,
        @DefaultValue("200000") int maxTrackedDevices,
        @DefaultValue("10000") int maxDevicesPerStatement,
        @DefaultValue("5000") int maxPollRecords,
        @DefaultValue("1s") Duration retryBackoff) {

    public ConnectivityProperties {
        require(groupId != null && !groupId.isBlank(), "urbanops.registry.connectivity.group-id must not be blank");
        require(flushInterval != null && flushInterval.compareTo(Duration.ofMillis(100)) >= 0
                        && flushInterval.compareTo(Duration.ofMinutes(5)) <= 0,
                "urbanops.registry.connectivity.flush-interval must be between 100ms and 5m");
        require(maxTrackedDevices >= 1 && maxTrackedDevices <= 5_000_000,
                "urbanops.registry.connectivity.max-tracked-devices must be between 1 and 5000000");
        require(maxDevicesPerStatement >= 1 && maxDevicesPerStatement <= 50_000,
                "urbanops.registry.connectivity.max-devices-per-statement must be between 1 and 50000");
        require(maxPollRecords >= 1 && maxPollRecords <= 50_000,
                "urbanops.registry.connectivity.max-poll-records must be between 1 and 50000");
        require(retryBackoff != null && !retryBackoff.isNegative() && !retryBackoff.isZero(),
                "urbanops.registry.connectivity.retry-backoff must be positive");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
