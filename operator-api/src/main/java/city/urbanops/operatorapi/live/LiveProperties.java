package city.urbanops.operatorapi.live;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The live stream's bounds ({@code urbanops.operator.live.*}).
 *
 * @param ringSize        events kept for replay after a reconnect (Last-Event-ID)
 * @param maxSubscribers  streams open at once on this instance; one more is a 503
 * @param subscriberQueue events waiting for one subscriber; a subscriber that falls this far behind is dropped and
 *                        resumes with Last-Event-ID
 * @param heartbeat       a comment line after this much quiet, so proxies keep the stream open
 * @param streamTimeout   a stream is closed after this long and the browser reconnects (fresh session check)
 */
@Validated
@ConfigurationProperties("urbanops.operator.live")
public record LiveProperties(
        @DefaultValue("5000") @Min(10) @Max(1_000_000) int ringSize,
        @DefaultValue("500") @Min(1) @Max(100_000) int maxSubscribers,
        @DefaultValue("1000") @Min(10) @Max(100_000) int subscriberQueue,
        @DefaultValue("25s") Duration heartbeat,
        @DefaultValue("30m") Duration streamTimeout) {
}
