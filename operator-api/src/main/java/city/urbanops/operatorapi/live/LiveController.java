package city.urbanops.operatorapi.live;

import city.urbanops.security.AccessScope;
import city.urbanops.security.problem.ProblemTypes;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live stream of alert changes and gateway connectivity, as server-sent events: {@code GET /live} for the console
 * (session) and {@code GET /api/v1/live} for API callers (bearer token). Each event is sent only if the caller's
 * departments and districts allow it; {@code Last-Event-ID} resumes.
 */
@RestController
class LiveController {

    private final LiveStreams streams;

    LiveController(LiveStreams streams) {
        this.streams = streams;
    }

    @GetMapping(path = {"/live", "/api/v1/live"}, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter live(AccessScope scope, @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        return streams.open(scope, lastEventId);
    }

    @ExceptionHandler(LiveHub.TooManySubscribers.class)
    ResponseEntity<ProblemDetail> tooMany() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "This instance serves as many live streams as it may; try again in a moment.");
        problem.setType(ProblemTypes.of("too-many-live-streams"));
        problem.setTitle("Too many live streams");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "10")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
