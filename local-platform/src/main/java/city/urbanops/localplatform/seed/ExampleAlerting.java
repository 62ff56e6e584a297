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
 * supervisor). Idempotent: what exists (found by name) is kept; only the webhook endpoint's secret is rotated at every
 * start, because the receiver holds it in memory only and alerting answers a secret once.
 *
 * <p>Every field name of alerting's API the launcher relies on is in this class; the bench builds its own endpoint,
 * schedule and policy with the same methods.
 */
public final class ExampleAlerting {

    /** The city's time zone: schedules hand over at local times (the simulated city lies in Milan). */
    public static final String TIME_ZONE = "Europe/Rome";
    /** The webhook endpoint's name, and the last part of its URL at the local receiver. */
    public static final String WEBHOOK_NAME = "city-operations";
    public static final String NETWORK_TEAM = "network-team";
    public static final Recipient TECHNICIAN = new Recipient("technician", "Technician Demo", "technician@city.example");
    public static final Recipient SUPERVISOR = new Recipient("supervisor", "Supervisor Demo", "supervisor@city.example");
    /** Long enough to group a district-wide storm into one mail, short enough for a newcomer watching the inbox. */
    public static final Duration GROUP_WAIT = Duration.ofSeconds(10);
    public static final Duration ESCALATE_AFTER = Duration.ofMinutes(10);
    /** Old secrets of the endpoint stay valid this long after a rotation: notifications already signed get through. */
    static final Duration OLD_SECRET_OVERLAP = Duration.ofMinutes(1);
    private static final String API = "/api/v1";
    private static final List<Integer> RETRY = List.of(400, 503);

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

    /** What the seeding left in place: ids as alerting answered them. */
    public record Seeded(String webhookEndpointId, Map<String, String> schedules, List<String> policies) {
    }

    /**
     * Seeds the endpoint, the schedules and the policies; the endpoint's fresh secret goes to {@code secretHolder}
     * (the receiver) and nowhere else.
     */
    public Seeded seed(Collection<String> departments, URI webhookUrl, Consumer<WebhookSecret> secretHolder) {
        String endpoint = webhookEndpoint(WEBHOOK_NAME, webhookUrl, secretHolder);
        var schedules = new LinkedHashMap<String, String>();
        schedules.put(NETWORK_TEAM, ensure("schedules", schedule("Network team on call", List.of(TECHNICIAN))));
        for (String department : departments) {
            schedules.put(department, ensure("schedules", schedule(title(department) + " on call",
                    List.of(TECHNICIAN))));
        }
        var policies = new ArrayList<String>();
        policies.add(ensure("routing-policies", routingPolicy("Network faults to the network team", 10,
                Map.of("causes", List.of("NETWORK_FAULT")), schedules.get(NETWORK_TEAM), endpoint, GROUP_WAIT,
                Optional.of(SUPERVISOR))));
        int priority = 100;
        for (String department : departments) {
            policies.add(ensure("routing-policies", routingPolicy(title(department) + " alerts to its on-call",
                    priority++, Map.of("departments", List.of(department)), schedules.get(department), endpoint,
                    GROUP_WAIT, Optional.of(SUPERVISOR))));
        }
        return new Seeded(endpoint, Map.copyOf(schedules), List.copyOf(policies));
    }

    /**
     * The endpoint named {@code name} calling {@code url}: created if absent, its secret rotated if present (the old
     * one stays valid {@link #OLD_SECRET_OVERLAP}). The secret alerting answers goes to {@code secretHolder} only.
     */
    public String webhookEndpoint(String name, URI url, Consumer<WebhookSecret> secretHolder) {
        var existing = findByName("webhook-endpoints", name);
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
            answer = post("/webhook-endpoints/" + id + "/secrets",
                    Map.of("oldSecretsValidFor", OLD_SECRET_OVERLAP.toString()), 201, 200);
        } else {
            answer = post("/webhook-endpoints", Map.of("name", name, "url", url.toString(),
                    "description", "The local platform's webhook receiver (inbox page)"), 201);
            id = answer.body().path("id").asString();
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
    public static Map<String, Object> schedule(String name, List<Recipient> members) {
        return Map.of("name", name, "timeZone", TIME_ZONE, "rotations", List.of(Map.of(
                "name", "weekly",
                "start", "2026-01-05T08:00:00",
                "recurrence", "FREQ=WEEKLY;BYDAY=MO;BYHOUR=8;BYMINUTE=0",
                "members", members.stream().map(Recipient::body).toList())));
    }

    /**
     * A policy: alerts that {@code match} (empty: every alert) go to {@code scheduleId}'s on-call by email and to the
     * webhook endpoint, grouped for {@code groupWait}; if nobody acknowledges within {@link #ESCALATE_AFTER}, to
     * {@code escalateTo}. The lowest {@code priority} that matches wins.
     */
    public static Map<String, Object> routingPolicy(String name, int priority, Map<String, Object> match,
                                                    String scheduleId, String webhookEndpointId, Duration groupWait,
                                                    Optional<Recipient> escalateTo) {
        var policy = new LinkedHashMap<String, Object>();
        policy.put("name", name);
        policy.put("priority", priority);
        policy.put("match", match);
        policy.put("scheduleId", scheduleId);
        policy.put("channels", List.of("EMAIL", "WEBHOOK"));
        policy.put("webhookEndpointIds", List.of(webhookEndpointId));
        policy.put("groupWait", groupWait.toString());
        policy.put("escalation", escalateTo.map(person -> List.of(Map.of("level", 1, "after",
                ESCALATE_AFTER.toString(), "recipients", List.of(person.body())))).orElse(List.of()));
        return policy;
    }

    /** The id of the {@code collection} item named like {@code body}'s name, created if there is none. */
    public String ensure(String collection, Map<String, Object> body) {
        var name = (String) body.get("name");
        return findByName(collection, name).map(item -> item.path("id").asString()).orElseGet(() -> {
            var created = post("/" + collection, body, 201);
            String id = created.body().path("id").asString("");
            if (id.isEmpty()) {
                throw new IllegalStateException("alerting created " + collection + " '" + name + "' without an id");
            }
            return id;
        });
    }

    private Optional<JsonNode> findByName(String collection, String name) {
        var answer = retried("GET", API + "/" + collection, null);
        if (answer.status() != 200) {
            throw alerting.refused("GET " + API + "/" + collection, answer);
        }
        // A list, or a page of one ({items, nextCursor}): the launcher's few items fit on the first page.
        JsonNode items = answer.body().isArray() ? answer.body() : answer.body().path("items");
        for (JsonNode item : items) {
            if (name.equals(item.path("name").asString(null))) {
                return Optional.of(item);
            }
        }
        return Optional.empty();
    }

    private PlatformApiClient.Answer post(String path, Object body, int... accepted) {
        var answer = retried("POST", API + path, body);
        for (int status : accepted) {
            if (answer.status() == status) {
                return answer;
            }
        }
        throw alerting.refused("POST " + API + path, answer);
    }

    /**
     * alerting-service answers 503 while it starts its consumers and may refuse (400) what refers to data it has not
     * read yet: both are retried until {@code patience} ran out; the last answer is returned.
     */
    private PlatformApiClient.Answer retried(String method, String path, Object body) {
        var deadline = Instant.now().plus(patience);
        var answer = alerting.exchange(method, path, body);
        while (RETRY.contains(answer.status()) && Instant.now().isBefore(deadline)) {
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
