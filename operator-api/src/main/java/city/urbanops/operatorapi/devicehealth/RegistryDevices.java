package city.urbanops.operatorapi.devicehealth;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * device-registry-service's devices API, called as the signed-in user (their token relayed): the registry applies
 * their scope itself, and answers 404 for a device out of scope as for an unknown one.
 */
@Component
public class RegistryDevices {

    /** Connectivity words the registry derives when read. */
    public static final List<String> CONNECTIVITY = List.of("ONLINE", "OFFLINE", "STALE", "UNKNOWN");
    /** Devices per registry call when counting (the registry's maximum). */
    static final int COUNT_PAGE_SIZE = 500;
    /** Registry calls a count makes at most; beyond them the counts are lower bounds ("≥ N"). */
    static final int MAX_COUNT_CALLS = 10;

    public record Device(String id, String externalId, String kind, String deviceType, String gatewayId,
                         String lifecycle, Map<String, Object> quarantine, String department, String district,
                         String siteId, Double latitude, Double longitude, List<String> measurements, long version,
                         Instant lastSeen, String connectivity) {
        public Device {
            measurements = measurements == null ? List.of() : List.copyOf(measurements);
        }

        public boolean quarantined() {
            // The registry answers a quarantine object {reason, by, since} for a quarantined device, null otherwise.
            return quarantine != null && !quarantine.isEmpty();
        }

        public String connectivityWord() {
            return connectivity == null ? "UNKNOWN" : connectivity;
        }
    }

    public record Page(List<Device> items, String next) {
        public Page {
            items = items == null ? List.of() : List.copyOf(items);
        }
    }

    public record HistoryLine(long version, String action, String from, String to, String reason, String actor,
                              String proposalId, Instant at) {
    }

    /** The counts of one district × device type. */
    public record Cell(String district, String deviceType, Map<String, Integer> counts) {
        public int count(String connectivity) {
            return counts.getOrDefault(connectivity, 0);
        }
    }

    /**
     * Counts by district × type × connectivity.
     *
     * @param complete false when more devices exist than {@link #MAX_COUNT_CALLS} pages hold: every count is then
     *                 at least what it says
     * @param calls    registry calls made
     */
    public record Counts(List<Cell> cells, boolean complete, int counted, int calls) {
    }

    private record HistoryPage(List<HistoryLine> items, String next) {
    }

    private final RestClient registry;

    RegistryDevices(@Qualifier("registryClient") RestClient registry) {
        this.registry = registry;
    }

    /** One page of devices matching the filters (null = any). */
    public Page page(String district, String type, String connectivity, String cursor, int limit) {
        Page page = registry.get().uri(u -> {
            u.path("/api/v1/devices").queryParam("limit", limit);
            if (district != null) {
                u.queryParam("district", district);
            }
            if (type != null) {
                u.queryParam("type", type);
            }
            if (connectivity != null) {
                u.queryParam("connectivity", connectivity);
            }
            if (cursor != null) {
                u.queryParam("cursor", cursor);
            }
            return u.build();
        }).retrieve().body(Page.class);
        return page == null ? new Page(List.of(), null) : page;
    }

    /**
     * The registry has no count: this reads the user's devices {@value #COUNT_PAGE_SIZE} at a time, at most
     * {@value #MAX_COUNT_CALLS} calls (5,000 devices), and counts them.
     */
    public Counts counts() {
        Map<String, Map<String, Integer>> byCell = new TreeMap<>();
        String cursor = null;
        int calls = 0;
        int counted = 0;
        do {
            Page page = page(null, null, null, cursor, COUNT_PAGE_SIZE);
            calls++;
            for (Device device : page.items()) {
                byCell.computeIfAbsent(device.district() + "\u0000" + device.deviceType(), k -> new TreeMap<>())
                        .merge(device.connectivityWord(), 1, Integer::sum);
                counted++;
            }
            cursor = page.next();
        } while (cursor != null && calls < MAX_COUNT_CALLS);
        List<Cell> cells = byCell.entrySet().stream().map(e -> {
            String[] key = e.getKey().split("\u0000", 2);
            return new Cell(key[0], key[1], Map.copyOf(e.getValue()));
        }).toList();
        return new Counts(cells, cursor == null, counted, calls);
    }

    /** The device, or empty when it does not exist or lies outside the user's scope. */
    public Optional<Device> one(String id) {
        return registry.get().uri("/api/v1/devices/{id}", id).exchange((request, response) -> {
            int status = response.getStatusCode().value();
            if (status == 404 || status == 400) {
                return Optional.<Device>empty();
            }
            if (!response.getStatusCode().is2xxSuccessful()) {
                throw new RestClientException("device-registry-service answered " + status);
            }
            return Optional.ofNullable(response.bodyTo(Device.class));
        });
    }

    public List<HistoryLine> history(String id) {
        HistoryPage page = registry.get().uri("/api/v1/devices/{id}/history?limit=500", id).retrieve()
                .body(HistoryPage.class);
        return page == null || page.items() == null ? List.of() : page.items();
    }
}
