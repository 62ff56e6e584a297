package city.urbanops.operatorapi.command;

import city.urbanops.security.problem.FieldProblem;
import city.urbanops.security.problem.InvalidRequestException;
import city.urbanops.security.problem.ResourceNotFoundException;
import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import city.urbanops.security.problem.ProblemTypes;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Finds what a command is for through the registry's API, with the user's own token: the gateway that will receive it
 * and the department and district it belongs to. A device the registry does not show the user is not found here either.
 */
@Component
class CommandTargets {

    private static final String ID = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";

    private final RestClient registry;

    CommandTargets(@Qualifier("registryClient") RestClient registry) {
        this.registry = registry;
    }

    /** The fields of the registry's device record this feature reads. */
    record RegistryDevice(String id, String kind, String gatewayId, String department, String district) {
    }

    /** Where a command goes. {@code deviceId} is null for a command to the gateway itself. */
    record Target(String deviceId, String gatewayId, String department, String district) {
    }

    Target resolve(String deviceId, String gatewayId) {
        boolean forDevice = deviceId != null && !deviceId.isBlank();
        boolean forGateway = gatewayId != null && !gatewayId.isBlank();
        if (forDevice == forGateway) {
            throw new InvalidRequestException(List.of(new FieldProblem("deviceId",
                    "name either a device (deviceId) or a gateway (gatewayId), not both and not neither")));
        }
        String field = forDevice ? "deviceId" : "gatewayId";
        String id = forDevice ? deviceId.strip() : gatewayId.strip();
        if (!id.matches(ID)) {
            throw new InvalidRequestException(field, "must be 1-64 letters, digits, '.', '_' or '-'");
        }
        RegistryDevice device;
        try {
            device = registry.get().uri("/api/v1/devices/{id}", id).retrieve()
                    .onStatus(status -> status.value() == HttpStatus.NOT_FOUND.value(), (request, response) -> {
                        throw new ResourceNotFoundException("No device '" + id + "'.");
                    })
                    .body(RegistryDevice.class);
        } catch (ResourceAccessException | HttpServerErrorException unavailable) {
            // Without the registry nobody can say where the command would go: refuse now, the person may try again.
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "The device registry cannot be reached to look up '" + id + "'; try again shortly.");
            problem.setType(ProblemTypes.of("registry-unavailable"));
            problem.setTitle("Device registry unavailable");
            throw new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, problem, unavailable);
        }
        if (device == null) {
            throw new ResourceNotFoundException("No device '" + id + "'.");
        }
        if ("GATEWAY".equals(device.kind())) {
            if (forDevice) {
                throw new InvalidRequestException("deviceId", "names a gateway: send it as gatewayId");
            }
            return new Target(null, device.id(), device.department(), device.district());
        }
        if (forGateway) {
            throw new InvalidRequestException("gatewayId", "names a device that is not a gateway");
        }
        if (device.gatewayId() == null || device.gatewayId().isBlank()) {
            throw new CommandRefused(CommandRefused.Reason.NO_GATEWAY,
                    "Device '" + id + "' is behind no gateway, so no command can reach it.");
        }
        return new Target(device.id(), device.gatewayId(), device.department(), device.district());
    }
}
