package city.urbanops.operatorapi.command;

import city.urbanops.events.command.CommandType;
import java.time.Instant;

/**
 * Whether a command type may be proposed for a department and district, and where that comes from.
 *
 * @param district the flag row's district ({@code *} for the whole department), or the asked district for a default
 * @param source   {@code district} (a row for the district), {@code department} (a row for {@code *}) or
 *                 {@code default} (no row: non-actuators enabled, actuators disabled)
 */
public record EffectiveFlag(CommandType type, String department, String district, boolean enabled, String source,
                            String changedBy, Instant changedAt, String reason) {

    static EffectiveFlag byDefault(CommandType type, String department, String district) {
        return new EffectiveFlag(type, department, district, !type.actuator(), "default", null, null, null);
    }

    /** "enabled" or "disabled", with where it comes from, for a page. */
    public String words() {
        return (enabled ? "enabled" : "disabled") + switch (source) {
            case "default" -> " (default)";
            case "department" -> " (whole department)";
            default -> "";
        };
    }
}
