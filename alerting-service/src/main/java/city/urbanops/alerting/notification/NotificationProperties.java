package city.urbanops.alerting.notification;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of notification delivery, grouping and acknowledge links ({@code urbanops.alerting.notification.*}).
 *
 * @param mailFrom           sender of notification emails
 * @param publicBaseUrl      base of the acknowledge links people open (the service as reachable from their phones)
 * @param linkSecret         server key signing acknowledge links; blank = a random key per start (links then die with
 *                           the process and do not work across instances: set it in every real deployment)
 * @param linkTtl            how long an acknowledge link stays valid
 * @param rotationOverlap    how long a webhook endpoint's previous secret still signs after a rotation
 * @param pollInterval       pause between two dispatcher rounds (compose due groups, send due deliveries): the
 *                           longest a due notification waits to be sent when nothing else is
 * @param senders            deliveries of a round sent at once (each its own SMTP session or HTTP call): one slow
 *                           receiver does not hold up the rest of the round
 * @param batchSize          most groups composed and deliveries claimed per round
 * @param maxAttempts        attempts of one delivery before it is dead-lettered
 * @param retryBase          back-off after the first failed attempt; doubled after each further failure
 * @param retryMax           longest back-off
 * @param claimLease         how long a claimed delivery is left to its instance before another may retry it
 * @param maxAlertsListed    most alerts described in one notification; the rest are counted
 * @param webhookConnectTimeout TCP connect bound of a webhook call
 * @param webhookTimeout     bound of a whole webhook call (request to response headers)
 * @param maxResponseBytes   most bytes of a webhook response body read (kept for the error record)
 * @param retention          how long a sent or dead-lettered delivery is kept (and listed by the notifications API),
 *                           and a notification group whose deliveries all ended, with its alert changes (1d..3650d)
 * @param pruneBatchSize     rows removed per pruning transaction (1..10,000)
 * @param pruneTimeBudget    longest a pruning run goes on removing batches; what remains waits for the next run
 */
@ConfigurationProperties("urbanops.alerting.notification")
public record NotificationProperties(
        @DefaultValue("UrbanOps Alerting <alerting@urbanops.local>") String mailFrom,
        @DefaultValue("http://localhost:8085") String publicBaseUrl,
        String linkSecret,
        @DefaultValue("24h") Duration linkTtl,
        @DefaultValue("24h") Duration rotationOverlap,
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("4") int senders,
        @DefaultValue("50") int batchSize,
        @DefaultValue("12") int maxAttempts,
        @DefaultValue("10s") Duration retryBase,
        @DefaultValue("15m") Duration retryMax,
        @DefaultValue("2m") Duration claimLease,
        @DefaultValue("20") int maxAlertsListed,
        @DefaultValue("5s") Duration webhookConnectTimeout,
        @DefaultValue("10s") Duration webhookTimeout,
        @DefaultValue("4096") int maxResponseBytes,
        @DefaultValue("30d") Duration retention,
        @DefaultValue("1000") int pruneBatchSize,
        @DefaultValue("30s") Duration pruneTimeBudget) {

    public NotificationProperties {
        require(batchSize >= 1 && batchSize <= 1000, "batch-size must be 1..1000");
        require(senders >= 1 && senders <= 64, "senders must be 1..64");
        require(maxAttempts >= 1 && maxAttempts <= 50, "max-attempts must be 1..50");
        require(maxAlertsListed >= 1 && maxAlertsListed <= 500, "max-alerts-listed must be 1..500");
        require(maxResponseBytes >= 0 && maxResponseBytes <= 1_048_576, "max-response-bytes must be 0..1048576");
        require(!retryBase.isNegative() && !retryBase.isZero(), "retry-base must be positive");
        require(retryMax.compareTo(retryBase) >= 0, "retry-max must be at least retry-base");
        require(retention.compareTo(Duration.ofDays(1)) >= 0 && retention.compareTo(Duration.ofDays(3650)) <= 0,
                "retention must be 1d..3650d");
        require(pruneBatchSize >= 1 && pruneBatchSize <= 10_000, "prune-batch-size must be 1..10000");
        require(pruneTimeBudget.compareTo(Duration.ofSeconds(1)) >= 0
                && pruneTimeBudget.compareTo(Duration.ofMinutes(10)) <= 0, "prune-time-budget must be 1s..10m");
        require(linkTtl.isPositive() && pollInterval.isPositive() && claimLease.isPositive(),
                "link-ttl, poll-interval and claim-lease must be positive");
        require(publicBaseUrl.startsWith("http://") || publicBaseUrl.startsWith("https://"),
                "public-base-url must be an http(s) URL");
    }

    /** The back-off after {@code failedAttempts} failures: base, 2·base, 4·base, ... capped at retryMax. */
    public Duration backoffAfter(int failedAttempts) {
        int doublings = Math.min(Math.max(failedAttempts - 1, 0), 30);
        Duration backoff = retryBase.multipliedBy(1L << doublings);
        return backoff.compareTo(retryMax) > 0 ? retryMax : backoff;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("urbanops.alerting.notification." + message);
        }
    }
}
