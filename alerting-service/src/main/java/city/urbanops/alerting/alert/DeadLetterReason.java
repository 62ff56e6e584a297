package city.urbanops.alerting.alert;

/** Why an {@code alerts} record went to {@code alerting.dead-letter} (header {@code urbanops_dlt-reason}). */
enum DeadLetterReason {
    /** Not JSON, or JSON that does not map onto an alert event (a wrong type, an unknown enum value). */
    UNREADABLE,
    /** JSON that violates the alert event schema: a required field missing, a value out of its range. */
    INVALID,
    /** The database refused what the event holds (a value it cannot store, such as U+0000 in text). */
    REFUSED_BY_DATABASE
}
