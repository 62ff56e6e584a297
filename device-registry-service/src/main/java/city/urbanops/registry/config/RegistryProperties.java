package city.urbanops.registry.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the device registry ({@code urbanops.registry.*}); every value has a production default.
 *
 * @param staleAfter      a sensor whose gateway is online but that was not seen for this long is {@code STALE}
 * @param defaultPageSize items per page when a list request names no {@code limit}
 * @param maxPageSize     the largest {@code limit} a list request may ask for
 * @param secrets         gateway secret rotation bounds
 * @param maxRequestBytes the largest request body of any endpoint but bulk import (a district boundary of 100,000
 *                        positions is about 2.5 MB); beyond: 413
 */
@ConfigurationProperties("urbanops.registry")
@Validated
public record RegistryProperties(
        @DefaultValue("PT5M") @NotNull Duration staleAfter,
        @DefaultValue("50") @Min(1) int defaultPageSize,
        @DefaultValue("500") @Min(1) @Max(5000) int maxPageSize,
        @Valid @NotNull @DefaultValue Secrets secrets,
        @DefaultValue("4194304") @Min(1024) long maxRequestBytes) {

    @AssertTrue(message = "default-page-size must not exceed max-page-size")
    public boolean isPageSizeConsistent() {
        return defaultPageSize <= maxPageSize;
    }

    /**
     * Bounds of gateway secrets.
     *
     * @param defaultOverlap    how long a rotated-out secret keeps working when the rotation names no overlap
     * @param maxOverlap        the longest overlap a rotation may ask for
     * @param maxValid          the most secrets of one gateway that may work at once; issuing one more is refused
     * @param expiredRetention  how long an expired secret's hash stays listed (so the edge can say "rotated out"
     *                          rather than "wrong") before it is dropped at the gateway's next issue
     */
    public record Secrets(
            @DefaultValue("PT24H") @NotNull Duration defaultOverlap,
            @DefaultValue("P30D") @NotNull Duration maxOverlap,
            @DefaultValue("3") @Min(1) @Max(10) int maxValid,
            @DefaultValue("P30D") @NotNull Duration expiredRetention) {
    }
}
