package city.urbanops.operatorapi.queue;

import java.time.Instant;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * alerting-service's alerts API, called as the signed-in user (their token relayed): alerting applies their roles and
 * scope itself. A refusal (409: the alert's state does not allow it; 400; 403) comes back as {@link ActionRefused}
 * with alerting's own words.
 */
@Component
public class AlertingAlerts {

    public record Page<T>(List<T> items, String nextCursor) {
    }

    /** Devices with an alert not yet resolved; {@code complete} false when there were more than one call holds. */
    public record OpenDevices(Set<String> deviceIds, boolean complete) {
    }

    static final int OPEN_DEVICES_LIMIT = 200;

    public record TimelineEntry(long sequence, long alertVersion, String kind, String actor, Instant at, String note) {
    }

    /** alerting refused an action; {@code detail} says why in words a person can read. */
    public static final class ActionRefused extends RuntimeException {
        private final int status;

        public ActionRefused(int status, String detail) {
            super(detail, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private static final ParameterizedTypeReference<Page<AlertSummary>> ALERTS = new ParameterizedTypeReference<>() {
    };
    private static final ParameterizedTypeReference<Page<TimelineEntry>> TIMELINE =
            new ParameterizedTypeReference<>() {
            };

    private final RestClient alerting;

    AlertingAlerts(@Qualifier("alertingClient") RestClient alerting) {
        this.alerting = alerting;
    }

    /** One page of alerts in {@code status} and {@code severity}, newest first. */
    public Page<AlertSummary> list(String status, String severity, String cursor, int limit) {
        return alerting.get().uri(u -> {
                    u.path("/api/v1/alerts").queryParam("status", status).queryParam("severity", severity)
                            .queryParam("limit", limit);
                    if (cursor != null) {
                        u.queryParam("cursor", cursor);
                    }
                    return u.build();
                })
                .retrieve().body(ALERTS);
    }

    /**
     * The devices with an open or acknowledged alert in {@code department}: two calls of at most
     * {@value #OPEN_DEVICES_LIMIT} alerts each; {@code complete} is false when either status had more.
     */
    public OpenDevices openDevices(String department) {
        Set<String> devices = new HashSet<>();
        boolean complete = true;
        for (String status : List.of("OPEN", "ACKNOWLEDGED")) {
            Page<AlertSummary> page = alerting.get().uri(u -> u.path("/api/v1/alerts").queryParam("status", status)
                    .queryParam("department", department).queryParam("limit", OPEN_DEVICES_LIMIT).build())
                    .retrieve().body(ALERTS);
            if (page == null) {
                continue;
            }
            page.items().stream().map(AlertSummary::deviceId).filter(Objects::nonNull).forEach(devices::add);
            complete &= page.nextCursor() == null;
        }
        return new OpenDevices(Set.copyOf(devices), complete);
    }

    /** The alert, or empty when it does not exist or lies outside the user's scope (alerting answers 404 for both). */
    public Optional<AlertSummary> one(UUID id) {
        return alerting.get().uri("/api/v1/alerts/{id}", id).exchange((request, response) ->
                response.getStatusCode().value() == 404 ? Optional.<AlertSummary>empty()
                        : Optional.ofNullable(ok(response.getStatusCode(), response.bodyTo(AlertSummary.class))));
    }

    public List<TimelineEntry> timeline(UUID id) {
        Page<TimelineEntry> page = alerting.get().uri("/api/v1/alerts/{id}/timeline?limit=500", id).retrieve()
                .body(TIMELINE);
        return page == null ? List.of() : page.items();
    }

    /** {@code action} = acknowledge, assign, comments or resolve, with its body as alerting takes it. */
    public AlertSummary act(UUID id, String action, Map<String, String> body) {
        return alerting.post().uri("/api/v1/alerts/{id}/{action}", id, action)
                .contentType(MediaType.APPLICATION_JSON).body(body)
                .exchange((request, response) -> {
                    HttpStatusCode status = response.getStatusCode();
                    if (status.is2xxSuccessful()) {
                        return response.bodyTo(AlertSummary.class);
                    }
                    if (status.is4xxClientError()) {
                        Map<?, ?> problem = response.getHeaders().getContentLength() == 0 ? Map.of()
                                : response.bodyTo(Map.class);
                        Object detail = problem == null ? null : problem.get("detail");
                        throw new ActionRefused(status.value(), detail != null ? detail.toString()
                                : status.value() == 404 ? "This alert does not exist or is not yours to see."
                                : "alerting refused this (" + status.value() + ").");
                    }
                    throw new IllegalStateException("alerting-service answered " + status.value() + " to " + action);
                });
    }

    private static <T> T ok(HttpStatusCode status, T body) {
        if (!status.is2xxSuccessful()) {
            throw new IllegalStateException("alerting-service answered " + status.value());
        }
        return body;
    }
}
