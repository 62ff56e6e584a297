package city.urbanops.alerting.alert;

/** The requested step does not fit the alert's state (acknowledging a resolved alert); the caller answers 409. */
public class AlertStateConflict extends RuntimeException {
    private final AlertStatus status;

    public AlertStateConflict(AlertStatus status, String message) {
        super(message);
        this.status = status;
    }

    public AlertStatus status() {
        return status;
    }
}
