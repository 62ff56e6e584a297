package city.urbanops.registry.device;

import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.registry.web.Cursors;
import city.urbanops.registry.web.Page;
import city.urbanops.registry.web.Pagination;
import city.urbanops.registry.web.Versions;
import city.urbanops.security.AccessScope;
import city.urbanops.security.Role;
import city.urbanops.security.problem.InvalidRequestException;
import city.urbanops.security.problem.ResourceNotFoundException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Devices and gateways: every role reads those in its scope (others are 404), admins and integrators register and
 * change them, technicians move them (site and coordinates). Addressed by id or by the owner's external id; the
 * {@code ETag} is the version, and a change names it in {@code If-Match}.
 */
@RestController
@RequestMapping("/api/v1/devices")
class DeviceController {

    static final String DEVICE_ID = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";
    /** The most devices one bulk lookup ({@code ?ids=}) names: a console page of alerts. */
    static final int MAX_IDS = 200;
    /** rules-service's default neighbour radius ({@code urbanops.rules.neighbour-radius}), so console and triage agree. */
    static final double DEFAULT_RADIUS_METERS = 1_000;
    static final double MAX_RADIUS_METERS = 10_000;
    static final int DEFAULT_NEIGHBOURS = 10;
    static final int MAX_NEIGHBOURS = 50;

    private final DeviceQueries queries;
    private final RegisteringDevice registering;
    private final UpdatingDevice updating;
    private final DeviceRepository devices;
    private final Pagination pagination;
    private final RefusalResponses answers;

    DeviceController(DeviceQueries queries, RegisteringDevice registering, UpdatingDevice updating,
                     DeviceRepository devices, Pagination pagination, RefusalResponses answers) {
        this.answers = answers;
        this.queries = queries;
        this.registering = registering;
        this.updating = updating;
        this.devices = devices;
        this.pagination = pagination;
    }

    /** A device to register. */
    record NewDeviceRequest(
            @NotNull @Pattern(regexp = DEVICE_ID,
                    message = "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit")
            String id,
            @Size(min = 1, max = 128) String externalId,
            @NotNull DeviceKind kind,
            @NotBlank String deviceType,
            String gatewayId,
            @NotBlank String department,
            @NotBlank String district,
            String siteId,
            @DecimalMin("-90") @DecimalMax("90") Double latitude,
            @DecimalMin("-180") @DecimalMax("180") Double longitude) {

        RegisteringDevice.NewDevice toDevice() {
            return new RegisteringDevice.NewDevice(id, externalId, kind, deviceType, gatewayId, department, district,
                    siteId, latitude, longitude);
        }
    }

    /** Devices nearby and their search radius, as the neighbours endpoint answers. */
    record NeighboursView(String deviceId, double radiusMeters, List<Neighbour> items) {
    }

