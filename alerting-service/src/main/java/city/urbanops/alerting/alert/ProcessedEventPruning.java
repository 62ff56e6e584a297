package city.urbanops.alerting.alert;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Removes applied event ids older than {@code processed-event-retention}: by then the alerts topic no longer holds
 * the event, so no copy of it can be consumed, and the table stays bounded.
 */
@Component
class ProcessedEventPruning {

    private static final Logger log = LoggerFactory.getLogger(ProcessedEventPruning.class);
    private static final int ROUND = 10_000;

    private final AlertRepository alerts;
    private final LifecycleProperties properties;
    private final Clock clock;

    ProcessedEventPruning(AlertRepository alerts, LifecycleProperties properties, ObjectProvider<Clock> clock) {
        this.alerts = alerts;
        this.properties = properties;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @Scheduled(fixedDelayString = "${urbanops.alerting.lifecycle.prune-interval:1h}", initialDelayString = "1m")
    void prune() {
        var before = clock.instant().minus(properties.processedEventRetention());
        int pruned = 0;
        int round;
        // Short transactions of bounded size: a month's ids at once would hold locks and bloat the WAL.
        do {
            round = alerts.pruneProcessed(before, ROUND);
            pruned += round;
        } while (round == ROUND);
        if (pruned > 0) {
            log.info("Pruned {} applied alert event ids older than {}", pruned, properties.processedEventRetention());
        }
    }
}
