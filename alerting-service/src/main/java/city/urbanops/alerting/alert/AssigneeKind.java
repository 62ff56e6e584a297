package city.urbanops.alerting.alert;

/** Whom an alert is assigned to: one person (a realm user name) or a team (a name the city uses, e.g. a crew). */
public enum AssigneeKind { PERSON, TEAM }
