package city.urbanops.edge.command;

import city.urbanops.edge.simulation.DeviceType;
import city.urbanops.edge.simulation.SimulatedDevice;
import city.urbanops.events.command.CommandType;
import city.urbanops.events.command.GatewayCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Decides what a gateway does with a command, as a value: refused with the reason, or the change to make and to which
 * devices. A streetlight group is the district the gateway stands in (every streetlight behind a gateway is in its
 * group); a valve is the shut-off valve of a WATER_LEAK detector.
 */
public final class CommandPolicy {

    static final int MIN_SECONDS = 5;
    static final int MAX_SECONDS = 86_400;

    private CommandPolicy() {
    }

    /** What to do with a command. */
    public sealed interface Verdict {
        /** Not applied, for this reason. */
        record Refused(String reason) implements Verdict {
        }

        /** Sample every {@code interval}. */
        record SetSampling(List<SimulatedDevice> devices, Duration interval) implements Verdict {
        }

        /** Switch these streetlights on or off. */
        record SwitchLights(List<SimulatedDevice> lights, String group, boolean on) implements Verdict {
        }

        /** Close or open this detector's valve. */
        record SetValve(SimulatedDevice device, boolean closed) implements Verdict {
        }
    }

    /**
     * @param devices the devices behind the gateway
     * @param group   the gateway's streetlight group (its district), if it has one
     */
    public static Verdict judge(GatewayCommand command, Instant now, List<SimulatedDevice> devices,
                                Optional<String> group) {
        if (command.expiresAt() == null || command.expiredAt(now)) {
            return refused("expired at " + command.expiresAt() + " before it arrived");
        }
        var type = CommandType.named(command.type());
        if (type.isEmpty()) {
            return refused("unknown command type '" + command.type() + "'");
        }
        Optional<SimulatedDevice> device = Optional.empty();
        if (command.deviceId() != null) {
            device = devices.stream().filter(candidate -> candidate.id().equals(command.deviceId())).findFirst();
            if (device.isEmpty()) {
                return refused("device '" + command.deviceId() + "' is not behind this gateway");
            }
        }
        return switch (type.get()) {
            case SET_SAMPLING_INTERVAL -> sampling(command, device, devices);
            case SWITCH_STREETLIGHT_GROUP -> streetlights(command, device, devices, group);
            case CLOSE_VALVE -> valve(device, true);
            case OPEN_VALVE -> valve(device, false);
        };
    }

    private static Verdict sampling(GatewayCommand command, Optional<SimulatedDevice> device,
                                    List<SimulatedDevice> devices) {
        String seconds = command.parameters().get("seconds");
        int value;
        try {
            value = Integer.parseInt(seconds == null ? "" : seconds.trim());
        } catch (NumberFormatException notANumber) {
            return refused("parameter 'seconds' must be a whole number of seconds " + MIN_SECONDS + ".." + MAX_SECONDS
                    + ", was '" + seconds + "'");
        }
        if (value < MIN_SECONDS || value > MAX_SECONDS) {
            return refused("parameter 'seconds' must be " + MIN_SECONDS + ".." + MAX_SECONDS + ", was " + value);
        }
        return new Verdict.SetSampling(device.map(List::of).orElse(devices), Duration.ofSeconds(value));
    }

    private static Verdict streetlights(GatewayCommand command, Optional<SimulatedDevice> device,
                                        List<SimulatedDevice> devices, Optional<String> group) {
        String state = command.parameters().get("state");
        if (!"ON".equals(state) && !"OFF".equals(state)) {
            return refused("parameter 'state' must be ON or OFF, was '" + state + "'");
        }
        String named = command.parameters().get("group");
        if (named == null || named.isBlank()) {
            return refused("parameter 'group' is missing");
        }
        if (group.filter(named::equals).isEmpty()) {
            return refused("no streetlight group '" + named + "' behind this gateway (its group: "
                    + group.orElse("none") + ")");
        }
        if (device.isPresent() && device.get().type() != DeviceType.STREETLIGHT) {
            return refused("device '" + device.get().id() + "' is a " + device.get().type() + ", not a streetlight");
        }
        var lights = device.map(List::of).orElseGet(() -> devices.stream()
                .filter(candidate -> candidate.type() == DeviceType.STREETLIGHT).toList());
        if (lights.isEmpty()) {
            return refused("group '" + named + "' has no streetlight behind this gateway");
        }
        return new Verdict.SwitchLights(lights, named, "ON".equals(state));
    }

    private static Verdict valve(Optional<SimulatedDevice> device, boolean close) {
        if (device.isEmpty()) {
            return refused("a valve command needs the deviceId of a WATER_LEAK detector");
        }
        if (device.get().type() != DeviceType.WATER_LEAK) {
            return refused("device '" + device.get().id() + "' is a " + device.get().type()
                    + " and has no valve (only WATER_LEAK detectors do)");
        }
        return new Verdict.SetValve(device.get(), close);
    }

    private static Verdict refused(String reason) {
        return new Verdict.Refused(reason);
    }
}
