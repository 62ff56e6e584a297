package city.urbanops.operatorapi.alertdetail;

import city.urbanops.operatorapi.queue.AlertSummary;
import city.urbanops.operatorapi.queue.AlertingAlerts;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The alert's device's neighbours: devices of the same type within the registry's default radius (rules-service's
 * triage radius, so console and triage mean the same devices), nearest first, only those the user may see (the
 * registry applies their scope: one call), each with whether it has an alert not yet resolved (two alerting calls
 * for the alert's department, not one per neighbour).
 */
@Component
public class NearbyDevices {

    static final int LIMIT = 10;
    private static final Logger log = LoggerFactory.getLogger(NearbyDevices.class);

    /** A neighbour as the page shows it; {@code alerting} null when not known. */
    public record Nearby(String id, String deviceType, double distanceMeters, String connectivity, String department,
                  String district, Boolean alerting) {

        /** "alert open", "no open alert" or "not known", in words. */
        public String alertWords() {
            return alerting == null ? "alert state not known" : alerting ? "alert open" : "no open alert";
        }

        public String distanceWords() {
            return distanceMeters < 1000 ? Math.round(distanceMeters) + " m"
                    : String.format(java.util.Locale.ROOT, "%.1f km", distanceMeters / 1000);
        }
    }

    /**
     * What the page shows: {@code available} false when the registry did not answer; {@code radiusMeters} the radius
     * the registry searched, 0 when it answered 404 (the device is unknown to it or outside the user's scope).
     */
    public record Neighbourhood(boolean available, double radiusMeters, List<Nearby> items) {
        static Neighbourhood unavailable() {
            return new Neighbourhood(false, 0, List.of());
        }
    }

    private record Device(String id, String deviceType, String connectivity, String department, String district) {
    }

    private record Neighbour(double distanceMeters, Device device) {
    }

    private record Answer(double radiusMeters, List<Neighbour> items) {
    }

    private final RestClient registry;
    private final AlertingAlerts alerts;

    NearbyDevices(@Qualifier("registryClient") RestClient registry, AlertingAlerts alerts) {
        this.registry = registry;
        this.alerts = alerts;
    }

    /** The alert's device's neighbours, or null when the alert names no device. */
    Neighbourhood of(AlertSummary alert) {
        if (alert.deviceId() == null) {
            return null;
        }
        Answer answer;
        try {
            answer = registry.get().uri(u -> u.path("/api/v1/devices/{id}/neighbours").queryParam("limit", LIMIT)
                    .build(alert.deviceId())).exchange((request, response) -> {
                        int status = response.getStatusCode().value();
                        if (status == 404) {
                            return new Answer(0, List.of());
                        }
                        if (!response.getStatusCode().is2xxSuccessful()) {
                            throw new RestClientException("device-registry-service answered " + status);
                        }
                        return response.bodyTo(Answer.class);
                    });
        } catch (RestClientException | IllegalArgumentException unavailable) {
            log.warn("device-registry-service did not answer an alert's neighbours: {}",
                    unavailable.getClass().getSimpleName());
            return Neighbourhood.unavailable();
        }
        List<Neighbour> items = answer == null || answer.items() == null ? List.of() : answer.items();
        AlertingAlerts.OpenDevices open = items.isEmpty() ? null : openDevices(alert.department());
        return new Neighbourhood(true, answer == null ? 0 : answer.radiusMeters(), items.stream()
                .map(n -> new Nearby(n.device().id(), n.device().deviceType(), n.distanceMeters(),
                        n.device().connectivity(), n.device().department(), n.device().district(),
                        alerting(open, n.device(), alert.department())))
                .toList());
    }

    private AlertingAlerts.OpenDevices openDevices(String department) {
        try {
            return department == null ? null : alerts.openDevices(department);
        } catch (RestClientException unavailable) {
            log.warn("alerting-service did not answer the neighbours' alerts: {}",
                    unavailable.getClass().getSimpleName());
            return null;
        }
    }

    // Only the alert's department was asked: a neighbour of another department, or one beyond a full answer, is
    // "not known" rather than "no open alert".
    private static Boolean alerting(AlertingAlerts.OpenDevices open, Device device, String department) {
        if (open == null || !department.equals(device.department())) {
            return null;
        }
        if (open.deviceIds().contains(device.id())) {
            return true;
        }
        return open.complete() ? false : null;
    }
}
