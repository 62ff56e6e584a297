package city.urbanops.alerting.alert;

import city.urbanops.events.alert.AlertLifecycleEvent;
import city.urbanops.events.codec.EventJson;
import java.sql.Timestamp;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes every stored alert change, as an {@link AlertLifecycleEvent}, to the lifecycle outbox in the change's own
 * transaction; {@link LifecycleRelay} carries it to {@code alerts.lifecycle}. The event id is the alert's id and
 * version, so a change has exactly one event, whatever happens to the relay.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class LifecycleEvents implements AlertChangeListener {

    private final JdbcClient jdbc;
    private final EventJson json;

    LifecycleEvents(JdbcClient jdbc, EventJson json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public void onAlertChange(AlertChange change) {
        AlertLifecycleEvent event = of(change);
        jdbc.sql("insert into alert_lifecycle_outbox (event_id, alert_id, payload, created_at) values (?, ?, ?, ?)")
                .params(event.eventId(), change.alert().id(), json.write(event), Timestamp.from(change.at()))
                .update();
    }

    static AlertLifecycleEvent of(AlertChange change) {
        Alert a = change.alert();
        return new AlertLifecycleEvent(a.id().toString(), a.version(),
                AlertLifecycleEvent.Change.valueOf(change.kind().name()), change.actor(), change.at(), change.note(),
                a.conditionKey(), a.occurrenceId(), AlertLifecycleEvent.Status.valueOf(a.status().name()),
                a.severity(), a.cause(), a.title(), a.ruleId(), a.deviceId(), a.gatewayId(), a.siteId(),
                a.department(), a.district(), a.openedAt(), a.lastSeenAt(), a.occurrences(), a.assignee(),
                a.acknowledgedAt(), a.acknowledgedBy(), a.resolvedAt(), a.resolvedBy(), a.inMaintenance());
    }
}
