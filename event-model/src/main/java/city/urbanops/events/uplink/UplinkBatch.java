package city.urbanops.events.uplink;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * One MQTT message from a gateway on {@code city/v1/gw/{gatewayId}/up}: a batch of readings of its devices.
 * Schema: {@code schemas/v1/uplink-batch.json}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UplinkBatch(String gatewayId, Instant sentAt, List<Reading> readings) {
}
