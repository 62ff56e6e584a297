package city.urbanops.alerting.notification;

import city.urbanops.alerting.alert.AlertChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes what a technician reads: the email subject and text (what, where with a map link, since when, cause and
 * explanation, recommended action, acknowledge link) and the webhook payload. Pure: no I/O, so it may run inside
 * the transaction that writes the outbox.
 */
@Component
class MessageRenderer {

    private final JsonMapper json = JsonMapper.builder().build();
    private final int maxAlertsListed;

    private final String consoleUrl;

    /**
     * @param consoleUrl {@code urbanops.alerting.console-url}: the operator console as people's phones reach it; each
     *                   alert links to its technician page there, {@code <console>/t/alerts/{id}} (sign-in needed)
     */
    MessageRenderer(NotificationProperties properties,
                    @Value("${urbanops.alerting.console-url:http://localhost:8080}") String consoleUrl) {
        this.maxAlertsListed = properties.maxAlertsListed();
        if (!consoleUrl.startsWith("http://") && !consoleUrl.startsWith("https://")) {
            throw new IllegalArgumentException("urbanops.alerting.console-url must be an http(s) URL");
        }
        this.consoleUrl = consoleUrl.endsWith("/") ? consoleUrl.substring(0, consoleUrl.length() - 1) : consoleUrl;
    }

    /** The alert's page for the technician in the operator console. */
    String consoleLink(AlertSummary alert) {
        return consoleUrl + "/t/alerts/" + alert.alertId();
    }

    /** The alerts of one revision: the latest change per alert, most severe first; the rest beyond the bound counted. */
    record Content(NotificationGroup group, int revision, List<AlertSummary> listed, int omitted) {
        boolean update() {
            return revision > 1;
        }
    }

    Content content(NotificationGroup group, int revision, List<AlertSummary> pendingChanges) {
        Map<Object, AlertSummary> latest = new LinkedHashMap<>();
        pendingChanges.forEach(change -> latest.put(change.alertId(), change));
        List<AlertSummary> alerts = new ArrayList<>(latest.values());
        alerts.sort(Comparator.comparingInt((AlertSummary a) -> severityRank(a.severity())).reversed()
                .thenComparing(AlertSummary::changedAt));
        int listed = Math.min(alerts.size(), maxAlertsListed);
        return new Content(group, revision, List.copyOf(alerts.subList(0, listed)), alerts.size() - listed);
    }

    String subject(Content content) {
        AlertSummary first = content.listed().getFirst();
        int total = content.listed().size() + content.omitted();
        String what = total == 1 ? first.title() : total + " alerts: " + first.title() + " and more";
        String prefix = switch (content.group().kind()) {
            case ESCALATION -> "Escalation level " + content.group().escalationLevel() + ": ";
            case ROUTE -> content.update() ? "Update " + (content.revision() - 1) + ": " : "";
        };
        return prefix + "[" + first.severity() + "] " + what + " (" + place(first) + ")";
    }

