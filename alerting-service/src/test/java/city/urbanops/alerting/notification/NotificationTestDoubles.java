package city.urbanops.alerting.notification;

import city.urbanops.alerting.MutableClock;
import city.urbanops.alerting.alert.Alert;
import city.urbanops.alerting.routing.Route;
import city.urbanops.alerting.routing.Router;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * What notification tests control beyond the real beans: the clock (group waits, back-off and link expiry pass when a
 * test advances it) and a fixed route per district. The alert store, maintenance windows and escalation are the
 * real ones; routing is fixed here because a test needs an exact route (recipients, webhooks, group key, group wait)
 * for a district of its own, without writing a policy and schedule for each; every other district (alerts other
 * test contexts published on the shared {@code alerts} topic) goes through the real router.
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
    FixedRoutes fixedRoutes(ObjectProvider<Router> routers) {
        return new FixedRoutes(routers);
    }

    /** Routes by district: each test registers the route of a district of its own; others take the real router. */
    static final class FixedRoutes implements Router {
        private final Map<String, Route> byDistrict = new ConcurrentHashMap<>();
        private final ObjectProvider<Router> routers;

        FixedRoutes(ObjectProvider<Router> routers) {
            this.routers = routers;
        }

        void put(String district, Route route) {
            byDistrict.put(district, route);
        }

        @Override
        public Route route(Alert alert, Instant at) {
            Route route = byDistrict.get(alert.district());
            if (route != null) {
                return route;
            }
            Router real = routers.stream().filter(r -> !(r instanceof FixedRoutes)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no router besides the test's"));
            return real.route(alert, at);
        }
    }
}
