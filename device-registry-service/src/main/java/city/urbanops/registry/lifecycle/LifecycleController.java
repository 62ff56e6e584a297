package city.urbanops.registry.lifecycle;

import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.registry.device.DeviceResponses;
import city.urbanops.registry.device.RefusalResponses;
import city.urbanops.registry.web.Versions;
import city.urbanops.security.AccessScope;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Admins move devices and gateways along their lifecycle, each time with a reason. */
@RestController
class LifecycleController {

    private final ChangingLifecycle changing;
    private final DeviceResponses views;
    private final RefusalResponses answers;

    LifecycleController(ChangingLifecycle changing, DeviceResponses views, RefusalResponses answers) {
        this.answers = answers;
        this.changing = changing;
        this.views = views;
    }

    /** A transition: where to, and why. */
    record TransitionRequest(@NotNull DeviceLifecycle to, @NotBlank @Size(max = 1000) String reason) {
    }

    @PostMapping("/api/v1/devices/{id}/lifecycle")
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<?> transition(@PathVariable String id, @Valid @RequestBody TransitionRequest request,
                                 @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                 AccessScope scope, Authentication caller) {
        return answers.answer(changing.change(id, request.to(), request.reason().strip(), caller.getName(),
                Versions.optional(ifMatch), scope), record -> views.answer(record.deviceId(), scope));
    }
}
