package city.urbanops.bench;

import city.urbanops.events.MqttTopics;
import city.urbanops.events.Topics;
import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.alert.AlertEvent.Transition;
import city.urbanops.events.codec.EventJson;
import city.urbanops.testkit.mqtt.MqttTestGateway;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The time from a reading's PUBLISH at the gateway to its alert on the {@code alerts} topic, at a steady rate. Every
 * gateway sends one batch per period on a fixed schedule (gateways staggered across the period, so the edge sees an
 * even stream, not bursts); some batches carry a trigger, one device's reading just above its rule's level, whose
 * next reading (a cycle later) is normal again and clears it. Each trigger's PUBLISH time is taken just before the
 * batch is handed to the MQTT client; a consumer in this JVM ({@code read_committed}, as every alert consumer reads
 * rules-service's exactly-once output) notes when each RAISED alert arrives and matches it to its trigger by device and
 * {@code raisedAt} (the trigger reading's time). Both clocks are this JVM's {@link System#nanoTime()}.
 */
final class AlertLatencyRun {

    private static final EventJson JSON = new EventJson();
    /** Longest wait for the alerts after the last PUBLISH; alerts later than that count as not arrived. */
    static final Duration MAX_WAIT = Duration.ofMinutes(2);

    /** What the run is asked to do. */
    record Plan(int rate, int batch, int inflight, int triggersPerSecond, int warmupSeconds, int seconds) {
    }

    /** A trigger sent: when its PUBLISH was handed to the client, and whether it falls in the measured window. */
    private record Trigger(long publishedNanos, boolean measured) {
    }

    private final String bootstrapServers;
    private final List<MqttTestGateway> gateways;
    private final List<RulesCity.Uplink> uplinks;
    private final Map<String, Trigger> triggers = new ConcurrentHashMap<>();
    private final Map<String, Long> raised = new ConcurrentHashMap<>();
    private final Map<String, String> causes = new ConcurrentHashMap<>();
    private final AtomicLong unmatchedRaised = new AtomicLong();
    private final AtomicLong cleared = new AtomicLong();
    private final AtomicLong updated = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private final AtomicLong refusedBatches = new AtomicLong();
    private final AtomicLong lateBatches = new AtomicLong();

    private final Callable<Double> evaluatedCounter;

    /** {@code evaluatedCounter} reads rules-service's count of readings evaluated. */
    AlertLatencyRun(String bootstrapServers, List<MqttTestGateway> gateways, List<RulesCity.Uplink> uplinks,
                    Callable<Double> evaluatedCounter) {
        this.evaluatedCounter = evaluatedCounter;
        this.bootstrapServers = bootstrapServers;
        this.gateways = gateways;
        this.uplinks = uplinks;
    }

    /** Runs warm-up and measured window back to back and returns the measured window's figures. */
    Result run(Plan plan) throws Exception {
        var stop = new AtomicBoolean();
        var consumer = startConsumer(stop);
        try {
            int gatewayCount = gateways.size();
            long periodNanos = Math.round(1e9 * plan.batch() * gatewayCount / plan.rate());
            int batchesPerSecond = Math.max(1, (int) Math.round(1e9 / periodNanos * gatewayCount));
            int triggerEvery = Math.max(1, Math.round((float) batchesPerSecond / plan.triggersPerSecond()));
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            long measureFrom = start + TimeUnit.SECONDS.toNanos(plan.warmupSeconds());
            long end = measureFrom + TimeUnit.SECONDS.toNanos(plan.seconds());
            var measuredReadings = new AtomicLong();
            var senders = new ArrayList<Thread>();
            for (int g = 0; g < gatewayCount; g++) {
                var gateway = gateways.get(g);
                var uplink = uplinks.get(g);
                long first = start + periodNanos * g / gatewayCount;
                senders.add(Thread.ofPlatform().name("paced-" + gateway.gatewayId()).start(() -> send(gateway, uplink,
                        plan, first, periodNanos, measureFrom, end, triggerEvery, measuredReadings)));
            }
            // How fast rules-service evaluated during the measured window: below the rate, alerts queue up.
            sleepUntil(measureFrom);
            double evaluatedBefore = evaluatedCounter.call();
            long counterFrom = System.nanoTime();
            sleepUntil(end);
            double evaluatedRate = (evaluatedCounter.call() - evaluatedBefore) / ((System.nanoTime() - counterFrom) / 1e9);
            for (var sender : senders) {
                sender.join();
            }
            long lastSent = System.nanoTime();
            awaitAlerts(Duration.ofSeconds(30), lastSent + MAX_WAIT.toNanos());
            var latencies = triggers.entrySet().stream().filter(entry -> entry.getValue().measured())
                    .mapToLong(entry -> {
                        Long arrived = raised.get(entry.getKey());
                        return arrived == null ? -1 : arrived - entry.getValue().publishedNanos();
                    }).toArray();
            long missing = Arrays.stream(latencies).filter(latency -> latency < 0).count();
            // An alert that never arrived is later than any that did: it ranks last, and a percentile that falls on it
            // is reported as not known rather than as the largest latency seen.
            long[] ranked = Arrays.stream(latencies).map(latency -> latency < 0 ? Long.MAX_VALUE : latency).sorted()
                    .toArray();
            double measuredSeconds = (Math.min(lastSent, end) - measureFrom) / 1e9;
            var causeCounts = new TreeMap<String, Long>();
            triggers.forEach((key, trigger) -> {
                if (trigger.measured() && causes.containsKey(key)) {
                    causeCounts.merge(causes.get(key), 1L, Long::sum);
                }
            });
            return new Result(plan, measuredReadings.get() / measuredSeconds, evaluatedRate, ranked, missing,
                    unmatchedRaised.get(), updated.get(), cleared.get(), undecodable.get(), causeCounts,
                    refusedBatches.get(), lateBatches.get());
        } finally {
            stop.set(true);
            consumer.join();
        }
    }

    private void send(MqttTestGateway gateway, RulesCity.Uplink uplink, Plan plan, long first, long periodNanos,
                      long measureFrom, long end, int triggerEvery, AtomicLong measuredReadings) {
        var window = new Semaphore(plan.inflight());
        var topic = MqttTopics.uplink(gateway.gatewayId());
        long due = first;
        for (long b = 0; due < end; b++, due += periodNanos) {
            if (System.nanoTime() - due > periodNanos / 2) {
                lateBatches.incrementAndGet();
            }
            sleepUntil(due);
            // Spread the triggers over the positions of a batch, so a gateway's triggers fall on many devices.
            int triggerAt = b % triggerEvery == 0 ? (int) ((b / triggerEvery) * 37 % plan.batch()) : -1;
            var time = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            var batch = uplink.next(plan.batch(), time, triggerAt);
            byte[] payload = JSON.write(batch.uplink());
            var triggered = batch.triggered() == null ? null : key(batch.triggered().id(), batch.uplink().sentAt());
            window.acquireUninterruptibly();
            long handed = System.nanoTime();
            if (triggered != null) {
                triggers.put(triggered, new Trigger(handed, handed >= measureFrom));
            }
            if (handed >= measureFrom) {
                measuredReadings.addAndGet(plan.batch());
            }
            gateway.publishAsync(topic, payload).whenComplete((outcome, failure) -> {
                if (failure != null || !outcome.delivered()) {
                    refusedBatches.incrementAndGet();
                    if (triggered != null) {
                        // Not sent again (a gateway would): its trigger is no longer one the bench can time.
                        triggers.remove(triggered);
                    }
                }
                window.release();
            });
        }
        window.acquireUninterruptibly(plan.inflight());
    }

    private Thread startConsumer(AtomicBoolean stop) throws InterruptedException {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Answer as soon as a committed alert is there; the default 500 ms wait would only matter on an idle topic.
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        var partitions = consumer.partitionsFor(Topics.ALERTS).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now: alerts from before the run are not ours
        var ready = new java.util.concurrent.CountDownLatch(1);
        var thread = Thread.ofPlatform().name("alerts-consumer").start(() -> {
            try (consumer) {
                ready.countDown();
                while (!stop.get()) {
                    for (var record : consumer.poll(Duration.ofMillis(100))) {
                        long arrived = System.nanoTime();
                        AlertEvent alert;
                        try {
                            alert = JSON.read(record.value(), AlertEvent.class);
                        } catch (RuntimeException notAnAlert) {
                            // Counted and printed with the figures: an alert the bench cannot read may be one of its
                            // triggers', which then shows as not arrived, and the reader must see why.
                            undecodable.incrementAndGet();
                            continue;
                        }
                        note(alert, arrived);
                    }
                }
            }
        });
        ready.await();
        return thread;
    }

    private void note(AlertEvent alert, long arrived) {
        switch (alert.transition()) {
            case RAISED -> {
                String key = key(alert.deviceId(), alert.raisedAt());
                if (triggers.containsKey(key) && raised.putIfAbsent(key, arrived) == null) {
                    causes.put(key, String.valueOf(alert.cause()));
                } else {
                    unmatchedRaised.incrementAndGet();
                }
            }
            case UPDATED -> updated.incrementAndGet();
            case CLEARED -> cleared.incrementAndGet();
        }
    }

    /**
     * Waits until every trigger has its alert, {@code patience} passed without a new one, or the {@code deadline}
     * ({@link System#nanoTime()}) came: behind a queue, alerts keep coming long after their latency stopped meaning
     * anything but the queue.
     */
    private void awaitAlerts(Duration patience, long deadline) throws InterruptedException {
        long lastProgress = System.nanoTime();
        int seen = raised.size();
        while (raised.size() < triggers.size() && System.nanoTime() - lastProgress < patience.toNanos()
                && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(50);
            if (raised.size() != seen) {
                seen = raised.size();
                lastProgress = System.nanoTime();
            }
        }
    }

    /** Parks until {@code deadline} ({@link System#nanoTime()}); a park may end early, so it loops. */
    private static void sleepUntil(long deadline) {
        for (long wait = deadline - System.nanoTime(); wait > 0; wait = deadline - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }

    private static String key(String deviceId, Instant time) {
        return deviceId + "@" + (time == null ? "" : time.toEpochMilli());
    }

    /**
     * The measured window's figures; {@code latencies} in nanoseconds, one per trigger, sorted, {@link Long#MAX_VALUE}
     * for the {@code missing} ones; {@code undecodable} counts records on {@code alerts} that were not a readable
     * alert event.
     */
    record Result(Plan plan, double readingsPerSecond, double evaluatedPerSecond, long[] latencies, long missing,
                  long otherRaised, long updated, long cleared, long undecodable, Map<String, Long> causes,
                  long refusedBatches, long lateBatches) {

        void print(String label) {
            System.out.printf("%n== publish at the gateway -> RAISED alert on `alerts` (read_committed), %s%n", label);
            System.out.printf("readings/s achieved        %,.0f (asked %,d; %d s measured after %d s of warm-up)%n",
                    readingsPerSecond, plan.rate(), plan.seconds(), plan.warmupSeconds());
            System.out.printf("batches refused / late     %d / %d (late: sent more than half a period behind)%n",
                    refusedBatches, lateBatches);
            System.out.printf("evaluated by rules-service %,.0f readings/s in the measured window%s%n",
                    evaluatedPerSecond, evaluatedPerSecond < 0.95 * readingsPerSecond
                            ? ": BEHIND the published rate, so readings queue and the latency below is mostly that"
                            + " queue, growing with the run" : "");
            System.out.printf("alerts matched             %,d of %,d triggers (causes %s)%s%n",
                    latencies.length - missing, latencies.length, causes,
                    missing == 0 ? "" : "; the rest did not arrive within 30 s of the last alert or %d s of the last"
                            .formatted(MAX_WAIT.toSeconds()) + " PUBLISH");
            if (latencies.length > missing) {
                System.out.printf("latency p50 / p99 / max    %s / %s / %s%n", percentile(0.50), percentile(0.99),
                        percentile(1.0));
            }
            System.out.printf("other alerts seen          %,d RAISED not from a trigger, %,d UPDATED, %,d CLEARED "
                    + "(whole run, warm-up included)%n", otherRaised, updated, cleared);
            System.out.printf("undecodable alert records  %,d (whole run; not an AlertEvent, so not matched)%n",
                    undecodable);
        }

        String percentile(double p) {
            int index = (int) Math.ceil(p * latencies.length) - 1;
            long latency = latencies[Math.max(0, Math.min(latencies.length - 1, index))];
            return latency == Long.MAX_VALUE ? "not arrived" : "%.1f ms".formatted(latency / 1e6);
        }
    }
}
