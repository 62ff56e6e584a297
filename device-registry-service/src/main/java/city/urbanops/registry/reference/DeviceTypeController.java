package city.urbanops.registry.reference;

import city.urbanops.events.registry.DeviceKind;
import city.urbanops.registry.reference.ReferenceData.DeviceType;
import city.urbanops.registry.reference.ReferenceRequests.DeviceTypeChange;
import city.urbanops.registry.reference.ReferenceRequests.NewDeviceType;
import city.urbanops.registry.web.Cursors;
import city.urbanops.registry.web.Page;
import city.urbanops.registry.web.Pagination;
import city.urbanops.security.problem.InvalidRequestException;
import city.urbanops.security.problem.ResourceNotFoundException;
import jakarta.validation.Valid;
import java.security.Principal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Device types and the measurements their devices report, each shown with the catalogue's unit, value kind and
 * physical range. Every authenticated caller reads them; admins manage them. Changing a type's measurements
 * republishes every device of the type, since their records carry the list.
 */
@RestController
@RequestMapping("/api/v1/device-types")
class DeviceTypeController {

    private final ReferenceRepository repository;
    private final ReferenceChecks checks;
    private final Pagination pagination;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    DeviceTypeController(ReferenceRepository repository, ReferenceChecks checks, Pagination pagination,
                         ApplicationEventPublisher events, Clock clock) {
        this.repository = repository;
        this.checks = checks;
        this.pagination = pagination;
        this.events = events;
        this.clock = clock;
    }

    @GetMapping
    ResponseEntity<Page<DeviceType>> list(@RequestParam(required = false) String cursor,
                                          @RequestParam(required = false) Integer limit) {
        int size = pagination.limit(limit);
        return Pagination.ok(Page.of(repository.deviceTypes(Cursors.keyOf(cursor), size + 1), size, DeviceType::id));
    }

    @GetMapping("/{id}")
    DeviceType get(@PathVariable String id) {
        return repository.deviceType(id).orElseThrow(() -> new ResourceNotFoundException("No device type " + id));
    }

    @PostMapping
    @PreAuthorize("hasRole('ADMIN')")
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    DeviceType create(@Valid @RequestBody NewDeviceType request, Principal principal) {
        List<String> measurements = measurementsFor(request.kind(), request.measurements());
        checks.absent("id", repository.deviceType(request.id()).isPresent(), request.id());
        repository.insertDeviceType(request.id(), request.kind(), description(request.description()), measurements,
                clock.instant());
        DeviceType created = repository.deviceType(request.id()).orElseThrow();
        events.publishEvent(new ReferenceDataChanged(principal.getName(), "device-type.created", "device-type",
                created.id(), null, null,
                Map.of("kind", String.valueOf(created.kind()),
                        "measurements", String.join(",", created.measurementNames())),
                clock.instant()));
        return created;
    }

    @PutMapping("/{id}")
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    DeviceType update(@PathVariable String id, @Valid @RequestBody DeviceTypeChange request, Principal principal) {
        DeviceType current = repository.deviceType(id)
                .orElseThrow(() -> new ResourceNotFoundException("No device type " + id));
        List<String> measurements = measurementsFor(current.kind(), request.measurements());
        repository.updateDeviceType(id, description(request.description()), measurements);
        if (!measurements.equals(current.measurementNames())) {
            events.publishEvent(new DeviceTypeMeasurementsChanged(id, measurements, principal.getName()));
        }
        DeviceType changed = repository.deviceType(id).orElseThrow();
        events.publishEvent(new ReferenceDataChanged(principal.getName(), "device-type.changed", "device-type",
                changed.id(), null, null,
                Map.of("kind", String.valueOf(changed.kind()),
                        "measurements", String.join(",", changed.measurementNames())),
                clock.instant()));
        return changed;
    }

    private List<String> measurementsFor(DeviceKind kind, List<String> requested) {
        List<String> measurements = checks.measurements(requested);
        if (kind == DeviceKind.GATEWAY && !measurements.isEmpty()) {
            throw new InvalidRequestException("measurements", "must be empty for a gateway type: gateways report none");
        }
        return measurements;
    }

    private static String description(String description) {
        return description == null ? "" : description;
    }
}
