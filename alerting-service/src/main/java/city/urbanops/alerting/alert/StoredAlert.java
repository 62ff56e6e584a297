package city.urbanops.alerting.alert;

import java.time.Instant;

/**
 * An alert row with what the shared {@link Alert} does not carry: whom it is assigned to (person or team), since
 * when it is open this time (opened or re-opened; time to acknowledge and to resolve count from here) and whether
 * the rule cleared while it waits for a person to resolve it.
 */
record StoredAlert(Alert alert, AssigneeKind assigneeKind, Instant activeSince, Instant clearedByRuleAt) {

    StoredAlert with(Alert changed) {
        return new StoredAlert(changed, assigneeKind, activeSince, clearedByRuleAt);
    }
}