    /** The email text; {@code ackLink} gives the acknowledge link of an open alert for this recipient. */
    String emailText(Content content, Function<AlertSummary, String> ackLink) {
        StringBuilder text = new StringBuilder();
        NotificationGroup group = content.group();
        switch (group.kind()) {
            case ESCALATION -> text.append("ESCALATION level ").append(group.escalationLevel())
                    .append(": nobody acknowledged this alert in time.\n\n");
            case ROUTE -> text.append(content.update()
                    ? "UPDATE to the notification sent earlier: what changed since then.\n\n"
                    : "New alerts for " + group.policyName() + ".\n\n");
        }
        int n = 1;
        for (AlertSummary alert : content.listed()) {
            text.append(n++).append(". [").append(alert.severity()).append("] ").append(alert.title())
                    .append("   (").append(describe(alert.change())).append(")\n");
            text.append("   Where: ").append(place(alert));
            if (alert.deviceId() != null) {
                text.append(", device ").append(alert.deviceId());
            }
            text.append('\n');
            if (alert.mapUrl() != null) {
                text.append("   Map: ").append(alert.mapUrl()).append('\n');
            }
            text.append("   Since: ").append(alert.openedAt()).append(" (last change ").append(alert.changedAt())
                    .append(")\n");
            text.append("   Cause: ").append(alert.cause());
            if (alert.causeExplanation() != null && !alert.causeExplanation().isBlank()) {
                text.append(" - ").append(alert.causeExplanation());
            }
            text.append('\n');
            if (alert.recommendedAction() != null && !alert.recommendedAction().isBlank()) {
                text.append("   Recommended action: ").append(alert.recommendedAction()).append('\n');
            }
            if ("OPEN".equals(alert.status())) {
                text.append("   Acknowledge: ").append(ackLink.apply(alert)).append('\n');
            } else {
                text.append("   Status: ").append(alert.status()).append('\n');
            }
            text.append("   In the console: ").append(consoleLink(alert)).append('\n');
            text.append('\n');
        }
        if (content.omitted() > 0) {
            text.append("... and ").append(content.omitted()).append(" more alert")
                    .append(content.omitted() == 1 ? "" : "s").append(" not listed here.\n\n");
        }
        text.append("Route: ").append(group.policyName()).append(" (").append(group.groupKey()).append(")\n");
        return text.toString();
    }

    /** The Standard Webhooks payload: {@code {type, timestamp, data}}. No acknowledge links: they belong to a person. */
    String webhookBody(Content content, Instant at) {
        NotificationGroup group = content.group();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("groupId", group.id());
        data.put("revision", content.revision());
        data.put("update", content.update());
        data.put("escalationLevel", group.escalationLevel());
        data.put("policyId", group.policyId());
        data.put("policyName", group.policyName());
        data.put("groupKey", group.groupKey());
        data.put("alertCount", content.listed().size() + content.omitted());
        data.put("omittedAlerts", content.omitted());
        data.put("alerts", content.listed().stream().map(MessageRenderer::webhookAlert).toList());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", group.kind() == NotificationGroup.Kind.ESCALATION ? "alert.escalation"
                : content.update() ? "alert.notification.update" : "alert.notification");
        payload.put("timestamp", at.toString());
        payload.put("data", data);
        return json.writeValueAsString(payload);
    }

    private static Map<String, Object> webhookAlert(AlertSummary alert) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("alertId", alert.alertId());
        a.put("change", alert.change());
        a.put("status", alert.status());
        a.put("severity", alert.severity());
        a.put("title", alert.title());
        a.put("cause", alert.cause());
        a.put("causeExplanation", alert.causeExplanation());
        a.put("recommendedAction", alert.recommendedAction());
        a.put("department", alert.department());
        a.put("district", alert.district());
        a.put("siteId", alert.siteId());
        a.put("deviceId", alert.deviceId());
        a.put("latitude", alert.latitude());
        a.put("longitude", alert.longitude());
        a.put("mapUrl", alert.mapUrl());
        a.put("openedAt", alert.openedAt());
        a.put("changedAt", alert.changedAt());
        return a;
    }

    private static String place(AlertSummary alert) {
        String district = "district " + (alert.district() == null ? "unknown" : alert.district());
        return alert.siteId() == null ? district : district + ", site " + alert.siteId();
    }

    private static String describe(AlertChange.Kind change) {
        return switch (change) {
            case OPENED -> "new";
            case REOPENED -> "open again";
            case UPDATED -> "severity or cause changed";
            case RESOLVED -> "resolved";
            case ESCALATED -> "not acknowledged";
            default -> change.name().toLowerCase();
        };
    }

    private static int severityRank(String severity) {
        return switch (severity) {
            case "CRITICAL" -> 3;
            case "MAJOR" -> 2;
            case "WARNING" -> 1;
            default -> 0;
        };
    }
}
