package city.urbanops.edge.simulation;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
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
 * The simulated city over REST: its devices, and the incidents and faults a supervisor injects for a demo, a drill or
 * a test of triage (supervisor or admin). A real-world incident names a device
 * ({@code {"kind":"FLOOD","deviceId":"gw-01-fl-001","durationSeconds":600}}); a fault names its target:
 * {@code STUCK_SENSOR} a {@code deviceId}, {@code UPLINK_LOSS} a {@code gatewayId}, {@code POWER_LOSS} a
 * {@code district}. Both are listed and ended under {@code /incidents}.
 */
@RestController
@RequestMapping("/api/v1/simulation")
class IncidentController {

    static final String PROBLEMS = "https://urbanops.city/problems/";
    private static final long MAX_SECONDS = Duration.ofDays(7).toSeconds();
    private static final List<String> KINDS = Stream.concat(Arrays.stream(IncidentKind.values()).map(Enum::name),
            Arrays.stream(FaultKind.values()).map(Enum::name)).toList();

    /**
     * A request to play {@code kind} (an {@link IncidentKind} or a {@link FaultKind}) on the one target field the
     * kind takes; times in seconds, {@code startAfterSeconds} optional.
     */
    record IncidentRequest(String kind, String deviceId, String gatewayId, String district, Long durationSeconds,
                           Long startAfterSeconds) {

        Map<String, String> targets() {
            var named = new LinkedHashMap<String, String>();
            named.put("deviceId", deviceId);
            named.put("gatewayId", gatewayId);
            named.put("district", district);
            return named;
        }
    }

    /** A device of the simulated city and the district its gateway stands in. */
    record DeviceView(String id, String gatewayId, DeviceType type, String district) {
    }

    private final SimulatedCity city;
    private final IncidentBoard incidents;
    private final FaultBoard faults;

    IncidentController(SimulatedCity city, IncidentBoard incidents, FaultBoard faults) {
        this.city = city;
        this.incidents = incidents;
        this.faults = faults;
    }

    @GetMapping("/devices")
    List<DeviceView> devices() {
        return city.devices().stream().map(d -> new DeviceView(d.id(), d.gatewayId(), d.type(),
                city.districtOf(d.gatewayId()).orElse(null))).toList();
    }

    /** Incidents and faults playing or still to come, oldest first. */
    @GetMapping("/incidents")
    List<Disturbance> incidents() {
        return Stream.<Disturbance>concat(incidents.current().stream(), faults.current().stream())
                .sorted(Comparator.comparing(Disturbance::startsAt)).toList();
    }

    @PostMapping("/incidents")
    @PreAuthorize("hasAnyRole('SUPERVISOR', 'ADMIN')")
    ResponseEntity<?> inject(@RequestBody IncidentRequest request) {
        if (request.kind() == null || request.kind().isBlank()) {
            return invalid("kind is required, one of " + KINDS, "kind");
        }
        Optional<IncidentKind> incident = parse(IncidentKind.class, request.kind());
        Optional<FaultKind> fault = parse(FaultKind.class, request.kind());
        if (incident.isEmpty() && fault.isEmpty()) {
            return invalid("kind must be one of " + KINDS, "kind");
        }
        String targetField = fault.map(kind -> kind.target().field()).orElse("deviceId");
        var target = checkTarget(request, targetField);
        if (target.isPresent()) {
            return target.get();
        }
        if (request.durationSeconds() == null || request.durationSeconds() < 1 || request.durationSeconds() > MAX_SECONDS) {
            return invalid("durationSeconds must be between 1 and " + MAX_SECONDS, "durationSeconds");
        }
        long startAfter = request.startAfterSeconds() == null ? 0 : request.startAfterSeconds();
        if (startAfter < 0 || startAfter > MAX_SECONDS) {
            return invalid("startAfterSeconds must be between 0 and " + MAX_SECONDS, "startAfterSeconds");
        }
        var delay = Duration.ofSeconds(startAfter);
        var duration = Duration.ofSeconds(request.durationSeconds());
        String name = request.targets().get(targetField);
        return incident.isPresent() ? injectIncident(incident.get(), name, delay, duration)
                : injectFault(fault.orElseThrow(), name, delay, duration);
    }

