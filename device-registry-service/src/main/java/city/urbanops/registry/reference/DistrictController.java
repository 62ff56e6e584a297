package city.urbanops.registry.reference;

import city.urbanops.registry.reference.ReferenceData.District;
import city.urbanops.registry.reference.ReferenceRequests.DistrictChange;
import city.urbanops.registry.reference.ReferenceRequests.NewDistrict;
import city.urbanops.registry.web.Cursors;
import city.urbanops.registry.web.Page;
import city.urbanops.registry.web.Pagination;
import city.urbanops.security.problem.ResourceNotFoundException;
import jakarta.validation.Valid;
import java.security.Principal;
import java.time.Clock;
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
import tools.jackson.databind.json.JsonMapper;

/** Districts with their GeoJSON boundary: every authenticated caller reads them, admins manage them. */
@RestController
@RequestMapping("/api/v1/districts")
class DistrictController {

    private final ReferenceRepository repository;
    private final ReferenceChecks checks;
    private final Pagination pagination;
    private final JsonMapper json;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    DistrictController(ReferenceRepository repository, ReferenceChecks checks, Pagination pagination, JsonMapper json,
                       Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.repository = repository;
        this.checks = checks;
        this.pagination = pagination;
        this.json = json;
        this.clock = clock;
    }

    @GetMapping
    ResponseEntity<Page<District>> list(@RequestParam(required = false) String cursor,
                                        @RequestParam(required = false) Integer limit) {
        int size = pagination.limit(limit);
        return Pagination.ok(Page.of(repository.districts(Cursors.keyOf(cursor), size + 1), size, District::id));
    }

    @GetMapping("/{id}")
    District get(@PathVariable String id) {
        return repository.district(id).orElseThrow(() -> new ResourceNotFoundException("No district " + id));
    }

    @PostMapping
    @PreAuthorize("hasRole('ADMIN')")
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    District create(@Valid @RequestBody NewDistrict request, Principal principal) {
        checks.boundary(request.boundary());
        checks.absent("id", repository.districtExists(request.id()), request.id());
        repository.insertDistrict(request.id(), request.name(), json.writeValueAsString(request.boundary()),
                clock.instant());
        District created = repository.district(request.id()).orElseThrow();
        events.publishEvent(new ReferenceDataChanged(principal.getName(), "district.created", "district",
                created.id(), null, created.id(), Map.of("name", String.valueOf(created.name())), clock.instant()));
        return created;
    }

    @PutMapping("/{id}")
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    District update(@PathVariable String id, @Valid @RequestBody DistrictChange request, Principal principal) {
        checks.boundary(request.boundary());
        if (!repository.updateDistrict(id, request.name(), json.writeValueAsString(request.boundary()))) {
            throw new ResourceNotFoundException("No district " + id);
        }
        District changed = repository.district(id).orElseThrow();
        events.publishEvent(new ReferenceDataChanged(principal.getName(), "district.changed", "district",
                changed.id(), null, changed.id(), Map.of("name", String.valueOf(changed.name())), clock.instant()));
        return changed;
    }
}
