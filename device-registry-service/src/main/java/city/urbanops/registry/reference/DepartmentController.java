package city.urbanops.registry.reference;

import city.urbanops.registry.reference.ReferenceData.Department;
import city.urbanops.registry.reference.ReferenceRequests.DepartmentChange;
import city.urbanops.registry.reference.ReferenceRequests.NewDepartment;
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

/** Departments: every authenticated caller reads them, admins manage them. */
@RestController
@RequestMapping("/api/v1/departments")
class DepartmentController {

    private final ReferenceRepository repository;
    private final ReferenceChecks checks;
    private final Pagination pagination;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    DepartmentController(ReferenceRepository repository, ReferenceChecks checks, Pagination pagination, Clock clock,
                         ApplicationEventPublisher events) {
        this.events = events;
        this.repository = repository;
        this.checks = checks;
        this.pagination = pagination;
        this.clock = clock;
    }

    @GetMapping
    ResponseEntity<Page<Department>> list(@RequestParam(required = false) String cursor,
                                          @RequestParam(required = false) Integer limit) {
        int size = pagination.limit(limit);
        return Pagination.ok(Page.of(repository.departments(Cursors.keyOf(cursor), size + 1), size, Department::id));
    }

    @GetMapping("/{id}")
    Department get(@PathVariable String id) {
        return repository.department(id).orElseThrow(() -> new ResourceNotFoundException("No department " + id));
    }

    @PostMapping
    @PreAuthorize("hasRole('ADMIN')")
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    Department create(@Valid @RequestBody NewDepartment request, Principal principal) {
        checks.absent("id", repository.departmentExists(request.id()), request.id());
        repository.insertDepartment(request.id(), request.name(), clock.instant());
        Department created = repository.department(request.id()).orElseThrow();
        events.publishEvent(new ReferenceDataChanged(principal.getName(), "department.created", "department",
                created.id(), created.id(), null, Map.of("name", String.valueOf(created.name())), clock.instant()));
        return created;
    }

    @PutMapping("/{id}")
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    Department update(@PathVariable String id, @Valid @RequestBody DepartmentChange request, Principal principal) {
        if (!repository.updateDepartment(id, request.name())) {
            throw new ResourceNotFoundException("No department " + id);
        }
        Department changed = repository.department(id).orElseThrow();
        events.publishEvent(new ReferenceDataChanged(principal.getName(), "department.changed", "department",
                changed.id(), changed.id(), null, Map.of("name", String.valueOf(changed.name())), clock.instant()));
        return changed;
    }
}
