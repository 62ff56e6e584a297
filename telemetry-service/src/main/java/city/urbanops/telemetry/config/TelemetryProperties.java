package city.urbanops.telemetry.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Settings of the telemetry store ({@code urbanops.telemetry.*}); every value has a production default. */
@ConfigurationProperties("urbanops.telemetry")
@Validated
public record TelemetryProperties(@Valid @NotNull @DefaultValue Store store, @Valid @NotNull @DefaultValue Series series,
                                  @Valid @NotNull @DefaultValue Directory directory) {

    /**
     * Storage settings.
     *
     * @param insertChunkSize     rows per INSERT statement within one consumed batch
     * @param partitionDaysBehind native mode: day partitions kept created before today
     * @param partitionDaysAhead  native mode: day partitions created ahead of today
     * @param maintenanceInterval how often partitions are created ahead and expired data dropped
     * @param retention           how long readings are kept (partitions / chunks older than this are dropped)
     * @param compressAfter       TimescaleDB mode: chunks older than this are compressed
     * @param refusedBatchRetries       times a batch the database refuses is retried as a whole before its records
     *                                  are stored one by one and the refused ones dead-lettered
     * @param refusedBatchRetryInterval pause between those retries
     */
    public record Store(
            @DefaultValue("5000") @Min(1) @Max(50_000) int insertChunkSize,
            @DefaultValue("1") @Min(0) @Max(31) int partitionDaysBehind,
            @DefaultValue("7") @Min(1) @Max(90) int partitionDaysAhead,
            @DefaultValue("PT1H") @NotNull Duration maintenanceInterval,
            @DefaultValue("P400D") @NotNull Duration retention,
            @DefaultValue("P7D") @NotNull Duration compressAfter,
            @DefaultValue("2") @Min(0) @Max(10) int refusedBatchRetries,
            @DefaultValue("PT1S") @NotNull Duration refusedBatchRetryInterval) {
    }

    /**
     * Query limits of the series API.
     *
     * @param defaultWindow  window before {@code to} when {@code from} is omitted
     * @param maxRawRange    longest range served as raw points
     * @param maxRange       longest range served at all (bucketed)
     * @param minBucket      smallest bucket width
     * @param maxBuckets     most buckets one response may hold
     * @param maxRawPoints   most raw points one response may hold (the rest is cut, flagged {@code truncated})
     */
    public record Series(
            @DefaultValue("PT1H") @NotNull Duration defaultWindow,
            @DefaultValue("P7D") @NotNull Duration maxRawRange,
            @DefaultValue("P400D") @NotNull Duration maxRange,
            @DefaultValue("PT1S") @NotNull Duration minBucket,
            @DefaultValue("10000") @Min(1) int maxBuckets,
            @DefaultValue("10000") @Min(1) int maxRawPoints) {
    }

    /**
     * The device directory's reader of {@code registry.devices}.
     *
     * @param groupId                the consumer group id, the same on every instance and every start; the reader
     *                               assigns itself every partition and never commits, so the group only names it (for
     *                               ACLs, quotas and monitoring) and never splits the topic between instances
     * @param pollTimeout            longest one poll waits for records
     * @param retryBackoffMax        longest pause between attempts while Kafka cannot be read (from 0.5 s, doubling)
     * @param partitionCheckInterval how often the reader looks for partitions added to the topic since it started
     */
    public record Directory(
            @DefaultValue("telemetry-service-directory") @NotBlank String groupId,
            @DefaultValue("PT1S") @NotNull Duration pollTimeout,
            @DefaultValue("PT30S") @NotNull Duration retryBackoffMax,
            @DefaultValue("PT5M") @NotNull Duration partitionCheckInterval) {
    }
}
