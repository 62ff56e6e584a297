package city.urbanops.rules.dryrun;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds of the dry run ({@code urbanops.rules.dry-run.*}).
 *
 * @param maxRecords   most history records one dry run reads; beyond, it stops and returns what it has, truncated
 * @param concurrent   most dry runs one instance runs at once; one more is refused with 429
 * @param timeLimit    longest one dry run replays; beyond, it stops and returns what it has, truncated. Also the
 *                     {@code Retry-After} of a refused one
 * @param maxRange     longest range one dry run may cover
 * @param maxListed    most alerts listed per version, and most conditions per comparison list; counts cover all
 * @param kafkaTimeout longest a metadata request or a stalled fetch may take before history counts as unavailable
 * @param stateDirectory where each replay's driver keeps its state directory (the stages' stores are in memory);
 *                     default: the JVM's temporary directory
 */
@Validated
@ConfigurationProperties("urbanops.rules.dry-run")
public record DryRunProperties(
        @DefaultValue("5000000") @Positive long maxRecords,
        @DefaultValue("1") @Positive int concurrent,
        @DefaultValue("2m") @NotNull Duration timeLimit,
        @DefaultValue("7d") @NotNull Duration maxRange,
        @DefaultValue("10000") @Positive int maxListed,
        @DefaultValue("30s") @NotNull Duration kafkaTimeout,
        Path stateDirectory) {

    public DryRunProperties {
        stateDirectory = stateDirectory != null ? stateDirectory : Path.of(System.getProperty("java.io.tmpdir"));
    }
}
