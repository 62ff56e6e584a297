package city.urbanops.operatorapi.overview;

import city.urbanops.operatorapi.queue.AlertSummary;
import city.urbanops.security.AccessScope;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * The city at a glance, gathered as the signed-in user (their token relayed): the districts they may see with their
 * boundary, their open alerts by severity and cause (alerting applies the user's department scope), and their gateways
 * online and offline as the registry says. Bounded: at most {@link #MAX_DISTRICTS} districts, three calls each (one
 * scoped listing of open alerts grouped in memory, capped at {@link #MAX_ALERTS}; one gateway listing per state, capped
 * at {@link #MAX_GATEWAYS}); a count at its cap is marked {@code capped} ("or more").
 */
@Component
public class CityOverview {

    static final int MAX_DISTRICTS = 200;
    static final int MAX_ALERTS = 200;
    static final int MAX_GATEWAYS = 500;

    /** The registry's and alerting's pages as they answer them (unknown fields ignored). */
    record RegistryPage<T>(List<T> items, String next) {
    }

    record AlertingPage<T>(List<T> items, String nextCursor) {
    }

    record RegistryDistrict(String id, String name, Map<String, Object> boundary) {
    }

    record RegistryDevice(String id) {
    }

    /** An open alert drawn on the map: at its coordinates, or (null) at the district's centre. */
    public record AlertMarker(String id, String title, String severity, String cause, Double latitude,
                              Double longitude) {
    }

    /** A count the service had more of than we asked for is {@code capped}: "at least {@code count}". */
    public record Count(int count, boolean capped) {
    }

    public record DistrictOverview(String id, String name, Map<String, Object> boundary, int openAlerts,
                                   boolean alertsCapped, Map<String, Integer> alertsBySeverity,
                                   Map<String, Integer> alertsByCause, List<AlertMarker> alerts,
                                   Count gatewaysOnline, Count gatewaysOffline) {
    }

    public record Overview(List<DistrictOverview> districts, boolean districtsCapped) {
    }

    private static final ParameterizedTypeReference<RegistryPage<RegistryDistrict>> DISTRICTS =
            new ParameterizedTypeReference<>() {
            };
    private static final ParameterizedTypeReference<RegistryPage<RegistryDevice>> DEVICES =
            new ParameterizedTypeReference<>() {
            };
    private static final ParameterizedTypeReference<AlertingPage<AlertSummary>> ALERTS =
            new ParameterizedTypeReference<>() {
            };

    private final RestClient registry;
    private final RestClient alerting;

    CityOverview(@Qualifier("registryClient") RestClient registry, @Qualifier("alertingClient") RestClient alerting) {
        this.registry = registry;
        this.alerting = alerting;
    }

    public Overview of(AccessScope scope) {
        RegistryPage<RegistryDistrict> page = registry.get()
                .uri(u -> u.path("/api/v1/districts").queryParam("limit", MAX_DISTRICTS).build())
                .retrieve().body(DISTRICTS);
        List<RegistryDistrict> all = page == null || page.items() == null ? List.of() : page.items();
        List<DistrictOverview> districts = all.stream()
                .filter(d -> seesDistrict(scope, d.id()))
                .map(this::district)
                .toList();
        return new Overview(districts, page != null && page.next() != null);
    }

    /** A user sees a district when their district scope holds it (or every district); the departments then decide alerts. */
    static boolean seesDistrict(AccessScope scope, String district) {
        return scope.isUnrestricted() || scope.districts().contains(AccessScope.ALL)
                || scope.districts().contains(district);
    }

    private DistrictOverview district(RegistryDistrict d) {
        AlertingPage<AlertSummary> open = alerting.get()
                .uri(u -> u.path("/api/v1/alerts").queryParam("status", "OPEN").queryParam("district", d.id())
                        .queryParam("limit", MAX_ALERTS).build())
                .retrieve().body(ALERTS);
        List<AlertSummary> alerts = open == null || open.items() == null ? List.of() : open.items();
        Map<String, Integer> bySeverity = new TreeMap<>();
        Map<String, Integer> byCause = new TreeMap<>();
        for (AlertSummary a : alerts) {
            bySeverity.merge(a.severity(), 1, Integer::sum);
            byCause.merge(a.cause() == null ? "UNKNOWN" : a.cause(), 1, Integer::sum);
        }
        List<AlertMarker> markers = alerts.stream()
                .map(a -> new AlertMarker(a.id().toString(), a.title(), a.severity(), a.cause(), a.latitude(),
                        a.longitude()))
                .toList();
        return new DistrictOverview(d.id(), d.name(), d.boundary(), alerts.size(),
                open != null && open.nextCursor() != null, bySeverity, byCause, markers,
                gateways(d.id(), "ONLINE"), gateways(d.id(), "OFFLINE"));
    }

    private Count gateways(String district, String connectivity) {
        RegistryPage<RegistryDevice> page = registry.get()
                .uri(u -> u.path("/api/v1/devices").queryParam("kind", "GATEWAY").queryParam("district", district)
                        .queryParam("connectivity", connectivity).queryParam("limit", MAX_GATEWAYS).build())
                .retrieve().body(DEVICES);
        int count = page == null || page.items() == null ? 0 : page.items().size();
        return new Count(count, page != null && page.next() != null);
    }
}
