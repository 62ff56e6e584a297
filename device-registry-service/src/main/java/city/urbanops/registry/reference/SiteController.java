package city.urbanops.registry.reference;

import city.urbanops.registry.reference.ReferenceData.Site;
import city.urbanops.registry.reference.ReferenceRequests.NewSite;
import city.urbanops.registry.reference.ReferenceRequests.SiteChange;
import city.urbanops.registry.web.Cursors;
import city.urbanops.registry.web.Page;
import city.urbanops.registry.web.Pagination;
import city.urbanops.security.problem.InvalidRequestException;
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

/**
 * Sites, each in one district: every authenticated caller reads them, admins manage them. A site's district is fixed
 * at creation, since devices installed there must lie in the same district.
 */
@RestController
@RequestMapping("/api/v1/sites")
class SiteController {

    private final ReferenceRepository repository;
    private final ReferenceChecks checks;
    private final Pagination pagination;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    SiteController(ReferenceRepository repository, ReferenceChecks checks, Pagination pagination, Clock clock,
                   ApplicationEventPublisher events) {
        this.events = events;
        this.repository = repository;
        this.checks = checks;
        this.pagination = pagination;
        this.clock = clock;
    }

    @GetMapping
    ResponseEntity<Page<Site>> list(@RequestParam(required = false) String cursor,
                                    @RequestParam(required = false) Integer limit) {
        int size = pagination.limit(limit);
        return Pagination.ok(Page.of(repository.sites(Cursors.keyOf(cursor), size + 1), size, Site::id));
    }

    @GetMapping("/{id}")
    Site get(@PathVariable String id) {
        return repository.site(id).orElseThrow(() -> new ResourceNotFoundException("No site " + id));
    }

    @PostMapping
    @PreAuthorize("hasRole('ADMIN')")
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    Site create(@Valid @RequestBody NewSite request, Principal principal) {
        if (!repository.districtExists(request.districtId())) {
            throw new InvalidRequestException("districtId", "names no district");
        }
        checks.absent("id", repository.site(request.id()).isPresent(), request.id());
        repository.insertSite(new Site(request.id(), request.name(), request.districtId(), request.latitude(),
                request.longitude(), clock.instant()));
        Site created = repository.site(request.id()).orElseThrow();
        events.publishEvent(new ReferenceDataChanged(principal.getName(), "site.created", "site",
                created.id(), null, created.districtId(),
                Map.of("name", String.valueOf(created.name()), "district", String.valueOf(created.districtId())),
                clock.instant()));
        return created;
    }

    @PutMapping("/{id}")
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    Site update(@PathVariable String id, @Valid @RequestBody SiteChange request, Principal principal) {
        if (!repository.updateSite(id, request.name(), request.latitude(), request.longitude())) {
            throw new ResourceNotFoundException("No site " + id);
        }
        Site changed = repository.site(id).orElseThrow();
        events.publishEvent(new ReferenceDataChanged(principal.getName(), "site.changed", "site",
                changed.id(), null, changed.districtId(),
                Map.of("name", String.valueOf(changed.name()), "district", String.valueOf(changed.districtId())),
                clock.instant()));
        return changed;
    }
}
