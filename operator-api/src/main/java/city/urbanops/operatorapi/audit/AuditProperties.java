package city.urbanops.operatorapi.audit;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the audit log ({@code urbanops.operator.audit.*}). The background verification's schedule
 * ({@code verify-interval}, {@code verify-initial-delay}) and the consumer's {@code group-id} are read where they are
 * used, as placeholders, since annotations need them.
 *
 * @param verifyBatchSize how many entries the chain verifier reads at a time (memory stays bounded by this)
 * @param statusMaxAge    the console shows the last verification if it is younger than this, else verifies anew
 * @param defaultLimit    entries per page when the caller names no {@code limit}
 * @param maxLimit        the largest {@code limit} a caller may ask for
 * @param anchorChain     the chain's name on {@code audit.anchors} (one per audit database)
 * @param anchorTimeout   the longest a verification reads {@code audit.anchors} before it reports Kafka unreadable
 */
@Validated
@ConfigurationProperties("urbanops.operator.audit")
public record AuditProperties(
        @DefaultValue("1000") @Min(1) @Max(10_000) int verifyBatchSize,
        @DefaultValue("PT5M") Duration statusMaxAge,
        @DefaultValue("50") @Min(1) int defaultLimit,
        @DefaultValue("200") @Min(1) @Max(1000) int maxLimit,
        @DefaultValue("operator-api") @NotBlank String anchorChain,
        @DefaultValue("PT15S") Duration anchorTimeout) {
}
