package city.urbanops.operatorapi.queue;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An alert as alerting-service's API answers it, with what the console shows (unknown fields are ignored).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertSummary(
        UUID id,
        String status,
        String severity,
        String cause,
        String causeExplanation,
        List<Signal> signals,
        String title,
        String recommendedAction,
        String ruleId,
        Integer ruleVersion,
        String deviceId,
        String gatewayId,
        String siteId,
        String department,
        String district,
        Double latitude,
        Double longitude,
        Instant openedAt,
        Instant lastSeenAt,
        int occurrences,
        Assignee assignee,
        Instant acknowledgedAt,
        String acknowledgedBy,
        Instant resolvedAt,
        String resolvedBy,
        boolean inMaintenance,
        Evidence evidence,
        QuarantineProposal proposal,
        long version) {

    /** Device-fault triage's recommendation to quarantine a device (alerting passes on the alert event's). */
    public record QuarantineProposal(String proposalId, String deviceId, String reason) {
    }

    public record Signal(String name, String detail) {
    }

    public record Assignee(String kind, String name) {
    }

    public record Evidence(String condition, Map<String, Double> thresholds, List<EvidenceReading> readings) {
    }

    public record EvidenceReading(String deviceId, Instant time, String measurement, Double value,
                                  Boolean booleanValue, String textValue) {
    }

    /** The cause in words a badge shows next to its symbol: never colour alone. */
    public String causeLabel() {
        return switch (cause == null ? "" : cause) {
            case "DEVICE_FAULT" -> "Device";
            case "NETWORK_FAULT" -> "Network";
            case "INCIDENT" -> "Incident";
            default -> "Unknown";
        };
    }

    /** A symbol for the cause, shown with its word. */
    public String causeSymbol() {
        return switch (cause == null ? "" : cause) {
            case "DEVICE_FAULT" -> "\u2699";
            case "NETWORK_FAULT" -> "\u21c4";
            case "INCIDENT" -> "\u26a0";
            default -> "?";
        };
    }

    /** Where it is, most specific last: district, site, then the device or gateway. */
    public String place() {
        StringBuilder where = new StringBuilder();
        for (String part : new String[] {district, siteId, deviceId != null ? "device " + deviceId
                : gatewayId != null ? "gateway " + gatewayId : null}) {
            if (part != null && !part.isBlank()) {
                where.append(where.isEmpty() ? "" : " \u00b7 ").append(part);
            }
        }
        return where.isEmpty() ? "unknown place" : where.toString();
    }

    /** Where a person stands with it, in words. */
    public String statusText() {
        return switch (status == null ? "" : status) {
            case "OPEN" -> "Open, not yet acknowledged";
            case "ACKNOWLEDGED" -> "Acknowledged by " + acknowledgedBy;
            case "RESOLVED" -> "Resolved by " + resolvedBy;
            default -> String.valueOf(status);
        };
    }

    /**
     * What triage's signals say about the device's neighbours, in words, or null when they say nothing: the queue shows
     * this instead of looking neighbours up per alert (the detail page lists them).
     */
    public String neighbourWords() {
        if (signals == null) {
            return null;
        }
        for (Signal signal : signals) {
            String detail = signal.detail() == null || signal.detail().isBlank() ? "" : ": " + signal.detail();
            switch (signal.name() == null ? "" : signal.name()) {
                case "neighbours-confirm" -> {
                    return "Neighbours confirm" + detail;
                }
                case "neighbours-disagree" -> {
                    return "Neighbours disagree" + detail;
                }
                case "single-sensor" -> {
                    return "No neighbour confirms (single sensor)";
                }
                default -> {
                }
            }
        }
        return null;
    }

    public boolean open() {
        return "OPEN".equals(status);
    }

    public boolean resolved() {
        return "RESOLVED".equals(status);
    }
}
