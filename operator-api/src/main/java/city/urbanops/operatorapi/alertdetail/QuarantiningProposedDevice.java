package city.urbanops.operatorapi.alertdetail;

import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Accepting a triage proposal: device-registry-service's {@code POST /api/v1/devices/{id}/quarantine} with the
 * proposal's id, as the signed-in user (the registry enforces the supervisor role and the scope). A refusal comes back
 * as a sentence a person can read.
 */
@Component
class QuarantiningProposedDevice {

    /** The registry refused; {@code getMessage()} says why in words. */
    static final class Refused extends RuntimeException {
        Refused(String words) {
            super(words, null, false, false);
        }
    }

    private final RestClient registry;

    QuarantiningProposedDevice(@Qualifier("registryClient") RestClient registry) {
        this.registry = registry;
    }

    void quarantine(String deviceId, String proposalId, String reason) {
        registry.post().uri("/api/v1/devices/{id}/quarantine", deviceId).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("reason", reason, "proposalId", proposalId))
                .exchange((request, response) -> {
                    HttpStatusCode status = response.getStatusCode();
                    if (status.is2xxSuccessful()) {
                        return null;
                    }
                    if (status.is4xxClientError()) {
                        throw new Refused(switch (status.value()) {
                            case 403 -> "Only a supervisor may quarantine a device; the registry refused.";
                            case 404 -> "The registry does not know device " + deviceId + " within your scope.";
                            default -> {
                                Map<?, ?> problem = response.getHeaders().getContentLength() == 0 ? Map.of()
                                        : response.bodyTo(Map.class);
                                Object detail = problem == null ? null : problem.get("detail");
                                yield "The registry refused the quarantine"
                                        + (detail != null ? ": " + detail : " (" + status.value() + ").");
                            }
                        });
                    }
                    throw new IllegalStateException("device-registry-service answered " + status.value()
                            + " to a quarantine");
                });
    }
}
