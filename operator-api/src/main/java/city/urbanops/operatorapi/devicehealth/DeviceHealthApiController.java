package city.urbanops.operatorapi.devicehealth;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Device health as JSON for integrators: the console's counts, in the caller's scope. */
@RestController
class DeviceHealthApiController {

    private final RegistryDevices registry;

    DeviceHealthApiController(RegistryDevices registry) {
        this.registry = registry;
    }

    @GetMapping("/api/v1/device-health")
    @Operation(summary = "The caller's devices counted by district, type and connectivity (ONLINE, OFFLINE, STALE, "
            + "UNKNOWN); complete=false when over 5,000 devices: counts are then lower bounds")
    RegistryDevices.Counts health() {
        return registry.counts();
    }
}
