package city.urbanops.registry.device;

import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.registry.reference.ReferenceData.DeviceType;
import city.urbanops.registry.reference.ReferenceRepository;
import city.urbanops.security.AccessScope;
import city.urbanops.security.problem.FieldProblem;
import city.urbanops.security.problem.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What a device's attributes must satisfy whoever writes them: references that exist, a type of the device's kind, a
 * gateway that is one and is still in service, a site in the device's district. Each failure names its field.
 */
@Component
public class DeviceChecks {

    private final ReferenceRepository reference;
    private final DeviceRepository devices;

    public DeviceChecks(ReferenceRepository reference, DeviceRepository devices) {
        this.reference = reference;
        this.devices = devices;
    }

    /** 400 naming every attribute of {@code device} that does not hold; a gateway outside {@code scope} is unknown. */
    public void attributes(DeviceRow device, AccessScope scope) {
        List<FieldProblem> problems = new ArrayList<>();
        Optional<DeviceType> type = reference.deviceType(device.deviceType());
        if (type.isEmpty()) {
            problems.add(new FieldProblem("deviceType", "names no device type"));
        } else if (type.get().kind() != device.kind()) {
            problems.add(new FieldProblem("deviceType", "is a " + type.get().kind() + " type, the device is a "
                    + device.kind()));
        }
        if (!reference.departmentExists(device.department())) {
            problems.add(new FieldProblem("department", "names no department"));
        }
        if (!reference.districtExists(device.district())) {
            problems.add(new FieldProblem("district", "names no district"));
        }
        if (device.siteId() != null) {
            reference.site(device.siteId()).ifPresentOrElse(site -> {
                if (!site.districtId().equals(device.district())) {
                    problems.add(new FieldProblem("siteId", "lies in district " + site.districtId()
                            + ", the device in " + device.district()));
                }
            }, () -> problems.add(new FieldProblem("siteId", "names no site")));
        }
        gateway(device, scope).ifPresent(problems::add);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
    }

    private Optional<FieldProblem> gateway(DeviceRow device, AccessScope scope) {
        if (device.kind() == DeviceKind.GATEWAY) {
            return device.gatewayId() == null ? Optional.empty()
                    : Optional.of(new FieldProblem("gatewayId", "must be absent for a gateway"));
        }
        if (device.gatewayId() == null) {
            return Optional.of(new FieldProblem("gatewayId", "is required for a sensor"));
        }
        Optional<DeviceRow> gateway = devices.find(device.gatewayId()).filter(g -> g.visibleTo(scope));
        if (gateway.isEmpty()) {
            return Optional.of(new FieldProblem("gatewayId", "names no gateway"));
        }
        if (!gateway.get().gateway()) {
            return Optional.of(new FieldProblem("gatewayId", "names a sensor, not a gateway"));
        }
        DeviceLifecycle lifecycle = gateway.get().lifecycle();
        if (lifecycle == DeviceLifecycle.REVOKED || lifecycle == DeviceLifecycle.DECOMMISSIONED) {
            return Optional.of(new FieldProblem("gatewayId", "names a " + lifecycle + " gateway"));
        }
        return Optional.empty();
    }
}
