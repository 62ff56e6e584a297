package city.urbanops.alerting.notification;

import city.urbanops.alerting.alert.AlertActions;
import city.urbanops.alerting.alert.AlertChange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Forwards the outbox, on one scheduled thread per instance: composes groups whose wait is over into deliveries,
 * then claims due deliveries ({@code FOR UPDATE SKIP LOCKED}, so instances share the work without sending one twice)
 * and sends them outside any transaction, up to {@code senders} at once; the round ends when all have an outcome. A failed attempt is retried with exponential back-off; after the last
 * attempt the delivery is dead-lettered with its last error and the alert's timeline says so.
 */
@Component
class NotificationDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NotificationDispatcher.class);

    private final OutboxRepository outbox;
    private final NotificationComposer composer;
    private final Map<Delivery.Channel, DeliveryChannel> channels = new EnumMap<>(Delivery.Channel.class);
    private final AlertActions actions;
    private final NotificationMetrics metrics;
    private final NotificationProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private ScheduledExecutorService scheduler;
    private ExecutorService senders;

    NotificationDispatcher(OutboxRepository outbox, NotificationComposer composer, List<DeliveryChannel> channels,
                           AlertActions actions, NotificationMetrics metrics, NotificationProperties properties,
                           TransactionTemplate transactions, Clock clock) {
        this.outbox = outbox;
        this.composer = composer;
        channels.forEach(channel -> this.channels.put(channel.channel(), channel));
        this.actions = actions;
        this.metrics = metrics;
        this.properties = properties;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** One round: compose what is due, send what is due. Called by the scheduler; safe to call concurrently. */
    void round() {
        transactions.executeWithoutResult(tx -> {
            Instant now = clock.instant();
            outbox.lockDueGroups(now, properties.batchSize()).forEach(group -> composer.compose(group, now));
        });
        List<Delivery> claimed = transactions.execute(tx ->
                outbox.claimDue(clock.instant(), properties.claimLease(), properties.batchSize()));
        if (claimed.size() == 1) {
            attempt(claimed.getFirst());
        } else if (!claimed.isEmpty()) {
            sendAll(claimed);
        }
        metrics.outboxSize(outbox.outboxSize());
    }

    /**
     * Sends the claimed deliveries on the sender pool and waits for every outcome. Each attempt records its own
     * outcome; one that throws is left to its claim lease, after which a round claims it again.
     */
    private void sendAll(List<Delivery> claimed) {
        var pool = senders;
        if (pool == null) {
            claimed.forEach(this::attempt);
            return;
        }
        List<Callable<Void>> attempts = claimed.stream().<Callable<Void>>map(delivery -> () -> {
            attempt(delivery);
            return null;
        }).toList();
        try {
            for (Future<Void> outcome : pool.invokeAll(attempts)) {
                try {
                    outcome.get();
                } catch (ExecutionException failed) {
                    log.error("Notification attempt failed; its claim lease runs out and it is tried again",
                            failed.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void attempt(Delivery delivery) {
        DeliveryChannel channel = channels.get(delivery.channel());
        int attempts = delivery.attempts() + 1;
        try {
            channel.send(delivery, clock.instant());
            Instant sentAt = clock.instant();
            transactions.executeWithoutResult(tx -> {
                outbox.markSent(delivery.id(), attempts, sentAt);
                record(delivery, describe(delivery) + " sent" + (attempts > 1 ? " (attempt " + attempts + ")" : ""));
            });
            metrics.sent(delivery.channel(), Duration.between(delivery.originAt(), sentAt));
        } catch (DeliveryFailure failure) {
            metrics.failed(delivery.channel());
            if (failure.permanent() || attempts >= properties.maxAttempts()) {
                transactions.executeWithoutResult(tx -> {
                    outbox.markDead(delivery.id(), attempts, failure.getMessage());
                    record(delivery, describe(delivery) + " failed for good after " + attempts + " attempt"
                            + (attempts == 1 ? "" : "s") + ": " + failure.getMessage());
                });
                metrics.deadLettered(delivery.channel());
                log.warn("Notification {} dead-lettered after {} attempts: {}", delivery.id(), attempts,
                        failure.getMessage());
            } else {
                Instant next = clock.instant().plus(properties.backoffAfter(attempts));
                transactions.executeWithoutResult(tx ->
                        outbox.markRetry(delivery.id(), attempts, next, failure.getMessage()));
                log.info("Notification {} attempt {} failed, next at {}: {}", delivery.id(), attempts, next,
                        failure.getMessage());
            }
        }
    }

    private void record(Delivery delivery, String note) {
        for (UUID alertId : outbox.alertsOf(delivery.id())) {
            actions.record(alertId, AlertChange.Kind.NOTIFICATION, "alerting", note);
        }
    }

    private static String describe(Delivery delivery) {
        String what = delivery.revision() > 1 ? "update " + (delivery.revision() - 1) : "notification";
        return switch (delivery.channel()) {
            case EMAIL -> what + " by email to " + delivery.recipient();
            case WEBHOOK -> what + " to webhook endpoint " + delivery.target();
        };
    }

    private void safeRound() {
        try {
            round();
        } catch (RuntimeException e) {
            // The next round retries; an exception escaping would cancel the schedule for good.
            log.error("Notification dispatcher round failed", e);
        }
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "notification-dispatcher");
            thread.setDaemon(true);
            return thread;
        });
        var sent = new AtomicInteger();
        senders = Executors.newFixedThreadPool(properties.senders(), r -> {
            Thread thread = new Thread(r, "notification-sender-" + sent.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        long period = properties.pollInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::safeRound, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdown();
            try {
                if (!scheduler.awaitTermination(properties.webhookTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                    scheduler.shutdownNow();
                }
            } catch (InterruptedException e) {
                scheduler.shutdownNow();
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
        if (senders != null) {
            // The scheduler has finished its last round, so no attempt is still running here.
            senders.shutdownNow();
            senders = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
