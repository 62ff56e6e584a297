package city.urbanops.operatorapi.queue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The health of many devices in ONE call to device-registry-service's bulk lookup ({@code GET /api/v1/devices?ids=},
 * at most {@value #MAX_IDS} ids; more calls only for ids too long to share one URL), as the signed-in user: the registry applies their scope. A registry that does not
 * answer makes every device "health unknown", never a failed page.
 */
@Component
public class DeviceHealthLookup {

    /** The registry's bound on one lookup; a queue page holds at most as many alerts ({@link ExceptionQueue#MAX_LIMIT}). */
    public static final int MAX_IDS = 200;
    static final int MAX_IDS_CHARS = 6_000;
    private static final Logger log = LoggerFactory.getLogger(DeviceHealthLookup.class);

    private record Quarantine(String reason) {
    }

    private record Device(String id, String lifecycle, Quarantine quarantine, Instant lastSeen, String connectivity) {
    }

    private record Page(List<Device> items) {
    }

    private final RestClient registry;

    DeviceHealthLookup(@Qualifier("registryClient") RestClient registry) {
        this.registry = registry;
    }

    /** Each device's health by id (blank ids ignored); unknown for those the registry did not tell about. */
    public Map<String, DeviceHealth> healthOf(Collection<String> deviceIds) {
        Set<String> ids = new LinkedHashSet<>();
        deviceIds.stream().filter(id -> id != null && !id.isBlank()).forEach(ids::add);
        Map<String, DeviceHealth> health = new HashMap<>();
        ids.forEach(id -> health.put(id, DeviceHealth.unknown(id)));
        if (ids.isEmpty()) {
            return health;
        }
        if (ids.size() > MAX_IDS) {
            throw new IllegalArgumentException("at most " + MAX_IDS + " devices per lookup, asked for " + ids.size());
        }
        try {
            for (String chunk : chunks(ids)) {
                Page page = registry.get().uri(u -> u.path("/api/v1/devices").queryParam("ids", chunk).build())
                        .retrieve().body(Page.class);
                if (page != null && page.items() != null) {
                    for (Device d : page.items()) {
                        health.put(d.id(), new DeviceHealth(d.id(), true, d.connectivity(), d.lastSeen(),
                                d.quarantine() != null, d.quarantine() == null ? null : d.quarantine().reason(),
                                d.lifecycle()));
                    }
                }
            }
        } catch (RestClientException | IllegalArgumentException unavailable) {
            log.warn("device-registry-service did not answer a health lookup of {} devices: {}", ids.size(),
                    unavailable.getClass().getSimpleName());
        }
        return health;
    }

    /**
     * The ids joined by commas, split only where one URL would grow past {@value #MAX_IDS_CHARS} characters (a
     * server's request line limit is typically 8 KiB): 200 ids of usual length are one call; 200 of the longest
     * allowed (64 characters) are three.
     */
    static List<String> chunks(Collection<String> ids) {
        List<String> chunks = new ArrayList<>();
        StringBuilder chunk = new StringBuilder();
        for (String id : ids) {
            if (!chunk.isEmpty() && chunk.length() + 1 + id.length() > MAX_IDS_CHARS) {
                chunks.add(chunk.toString());
                chunk.setLength(0);
            }
            chunk.append(chunk.isEmpty() ? "" : ",").append(id);
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk.toString());
        }
        return chunks;
    }

    /** One device's health (one call); unknown when there is no device or the registry did not answer. */
    public DeviceHealth healthOf(String deviceId) {
        return deviceId == null || deviceId.isBlank() ? null : healthOf(List.of(deviceId)).get(deviceId);
    }
}
