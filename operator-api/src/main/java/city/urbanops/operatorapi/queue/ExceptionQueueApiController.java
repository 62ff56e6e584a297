package city.urbanops.operatorapi.queue;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The exception queue as JSON for integrators: the same order and paging as the console's landing page. */
@RestController
class ExceptionQueueApiController {

    private final ExceptionQueue queue;

    ExceptionQueueApiController(ExceptionQueue queue) {
        this.queue = queue;
    }

    @GetMapping("/api/v1/exception-queue")
    @Operation(summary = "Open and acknowledged alerts in the caller's scope, most urgent first (cursor, limit <= 200)")
    ExceptionQueue.QueuePage queue(@RequestParam(required = false) String cursor,
                                   @RequestParam(required = false) Integer limit) {
        return queue.page(cursor, limit);
    }
}
