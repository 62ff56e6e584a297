package city.urbanops.operatorapi.console;

import city.urbanops.security.problem.InvalidRequestException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Times as the console's forms send them: an ISO instant, or a {@code datetime-local} value read as UTC. */
public final class FormTimes {

    private FormTimes() {
    }

    /** The instant, null when blank; 400 naming {@code field} when it is no time. */
    public static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDateTime.parse(value.strip()).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notALocalTime) {
                throw new InvalidRequestException(field, "must be a date and time such as 2026-11-30T08:00 (UTC)");
            }
        }
    }
}
