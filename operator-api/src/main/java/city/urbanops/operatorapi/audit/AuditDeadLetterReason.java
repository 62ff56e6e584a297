package city.urbanops.operatorapi.audit;

/** Why an {@code audit.events} record went to {@code operator.dead-letter} (header {@code urbanops_dlt-reason}). */
enum AuditDeadLetterReason {
    /** Not JSON, or JSON that does not map onto an audit event. */
    UNREADABLE,
    /** JSON that violates the audit event schema: a required field missing, a value out of its range. */
    INVALID,
    /** The database refused what the event holds (a value it cannot store, such as U+0000 in text). */
    REFUSED_BY_DATABASE
}
