package city.urbanops.operatorapi.queue;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What the registry says of an alert's device: connectivity (ONLINE, OFFLINE, STALE, UNKNOWN), when it last showed
 * a sign of life, whether it is quarantined and its lifecycle. {@code known = false} when the registry did not answer
 * or does not show the device to the user: the console then says "health unknown" rather than guessing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeviceHealth(String deviceId, boolean known, String connectivity, Instant lastSeen,
                           Boolean quarantined, String quarantineReason, String lifecycle) {

    /** Health of a device the registry told nothing about. */
    public static DeviceHealth unknown(String deviceId) {
        return new DeviceHealth(deviceId, false, null, null, null, null, null);
    }

    /** The connectivity word a badge shows (never colour alone). */
    public String connectivityWord() {
        return !known || connectivity == null ? "UNKNOWN" : connectivity;
    }

    /** The badge's tone class (the word is on the badge too). */
    public String tone() {
        return switch (connectivityWord()) {
            case "ONLINE" -> "ok";
            case "OFFLINE" -> "critical";
            case "STALE" -> "major";
            default -> "unknown";
        };
    }

    /** One line in words: "ONLINE · ACTIVE · last seen …", "QUARANTINED" first when it is. */
    public String summary() {
        if (!known) {
            return "health unknown";
        }
        StringBuilder line = new StringBuilder();
        if (Boolean.TRUE.equals(quarantined)) {
            line.append("quarantined · ");
        }
        line.append(connectivityWord().toLowerCase(java.util.Locale.ROOT)).append(" · ")
                .append(lifecycle == null ? "lifecycle unknown" : lifecycle.toLowerCase(java.util.Locale.ROOT));
        return line.toString();
    }
}
