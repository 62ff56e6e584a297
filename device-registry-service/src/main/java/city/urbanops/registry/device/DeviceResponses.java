package city.urbanops.registry.device;

import city.urbanops.registry.web.Versions;
import city.urbanops.security.AccessScope;
import city.urbanops.security.problem.ResourceNotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/** The answer every change of a device gives: the device as it is now, with its version as {@code ETag}. */
@Component
public class DeviceResponses {

    private final DeviceQueries queries;

    public DeviceResponses(DeviceQueries queries) {
        this.queries = queries;
    }

    public ResponseEntity<?> answer(String deviceId, AccessScope scope) {
        DeviceView view = queries.find(deviceId, scope)
                .orElseThrow(() -> new ResourceNotFoundException("No device " + deviceId));
        return ResponseEntity.ok().eTag(Versions.etag(view.version())).body(view);
    }
}
