package city.urbanops.alerting.alert;

import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.alert.AlertEvent.Transition;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Alert events as rules-service writes them, for tests: a raise, then updates and a clear of the same occurrence. */
public final class AlertEvents {

    private AlertEvents() {
    }

    /** A MAJOR incident on {@code conditionKey} raised at {@code raisedAt} by rule {@code ruleId}, water level 1.8 m. */
    public static AlertEvent raised(String conditionKey, String ruleId, String department, String district,
                                    Instant raisedAt) {
        return new AlertEvent(AlertEvent.alertIdOf(conditionKey, raisedAt), conditionKey, Transition.RAISED, 0,
                AlertEvent.Severity.MAJOR, AlertEvent.Cause.INCIDENT, "confirmed by 2 neighbours",
                List.of(new AlertEvent.Signal("neighbours-confirm", "2 of 3 agree")), "High water",
                "Close the underpass", ruleId, 1, "fl-1", "gw-1", "site-1", department, district, 52.37, 4.89,
                raisedAt, raisedAt, evidence(1.8, raisedAt), List.of(), 0, null, null);
    }

    /** The next transition of {@code previous}'s occurrence at {@code time}: evidence {@code level}. */
    public static AlertEvent next(AlertEvent previous, Transition transition, Instant time, double level) {
        return new AlertEvent(previous.alertId(), previous.conditionKey(), transition, previous.revision() + 1,
                previous.severity(), previous.cause(), previous.causeExplanation(), previous.signals(),
                previous.title(), previous.recommendedAction(), previous.ruleId(), previous.ruleVersion(),
                previous.deviceId(), previous.gatewayId(), previous.siteId(), previous.department(),
                previous.district(), previous.latitude(), previous.longitude(), previous.raisedAt(), time,
                evidence(level, time), previous.suppressed(), previous.suppressedCount(), previous.explainedBy(),
                previous.proposal());
    }

    /** {@code event} with another severity. */
    public static AlertEvent withSeverity(AlertEvent e, AlertEvent.Severity severity) {
        return new AlertEvent(e.alertId(), e.conditionKey(), e.transition(), e.revision(), severity, e.cause(),
                e.causeExplanation(), e.signals(), e.title(), e.recommendedAction(), e.ruleId(), e.ruleVersion(),
                e.deviceId(), e.gatewayId(), e.siteId(), e.department(), e.district(), e.latitude(), e.longitude(),
                e.raisedAt(), e.time(), e.evidence(), e.suppressed(), e.suppressedCount(), e.explainedBy(),
                e.proposal());
    }

    /** {@code event} with another title. */
    public static AlertEvent withTitle(AlertEvent e, String title) {
        return new AlertEvent(e.alertId(), e.conditionKey(), e.transition(), e.revision(), e.severity(), e.cause(),
                e.causeExplanation(), e.signals(), title, e.recommendedAction(), e.ruleId(), e.ruleVersion(),
                e.deviceId(), e.gatewayId(), e.siteId(), e.department(), e.district(), e.latitude(), e.longitude(),
                e.raisedAt(), e.time(), e.evidence(), e.suppressed(), e.suppressedCount(), e.explainedBy(),
                e.proposal());
    }

    private static AlertEvent.Evidence evidence(double level, Instant time) {
        return new AlertEvent.Evidence("water_level above 1.5 m for PT1M", Map.of("value", 1.5),
                List.of(new AlertEvent.EvidenceReading("fl-1", time, "water_level", level, null, null)));
    }
}