    /** The kind's own target field must be given, and no other: a fault aimed at the wrong level is a mistake. */
    private static Optional<ResponseEntity<ProblemDetail>> checkTarget(IncidentRequest request, String targetField) {
        for (var named : request.targets().entrySet()) {
            if (!named.getKey().equals(targetField) && named.getValue() != null) {
                return Optional.of(invalid(request.kind() + " is played on a " + targetField + ", not a "
                        + named.getKey(), named.getKey()));
            }
        }
        String target = request.targets().get(targetField);
        if (target == null || target.isBlank()) {
            return Optional.of(invalid(targetField + " is required for " + request.kind(), targetField));
        }
        return Optional.empty();
    }

    private ResponseEntity<?> injectIncident(IncidentKind kind, String deviceId, Duration delay, Duration duration) {
        return switch (incidents.inject(deviceId, kind, delay, duration)) {
            case IncidentBoard.Injection.Injected injected -> created(injected.incident());
            case IncidentBoard.Injection.UnknownDevice unknown -> problem(HttpStatus.NOT_FOUND, "unknown-device",
                    "The simulated city has no device " + unknown.deviceId(), "deviceId");
            case IncidentBoard.Injection.WrongDeviceType wrong -> problem(HttpStatus.UNPROCESSABLE_CONTENT,
                    "incident-not-applicable", wrong.kind() + " applies to " + wrong.kind().appliesTo()
                            + " devices; " + wrong.deviceId() + " is a " + wrong.actual(), "kind");
        };
    }

    private ResponseEntity<?> injectFault(FaultKind kind, String target, Duration delay, Duration duration) {
        String field = kind.target().field();
        return switch (faults.inject(kind, target, delay, duration)) {
            case FaultBoard.Injection.Injected injected -> created(injected.fault());
            case FaultBoard.Injection.UnknownTarget unknown -> switch (kind.target()) {
                case DEVICE -> problem(HttpStatus.NOT_FOUND, "unknown-device",
                        "The simulated city has no device " + unknown.name(), field);
                case GATEWAY -> problem(HttpStatus.NOT_FOUND, "unknown-gateway",
                        "The simulated city has no gateway " + unknown.name(), field);
                // A district is a word of the city's vocabulary, not a resource here: a wrong one is a bad request.
                case DISTRICT -> problem(HttpStatus.BAD_REQUEST, "unknown-district", "The simulated city has no "
                        + "gateway in district " + unknown.name() + "; its districts are " + unknown.known(), field);
            };
            case FaultBoard.Injection.NotApplicable wrong -> problem(HttpStatus.UNPROCESSABLE_CONTENT,
                    "incident-not-applicable", wrong.reason(), field);
        };
    }

    /** Ends an incident or a fault now: a cut backhaul comes back, a stuck sensor reads live values again. */
    @DeleteMapping("/incidents/{id}")
    @PreAuthorize("hasAnyRole('SUPERVISOR', 'ADMIN')")
    ResponseEntity<?> end(@PathVariable String id) {
        return incidents.end(id) || faults.end(id) ? ResponseEntity.noContent().build()
                : problem(HttpStatus.NOT_FOUND, "unknown-incident", "No current incident or fault " + id, "id");
    }

    /** A body that is not JSON or has a field of the wrong type. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException failure) {
        return invalid("The body must be JSON {kind, deviceId | gatewayId | district, durationSeconds, "
                + "startAfterSeconds?}; kind is one of " + KINDS, "body");
    }

    private static ResponseEntity<Disturbance> created(Disturbance disturbance) {
        return ResponseEntity.created(URI.create("/api/v1/simulation/incidents/" + disturbance.id())).body(disturbance);
    }

    private static <E extends Enum<E>> Optional<E> parse(Class<E> kinds, String name) {
        return Arrays.stream(kinds.getEnumConstants()).filter(kind -> kind.name().equals(name)).findFirst();
    }

    private static ResponseEntity<ProblemDetail> invalid(String detail, String field) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", detail, field);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String detail, String field) {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(PROBLEMS + type));
        problem.setProperty("field", field);
        return ResponseEntity.status(status).body(problem);
    }
}
