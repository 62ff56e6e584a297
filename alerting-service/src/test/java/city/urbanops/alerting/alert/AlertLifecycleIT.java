package city.urbanops.alerting.alert;

import static city.urbanops.alerting.alert.AlertEvents.next;
import static city.urbanops.alerting.alert.AlertEvents.raised;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.alerting.AlertingServiceIT;
import city.urbanops.events.Topics;
import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.alert.AlertEvent.Transition;
import city.urbanops.events.alert.AlertLifecycleEvent;
import city.urbanops.events.codec.EventJson;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The alert lifecycle driven by condition transitions on the real alerts topic, stored in real PostgreSQL. */
class AlertLifecycleIT extends AlertingServiceIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final EventJson JSON = new EventJson();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AlertLifecycle lifecycle;

    @Autowired
    ApplyingAlertEvents applying;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ProcessedEventPruning pruning;

    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);

    @Test
    void theSameEventTwiceIsAppliedOnce() {
        String key = newConditionKey("dedup");
        var event = raised(key, "flood", "water", "north", t0);
        var update = next(event, Transition.UPDATED, t0.plusSeconds(30), 1.9);
        double copiesBefore = meters.counter("urbanops.alerting.events.duplicates").count();

        publish(event);
        publish(event);
        publish(update);

        // The update shares the key's partition, so once it is applied the copy before it was consumed too.
        await().atMost(WAIT).until(() -> processed(update.eventId()));
        var alert = single(key);
        assertThat(alert.occurrences()).isEqualTo(1);
        assertThat(alert.version()).isEqualTo(2);
        assertThat(timelineOf(key)).extracting(TimelineEntry::kind)
                .containsExactly(AlertChange.Kind.OPENED, AlertChange.Kind.UPDATED);
        assertThat(meters.counter("urbanops.alerting.events.duplicates").count()).isGreaterThan(copiesBefore);
    }

    @Test
    void aRepeatedRaiseUpdatesTheOpenAlertWithTheLatestEvidenceAndNeverOpensASecond() {
        String key = newConditionKey("repeat");
        var first = raised(key, "flood", "water", "north", t0);
        var second = AlertEvents.withSeverity(next(raised(key, "flood", "water", "north", t0.plusSeconds(60)),
                Transition.UPDATED, t0.plusSeconds(90), 2.4), AlertEvent.Severity.CRITICAL);
        var secondRaise = raised(key, "flood", "water", "north", t0.plusSeconds(60));

        publish(first);
        publish(secondRaise);
        publish(second);

        await().atMost(WAIT).until(() -> alertsOf(key).size() == 1 && single(key).version() == 3);
        var alert = single(key);
        assertThat(alert.occurrences()).isEqualTo(2);
        assertThat(alert.occurrenceId()).isEqualTo(secondRaise.alertId());
        assertThat(alert.severity()).isEqualTo(AlertEvent.Severity.CRITICAL);
        assertThat(alert.lastSeenAt()).isEqualTo(t0.plusSeconds(90));
        assertThat(alert.latest().evidence().readings().getFirst().value()).isEqualTo(2.4);
    }

    @Test
    void theRulesClearResolvesTheAlertAutomaticallyAndTheTimelineSaysSo() {
        String key = newConditionKey("auto");
        var raise = raised(key, "flood-auto", "water", "north", t0);

        publish(raise);
        publish(next(raise, Transition.CLEARED, t0.plusSeconds(300), 1.2));

        await().atMost(WAIT).until(() -> single(key) != null && single(key).status() == AlertStatus.RESOLVED);
        var alert = single(key);
        assertThat(alert.resolvedBy()).isEqualTo("alerting");
        assertThat(timelineOf(key)).extracting(TimelineEntry::kind)
                .containsExactly(AlertChange.Kind.OPENED, AlertChange.Kind.RESOLVED);
    }

    @Test
    void inManualModeTheClearIsRecordedAndTheAlertStaysUntilAPersonResolvesIt() {
        String rule = "manual-" + UUID.randomUUID().toString().substring(0, 8);
        lifecycle.setResolutionMode(rule, ResolutionMode.MANUAL, "supervisor");
        String key = newConditionKey("manual");
        var raise = raised(key, rule, "water", "north", t0);

        publish(raise);
        publish(next(raise, Transition.CLEARED, t0.plusSeconds(300), 1.2));

        await().atMost(WAIT).until(() -> timelineOf(key).size() == 2);
        assertThat(single(key).status()).isEqualTo(AlertStatus.OPEN);
        assertThat(timelineOf(key)).extracting(TimelineEntry::kind)
                .containsExactly(AlertChange.Kind.OPENED, AlertChange.Kind.CLEARED_BY_RULE);

        lifecycle.resolve(single(key).id(), "technician", "valve closed");

        assertThat(single(key).status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(single(key).resolvedBy()).isEqualTo("technician");
    }

    @Test
    void aRaiseSoonAfterResolutionReopensTheSameAlert() {
        String key = newConditionKey("flap");
        var raise = raised(key, "flood", "water", "north", t0);
        publish(raise);
        publish(next(raise, Transition.CLEARED, t0.plusSeconds(60), 1.2));
        await().atMost(WAIT).until(() -> single(key) != null && single(key).status() == AlertStatus.RESOLVED);
        UUID id = single(key).id();

        publish(raised(key, "flood", "water", "north", t0.plusSeconds(120)));

        await().atMost(WAIT).until(() -> single(key).status() == AlertStatus.OPEN);
        assertThat(alertsOf(key)).hasSize(1);
        assertThat(single(key).id()).isEqualTo(id);
        assertThat(single(key).occurrences()).isEqualTo(2);
        assertThat(timelineOf(key)).extracting(TimelineEntry::kind).containsExactly(AlertChange.Kind.OPENED,
                AlertChange.Kind.RESOLVED, AlertChange.Kind.REOPENED);
    }

    @Test
    void anOlderRevisionArrivingAfterANewerOneNeverOverwritesItsEvidence() {
        String key = newConditionKey("order");
        var raise = raised(key, "flood", "water", "north", t0);
        var update1 = next(raise, Transition.UPDATED, t0.plusSeconds(30), 1.9);
        var update2 = next(update1, Transition.UPDATED, t0.plusSeconds(60), 2.6);

        publish(raise);
        publish(update2);
        publish(update1);

        await().atMost(WAIT).until(() -> processed(update1.eventId()));

        assertThat(single(key).latest().revision()).isEqualTo(2);
        assertThat(single(key).latest().evidence().readings().getFirst().value()).isEqualTo(2.6);
        assertThat(single(key).version()).isEqualTo(2);
    }

    @Test
    void twoThreadsRaisingTheSameKeyAtOnceYieldOneAlert() throws Exception {
        String key = newConditionKey("race");
        int raisers = 6;
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(raisers);
        try {
            List<Future<ApplyingAlertEvents.Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < raisers; i++) {
                var event = raised(key, "flood", "water", "north", t0.plusSeconds(i));
                Callable<ApplyingAlertEvents.Outcome> raise = () -> {
                    start.await();
                    return applying.apply(event);
                };
                outcomes.add(pool.submit(raise));
            }
            start.countDown();
            List<ApplyingAlertEvents.Outcome> results = new ArrayList<>();
            for (var outcome : outcomes) {
                results.add(outcome.get());
            }

            assertThat(alertsOf(key)).hasSize(1);
            assertThat(results).filteredOn(o -> o == ApplyingAlertEvents.Outcome.OPENED).hasSize(1);
            assertThat(single(key).occurrences()).isBetween(1, raisers);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void everyStoredChangeIsPublishedOnTheLifecycleTopicKeyedByTheAlertIdWithItsVersion() {
        String key = newConditionKey("lifecycle");
        try (var probe = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(), Topics.ALERTS_LIFECYCLE)) {
            publish(raised(key, "flood", "water", "north", t0));
            await().atMost(WAIT).until(() -> single(key) != null);
            UUID id = single(key).id();
            var timeToAcknowledge = meters.timer("urbanops.alerting.alerts.time.to.acknowledge", "severity", "MAJOR");
            long acknowledgedBefore = timeToAcknowledge.count();
            lifecycle.acknowledge(id, "technician", "on my way");
            assertThat(timeToAcknowledge.count()).isEqualTo(acknowledgedBefore + 1);

            var records = probe.awaitMatching(r -> id.toString().equals(r.key()), 2, WAIT);

            assertThat(records).extracting(r -> new String(r.headers().lastHeader("ce_id").value()))
                    .containsExactly(id + ":1", id + ":2");
            var acknowledged = JSON.read(records.get(1).value(), AlertLifecycleEvent.class);
            assertThat(acknowledged.change()).isEqualTo(AlertLifecycleEvent.Change.ACKNOWLEDGED);
            assertThat(acknowledged.actor()).isEqualTo("technician");
            assertThat(acknowledged.status()).isEqualTo(AlertLifecycleEvent.Status.ACKNOWLEDGED);
            await().atMost(WAIT).until(() -> jdbc.sql("select count(*) from alert_lifecycle_outbox where alert_id = ?")
                    .param(id).query(Long.class).single() == 0);
        }
    }

    @Test
    void appliedEventIdsArePrunedOnlyOnceTheAlertsTopicCanNoLongerHoldTheirEvents() {
        String old = "pruning/" + UUID.randomUUID() + "#0";
        String recent = "pruning/" + UUID.randomUUID() + "#0";
        jdbc.sql("insert into alert_processed_event (event_id, processed_at) values (?, now() - interval '36 days'), "
                + "(?, now() - interval '29 days')").params(old, recent).update();

        pruning.prune();

        assertThat(processed(old)).isFalse();
        assertThat(processed(recent)).isTrue();
    }

    private List<UUID> alertsOf(String key) {
        return jdbc.sql("select id from alert where condition_key = ?").param(key).query(UUID.class).list();
    }

    private Alert single(String key) {
        var ids = alertsOf(key);
        if (ids.isEmpty()) {
            return null;
        }
        assertThat(ids).as("alerts of " + key).hasSize(1);
        return lifecycle.find(ids.getFirst()).orElseThrow();
    }

    private List<TimelineEntry> timelineOf(String key) {
        var ids = alertsOf(key);
        return ids.isEmpty() ? List.of() : lifecycle.timeline(ids.getFirst(), 0, 100);
    }

    private boolean processed(String eventId) {
        return jdbc.sql("select count(*) from alert_processed_event where event_id = ?").param(eventId)
                .query(Long.class).single() == 1;
    }
}
