package city.urbanops.operatorapi.queue;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * One row of the exception queue: the alert as alerting answers it, its device's health from the registry (null when
 * the alert names no device) and what triage's signals say of the device's neighbours (null when nothing).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueueItem(@JsonUnwrapped AlertSummary alert, DeviceHealth deviceHealth, String neighbours) {

    static QueueItem of(AlertSummary alert, DeviceHealth health) {
        return new QueueItem(alert, health, alert.neighbourWords());
    }
}
