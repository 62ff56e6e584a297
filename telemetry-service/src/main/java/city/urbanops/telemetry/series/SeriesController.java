package city.urbanops.telemetry.series;

import city.urbanops.security.AccessScope;
import city.urbanops.security.problem.ResourceNotFoundException;
import city.urbanops.telemetry.config.TelemetryProperties;
import city.urbanops.telemetry.directory.DeviceDirectory;
import city.urbanops.telemetry.store.MeasurementRepository;
import city.urbanops.telemetry.store.StoredBucket;
import city.urbanops.telemetry.store.StoredPoint;
import java.time.Clock;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/telemetry/devices/{deviceId}/series}: one measurement of one device, raw or bucketed. A
 * scoped caller sees only devices of its departments and districts; any other device, and any device the
 * directory does not know, is a 404 so that existence is not revealed.
 */
@RestController
@RequestMapping("/api/v1/telemetry/devices")
class SeriesController {

    private final MeasurementRepository repository;
    private final DeviceDirectory directory;
    private final TelemetryProperties.Series limits;
    private final Clock clock;

    SeriesController(MeasurementRepository repository, DeviceDirectory directory, TelemetryProperties properties,
                     Clock clock) {
        this.repository = repository;
        this.directory = directory;
        this.limits = properties.series();
        this.clock = clock;
    }

    @GetMapping("/{deviceId}/series")
    @PreAuthorize("hasAnyRole('OPERATOR', 'SUPERVISOR', 'TECHNICIAN', 'ANALYST', 'INTEGRATOR', 'ADMIN')")
    Series series(@PathVariable String deviceId, @RequestParam(required = false) String measurement,
                  @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                  @RequestParam(required = false) String bucket,
                  @RequestParam(required = false) String includeQuarantined, AccessScope scope) {
        requireVisible(deviceId, scope);
        SeriesQuery query = SeriesQuery.parse(measurement, from, to, bucket, includeQuarantined, clock.instant(),
                limits);
        if (query.bucket().isPresent()) {
            List<StoredBucket> buckets = repository.buckets(deviceId, query.measurement(), query.from(), query.to(),
                    query.bucket().get(), query.includeQuarantined());
            return new Series.Bucketed(deviceId, query.measurement(), query.from(), query.to(), query.bucket().get(),
                    buckets.isEmpty() ? null : buckets.getLast().unit(), query.includeQuarantined(),
                    buckets.stream().map(SeriesController::bucket).toList());
        }
        List<StoredPoint> points = repository.points(deviceId, query.measurement(), query.from(), query.to(),
                limits.maxRawPoints() + 1, query.includeQuarantined());
        boolean truncated = points.size() > limits.maxRawPoints();
        List<StoredPoint> served = truncated ? points.subList(0, limits.maxRawPoints()) : points;
        return new Series.Raw(deviceId, query.measurement(), query.from(), query.to(),
                served.isEmpty() ? null : served.getLast().unit(),
                served.stream().map(p -> new Series.Point(p.time(), p.seq(), p.value(), p.valueBool(), p.valueText(),
                        p.quarantined())).toList(), truncated);
    }

    // Unrestricted callers may read devices the directory has not seen yet (e.g. right after a restart).
    private void requireVisible(String deviceId, AccessScope scope) {
        if (scope.isUnrestricted()) {
            return;
        }
        boolean visible = directory.placement(deviceId)
                .map(p -> scope.allows(p.department(), p.district()))
                .orElse(false);
        if (!visible) {
            throw new ResourceNotFoundException("No device '" + deviceId + "' within your scope.");
        }
    }

    private static Series.Bucket bucket(StoredBucket b) {
        Object last = b.lastValue() != null ? b.lastValue() : b.lastBool() != null ? b.lastBool() : b.lastText();
        return new Series.Bucket(b.start(), b.count(), b.quarantinedCount(), b.min(), b.max(), b.avg(), last);
    }
}
