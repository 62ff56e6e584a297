package city.urbanops.operatorapi.devicehealth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The last 24 hours of a device's measurements from telemetry-service's series API, in 15-minute buckets (96 at
 * most per measurement, one call per measurement, at most {@value #MAX_MEASUREMENTS} measurements). Trends are
 * shown only when telemetry answers: a device page never fails because of them.
 */
@Component
public class TelemetryTrends {

    static final Duration WINDOW = Duration.ofHours(24);
    static final Duration BUCKET = Duration.ofMinutes(15);
    static final int MAX_MEASUREMENTS = 12;
    private static final Logger log = LoggerFactory.getLogger(TelemetryTrends.class);

    public record Bucket(Instant start, long count, Double min, Double max, Double avg) {
    }

    public record Series(String measurement, String unit, List<Bucket> buckets) {
        public Series {
            buckets = buckets == null ? List.of() : List.copyOf(buckets);
        }
    }

    private record Answer(String unit, List<Bucket> buckets) {
    }

    private final RestClient telemetry;
    private final Clock clock;

    TelemetryTrends(@Qualifier("telemetryClient") RestClient telemetry, Clock clock) {
        this.telemetry = telemetry;
        this.clock = clock;
    }

    /**
     * One measurement of a device in {@code bucket}s over {@code [from, to)}, quarantined readings left out (the
     * series API's default for buckets); throws {@link RestClientException} when telemetry does not answer.
     */
    public Series series(String deviceId, String measurement, Instant from, Instant to, Duration bucket) {
        Answer answer = telemetry.get().uri(u -> u.path("/api/v1/telemetry/devices/{id}/series")
                .queryParam("measurement", measurement).queryParam("from", from).queryParam("to", to)
                .queryParam("bucket", bucket).build(deviceId)).retrieve().body(Answer.class);
        return new Series(measurement, answer == null ? null : answer.unit(),
                answer == null ? List.of() : answer.buckets());
    }

    /** Each measurement's trend, or empty when telemetry did not answer. */
    public Optional<List<Series>> last24Hours(String deviceId, List<String> measurements) {
        Instant to = clock.instant();
        Instant from = to.minus(WINDOW);
        List<Series> series = new ArrayList<>();
        try {
            for (String measurement : measurements.stream().limit(MAX_MEASUREMENTS).toList()) {
                series.add(series(deviceId, measurement, from, to, BUCKET));
            }
            return Optional.of(series);
        } catch (RestClientException | IllegalArgumentException unavailable) {
            log.warn("telemetry-service did not answer a device's trends: {}", unavailable.getClass().getSimpleName());
            return Optional.empty();
        }
    }
}
