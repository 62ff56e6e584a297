package city.urbanops.alerting.alert;

/** What a rule's clear does to its open alert: resolve it (the default) or only record it for a person to resolve. */
public enum ResolutionMode { AUTOMATIC, MANUAL }
