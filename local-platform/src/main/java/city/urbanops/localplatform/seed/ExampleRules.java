package city.urbanops.localplatform.seed;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Enables a few rules for the simulated city through rules-service's API, as the demo {@code supervisor}, so that a
 * fault staged through the simulation's API ({@code docs/architecture.md}) raises an alert a newcomer can see: a
 * silent device, high water at a flood sensor, flooding across a district. Idempotent: a rule that exists is kept,
 * enabling the version in force changes nothing. Each is an example of {@code docs/rules.md}'s reference.
 */
public final class ExampleRules {

    private static final String REASON = "example rule of the local platform";
    private static final int[] RETRY = {400, 503};

    /** The example rules by id: what a city would start with. */
    public static final Map<String, Map<String, Object>> RULES = rules();

    private final PlatformApiClient rulesService;

    public ExampleRules(PlatformApiClient rulesService) {
        this.rulesService = rulesService;
    }

    /**
     * Creates and enables every example rule. rules-service checks a rule against the registry's devices as it reads
     * them from Kafka, a moment after the import committed: a refusal (400, 503) is retried until {@code patience}
     * ran out, and then it is reported with its reasons.
     */
    public List<String> enable(Duration patience) {
        var deadline = Instant.now().plus(patience);
        for (var rule : RULES.entrySet()) {
            var body = Map.of("id", rule.getKey(), "reason", REASON, "rule", rule.getValue());
            while (Instant.now().isBefore(deadline) && isRetry(rulesService.post("/api/v1/rules", body, 201, 409, 400,
                    503))) {
                pause();
            }
            rulesService.post("/api/v1/rules", body, 201, 409);
            rulesService.post("/api/v1/rules/" + rule.getKey() + "/enable", Map.of("version", 1, "reason", REASON),
                    200);
        }
        return List.copyOf(RULES.keySet());
    }

    private static boolean isRetry(int status) {
        for (int retry : RETRY) {
            if (status == retry) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Map<String, Object>> rules() {
        var rules = new LinkedHashMap<String, Map<String, Object>>();
        rules.put("silent-device", Map.of(
                "name", "Silent device", "severity", "WARNING",
                "recommendedAction", "Check the device's power and its radio link",
                "condition", Map.of("type", "absence", "forDuration", "PT2M")));
        rules.put("high-water", Map.of(
                "name", "High water", "severity", "MAJOR",
                "recommendedAction", "Close the underpass and send a crew",
                "scope", Map.of("deviceTypes", List.of("flood-level")),
                "condition", Map.of("type", "threshold", "measurement", "water_level", "direction", "ABOVE",
                        "value", 1.0, "clearAt", 0.8, "forDuration", "PT10S")));
        rules.put("district-flood", Map.of(
                "name", "Flooding in a district", "severity", "CRITICAL",
                "recommendedAction", "Close the district's underpasses and send crews",
                "scope", Map.of("deviceTypes", List.of("flood-level")),
                "condition", Map.of("type", "group-count", "measurement", "water_level", "direction", "ABOVE",
                        "value", 1.0, "groupBy", "DISTRICT", "atLeast", 2, "window", "PT10M")));
        return java.util.Collections.unmodifiableMap(rules);
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while enabling the example rules", e);
        }
    }
}
