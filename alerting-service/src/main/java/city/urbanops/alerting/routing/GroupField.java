package city.urbanops.alerting.routing;

import city.urbanops.alerting.alert.Alert;
import java.util.Objects;
import java.util.function.Function;

/** An alert field a policy groups notifications by, next to the policy id (the district by default). */
public enum GroupField {
    DISTRICT(Alert::district),
    DEPARTMENT(Alert::department),
    SITE(Alert::siteId),
    GATEWAY(Alert::gatewayId),
    CAUSE(alert -> alert.cause() == null ? null : alert.cause().name());

    private final Function<Alert, String> value;

    GroupField(Function<Alert, String> value) {
        this.value = value;
    }

    /** The alert's value of this field; {@code -} when it has none, so alerts without one still group together. */
    String of(Alert alert) {
        return Objects.requireNonNullElse(value.apply(alert), "-");
    }
}
