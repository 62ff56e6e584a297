package city.urbanops.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Role × route, generated from a running service's own route list, as tests a service's IT inherits by implementing
 * this interface (like {@link SecuredServiceContract}) in its Spring Boot test: every route Spring MVC serves (read
 * from the test context's {@code requestMappingHandlerMapping}) must have an entry, an
 * expectation or an exemption saying why it is not called, so an endpoint cannot be added without saying who may
 * call it; every expectation is then called without a token (401) and by every demo user, with the checks the service
 * gives ({@link #checksFor}: the status a role gets, and how scope shows). {@code E} is the service's own expectation
 * (who may call, what they get, how to call it), since what a call needs differs from service to service.
 */
public interface RouteAuthorizationMatrix<E> {

    /** The demo realm's users (password = user name), one per role. */
    Set<String> DEMO_USERS = Set.of("admin", "supervisor", "operator", "technician", "integrator", "analyst");

    /** What each route called promises, by route ({@code "GET /api/v1/things/{id}"}). */
    Map<String, E> expectations();

    /** Routes served but not called here, each with the reason (where else it is proven, or why it is open). */
    Map<String, String> exemptions();

    /** Calls {@code route} without a token and answers the HTTP status (the matrix expects 401). */
    int statusWithoutToken(String route, E expectation);

    /** The tests of {@code route} for {@code user}: at least the status their role gets, named for the reader. */
    List<DynamicTest> checksFor(String route, E expectation, String user);

    /** {@code mapping} is the service's own, from its Spring test context (the IT is a Spring Boot test). */
    @Test
    default void everyRouteTheServiceServesHasAnEntryAndEveryEntryARoute(
            @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping) {
        Set<String> routes = routesOf(mapping);
        Set<String> entries = new TreeSet<>(expectations().keySet());
        assertThat(entries).as("routes both expected and exempted").doesNotContainAnyElementsOf(exemptions().keySet());
        entries.addAll(exemptions().keySet());

        assertThat(new TreeSet<>(routes)).as("routes without an entry in the matrix").isSubsetOf(entries);
        assertThat(entries).as("entries for routes the service no longer serves").isSubsetOf(routes);
    }

    @TestFactory
    default Stream<DynamicTest> everyUserGetsWhatTheMatrixSaysOnEveryRoute() {
        assertThat(expectations()).as("a matrix with nothing to call proves nothing").isNotEmpty();
        List<DynamicTest> tests = new ArrayList<>();
        expectations().forEach((route, expectation) -> {
            tests.add(DynamicTest.dynamicTest(route + " anonymous → 401",
                    () -> assertThat(statusWithoutToken(route, expectation)).as(route).isEqualTo(401)));
            for (String user : new TreeSet<>(DEMO_USERS)) {
                var checks = checksFor(route, expectation, user);
                assertThat(checks).as(route + " for " + user).isNotEmpty();
                tests.addAll(checks);
            }
        });
        return tests.stream();
    }

    /** Every route {@code mapping} serves, as {@code "METHOD pattern"}, or {@code "* pattern"} for any method. */
    private static Set<String> routesOf(RequestMappingHandlerMapping mapping) {
        Set<String> routes = new TreeSet<>();
        mapping.getHandlerMethods().keySet().forEach(info -> {
            var methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (methods.isEmpty()) {
                    routes.add("* " + pattern);
                }
                methods.forEach(method -> routes.add(method.name() + " " + pattern));
            }
        });
        return routes;
    }
}
