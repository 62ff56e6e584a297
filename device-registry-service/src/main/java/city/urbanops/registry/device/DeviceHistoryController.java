package city.urbanops.registry.device;

import city.urbanops.registry.web.Cursors;
import city.urbanops.registry.web.Page;
import city.urbanops.registry.web.Pagination;
import city.urbanops.security.AccessScope;
import city.urbanops.security.problem.ResourceNotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A device's history, oldest first: every role that sees the device reads it. */
@RestController
class DeviceHistoryController {

    private final DeviceHistory history;
    private final DeviceRepository devices;
    private final Pagination pagination;

    DeviceHistoryController(DeviceHistory history, DeviceRepository devices, Pagination pagination) {
        this.history = history;
        this.devices = devices;
        this.pagination = pagination;
    }

    @GetMapping("/api/v1/devices/{id}/history")
    ResponseEntity<Page<HistoryEntry>> history(@PathVariable String id, AccessScope scope,
                                               @RequestParam(required = false) String cursor,
                                               @RequestParam(required = false) Integer limit) {
        devices.find(id).filter(d -> d.visibleTo(scope))
                .orElseThrow(() -> new ResourceNotFoundException("No device " + id));
        int size = pagination.limit(limit);
        return Pagination.ok(Page.of(history.page(id, Cursors.numericKeyOf(cursor), size + 1), size,
                entry -> Long.toString(entry.id())));
    }
}
