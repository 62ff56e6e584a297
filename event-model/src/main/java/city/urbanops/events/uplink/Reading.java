package city.urbanops.events.uplink;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * One device's measurements at one time, with the device's own sequence number (monotonic per device, used for
 * de-duplication). {@code eventClass} is an optional hint from the gateway; ingestion decides the class.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Reading(String deviceId, Instant time, long seq, String eventClass, List<Measurement> measurements) {
}
