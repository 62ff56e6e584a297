package city.urbanops.localplatform.seed;

import city.urbanops.localplatform.inbox.WebhookSecret;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * Sets alerting up for the simulated city through alerting-service's API, as the demo {@code supervisor}: a webhook
 * endpoint pointing at the local receiver, an on-call schedule per department and one for the network team, and
 * routing policies (network faults to the network team, everything else by department, each escalating to the
 * supervisor). Idempotent: schedules and policies have fixed ids and what exists is kept; the endpoint (found by its
 * description, alerting gives endpoints no name) has its secret rotated at every start, because the receiver holds it
 * in memory only and alerting answers a secret once (the previous secrets keep signing for alerting's
 * {@code rotation-overlap}).
 *
 * <p>Every field name of alerting's API the launcher relies on is in this class; the bench builds its own endpoint,
 * schedule and policy with the same methods.
 */
public final class ExampleAlerting {

    /** The city's time zone: schedules hand over at local times (the simulated city lies in Milan). */
    public static final String TIME_ZONE = "Europe/Rome";
    /** The webhook endpoint's name: the last part of its URL at the local receiver and of its description. */
    public static final String WEBHOOK_NAME = "city-operations";
    /** The network team's schedule id; the department schedules' ids are {@code <department>-on-call}. */
    public static final String NETWORK_TEAM = "network-team";
    public static final String NETWORK_POLICY = "network-faults";
    public static final Recipient TECHNICIAN = new Recipient("technician", "Technician Demo", "technician@city.example");
    public static final Recipient SUPERVISOR = new Recipient("supervisor", "Supervisor Demo", "supervisor@city.example");
    /** Long enough to group a district-wide storm into one mail, short enough for a newcomer watching the inbox. */
    public static final Duration GROUP_WAIT = Duration.ofSeconds(10);
    public static final Duration ESCALATE_AFTER = Duration.ofMinutes(10);
    static final String DESCRIPTION_PREFIX = "UrbanOps local webhook receiver: ";
    private static final String API = "/api/v1";
    /** alerting-service answers 503 until its database and consumers are ready. */
    private static final int STARTING = 503;

    private final PlatformApiClient alerting;
    private final Duration patience;

    public ExampleAlerting(PlatformApiClient alerting, Duration patience) {
        this.alerting = alerting;
        this.patience = patience;
    }

    /** A person on call: the realm's user name, a name to show and where mail goes. */
    public record Recipient(String userId, String displayName, String email) {
        Map<String, Object> body() {
            return Map.of("userId", userId, "displayName", displayName, "email", email);
        }
    }

    /** What the seeding left in place: ids as alerting knows them. */
    public record Seeded(String webhookEndpointId, Map<String, String> schedules, List<String> policies) {
    }

    /**
     * Seeds the endpoint, the schedules and the policies; the endpoint's fresh secret goes to {@code secretHolder}
     * (the receiver) and nowhere else.
     */
    public Seeded seed(Collection<String> departments, URI webhookUrl, Consumer<WebhookSecret> secretHolder) {
        String endpoint = webhookEndpoint(WEBHOOK_NAME, webhookUrl, secretHolder);
        var schedules = new LinkedHashMap<String, String>();
        schedules.put(NETWORK_TEAM, ensure("schedules", schedule(NETWORK_TEAM, "Network team on call",
                List.of(TECHNICIAN))));
        for (String department : departments) {
            schedules.put(department, ensure("schedules", schedule(department + "-on-call",
                    title(department) + " on call", List.of(TECHNICIAN))));
        }
        var policies = new ArrayList<String>();
        // Before the department policies: a gateway's network fault goes to the network team, not to every owner of
        // the devices behind it (rules-service raises one NETWORK_FAULT per gateway, the devices' alerts suppressed).
        policies.add(ensure("routing-policies", routingPolicy(NETWORK_POLICY, "Network faults to the network team", 10,
                Map.of("causes", List.of("NETWORK_FAULT")), schedules.get(NETWORK_TEAM), endpoint, GROUP_WAIT,
                Optional.of(SUPERVISOR))));
        int priority = 100;
        for (String department : departments) {
            policies.add(ensure("routing-policies", routingPolicy(department + "-alerts",
                    title(department) + " alerts to its on-call", priority++,
                    Map.of("departments", List.of(department)), schedules.get(department), endpoint, GROUP_WAIT,
                    Optional.of(SUPERVISOR))));
        }
        return new Seeded(endpoint, Map.copyOf(schedules), List.copyOf(policies));
    }

