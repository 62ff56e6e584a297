package city.urbanops.operatorapi.alertdetail;

import city.urbanops.operatorapi.devicehealth.TelemetryTrends;
import city.urbanops.operatorapi.queue.AlertSummary;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The alert's evidence chart: the device's readings from the telemetry store around the alert — from
 * {@value #BEFORE_HOURS} h before it was first seen (opened, or its earliest deciding reading if earlier) to its
 * resolution (or now), at most {@value #MAX_BUCKETS} buckets
 * (one telemetry call per measurement of the evidence, at most {@value #MAX_MEASUREMENTS}) — with the alert's
 * thresholds and its own evidence readings. When telemetry does not answer, the chart shows the evidence readings
 * alone and says so.
 */
@Component
public class EvidenceChart {

    static final int BEFORE_HOURS = 2;
    static final int MAX_BUCKETS = 120;
    static final int MAX_MEASUREMENTS = 4;
    /** The longest stretch after the alert opened that the chart covers. */
    static final Duration MAX_AFTER = Duration.ofDays(7);
    private static final Logger log = LoggerFactory.getLogger(EvidenceChart.class);

    /** Where the chart's readings come from. */
    public enum Source { TELEMETRY, EVIDENCE }

    public record Point(long t, Double avg, Double min, Double max, long count) {
        /** The bucket's start, for the table. */
        public Instant start() {
            return Instant.ofEpochMilli(t);
        }
    }

    public record Series(String measurement, String unit, List<Point> points) {
    }

    public record Marked(String measurement, long t, double v) {
    }

    /**
     * What the chart draws ({@code json} is the same for the script); {@code note} says in words what is missing, null
     * when nothing is.
     */
    public record Chart(Source source, Instant from, Instant to, Duration bucket, List<Series> series,
                        List<Marked> evidence, Map<String, Double> thresholds, String note, String json) {

        public boolean empty() {
            return evidence.isEmpty() && series.stream().allMatch(s -> s.points().isEmpty());
        }
    }

    private record Data(Source source, long from, long to, String bucket, List<Series> series, List<Marked> evidence,
                        Map<String, Double> thresholds) {
    }

    private final TelemetryTrends telemetry;
    private final Clock clock;
    private final JsonMapper json;

    EvidenceChart(TelemetryTrends telemetry, Clock clock, JsonMapper json) {
        this.telemetry = telemetry;
        this.clock = clock;
        this.json = json;
    }

    /** The evidence thresholds that are levels of the measurement itself (rules-service's names). */
    static final Set<String> LEVELS = Set.of("value", "clearAt");

    /** The chart of {@code alert}, or null when it has neither a device nor evidence to draw. */
    public Chart of(AlertSummary alert) {
        List<Marked> evidence = evidenceOf(alert);
        // Only the levels a reading is compared with are lines on the chart: durations, windows, counts and rates of
        // change are other quantities (they stay in the evidence list above the chart).
        Map<String, Double> thresholds = new LinkedHashMap<>();
        if (alert.evidence() != null && alert.evidence().thresholds() != null) {
            alert.evidence().thresholds().forEach((name, value) -> {
                if (LEVELS.contains(name) && value != null) {
                    thresholds.put(name, value);
                }
            });
        }
        Set<String> measurements = new LinkedHashSet<>();
        evidence.stream().map(Marked::measurement).limit(MAX_MEASUREMENTS).forEach(measurements::add);
        // First seen: when alerting opened it, or its earliest deciding reading if that came before.
        Instant opened = alert.openedAt() != null ? alert.openedAt() : clock.instant();
        for (Marked reading : evidence) {
            if (reading.t() < opened.toEpochMilli()) {
                opened = Instant.ofEpochMilli(reading.t());
            }
        }
        Instant from = opened.minus(Duration.ofHours(BEFORE_HOURS));
        Instant end = alert.resolvedAt() != null ? alert.resolvedAt() : clock.instant();
        if (end.isAfter(opened.plus(MAX_AFTER))) {
            end = opened.plus(MAX_AFTER);
        }
        Duration bucket = bucketFor(from, end);
        Instant to = end.plus(bucket);
        if (alert.deviceId() == null || measurements.isEmpty()) {
            return evidence.isEmpty() ? null : chart(Source.EVIDENCE, from, to, bucket, List.of(), evidence,
                    thresholds, "No readings of the device are known for this alert: only its deciding readings.");
        }
        try {
            List<Series> series = new ArrayList<>();
            for (String measurement : measurements) {
                TelemetryTrends.Series answer = telemetry.series(alert.deviceId(), measurement, from, to, bucket);
                series.add(new Series(measurement, answer.unit(), answer.buckets().stream()
                        .map(b -> new Point(b.start().toEpochMilli(), b.avg(), b.min(), b.max(), b.count()))
                        .toList()));
            }
            return chart(Source.TELEMETRY, from, to, bucket, series, evidence, thresholds, null);
        } catch (HttpClientErrorException.NotFound unknown) {
            return chart(Source.EVIDENCE, from, to, bucket, List.of(), evidence, thresholds,
                    "The telemetry store knows no readings of this device that you may see: the chart shows only the "
                            + "readings the alert carries.");
        } catch (RestClientException | IllegalArgumentException unavailable) {
            log.warn("telemetry-service did not answer an alert's evidence chart: {}",
                    unavailable.getClass().getSimpleName());
            return chart(Source.EVIDENCE, from, to, bucket, List.of(), evidence, thresholds,
                    "The telemetry store did not answer: the chart shows only the readings the alert carries.");
        }
    }

    /** Whole minutes, at least one, so that {@code [from, to)} holds at most {@value #MAX_BUCKETS} buckets. */
    static Duration bucketFor(Instant from, Instant to) {
        long minutes = Math.max(1, Duration.between(from, to).toMinutes());
        return Duration.ofMinutes(Math.max(1, (minutes + MAX_BUCKETS - 1) / MAX_BUCKETS));
    }

    private static List<Marked> evidenceOf(AlertSummary alert) {
        if (alert.evidence() == null || alert.evidence().readings() == null) {
            return List.of();
        }
        return alert.evidence().readings().stream()
                .filter(r -> r.value() != null && r.time() != null && r.measurement() != null)
                .filter(r -> alert.deviceId() == null || alert.deviceId().equals(r.deviceId()))
                .map(r -> new Marked(r.measurement(), r.time().toEpochMilli(), r.value()))
                .toList();
    }

    private Chart chart(Source source, Instant from, Instant to, Duration bucket, List<Series> series,
                        List<Marked> evidence, Map<String, Double> thresholds, String note) {
        String data = json.writeValueAsString(new Data(source, from.toEpochMilli(), to.toEpochMilli(),
                bucket.toString(), series, evidence, thresholds));
        return new Chart(source, from, to, bucket, series, evidence, thresholds, note, data);
    }
}
