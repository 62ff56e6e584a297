package city.urbanops.alerting.notification;

import city.urbanops.alerting.alert.Alert;
import city.urbanops.alerting.alert.AlertActions;
import city.urbanops.alerting.alert.AlertChange;
import city.urbanops.alerting.alert.AlertChangeListener;
import city.urbanops.alerting.alert.AlertStateConflict;
import city.urbanops.alerting.alert.AlertStatus;
import city.urbanops.alerting.maintenance.MaintenanceWindow;
import city.urbanops.alerting.maintenance.MaintenanceWindows;
import city.urbanops.alerting.routing.Route;
import city.urbanops.alerting.routing.Router;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stand-ins for the features next to notification (alert store, routing, maintenance windows): small, in memory,
 * test sources only. The alert store tells the real {@link AlertChangeListener}s inside a real database
 * transaction, as the alert feature does, so the outbox rows commit with the change.
 */
@TestConfiguration(proxyBeanMethods = false)
class NotificationTestDoubles {

    static final Instant START = Instant.parse("2026-11-30T08:00:00Z");

    @Bean
    @Primary
    MutableClock testClock() {
        return new MutableClock(START);
    }

    @Bean
    @Primary
    FixedRoutes fixedRoutes() {
        return new FixedRoutes();
    }

    @Bean
    @Primary
    WindowList windowList() {
        return new WindowList();
    }

    @Bean
    @Primary
    TestAlerts testAlerts(TransactionTemplate transactions, ObjectProvider<AlertChangeListener> listeners,
                          Clock clock) {
        return new TestAlerts(transactions, listeners, clock);
    }

    /** Routes by district: each test registers the route of a district of its own. */
    static final class FixedRoutes implements Router {
        private final Map<String, Route> byDistrict = new ConcurrentHashMap<>();

        void put(String district, Route route) {
            byDistrict.put(district, route);
        }

        @Override
        public Route route(Alert alert, Instant at) {
            Route route = byDistrict.get(alert.district());
            if (route == null) {
                throw new IllegalStateException("test set no route for district " + alert.district());
            }
            return route;
        }
    }

    /** Maintenance windows by district. */
    static final class WindowList implements MaintenanceWindows {
        private final List<MaintenanceWindow> windows = new CopyOnWriteArrayList<>();

        void add(MaintenanceWindow window) {
            windows.add(window);
        }

        @Override
        public Optional<MaintenanceWindow> covering(Alert alert, Instant at) {
            return windows.stream().filter(w -> w.target() == MaintenanceWindow.Target.DISTRICT
                    && w.targetId().equals(alert.district()) && !at.isBefore(w.startsAt()) && at.isBefore(w.endsAt()))
                    .findFirst();
        }
    }

    /** Alerts in memory, their timelines, and listeners told inside a database transaction. */
    static final class TestAlerts implements AlertActions {
        record Entry(UUID alertId, AlertChange.Kind kind, String actor, String note) { }

        private final TransactionTemplate transactions;
        private final ObjectProvider<AlertChangeListener> listeners;
        private final Clock clock;
        private final Map<UUID, Alert> alerts = new ConcurrentHashMap<>();
        final List<Entry> timeline = new CopyOnWriteArrayList<>();

        TestAlerts(TransactionTemplate transactions, ObjectProvider<AlertChangeListener> listeners, Clock clock) {
            this.transactions = transactions;
            this.listeners = listeners;
            this.clock = clock;
        }

        /** Stores the alert as changed by {@code kind} and tells the listeners, all in one transaction. */
        void store(Alert alert, AlertChange.Kind kind, String actor) {
            transactions.executeWithoutResult(tx -> apply(alert, kind, actor, kind.name().toLowerCase()));
        }

        List<Entry> timelineOf(UUID alertId) {
            return timeline.stream().filter(e -> e.alertId().equals(alertId)).toList();
        }

        @Override
        public Optional<Alert> find(UUID alertId) {
            return Optional.ofNullable(alerts.get(alertId));
        }

        @Override
        public Alert acknowledge(UUID alertId, String actor, String note) {
            return transactions.execute(tx -> {
                Alert alert = find(alertId).orElseThrow(() -> new NoSuchElementException("no alert " + alertId));
                if (alert.status() != AlertStatus.OPEN) {
                    throw new AlertStateConflict(alert.status(), "alert is " + alert.status());
                }
                Alert acknowledged = TestAlertsFixture.withStatus(alert, AlertStatus.ACKNOWLEDGED, clock.instant(),
                        actor);
                apply(acknowledged, AlertChange.Kind.ACKNOWLEDGED, actor, note);
                return acknowledged;
            });
        }

        @Override
        public void record(UUID alertId, AlertChange.Kind kind, String actor, String note) {
            transactions.executeWithoutResult(tx -> {
                Alert alert = find(alertId).orElseThrow(() -> new NoSuchElementException("no alert " + alertId));
                timeline.add(new Entry(alertId, kind, actor, note));
                listeners.orderedStream().forEach(l -> l.onAlertChange(
                        new AlertChange(alert, kind, actor, clock.instant(), note)));
            });
        }

        private void apply(Alert alert, AlertChange.Kind kind, String actor, String note) {
            alerts.put(alert.id(), alert);
            timeline.add(new Entry(alert.id(), kind, actor, note));
            AlertChange change = new AlertChange(alert, kind, actor, clock.instant(), note);
            listeners.orderedStream().forEach(l -> l.onAlertChange(change));
        }
    }
}
