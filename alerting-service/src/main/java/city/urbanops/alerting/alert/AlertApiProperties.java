package city.urbanops.alerting.alert;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds of the alerts API ({@code urbanops.alerting.api.*}).
 *
 * @param defaultLimit     alerts per page when the caller names no {@code limit}
 * @param maxLimit         most alerts per page; a larger {@code limit} is refused (400 naming {@code limit})
 * @param maxTimeline      most timeline entries per page
 * @param maxTextLength    longest comment or note, in characters
 * @param maxAssigneeLength longest person or team name
 */
@ConfigurationProperties("urbanops.alerting.api")
public record AlertApiProperties(
        @DefaultValue("50") int defaultLimit,
        @DefaultValue("200") int maxLimit,
        @DefaultValue("500") int maxTimeline,
        @DefaultValue("2000") int maxTextLength,
        @DefaultValue("128") int maxAssigneeLength) {

    public AlertApiProperties {
        if (defaultLimit < 1 || defaultLimit > maxLimit) {
            throw new IllegalArgumentException("urbanops.alerting.api.default-limit must be 1..max-limit");
        }
        if (maxTextLength < 1 || maxTextLength > 4000) {
            // the database refuses comments over 4000 characters
            throw new IllegalArgumentException("urbanops.alerting.api.max-text-length must be 1..4000");
        }
    }
}
