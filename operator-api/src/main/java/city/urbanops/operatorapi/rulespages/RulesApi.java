package city.urbanops.operatorapi.rulespages;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * rules-service's rules API, called as the signed-in user (their token relayed): rules-service applies their role and
 * scope itself. 403 (technicians, integrators) becomes {@link NotAllowed}; a 4xx refusal of a change or a dry run
 * becomes {@link Refused} with rules-service's own words.
 */
@Component
class RulesApi {

    record Page<T>(List<T> items, String next) {
    }

    record RuleSummary(String id, String name, String severity, String conditionType, String measurement,
                       int latestVersion, Integer enabledVersion, Instant enabledAt, String enabledBy) {
    }

    record RuleDetail(String id, String createdBy, Instant createdAt, int latestVersion, Integer enabledVersion,
                      Instant enabledAt, String enabledBy, JsonNode enabledRule, JsonNode latestRule) {
    }

    record VersionSummary(int version, String author, Instant createdAt, String reason, boolean enabled) {
    }

    record VersionDetail(String ruleId, int version, String author, Instant createdAt, String reason,
                         boolean enabled, JsonNode rule) {
    }

    record ChangeEntry(long seq, String ruleId, int version, String action, String actor, String reason, Instant at) {
    }

    record DryRunAlert(String transition, String conditionKey, String raisedAt, String time, String cause,
                       String severity, String deviceId, String gatewayId, String district) {
    }

    record VersionRun(int version, List<DryRunAlert> alerts, int transitions, int alertsOmitted,
                      Map<String, Integer> raisedPerDay) {
    }

    record DryRun(String ruleId, Instant from, Instant to, VersionRun candidate, VersionRun enabled,
                  boolean truncated, Instant historyStartsAt) {
    }

    /** rules-service answered 403: this user's role may not see rules at all. */
    static final class NotAllowed extends RuntimeException {
        NotAllowed() {
            super("rules-service refused this role", null, false, false);
        }
    }

    /** rules-service refused a change or a dry run; the message is its detail, in words. */
    static final class Refused extends RuntimeException {
        private final int status;

        Refused(int status, String detail) {
            super(detail, null, false, false);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private static final ParameterizedTypeReference<Page<RuleSummary>> RULES = new ParameterizedTypeReference<>() {
    };
    private static final ParameterizedTypeReference<Page<VersionSummary>> VERSIONS =
            new ParameterizedTypeReference<>() {
            };
    private static final ParameterizedTypeReference<Page<ChangeEntry>> HISTORY = new ParameterizedTypeReference<>() {
    };

    private final RestClient rules;

    RulesApi(@Qualifier("rulesClient") RestClient rules) {
        this.rules = rules;
    }

    Page<RuleSummary> list(String cursor, int limit) {
        return rules.get().uri(u -> {
            u.path("/api/v1/rules").queryParam("limit", limit);
            if (cursor != null && !cursor.isBlank()) {
                u.queryParam("cursor", cursor);
            }
            return u.build();
        }).exchange((request, response) -> read(response.getStatusCode(), () -> response.bodyTo(RULES)));
    }

    Optional<RuleDetail> rule(String id) {
        return optional("/api/v1/rules/{id}", RuleDetail.class, id);
    }

    Optional<VersionDetail> version(String id, int version) {
        return optional("/api/v1/rules/{id}/versions/{v}", VersionDetail.class, id, version);
    }

    /** The rule's versions, oldest first, up to the API's largest page. */
    List<VersionSummary> versions(String id) {
        Page<VersionSummary> page = rules.get().uri("/api/v1/rules/{id}/versions?limit=500", id)
                .exchange((request, response) -> read(response.getStatusCode(), () -> response.bodyTo(VERSIONS)));
        return page == null ? List.of() : page.items();
    }

    /** The newest 100 entries of the rule's audit trail. */
    List<ChangeEntry> history(String id) {
        Page<ChangeEntry> page = rules.get().uri("/api/v1/rules/{id}/history?limit=100", id)
                .exchange((request, response) -> read(response.getStatusCode(), () -> response.bodyTo(HISTORY)));
        return page == null ? List.of() : page.items();
    }

    DryRun dryRun(String id, int version, Instant from, Instant to) {
        return post("/api/v1/rules/{id}/versions/{v}/dry-run", Map.of("from", from.toString(), "to", to.toString()),
                DryRun.class, id, version);
    }

    void enable(String id, int version, String reason) {
        post("/api/v1/rules/{id}/enable", Map.of("version", version, "reason", reason), Map.class, id);
    }

    private <T> Optional<T> optional(String path, Class<T> type, Object... vars) {
        return rules.get().uri(path, vars).exchange((request, response) -> response.getStatusCode().value() == 404
                ? Optional.<T>empty()
                : Optional.ofNullable(read(response.getStatusCode(), () -> response.bodyTo(type))));
    }

    private <T> T post(String path, Map<String, ?> body, Class<T> type, Object... vars) {
        return rules.post().uri(path, vars).contentType(MediaType.APPLICATION_JSON).body(body)
                .exchange((request, response) -> {
                    HttpStatusCode status = response.getStatusCode();
                    if (status.is2xxSuccessful()) {
                        return response.bodyTo(type);
                    }
                    if (status.is4xxClientError()) {
                        Map<?, ?> problem = response.getHeaders().getContentLength() == 0 ? Map.of()
                                : response.bodyTo(Map.class);
                        Object detail = problem == null ? null : problem.get("detail");
                        throw new Refused(status.value(), detail != null ? detail.toString()
                                : "rules-service refused this (" + status.value() + ").");
                    }
                    throw new IllegalStateException("rules-service answered " + status.value() + " to " + path);
                });
    }

    private static <T> T read(HttpStatusCode status, java.util.function.Supplier<T> body) {
        if (status.value() == 403) {
            throw new NotAllowed();
        }
        if (!status.is2xxSuccessful()) {
            throw new IllegalStateException("rules-service answered " + status.value());
        }
        return body.get();
    }
}