    @GetMapping
    ResponseEntity<Page<DeviceView>> list(AccessScope scope,
            @RequestParam(required = false) String ids,
            @RequestParam(required = false) String department,
            @RequestParam(required = false) String district,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) DeviceLifecycle lifecycle,
            @RequestParam(required = false) Boolean quarantined,
            @RequestParam(required = false) String gateway,
            @RequestParam(required = false) Connectivity connectivity,
            @RequestParam(required = false) DeviceKind kind,
            @RequestParam(required = false) String externalId,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        DeviceFilter filter = new DeviceFilter(department, district, type, lifecycle, quarantined, gateway,
                connectivity, kind, externalId);
        if (ids == null) {
            int size = pagination.limit(limit);
            return Pagination.ok(Page.of(queries.page(filter, scope, Cursors.keyOf(cursor), size + 1), size,
                    DeviceView::id));
        }
        Set<String> wanted = idsOf(ids);
        // Without a limit, every device asked for fits on the one page: a caller looking up a page of alerts' devices
        // makes one call.
        int size = limit == null ? Math.max(1, wanted.size()) : pagination.limit(limit);
        return Pagination.ok(Page.of(queries.page(filter, wanted, scope, Cursors.keyOf(cursor), size + 1), size,
                DeviceView::id));
    }

    /**
     * Devices of the same type within {@code radiusMeters} (default {@value #DEFAULT_RADIUS_METERS}, rules-service's
     * triage radius) of the device, nearest first, only those the caller may see; none when it has no location.
     */
    @GetMapping("/{id}/neighbours")
    NeighboursView neighbours(@PathVariable String id, AccessScope scope,
                              @RequestParam(required = false) Double radiusMeters,
                              @RequestParam(required = false) Integer limit) {
        double radius = radiusMeters == null ? DEFAULT_RADIUS_METERS : radiusMeters;
        if (!(radius > 0 && radius <= MAX_RADIUS_METERS)) {
            throw new InvalidRequestException("radiusMeters", "must be more than 0 and at most " + MAX_RADIUS_METERS);
        }
        int size = limit == null ? DEFAULT_NEIGHBOURS : limit;
        if (size < 1 || size > MAX_NEIGHBOURS) {
            throw new InvalidRequestException("limit", "must be between 1 and " + MAX_NEIGHBOURS);
        }
        DeviceView device = visible(id, scope);
        return new NeighboursView(device.id(), radius, queries.neighbours(device, scope, radius, size));
    }

    private static Set<String> idsOf(String ids) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String part : ids.split(",", -1)) {
            String id = part.strip();
            if (!id.isEmpty()) {
                if (!id.matches(DEVICE_ID)) {
                    throw new InvalidRequestException("ids", "must be device ids separated by commas");
                }
                wanted.add(id);
            }
        }
        if (wanted.size() > MAX_IDS) {
            throw new InvalidRequestException("ids", "must name at most " + MAX_IDS + " devices, named "
                    + wanted.size());
        }
        return wanted;
    }

    @GetMapping("/{id}")
    ResponseEntity<DeviceView> get(@PathVariable String id, AccessScope scope) {
        return withETag(visible(id, scope));
    }

    @GetMapping("/by-external-id/{externalId}")
    ResponseEntity<DeviceView> getByExternalId(@PathVariable String externalId, AccessScope scope) {
        String id = devices.idOfExternalId(externalId)
                .orElseThrow(() -> new ResourceNotFoundException("No device with external id " + externalId));
        return withETag(queries.find(id, scope)
                .orElseThrow(() -> new ResourceNotFoundException("No device with external id " + externalId)));
    }

    @PostMapping
    @PreAuthorize("hasAnyRole('ADMIN', 'INTEGRATOR')")
    ResponseEntity<?> register(@Valid @RequestBody NewDeviceRequest request, AccessScope scope,
                               Authentication caller) {
        return answers.answer(registering.register(request.toDevice(), caller.getName(), scope),
                record -> {
                    DeviceView view = visible(record.deviceId(), scope);
                    return ResponseEntity.created(URI.create("/api/v1/devices/" + view.id()))
                            .eTag(Versions.etag(view.version())).body(view);
                });
    }

    @PatchMapping(path = "/{id}", consumes = {"application/merge-patch+json", "application/json"})
    @PreAuthorize("hasAnyRole('ADMIN', 'INTEGRATOR', 'TECHNICIAN')")
    ResponseEntity<?> update(@PathVariable String id, @RequestBody JsonNode patch,
                             @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                             AccessScope scope, Authentication caller) {
        long expected = Versions.required(ifMatch);
        var editor = new UpdatingDevice.Editor(caller.getName(), scope, locationOnly(caller));
        return answers.answer(updating.update(id, expected, patch, editor),
                record -> withETag(visible(id, scope)));
    }

    private DeviceView visible(String id, AccessScope scope) {
        return queries.find(id, scope).orElseThrow(() -> new ResourceNotFoundException("No device " + id));
    }

    static ResponseEntity<DeviceView> withETag(DeviceView view) {
        return ResponseEntity.ok().eTag(Versions.etag(view.version())).body(view);
    }

    // A technician who holds no editing role besides moves devices only.
    private static boolean locationOnly(Authentication caller) {
        Set<String> roles = caller.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .collect(Collectors.toSet());
        return !roles.contains(Role.ADMIN.authority()) && !roles.contains(Role.INTEGRATOR.authority());
    }
}
