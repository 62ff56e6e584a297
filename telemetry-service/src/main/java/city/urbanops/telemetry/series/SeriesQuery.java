package city.urbanops.telemetry.series;

import city.urbanops.security.problem.FieldProblem;
import city.urbanops.security.problem.InvalidRequestException;
import city.urbanops.telemetry.config.TelemetryProperties;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A validated series request: one measurement of one device over {@code [from, to)}, raw or in buckets. Every
 * parameter problem is collected and reported at once, each naming its parameter. {@code includeQuarantined} defaults
 * by what is asked for: raw points show quarantined readings (marked), because a person looking at one device must see
 * what it sent; buckets are trends and leave them out, as rules do, unless the caller asks for them.
 */
record SeriesQuery(String measurement, Instant from, Instant to, Optional<Duration> bucket,
                   boolean includeQuarantined) {

    private static final Pattern MEASUREMENT = Pattern.compile("[A-Za-z0-9_.:/-]{1,64}");

    /** Parses raw query parameters against the configured limits; throws a 400 naming every bad parameter. */
    static SeriesQuery parse(String measurement, String from, String to, String bucket, String includeQuarantined,
                             Instant now, TelemetryProperties.Series limits) {
        List<FieldProblem> problems = new ArrayList<>();
        if (measurement == null || !MEASUREMENT.matcher(measurement).matches()) {
            problems.add(new FieldProblem("measurement",
                    "is required: a measurement name of letters, digits, '_', '.', ':', '/' or '-'"));
        }
        Instant end = to == null ? now : instant("to", to, problems);
        Instant start = from == null ? (end == null ? null : end.minus(limits.defaultWindow()))
                : instant("from", from, problems);
        Duration width = bucket == null ? null : duration(bucket, problems);
        boolean withQuarantined = includeQuarantined == null ? bucket == null
                : flag("includeQuarantined", includeQuarantined, problems);

        if (start != null && end != null) {
            if (!start.isBefore(end)) {
                problems.add(new FieldProblem("from", "must be before 'to'"));
            } else {
                Duration range = Duration.between(start, end);
                Duration maxRange = width == null ? limits.maxRawRange() : limits.maxRange();
                if (range.compareTo(maxRange) > 0) {
                    problems.add(new FieldProblem("from", "must be at most " + maxRange + " before 'to'"
                            + (width == null ? " for raw points; pass 'bucket' for longer ranges" : "")));
                } else if (width != null && !width.isZero() && !width.isNegative()
                        && range.dividedBy(width) >= limits.maxBuckets()) {
                    problems.add(new FieldProblem("bucket", "makes more than " + limits.maxBuckets()
                            + " buckets over this range; use a wider bucket"));
                }
            }
        }
        if (width != null && width.compareTo(limits.minBucket()) < 0) {
            problems.add(new FieldProblem("bucket", "must be at least " + limits.minBucket()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new SeriesQuery(measurement, start, end, Optional.ofNullable(width), withQuarantined);
    }

    private static boolean flag(String parameter, String value, List<FieldProblem> problems) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                problems.add(new FieldProblem(parameter, "must be true or false"));
                yield false;
            }
        };
    }

    private static Instant instant(String parameter, String value, List<FieldProblem> problems) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            problems.add(new FieldProblem(parameter, "must be an ISO-8601 instant such as 2026-01-31T08:00:00Z"));
            return null;
        }
    }

    private static Duration duration(String value, List<FieldProblem> problems) {
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            problems.add(new FieldProblem("bucket", "must be an ISO-8601 duration such as PT1M"));
            return null;
        }
    }
}
