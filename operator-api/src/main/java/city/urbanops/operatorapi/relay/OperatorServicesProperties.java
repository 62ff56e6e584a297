package city.urbanops.operatorapi.relay;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the other services' APIs are ({@code urbanops.operator.services.*}); operator-api reads their data only
 * through these, with the user's own token.
 *
 * @param connectTimeout how long to wait for a connection to another service
 * @param readTimeout    how long to wait for its answer; a console page must not hang on a slow service
 */
@Validated
@ConfigurationProperties("urbanops.operator.services")
public record OperatorServicesProperties(
        @NotNull URI alerting,
        @NotNull URI registry,
        @NotNull URI rules,
        @NotNull URI telemetry,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("5s") Duration readTimeout) {
}
