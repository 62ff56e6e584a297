package city.urbanops.bench;

import city.urbanops.events.Topics;
import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.codec.CloudEventRecords;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventType;
import city.urbanops.localplatform.inbox.WebhookCall;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes RAISED alert events onto {@code alerts} at a steady rate, as rules-service would, and times each from the
 * moment it is handed to the producer to the first genuine webhook call whose body names it. Each event is a new
 * condition ({@code <run>-<n>} in its condition key, device id and title), so each opens an alert of its own; a
 * webhook body may list several (a group), and whichever of those fields the body carries, the token is found in it.
 * Both clocks are this JVM's {@link System#nanoTime()}: the receiver runs here.
 */
final class AlertNotificationRun implements AutoCloseable {

    private static final EventJson JSON = new EventJson();
    private static final URI SOURCE = URI.create("urn:urbanops:bench:alerts");
    private static final List<String> DEPARTMENTS = List.of("water", "environment", "transport", "lighting");
    private static final List<String> DISTRICTS = List.of("north", "south", "centre");
    /** Longest wait for the webhooks after the last event; later ones count as not arrived. */
    static final Duration MAX_WAIT = Duration.ofMinutes(2);
    /** The probes' numbers start here: above any run's (at most 5,000/s for 4,200 s). */
    private static final int PROBE = 999_000_000;
    private static final Duration PROBE_EVERY = Duration.ofSeconds(10);

    private final AlertTokens tokens = AlertTokens.of("ab" + Long.toString(System.currentTimeMillis(), 36));
    private final Map<Integer, Long> published = new ConcurrentHashMap<>();
    private final Map<Integer, Long> notified = new ConcurrentHashMap<>();
    private final AtomicLong webhooks = new AtomicLong();
    private final AtomicLong alertsListed = new AtomicLong();
    private final AtomicLong failedSends = new AtomicLong();
    private final KafkaProducer<String, byte[]> producer;

