package city.urbanops.events.command;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The commands a person may send to a gateway or a device behind it, with what each needs. An <em>actuator</em>
 * command moves something in the street; actuator commands are off by default in every department and district
 * (operator-api's command flags) and always need a second person's approval (four eyes).
 */
public enum CommandType {
    /** How often a device (or every device behind the gateway, when no device is named) samples; parameter {@code seconds}, 5..86400. */
    SET_SAMPLING_INTERVAL(false, Map.of("seconds", "whole seconds between samples, 5..86400")),
    /** Switches a streetlight group; parameters {@code group} (its name) and {@code state} ({@code ON} or {@code OFF}). */
    SWITCH_STREETLIGHT_GROUP(true, Map.of("group", "the group's name", "state", "ON or OFF")),
    /** Closes a valve (a device); no parameters. */
    CLOSE_VALVE(true, Map.of()),
    /** Opens a valve (a device); no parameters. */
    OPEN_VALVE(true, Map.of());

    private final boolean actuator;
    private final Map<String, String> parameters;

    CommandType(boolean actuator, Map<String, String> parameters) {
        this.actuator = actuator;
        this.parameters = parameters;
    }

    /** Whether the command moves something in the street (off by default, four eyes always). */
    public boolean actuator() {
        return actuator;
    }

    /** Whether someone other than the proposer must approve it before it is sent. */
    public boolean requiresApproval() {
        return actuator;
    }

    /** The parameter names the command takes, each with what it means. */
    public Map<String, String> parameters() {
        return parameters;
    }

    public Set<String> parameterNames() {
        return parameters.keySet();
    }

    /** The type of that name, or empty if there is none. */
    public static Optional<CommandType> named(String name) {
        for (CommandType type : values()) {
            if (type.name().equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
