package city.urbanops.edge.simulation;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The simulated city over REST: its devices, and incidents a supervisor injects for a demo or a drill
 * (supervisor or admin; {@code POST /api/v1/simulation/incidents {"deviceId":"gw-01-fl-001","kind":"FLOOD","durationSeconds":600}}).
 */
@RestController
@RequestMapping("/api/v1/simulation")
class IncidentController {

    static final String PROBLEMS = "https://urbanops.city/problems/";
    private static final long MAX_SECONDS = Duration.ofDays(7).toSeconds();

    /** A request to play {@code kind} on {@code deviceId}; times in seconds, {@code startAfterSeconds} optional. */
    record IncidentRequest(String deviceId, IncidentKind kind, Long durationSeconds, Long startAfterSeconds) {
    }

    /** A device of the simulated city. */
    record DeviceView(String id, String gatewayId, DeviceType type) {
    }

    private final SimulatedCity city;
    private final IncidentBoard incidents;

    IncidentController(SimulatedCity city, IncidentBoard incidents) {
        this.city = city;
        this.incidents = incidents;
    }

    @GetMapping("/devices")
    List<DeviceView> devices() {
        return city.devices().stream().map(d -> new DeviceView(d.id(), d.gatewayId(), d.type())).toList();
    }

    @GetMapping("/incidents")
    List<Incident> incidents() {
        return incidents.current();
    }

    @PostMapping("/incidents")
    @PreAuthorize("hasAnyRole('SUPERVISOR', 'ADMIN')")
    ResponseEntity<?> inject(@RequestBody IncidentRequest request) {
        if (request.deviceId() == null || request.deviceId().isBlank()) {
            return problem(HttpStatus.BAD_REQUEST, "invalid-request", "deviceId is required", "deviceId");
        }
        if (request.kind() == null) {
            return problem(HttpStatus.BAD_REQUEST, "invalid-request", "kind is required", "kind");
        }
        if (request.durationSeconds() == null || request.durationSeconds() < 1 || request.durationSeconds() > MAX_SECONDS) {
            return problem(HttpStatus.BAD_REQUEST, "invalid-request",
                    "durationSeconds must be between 1 and " + MAX_SECONDS, "durationSeconds");
        }
        long startAfter = request.startAfterSeconds() == null ? 0 : request.startAfterSeconds();
        if (startAfter < 0 || startAfter > MAX_SECONDS) {
            return problem(HttpStatus.BAD_REQUEST, "invalid-request",
                    "startAfterSeconds must be between 0 and " + MAX_SECONDS, "startAfterSeconds");
        }
        return switch (incidents.inject(request.deviceId(), request.kind(), Duration.ofSeconds(startAfter),
                Duration.ofSeconds(request.durationSeconds()))) {
            case IncidentBoard.Injection.Injected injected -> ResponseEntity
                    .created(URI.create("/api/v1/simulation/incidents/" + injected.incident().id()))
                    .body(injected.incident());
            case IncidentBoard.Injection.UnknownDevice unknown -> problem(HttpStatus.NOT_FOUND, "unknown-device",
                    "The simulated city has no device " + unknown.deviceId(), "deviceId");
            case IncidentBoard.Injection.WrongDeviceType wrong -> problem(HttpStatus.UNPROCESSABLE_CONTENT,
                    "incident-not-applicable", wrong.kind() + " applies to " + wrong.kind().appliesTo()
                            + " devices; " + wrong.deviceId() + " is a " + wrong.actual(), "kind");
        };
    }

    @DeleteMapping("/incidents/{id}")
    @PreAuthorize("hasAnyRole('SUPERVISOR', 'ADMIN')")
    ResponseEntity<?> end(@PathVariable String id) {
        return incidents.end(id) ? ResponseEntity.noContent().build()
                : problem(HttpStatus.NOT_FOUND, "unknown-incident", "No current incident " + id, "id");
    }

    /** A body that is not JSON or names an unknown incident kind. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException failure) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-request",
                "The body must be JSON {deviceId, kind, durationSeconds, startAfterSeconds?}; kind is one of "
                        + java.util.Arrays.toString(IncidentKind.values()), "body");
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String detail, String field) {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(PROBLEMS + type));
        problem.setProperty("field", field);
        return ResponseEntity.status(status).body(problem);
    }
}
