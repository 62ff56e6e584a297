package city.urbanops.operatorapi.command;

/**
 * Where a command stands. AWAITING_APPROVAL → APPROVED (or REJECTED) → SENT (Kafka took it) → DELIVERED (the
 * gateway's MQTT session took it) → APPLIED or REFUSED by the gateway, or EXPIRED when nobody answered in time.
 */
public enum CommandStatus {
    AWAITING_APPROVAL, REJECTED, APPROVED, SENT, DELIVERED, APPLIED, REFUSED, EXPIRED;

    /** Whether nothing more will happen to the command. */
    public boolean isFinal() {
        return this == REJECTED || this == APPLIED || this == REFUSED || this == EXPIRED;
    }

    /** The words a person reads for it on the page. */
    public String words() {
        return switch (this) {
            case AWAITING_APPROVAL -> "awaiting approval";
            case REJECTED -> "rejected";
            case APPROVED -> "approved, being sent";
            case SENT -> "sent, waiting for the gateway";
            case DELIVERED -> "delivered to the gateway";
            case APPLIED -> "applied";
            case REFUSED -> "refused by the gateway";
            case EXPIRED -> "expired";
        };
    }
}
