package city.urbanops.alerting.routing;

import city.urbanops.alerting.alert.Alert;
import java.time.Instant;

/** Chooses the route of an alert at a moment (time of day, who is on call then). Never empty: the fallback catches. */
public interface Router {

    Route route(Alert alert, Instant at);
}
