package city.urbanops.operatorapi.console;

/**
 * A console page for something that does not exist or is not the user's to see: both answer the same 404 page, so
 * the console reveals nothing about other departments' or districts' alerts.
 */
public final class NotFoundPage extends RuntimeException {

    public NotFoundPage() {
        super("not found or out of scope", null, false, false);
    }
}
