package city.urbanops.alerting.notification;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/** Notification meters, registered once: sent, failed attempts and dead letters by channel, outbox size, latency. */
@Component
class NotificationMetrics {

    /** What became of an acknowledge link; each owns its tag value. */
    enum AckOutcome {
        ACKNOWLEDGED, FORGED, EXPIRED, REPLAYED, CONFLICT, UNKNOWN_ALERT;

        String tag() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    private final Map<Delivery.Channel, Counter> sent = new EnumMap<>(Delivery.Channel.class);
    private final Map<Delivery.Channel, Counter> failed = new EnumMap<>(Delivery.Channel.class);
    private final Map<Delivery.Channel, Counter> dead = new EnumMap<>(Delivery.Channel.class);
    private final Map<Delivery.Channel, Timer> latency = new EnumMap<>(Delivery.Channel.class);
    private final Map<AckOutcome, Counter> ackLinks = new EnumMap<>(AckOutcome.class);
    private final Counter suppressed;
    private final Map<String, Counter> pruned = new java.util.HashMap<>();
    private final AtomicLong outbox = new AtomicLong();

    NotificationMetrics(MeterRegistry registry) {
        for (Delivery.Channel channel : Delivery.Channel.values()) {
            String tag = channel.name().toLowerCase();
            sent.put(channel, Counter.builder("urbanops.alerting.notifications.sent").tag("channel", tag)
                    .description("Notifications delivered").register(registry));
            failed.put(channel, Counter.builder("urbanops.alerting.notifications.failed").tag("channel", tag)
                    .description("Failed delivery attempts (each retried until the last)").register(registry));
            dead.put(channel, Counter.builder("urbanops.alerting.notifications.dead.lettered").tag("channel", tag)
                    .description("Notifications given up after the last attempt").register(registry));
            latency.put(channel, Timer.builder("urbanops.alerting.notifications.latency").tag("channel", tag)
                    .description("From the alert change to its notification delivered").publishPercentileHistogram()
                    .register(registry));
        }
        for (AckOutcome outcome : AckOutcome.values()) {
            ackLinks.put(outcome, Counter.builder("urbanops.alerting.ack.links").tag("outcome", outcome.tag())
                    .description("Acknowledge links used, by outcome").register(registry));
        }
        suppressed = Counter.builder("urbanops.alerting.notifications.suppressed")
                .description("Notifications not sent because a maintenance window covered the alert").register(registry);
        for (String kind : new String[] {"group", "delivery"}) {
            pruned.put(kind, Counter.builder("urbanops.alerting.notifications.pruned").tag("kind", kind)
                    .description("Finished notification groups (with their deliveries) and deliveries removed after "
                            + "the retention").register(registry));
        }
        Gauge.builder("urbanops.alerting.notifications.outbox", outbox, AtomicLong::get)
                .description("Alert changes not yet composed plus deliveries not yet sent (last dispatcher round)")
                .register(registry);
    }

    void sent(Delivery.Channel channel, Duration sinceChange) {
        sent.get(channel).increment();
        latency.get(channel).record(sinceChange.isNegative() ? Duration.ZERO : sinceChange);
    }

    void failed(Delivery.Channel channel) {
        failed.get(channel).increment();
    }

    void deadLettered(Delivery.Channel channel) {
        dead.get(channel).increment();
    }

    void ackLink(AckOutcome outcome) {
        ackLinks.get(outcome).increment();
    }

    void suppressed() {
        suppressed.increment();
    }

    void pruned(String kind, int rows) {
        pruned.get(kind).increment(rows);
    }

    void outboxSize(long size) {
        outbox.set(size);
    }
}
