package city.urbanops.registry.quarantine;

import city.urbanops.registry.device.DeviceResponses;
import city.urbanops.registry.device.RefusalResponses;
import city.urbanops.registry.web.Versions;
import city.urbanops.security.AccessScope;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
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

/** Supervisors quarantine active devices and release them. */
@RestController
class QuarantineController {

    private final Quarantining quarantining;
    private final DeviceResponses responses;
    private final RefusalResponses answers;

    QuarantineController(Quarantining quarantining, DeviceResponses responses, RefusalResponses answers) {
        this.answers = answers;
        this.quarantining = quarantining;
        this.responses = responses;
    }

    /**
     * Why a device is quarantined.
     *
     * @param proposalId the triage proposal this accepts, if it does
     */
    record QuarantineRequest(@NotBlank @Size(max = 1000) String reason, @Size(min = 1, max = 128) String proposalId) {
    }

    /** Why a device is released. */
    record ReleaseRequest(@NotBlank @Size(max = 1000) String reason) {
    }

    @PostMapping("/api/v1/devices/{id}/quarantine")
    @PreAuthorize("hasRole('SUPERVISOR')")
    ResponseEntity<?> quarantine(@PathVariable String id, @Valid @RequestBody QuarantineRequest request,
                                 @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                 AccessScope scope, Authentication caller) {
        return answers.answer(quarantining.quarantine(id, request.reason().strip(), request.proposalId(),
                caller.getName(), Versions.optional(ifMatch), scope), record -> responses.answer(id, scope));
    }

    @PostMapping("/api/v1/devices/{id}/quarantine/release")
    @PreAuthorize("hasRole('SUPERVISOR')")
    ResponseEntity<?> release(@PathVariable String id, @Valid @RequestBody ReleaseRequest request,
                              @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                              AccessScope scope, Authentication caller) {
        return answers.answer(quarantining.release(id, request.reason().strip(), caller.getName(),
                Versions.optional(ifMatch), scope), record -> responses.answer(id, scope));
    }
}
