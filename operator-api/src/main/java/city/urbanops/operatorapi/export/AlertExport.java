package city.urbanops.operatorapi.export;

import city.urbanops.operatorapi.queue.AlertSummary;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * The alerts an export holds: alerting's own listing ({@code GET /api/v1/alerts}, 200 a page) with the filters as
 * given, called with the user's token, so alerting applies the user's departments and districts and validates the
 * filters itself (its 400 names the field). At most {@link ExportProperties#maxRows()} alerts, else
 * {@link ExportTooLarge}.
 */
@Component
public class AlertExport {

    /** The filters alerting's listing takes, in the order the console's form shows them. */
    public static final List<String> FILTERS = List.of("status", "severity", "cause", "department", "district",
            "from", "to");

    static final List<String> COLUMNS = List.of("id", "status", "severity", "cause", "cause_explanation", "title",
            "department", "district", "site_id", "device_id", "gateway_id", "latitude", "longitude", "opened_at",
            "last_seen_at", "occurrences", "acknowledged_at", "acknowledged_by", "resolved_at", "resolved_by",
            "rule_id", "rule_version", "recommended_action", "in_maintenance");

    private static final int PAGE = 200;

    private record Page(List<AlertSummary> items, String nextCursor) {
    }

    private final RestClient alerting;
    private final ExportProperties properties;

    AlertExport(@Qualifier("alertingClient") RestClient alerting, ExportProperties properties) {
        this.alerting = alerting;
        this.properties = properties;
    }

    /** The filters of a request, only those alerting knows, blank ones left out. */
    public static Map<String, String> filters(Map<String, String> request) {
        Map<String, String> filters = new LinkedHashMap<>();
        for (String name : FILTERS) {
            String value = request.get(name);
            if (value != null && !value.isBlank()) {
                filters.put(name, value.strip());
            }
        }
        return filters;
    }

    public List<AlertSummary> alerts(Map<String, String> filters) {
        List<AlertSummary> alerts = new ArrayList<>();
        String cursor = null;
        do {
            String after = cursor;
            Page page = alerting.get().uri(u -> {
                u.path("/api/v1/alerts").queryParam("limit", PAGE);
                filters.forEach(u::queryParam);
                if (after != null) {
                    u.queryParam("cursor", after);
                }
                return u.build();
            }).retrieve().body(new ParameterizedTypeReference<Page>() {
            });
            if (page == null) {
                break;
            }
            alerts.addAll(page.items());
            if (alerts.size() > properties.maxRows()) {
                throw new ExportTooLarge(properties.maxRows());
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return alerts;
    }

    public static String csv(List<AlertSummary> alerts) {
        StringWriter text = new StringWriter();
        Csv csv = new Csv(text);
        csv.row(COLUMNS);
        for (AlertSummary a : alerts) {
            csv.row(java.util.Arrays.asList(a.id(), a.status(), a.severity(), a.cause(), a.causeExplanation(),
                    a.title(), a.department(), a.district(), a.siteId(), a.deviceId(), a.gatewayId(), a.latitude(),
                    a.longitude(), a.openedAt(), a.lastSeenAt(), a.occurrences(), a.acknowledgedAt(),
                    a.acknowledgedBy(), a.resolvedAt(), a.resolvedBy(), a.ruleId(), a.ruleVersion(),
                    a.recommendedAction(), a.inMaintenance()));
        }
        return text.toString();
    }
}
