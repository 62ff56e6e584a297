package city.urbanops.rules.triage;

import city.urbanops.events.alert.AlertEvent.Cause;
import city.urbanops.events.alert.AlertEvent.QuarantineProposal;
import city.urbanops.events.alert.AlertEvent.Signal;
import city.urbanops.rules.rule.Condition.Direction;
import city.urbanops.rules.topology.DeviceContext;
import city.urbanops.rules.topology.Health;
import city.urbanops.rules.triage.Neighbourhood.NeighbourReading;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Whether a condition is the device's own fault rather than something in the city: the device reports faults of its
 * own (stuck value, impossible jump, self-diagnostic flag), or its value disagrees with its neighbours of the same
 * type. Either way triage proposes quarantine: a recommendation a supervisor accepts in the registry, never an action.
 */
final class DeviceFaultPolicy {

    /** Share of the level's magnitude a neighbour must be on the safe side by, when the rule has no hysteresis. */
    static final double FAR_SHARE_OF_LEVEL = 0.1;

    private DeviceFaultPolicy() {
    }

    /**
     * A threshold level as the disagreement test needs it. A neighbour is <em>far on the safe side</em> when it is
     * on the safe side of the level by at least the margin: the rule's hysteresis band ({@code |value - clearAt|})
     * or {@link #FAR_SHARE_OF_LEVEL} of the level, whichever is larger. A neighbour just under the level is not
     * evidence against a flood; one at a tenth of it is.
     */
    record Level(Direction direction, double value, double clearAt) {

        double margin() {
            return Math.max(Math.abs(value - clearAt), FAR_SHARE_OF_LEVEL * Math.abs(value));
        }

        boolean farOnSafeSide(double reading) {
            return direction == Direction.ABOVE ? reading <= value - margin() : reading >= value + margin();
        }
    }

    /** The device's own faults make the condition a device fault. */
    static Optional<Verdict> ownFaults(DeviceContext device, Health health, String alertId) {
        if (!health.faulty()) {
            return Optional.empty();
        }
        var names = health.faults().stream().map(Signal::name).distinct().toList();
        var details = health.faults().stream().map(fault -> fault.name() + " (" + fault.detail() + ")").toList();
        var explanation = device.deviceId() + " reports a fault of its own: " + String.join("; ", details)
                + ". Its reading is not evidence of a condition in the city";
        return Optional.of(new Verdict(Cause.DEVICE_FAULT, explanation, health.faults(),
                proposal(device, alertId, "its own readings show " + String.join(", ", names))));
    }

    /**
     * The device-health alert of a device whose own readings show faults. Quarantine is proposed once a fault
     * {@code persists} (seen again at the next health evaluation, or a stuck value, which already spans the stuck
     * window) and the device is not quarantined yet; a quarantined device's alert stays open, even with its faults
     * gone, until the quarantine is lifted.
     */
    static Verdict deviceHealth(DeviceContext device, Health health, boolean quarantined, boolean persists,
                                String alertId, Instant time) {
        if (!health.faulty()) {
            return new Verdict(Cause.DEVICE_FAULT, device.deviceId() + " is quarantined; its faults are gone since "
                    + Wording.clock(time) + " and the alert stays open until the quarantine is lifted",
                    List.of(new Signal("quarantined", device.deviceId() + " is quarantined in the registry")));
        }
        var details = health.faults().stream().map(fault -> fault.name() + " (" + fault.detail() + ")").toList();
        var names = health.faults().stream().map(Signal::name).distinct().toList();
        var explanation = device.deviceId() + " reports a fault of its own: " + String.join("; ", details)
                + (quarantined ? "; the device is quarantined" : persists ? "; the fault persists" : "");
        var proposal = !quarantined && persists
                ? proposal(device, alertId, "its fault persists: " + String.join(", ", names)) : null;
        return new Verdict(Cause.DEVICE_FAULT, explanation, health.faults(), proposal);
    }

    /**
     * The device is beyond the level while every one of at least two fresh neighbours is far on the safe side:
     * the sensor, not the city, is wrong. Fewer than two neighbours prove nothing (one could be the faulty one).
     */
    static Optional<Verdict> disagreesWithNeighbours(DeviceContext device, String measurement, double value,
                                                     Level level, List<NeighbourReading> fresh, double radius,
                                                     String alertId) {
        boolean beyond = level.direction().beyond(value, level.value());
        if (!beyond || fresh.size() < 2 || !fresh.stream().allMatch(n -> level.farOnSafeSide(n.value()))) {
            return Optional.empty();
        }
        var values = fresh.stream().mapToDouble(NeighbourReading::value).summaryStatistics();
        var names = fresh.stream().map(NeighbourReading::deviceId).toList();
        var explanation = device.deviceId() + " reads " + measurement + " " + Wording.number(value) + " while its "
                + fresh.size() + " " + device.deviceType() + " neighbours within " + Wording.distance(radius)
                + " read " + Wording.number(values.getMin()) + "–" + Wording.number(values.getMax()) + " ("
                + Wording.names(names) + "): the sensor disagrees with its neighbours";
        var signal = new Signal("neighbours-disagree", fresh.size() + " neighbours of the same type are well within "
                + "the level " + Wording.number(level.value()) + ": " + Wording.names(fresh.stream()
                .map(n -> n.deviceId() + " " + Wording.number(n.value()) + " at " + Wording.distance(n.metres()))
                .toList()));
        return Optional.of(new Verdict(Cause.DEVICE_FAULT, explanation, List.of(signal),
                proposal(device, alertId, "it disagrees with " + fresh.size() + " neighbours of the same type")));
    }

    /** The proposal id is what the proposal is about (device and alert occurrence), so a replay proposes the same. */
    static QuarantineProposal proposal(DeviceContext device, String alertId, String reason) {
        return new QuarantineProposal("quarantine/" + device.deviceId() + "/" + alertId, device.deviceId(), reason);
    }
}
