package city.urbanops.alerting.notification;

import city.urbanops.alerting.alert.Alert;
import city.urbanops.alerting.alert.AlertChange;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * What a notification tells about one alert, as it was when the change was stored: kept in the outbox so a message
 * composed later (or after a restart) says exactly what the change was.
 */
public record AlertSummary(UUID alertId, AlertChange.Kind change, String status, String severity, String cause,
                           String causeExplanation, String title, String recommendedAction, String department,
                           String district, String siteId, String deviceId, Double latitude, Double longitude,
                           Instant openedAt, Instant changedAt) {

    static AlertSummary of(Alert alert, AlertChange.Kind change, Instant changedAt) {
        return new AlertSummary(alert.id(), change, alert.status().name(), alert.severity().name(),
                alert.cause().name(), alert.causeExplanation(), alert.title(), alert.recommendedAction(),
                alert.department(), alert.district(), alert.siteId(), alert.deviceId(), alert.latitude(),
                alert.longitude(), alert.openedAt(), changedAt);
    }

    /** An OpenStreetMap link centred on the alert at street zoom, or null without coordinates. */
    public String mapUrl() {
        if (latitude == null || longitude == null) {
            return null;
        }
        String lat = String.format(Locale.ROOT, "%.6f", latitude);
        String lon = String.format(Locale.ROOT, "%.6f", longitude);
        return "https://www.openstreetmap.org/?mlat=" + lat + "&mlon=" + lon + "#map=17/" + lat + "/" + lon;
    }
}
