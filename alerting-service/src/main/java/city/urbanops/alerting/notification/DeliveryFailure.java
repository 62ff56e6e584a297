package city.urbanops.alerting.notification;

/**
 * A delivery attempt that did not reach its target; {@code permanent} when retrying cannot help (the endpoint was
 * deleted). The message is what the delivery records as its last error: it never holds a secret or a link.
 */
class DeliveryFailure extends Exception {

    private final boolean permanent;

    DeliveryFailure(String message, boolean permanent) {
        super(message.length() > 500 ? message.substring(0, 500) : message);
        this.permanent = permanent;
    }

    boolean permanent() {
        return permanent;
    }
}
