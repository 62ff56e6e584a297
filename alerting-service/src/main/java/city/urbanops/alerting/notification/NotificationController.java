package city.urbanops.alerting.notification;

import city.urbanops.alerting.alert.Alert;
import city.urbanops.alerting.alert.AlertActions;
import city.urbanops.security.AccessScope;
import city.urbanops.security.problem.ResourceNotFoundException;
import java.util.List;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The deliveries of an alert's notifications and where each stands (pending with its next attempt, sent, or
 * dead-lettered with its last error), for anyone who may read the alert.
 */
@RestController
@RequestMapping("/api/v1/notifications")
@PreAuthorize("hasAnyRole('OPERATOR', 'TECHNICIAN', 'SUPERVISOR', 'ADMIN', 'ANALYST', 'INTEGRATOR')")
class NotificationController {

    private static final int MAX_LISTED = 500;

    private final OutboxRepository outbox;
    private final AlertActions actions;

    NotificationController(OutboxRepository outbox, AlertActions actions) {
        this.outbox = outbox;
        this.actions = actions;
    }

    record Deliveries(UUID alertId, List<DeliveryView> items) { }

    @GetMapping
    Deliveries ofAlert(@RequestParam UUID alertId, AccessScope scope) {
        Alert alert = actions.find(alertId).filter(a -> scope.allows(a.department(), a.district()))
                .orElseThrow(() -> new ResourceNotFoundException("No alert " + alertId + "."));
        return new Deliveries(alert.id(), outbox.deliveriesOfAlert(alert.id(), MAX_LISTED));
    }
}
