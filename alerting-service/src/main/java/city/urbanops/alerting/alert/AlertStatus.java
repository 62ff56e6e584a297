package city.urbanops.alerting.alert;

/** Where a person stands with an alert: open until someone acknowledges it, resolved when the rule clears or a person resolves it. */
public enum AlertStatus { OPEN, ACKNOWLEDGED, RESOLVED }
