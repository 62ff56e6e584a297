package city.urbanops.registry.device;

import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.registry.web.Cursors;
import city.urbanops.registry.web.Page;
import city.urbanops.registry.web.Pagination;
import city.urbanops.security.AccessScope;
import city.urbanops.security.problem.ResourceNotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A device's history, oldest first: every role that sees the device reads it. */
@RestController
class DeviceHistoryController {

    private final JdbcClient jdbc;
    private final DeviceRepository devices;
    private final Pagination pagination;

    DeviceHistoryController(JdbcClient jdbc, DeviceRepository devices, Pagination pagination) {
        this.jdbc = jdbc;
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
        Long after = Cursors.numericKeyOf(cursor);
        var entries = jdbc.sql("""
                select id, device_id, version, action, from_state, to_state, reason, actor, proposal_id, at
                from device_history where device_id = ? and id > ? order by id limit ?""")
                .params(id, after == null ? 0L : after, size + 1)
                .query((rs, n) -> new HistoryEntry(rs.getLong("id"), rs.getString("device_id"),
                        rs.getLong("version"), rs.getString("action"), lifecycle(rs.getString("from_state")),
                        lifecycle(rs.getString("to_state")), rs.getString("reason"), rs.getString("actor"),
                        rs.getString("proposal_id"), rs.getTimestamp("at").toInstant()))
                .list();
        return Pagination.ok(Page.of(entries, size, entry -> Long.toString(entry.id())));
    }

    private static DeviceLifecycle lifecycle(String name) {
        return name == null ? null : DeviceLifecycle.valueOf(name);
    }
}
