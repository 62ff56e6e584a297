package city.urbanops.alerting.alert;

import java.time.Instant;

/** One line of an alert's timeline: what happened, by whom, when, at which version of the alert. */
public record TimelineEntry(long sequence, long alertVersion, AlertChange.Kind kind, String actor, Instant at,
                            String note) {
}