    AlertNotificationRun(String bootstrapServers) {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // One event at a time at 100/s: a linger would only add to the latency measured.
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** The receiver's listener: notes the first webhook naming each event of this run. */
    void received(WebhookCall call, long receivedNanos) {
        webhooks.incrementAndGet();
        var seen = tokens.named(call.body());
        alertsListed.addAndGet(seen.size());
        seen.forEach(n -> notified.putIfAbsent(n, receivedNanos));
    }

    /**
     * Publishes a probe event every {@link #PROBE_EVERY} until one comes back as a webhook, for up to {@code patience}:
     * alerting is routing and notifying. A probe published before alerting's consumer had its partitions may never
     * be read (a consumer that starts at the latest offset), hence more than one. Returns the one that came back.
     */
    Duration probe(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        for (int n = PROBE; System.nanoTime() < deadline; n++) {
            publish(n);
            long next = System.nanoTime() + PROBE_EVERY.toNanos();
            while (System.nanoTime() < Math.min(next, deadline)) {
                var arrived = notified.keySet().stream().filter(k -> k >= PROBE).findFirst();
                if (arrived.isPresent()) {
                    return Duration.ofNanos(notified.get(arrived.get()) - published.get(arrived.get()));
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
        throw new IllegalStateException("no webhook named a probe alert within " + patience + ": alerting-service"
                + " did not consume, route or notify them (is the policy there? see its log)");
    }

    Result run(AlertingBenchSettings settings) throws InterruptedException {
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / settings.rate();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        int warmup = settings.rate() * settings.warmupSeconds();
        int total = (int) settings.events();
        long late = 0;
        for (int n = 0; n < total; n++) {
            long due = start + n * periodNanos;
            if (System.nanoTime() - due > periodNanos) {
                late++;
            }
            sleepUntil(due);
            publish(n);
        }
        producer.flush();
        long lastSent = System.nanoTime();
        awaitWebhooks(warmup, total, Duration.ofSeconds(30), lastSent + MAX_WAIT.toNanos());
        long[] latencies = new long[total - warmup];
        long firstPublished = published.get(warmup);
        long lastNotified = firstPublished;
        for (int n = warmup; n < total; n++) {
            Long arrived = notified.get(n);
            latencies[n - warmup] = arrived == null ? Long.MAX_VALUE : arrived - published.get(n);
            if (arrived != null) {
                lastNotified = Math.max(lastNotified, arrived);
            }
        }
        Arrays.sort(latencies);
        long missing = Arrays.stream(latencies).filter(latency -> latency == Long.MAX_VALUE).count();
        double publishedPerSecond = (total - warmup) / ((lastSent - firstPublished) / 1e9);
        double notifiedPerSecond = lastNotified == firstPublished ? 0
                : (total - warmup - missing) / ((lastNotified - firstPublished) / 1e9);
        return new Result(settings, publishedPerSecond, notifiedPerSecond, latencies, missing, late,
                failedSends.get(), webhooks.get(), alertsListed.get());
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }

    private void publish(int n) {
        String id = tokens.token(n);
        var now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String conditionKey = "bench:" + id;
        var event = new AlertEvent(AlertEvent.alertIdOf(conditionKey, now), conditionKey, AlertEvent.Transition.RAISED,
                0, AlertEvent.Severity.MAJOR, AlertEvent.Cause.INCIDENT, "the bench raised it", List.of(),
                "Bench alert " + id, "Nothing: a benchmark's alert", "bench-rule", 1, id, "bench-gw-" + (n & 15),
                null, DEPARTMENTS.get(Math.floorMod(n, DEPARTMENTS.size())),
                DISTRICTS.get(Math.floorMod(n, DISTRICTS.size())), 45.46, 9.19, now, now,
                new AlertEvent.Evidence("water_level above 1.0 m", Map.of("value", 1.0),
                        List.of(new AlertEvent.EvidenceReading(id, now, "water_level", 1.2, null, null))),
                List.of(), 0, null, null);
        var record = CloudEventRecords.toRecord(Topics.ALERTS, conditionKey, EventType.ALERT, event.eventId(), SOURCE,
                conditionKey, now, JSON.write(event));
        published.put(n, System.nanoTime());
        producer.send(record, (metadata, failure) -> {
            if (failure != null) {
                failedSends.incrementAndGet();
            }
        });
    }

    /**
     * Waits until every measured event was named in a webhook, {@code patience} passed without a new one, or the
     * {@code deadline} ({@link System#nanoTime()}) came.
     */
    private void awaitWebhooks(int from, int to, Duration patience, long deadline) throws InterruptedException {
        long lastProgress = System.nanoTime();
        long seen = countNotified(from, to);
        while (seen < to - from && System.nanoTime() - lastProgress < patience.toNanos()
                && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
            long now = countNotified(from, to);
            if (now != seen) {
                seen = now;
                lastProgress = System.nanoTime();
            }
        }
    }

    private long countNotified(int from, int to) {
        return notified.keySet().stream().filter(n -> n >= from && n < to).count();
    }

    private static void sleepUntil(long deadline) {
        for (long wait = deadline - System.nanoTime(); wait > 0; wait = deadline - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }

    /**
     * The measured window's figures; {@code latencies} in nanoseconds, sorted, {@link Long#MAX_VALUE} for the
     * {@code missing} ones. {@code webhooks} and {@code alertsListed} cover the whole run, warm-up and probe included.
     */
    record Result(AlertingBenchSettings settings, double publishedPerSecond, double notifiedPerSecond,
                  long[] latencies, long missing, long lateEvents, long failedSends, long webhooks,
                  long alertsListed) {

        void print() {
            System.out.printf("%n== alert event on `alerts` -> signed webhook received (%d s measured after %d s of "
                    + "warm-up)%n", settings.seconds(), settings.warmupSeconds());
            System.out.printf("alert events/s published   %,.1f (asked %,d; %d late by more than a period, %d failed)%n",
                    publishedPerSecond, settings.rate(), lateEvents, failedSends);
            System.out.printf("alert events/s processed   %,.1f (first event published -> last webhook received)%n",
                    notifiedPerSecond);
            System.out.printf("alerts notified            %,d of %,d%s%n", latencies.length - missing, latencies.length,
                    missing == 0 ? "" : "; the rest did not arrive within 30 s of the last webhook or %d s of the last"
                            .formatted(MAX_WAIT.toSeconds()) + " event");
            if (latencies.length > missing) {
                System.out.printf("latency p50 / p99 / max    %s / %s / %s%n", percentile(0.50), percentile(0.99),
                        percentile(1.0));
            }
            System.out.printf("webhooks received          %,d genuine first deliveries naming %,d alerts (%.2f per "
                    + "webhook; whole run)%n", webhooks, alertsListed, webhooks == 0 ? 0.0 : (double) alertsListed
                    / webhooks);
        }

        String percentile(double p) {
            int index = (int) Math.ceil(p * latencies.length) - 1;
            long latency = latencies[Math.max(0, Math.min(latencies.length - 1, index))];
            return latency == Long.MAX_VALUE ? "not arrived" : "%.1f ms".formatted(latency / 1e6);
        }
    }
}
