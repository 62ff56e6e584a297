package city.urbanops.telemetry.series;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A series response: raw points, or per-bucket aggregates when a bucket width was asked for. */
@JsonInclude(JsonInclude.Include.NON_NULL)
sealed interface Series {

    /** Raw points, oldest first; {@code truncated} when the range held more than the response may carry. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Raw(String deviceId, String measurement, Instant from, Instant to, String unit, List<Point> points,
               boolean truncated) implements Series {
    }

    /**
     * Aggregates per bucket, oldest first; buckets without data are absent. {@code includesQuarantined} says whether
     * quarantined readings were counted (only when asked for); it is always present, so a chart can say so.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Bucketed(String deviceId, String measurement, Instant from, Instant to, Duration bucket, String unit,
                    boolean includesQuarantined, List<Bucket> buckets) implements Series {
    }

    /**
     * One stored value; exactly one of {@code value}, {@code valueBool}, {@code valueText} is present.
     * {@code quarantined} appears, {@code true}, only on a reading taken while its device was in quarantine: an
     * ordinary point stays as it always was.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Point(Instant time, long seq, Double value, Boolean valueBool, String valueText,
                 @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean quarantined) {
    }

    /**
     * Statistics of one bucket; {@code min/max/avg} only for numeric measurements, {@code last} for all.
     * {@code quarantined}, present only when quarantined readings were included and the bucket holds some, counts
     * them among {@code count}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Bucket(Instant start, long count, @JsonInclude(JsonInclude.Include.NON_DEFAULT) long quarantined,
                  Double min, Double max, Double avg, Object last) {
    }
}
