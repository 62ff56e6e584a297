package city.urbanops.telemetry.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import city.urbanops.security.problem.FieldProblem;
import city.urbanops.security.problem.InvalidRequestException;
import city.urbanops.telemetry.config.TelemetryProperties;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SeriesQueryTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final TelemetryProperties.Series LIMITS = new TelemetryProperties.Series(Duration.ofHours(1),
            Duration.ofDays(7), Duration.ofDays(400), Duration.ofSeconds(1), 10_000, 10_000);

    @Test
    void omittedWindowIsTheLastHour() {
        SeriesQuery query = SeriesQuery.parse("pm2_5", null, null, null, null, NOW, LIMITS);

        assertThat(query.from()).isEqualTo(NOW.minus(Duration.ofHours(1)));
        assertThat(query.to()).isEqualTo(NOW);
        assertThat(query.bucket()).isEmpty();
    }

    @Test
    void bucketIsParsed() {
        assertThat(SeriesQuery.parse("pm2_5", null, null, "PT1M", null, NOW, LIMITS).bucket())
                .contains(Duration.ofMinutes(1));
    }

    @Test
    void fromAfterToNamesFrom() {
        assertThat(fields("pm2_5", "2026-11-25T13:00:00Z", "2026-11-25T12:00:00Z", null)).containsExactly("from");
    }

    @Test
    void equalFromAndToIsAnEmptyRangeAndRefused() {
        assertThat(fields("pm2_5", "2026-11-25T12:00:00Z", "2026-11-25T12:00:00Z", null)).containsExactly("from");
    }

    @Test
    void unparseableInstantsAndDurationAreEachNamed() {
        assertThat(fields("pm2_5", "yesterday", "soon", "one minute")).containsExactlyInAnyOrder("from", "to",
                "bucket");
    }

    @Test
    void bucketBelowTheMinimumIsRefused() {
        assertThat(fields("pm2_5", null, null, "PT0.5S")).containsExactly("bucket");
    }

    @Test
    void tooManyBucketsIsRefused() {
        assertThat(fields("pm2_5", "2026-01-01T00:00:00Z", "2026-11-01T00:00:00Z", "PT1S")).containsExactly("bucket");
    }

    @Test
    void rawRangeLongerThanTheLimitIsRefusedButBucketedIsServed() {
        assertThat(fields("pm2_5", "2026-11-01T00:00:00Z", "2026-11-20T00:00:00Z", null)).containsExactly("from");
        assertThat(SeriesQuery.parse("pm2_5", "2026-11-01T00:00:00Z", "2026-11-20T00:00:00Z", "PT1H", null, NOW, LIMITS)
                .bucket()).contains(Duration.ofHours(1));
    }

    @Test
    void measurementIsRequiredAndSane() {
        assertThat(fields(null, null, null, null)).containsExactly("measurement");
        assertThat(fields("pm2_5'; drop table", null, null, null)).containsExactly("measurement");
    }

    @Test
    void rawPointsIncludeQuarantinedReadingsUnlessLeftOut() {
        assertThat(SeriesQuery.parse("pm2_5", null, null, null, null, NOW, LIMITS).includeQuarantined()).isTrue();
        assertThat(SeriesQuery.parse("pm2_5", null, null, null, "false", NOW, LIMITS).includeQuarantined()).isFalse();
    }

    @Test
    void bucketsLeaveQuarantinedReadingsOutUnlessIncluded() {
        assertThat(SeriesQuery.parse("pm2_5", null, null, "PT1M", null, NOW, LIMITS).includeQuarantined()).isFalse();
        assertThat(SeriesQuery.parse("pm2_5", null, null, "PT1M", "true", NOW, LIMITS).includeQuarantined()).isTrue();
    }

    @Test
    void includeQuarantinedOtherThanTrueOrFalseIsNamed() {
        InvalidRequestException refused = catchThrowableOfType(InvalidRequestException.class,
                () -> SeriesQuery.parse("pm2_5", null, null, "PT1M", "yes", NOW, LIMITS));

        assertThat(refused.problems()).extracting(FieldProblem::field).containsExactly("includeQuarantined");
    }

    private static java.util.List<String> fields(String measurement, String from, String to, String bucket) {
        InvalidRequestException refused = catchThrowableOfType(InvalidRequestException.class,
                () -> SeriesQuery.parse(measurement, from, to, bucket, null, NOW, LIMITS));
        assertThat(refused).as("expected a refusal").isNotNull();
        return refused.problems().stream().map(FieldProblem::field).toList();
    }
}
