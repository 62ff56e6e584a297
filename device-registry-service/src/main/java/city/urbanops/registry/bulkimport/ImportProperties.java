package city.urbanops.registry.bulkimport;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds and pacing of bulk imports ({@code urbanops.registry.import.*}); every bound is refused with a clear problem.
 *
 * @param maxUploadSize      largest file accepted; beyond: 413
 * @param maxRows            most rows (devices) in one file; beyond: the job fails and writes nothing
 * @param maxLineLength      longest CSV line, and largest JSON string value, in bytes; beyond: 400 at upload
 * @param maxUnfinishedJobs  jobs queued or running at once (their files are kept in the database); beyond: 429
 * @param maxConcurrentUploads uploads being received at once (each is held in memory); beyond: 429
 * @param workers            jobs run at the same time by this instance
 * @param chunkSize          rows written per statement, and per transaction in PARTIAL mode
 * @param heartbeat          how often a running job says it is alive
 * @param lease              a RUNNING job silent this long is taken to be orphaned by a crash and is run again
 * @param maxAttempts        runs a job gets before it is reported FAILED (a file that crashes the service every time
 *                           must not crash it forever)
 * @param retention          how long finished jobs and their reports are kept
 */
@Validated
@ConfigurationProperties("urbanops.registry.import")
public record ImportProperties(
        @NotNull @DefaultValue("64MB") DataSize maxUploadSize,
        @Min(1) @Max(10_000_000) @DefaultValue("200000") int maxRows,
        @Min(256) @DefaultValue("8192") int maxLineLength,
        @Min(1) @DefaultValue("4") int maxUnfinishedJobs,
        @Min(1) @DefaultValue("2") int maxConcurrentUploads,
        @Min(1) @Max(16) @DefaultValue("1") int workers,
        @Min(1) @Max(50_000) @DefaultValue("5000") int chunkSize,
        @NotNull @DefaultValue("5s") Duration heartbeat,
        @NotNull @DefaultValue("30s") Duration lease,
        @Min(1) @DefaultValue("3") int maxAttempts,
        @NotNull @DefaultValue("7d") Duration retention) {
}