    /**
     * The endpoint described as {@code name}'s receiver: created calling {@code url} if absent, its secret rotated if
     * present. The secret alerting answers goes to {@code secretHolder} only.
     */
    public String webhookEndpoint(String name, URI url, Consumer<WebhookSecret> secretHolder) {
        String description = DESCRIPTION_PREFIX + name;
        var existing = findEndpoint(description);
        PlatformApiClient.Answer answer;
        String id;
        if (existing.isPresent()) {
            String registered = existing.get().path("url").asString("");
            if (!registered.equals(url.toString())) {
                // Policies refer to the endpoint by id: replacing it would leave them calling one that is gone.
                throw new IllegalStateException("the webhook endpoint " + name + " calls " + registered + ", not " + url
                        + " (was URBANOPS_INBOX_PORT changed?): delete it through alerting's API, or start from"
                        + " an empty .local/data");
            }
            id = existing.get().path("id").asString();
            answer = post("/webhook-endpoints/" + id + "/secrets", null, 201);
        } else {
            answer = post("/webhook-endpoints", Map.of("url", url.toString(), "description", description), 201);
            id = answer.body().path("id").asString("");
        }
        String secret = answer.body().path("secret").asString("");
        if (secret.isEmpty() || id.isEmpty()) {
            throw new IllegalStateException("alerting answered the webhook endpoint " + name
                    + " without an id or a secret (HTTP " + answer.status() + ")");
        }
        secretHolder.accept(WebhookSecret.parse(secret));
        return id;
    }

    /** A schedule of one weekly rotation over {@code members}, handing over on Mondays at 08:00 city time. */
    public static Map<String, Object> schedule(String id, String name, List<Recipient> members) {
        return Map.of("id", id, "name", name, "timeZone", TIME_ZONE, "rotations", List.of(Map.of(
                "name", "weekly",
                "start", "2026-01-05T08:00:00",
                "rrule", "FREQ=WEEKLY;BYDAY=MO;BYHOUR=8;BYMINUTE=0;BYSECOND=0",
                "people", members.stream().map(Recipient::body).toList())));
    }

    /**
     * A policy: alerts that {@code match} (empty: every alert) go to {@code scheduleId}'s on-call by email and to the
     * webhook endpoint, grouped by district for {@code groupWait}; if nobody acknowledges within
     * {@link #ESCALATE_AFTER}, to {@code escalateTo}. The lowest {@code priority} that matches wins.
     */
    public static Map<String, Object> routingPolicy(String id, String name, int priority, Map<String, Object> match,
                                                    String scheduleId, String webhookEndpointId, Duration groupWait,
                                                    Optional<Recipient> escalateTo) {
        var policy = new LinkedHashMap<String, Object>();
        policy.put("id", id);
        policy.put("name", name);
        policy.put("priority", priority);
        policy.put("match", match);
        policy.put("scheduleId", scheduleId);
        policy.put("webhookEndpointIds", List.of(webhookEndpointId));
        policy.put("groupWait", groupWait.toString());
        policy.put("escalation", escalateTo.map(person -> List.of(Map.of("after", ESCALATE_AFTER.toString(),
                "users", List.of(person.body())))).orElse(List.of()));
        return policy;
    }

    /** {@code body}'s id in {@code collection}: kept if alerting has it, created if not. */
    public String ensure(String collection, Map<String, Object> body) {
        var id = (String) body.get("id");
        var found = retried("GET", API + "/" + collection + "/" + id, null);
        if (found.status() == 200) {
            return id;
        }
        if (found.status() != 404) {
            throw alerting.refused("GET " + API + "/" + collection + "/" + id, found);
        }
        post("/" + collection, body, 201);
        return id;
    }

    private Optional<JsonNode> findEndpoint(String description) {
        var answer = retried("GET", API + "/webhook-endpoints", null);
        if (answer.status() != 200) {
            throw alerting.refused("GET " + API + "/webhook-endpoints", answer);
        }
        for (JsonNode item : answer.body()) {
            if (description.equals(item.path("description").asString(null))) {
                return Optional.of(item);
            }
        }
        return Optional.empty();
    }

    private PlatformApiClient.Answer post(String path, Object body, int accepted) {
        var answer = retried("POST", API + path, body);
        if (answer.status() != accepted) {
            throw alerting.refused("POST " + API + path, answer);
        }
        return answer;
    }

    /** Retried while alerting-service is still starting (503), until {@code patience} ran out; the last answer. */
    private PlatformApiClient.Answer retried(String method, String path, Object body) {
        var deadline = Instant.now().plus(patience);
        var answer = alerting.exchange(method, path, body);
        while (answer.status() == STARTING && Instant.now().isBefore(deadline)) {
            pause();
            answer = alerting.exchange(method, path, body);
        }
        return answer;
    }

    private static String title(String id) {
        return Character.toUpperCase(id.charAt(0)) + id.substring(1);
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting alerting up", e);
        }
    }
}
