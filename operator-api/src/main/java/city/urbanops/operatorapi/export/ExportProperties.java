package city.urbanops.operatorapi.export;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Exports ({@code urbanops.operator.exports.*}).
 *
 * @param maxRows the most rows one export holds; more matching rows refuse the export (narrow the filters)
 */
@Validated
@ConfigurationProperties("urbanops.operator.exports")
public record ExportProperties(@Min(1) @Max(100_000) Integer maxRows) {

    public ExportProperties {
        maxRows = maxRows == null ? 10_000 : maxRows;
    }
}
