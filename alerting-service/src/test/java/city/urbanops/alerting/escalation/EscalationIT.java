package city.urbanops.alerting.escalation;

import static city.urbanops.alerting.TestAlerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.alerting.AlertingDatabase;
import city.urbanops.alerting.MutableClock;
import city.urbanops.alerting.RecordingAlertActions;
import city.urbanops.alerting.RecordingEscalationNotices;
import city.urbanops.alerting.alert.Alert;
import city.urbanops.alerting.alert.AlertChange;
import city.urbanops.alerting.alert.AlertChange.Kind;
import city.urbanops.alerting.maintenance.MaintenanceWindow;
import city.urbanops.alerting.maintenance.MaintenanceWindowRepository;
import city.urbanops.alerting.routing.EscalationLevel;
import city.urbanops.alerting.routing.OnCallOverride;
import city.urbanops.alerting.routing.OnCallSchedule;
import city.urbanops.alerting.routing.PolicyMatch;
import city.urbanops.alerting.routing.PolicyRouter;
import city.urbanops.alerting.routing.Recipient;
import city.urbanops.alerting.routing.RoutingPolicy;
import city.urbanops.alerting.routing.RoutingPolicyRepository;
import city.urbanops.alerting.routing.RoutingProperties;
import city.urbanops.alerting.routing.Rotation;
import city.urbanops.alerting.routing.ScheduleRepository;
import city.urbanops.events.alert.AlertEvent.Cause;
import city.urbanops.events.alert.AlertEvent.Severity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Escalation on a real PostgreSQL with a clock the test moves: timers written with the alert change, fired when due by
 * {@link EscalationScheduler#tick()}, stopped by an acknowledgement, fired once across instances. The scheduler is wired
 * by hand around {@link RecordingAlertActions} and {@link RecordingEscalationNotices} for the control those give (an
 * acknowledgement the listener has not seen, an outbox failing for one alert); the same path with the real store and
 * the real notices, down to the email, is {@code notification.EscalationToPeopleIT}.
 */
class EscalationIT {

    private static final Instant OPENED_AT = Instant.parse("2026-03-30T10:00:00Z");
    private static final Recipient ANNA = new Recipient("anna", "Anna Network", "anna@city.example");
    private static final Recipient OTTO = new Recipient("otto", "Otto Override", "otto@city.example");
    private static final Recipient SAM = new Recipient("sam", "Sam Supervisor", "sam@city.example");

    private final MutableClock clock = new MutableClock(OPENED_AT);
    private final RecordingAlertActions alerts = new RecordingAlertActions();
    private final RecordingEscalationNotices notices = new RecordingEscalationNotices();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private JdbcClient jdbc;
    private ScheduleRepository schedules;
    private TransactionTemplate transactions;
    private EscalationTimers timers;
    private PolicyRouter router;
    private EscalationTimerListener listener;
    private MaintenanceWindowRepository maintenance;

    @BeforeEach
    void networkTeamPolicy() {
        var dataSource = AlertingDatabase.fresh("escalation");
        jdbc = JdbcClient.create(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        schedules = new ScheduleRepository(jdbc);
        var policies = new RoutingPolicyRepository(jdbc);
        schedules.save(new OnCallSchedule("network", "Network team", "Europe/Paris",
                List.of(new Rotation("primary", LocalDateTime.parse("2026-03-02T08:00"), "FREQ=WEEKLY;BYDAY=MO",
                        List.of(ANNA))), List.of()), "supervisor", OPENED_AT);
        policies.save(new RoutingPolicy("network-team", "Network team", 10, true,
                new PolicyMatch(null, null, null, null, Set.of(Cause.NETWORK_FAULT), null), "network", List.of(),
                List.of(), Duration.ofSeconds(30), null,
                List.of(new EscalationLevel(Duration.ofMinutes(5), "network", List.of(), List.of("net-hook")),
                        new EscalationLevel(Duration.ofMinutes(10), null, List.of(SAM), List.of()))),
                "supervisor", OPENED_AT);
        router = new PolicyRouter(policies, schedules, new RoutingProperties(null, null, null), meters);
        timers = new EscalationTimers(jdbc);
        listener = new EscalationTimerListener(router, timers);
        maintenance = new MaintenanceWindowRepository(jdbc);
    }

    private EscalationScheduler scheduler() {
        return new EscalationScheduler(timers, alerts, router, notices, maintenance, new EscalationMetrics(meters), transactions,
                clock, new EscalationProperties(true, Duration.ofSeconds(1), 100));
    }

    private Alert open(Cause cause) {
        var alert = alerts.put(alert("water", "north", Severity.MAJOR, cause));
        change(alert, Kind.OPENED);
        return alert;
    }

    /** The alert store's transaction: the change and whatever the listener writes commit together. */
    private void change(Alert alert, Kind kind) {
        transactions.executeWithoutResult(status ->
                listener.onAlertChange(new AlertChange(alert, kind, "rules-service", clock.instant(), "")));
    }

    private double escalations(int level) {
        var counter = meters.find("urbanops.alerting.escalations").tag("level", Integer.toString(level)).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void unacknowledgedAlertEscalatesLevelByLevelUpToTheSupervisorThenStops() {
        var alert = open(Cause.NETWORK_FAULT);
        var scheduler = scheduler();

        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(scheduler.tick()).as("not due yet").isZero();

        clock.advance(Duration.ofSeconds(1));
        assertThat(scheduler.tick()).isEqualTo(1);
        assertThat(notices.sent).singleElement().satisfies(notice -> {
            assertThat(notice.alertId()).isEqualTo(alert.id());
            assertThat(notice.step().level()).isEqualTo(1);
            assertThat(notice.step().recipients()).containsExactly(ANNA);
            assertThat(notice.step().webhookEndpointIds()).containsExactly("net-hook");
        });
        assertThat(alerts.timeline).singleElement().satisfies(entry -> {
            assertThat(entry.kind()).isEqualTo(Kind.ESCALATED);
            assertThat(entry.actor()).isEqualTo("alerting");
            assertThat(entry.note()).startsWith("level 1 (policy network-team): Anna Network");
        });

        clock.advance(Duration.ofMinutes(10).minusSeconds(1));
        assertThat(scheduler.tick()).as("level 2 counts from level 1's notice").isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(scheduler.tick()).isEqualTo(1);
        assertThat(notices.sent).extracting(n -> n.step().recipients()).last().isEqualTo(List.of(SAM));

        clock.advance(Duration.ofDays(1));
        assertThat(scheduler.tick()).as("the supervisor is the last level").isZero();
        assertThat(timers.find(alert.id())).isEmpty();
        assertThat(escalations(1)).isEqualTo(1.0);
        assertThat(escalations(2)).isEqualTo(1.0);
    }

    @Test
    void acknowledgementStopsTheEscalation() {
        var alert = open(Cause.NETWORK_FAULT);
        clock.advance(Duration.ofMinutes(2));
        change(alerts.acknowledge(alert.id(), "anna", ""), Kind.ACKNOWLEDGED);

        clock.advance(Duration.ofHours(1));

        assertThat(scheduler().tick()).isZero();
        assertThat(notices.sent).isEmpty();
        assertThat(timers.find(alert.id())).isEmpty();
    }

    @Test
    void alertFoundAcknowledgedWhenItsTimerFiresIsNotEscalated() {
        var alert = open(Cause.NETWORK_FAULT);
        alerts.acknowledge(alert.id(), "anna", ""); // acknowledged, its change not yet seen by the listener

        clock.advance(Duration.ofMinutes(5));

        assertThat(scheduler().tick()).isZero();
        assertThat(notices.sent).isEmpty();
        assertThat(alerts.timeline).isEmpty();
        assertThat(timers.find(alert.id())).isEmpty();
    }

    @Test
    void timerCommitsOrRollsBackWithTheAlertChange() {
        var alert = alerts.put(alert("water", "north", Severity.MAJOR, Cause.NETWORK_FAULT));

        transactions.executeWithoutResult(status -> {
            listener.onAlertChange(new AlertChange(alert, Kind.OPENED, "rules-service", clock.instant(), ""));
            status.setRollbackOnly();
        });

        assertThat(timers.find(alert.id())).isEmpty();
    }

    @Test
    void levelGoesToWhoeverIsOnCallWhenItFires() {
        var alert = open(Cause.NETWORK_FAULT);
        schedules.addOverride("network", new OnCallOverride(UUID.randomUUID(), OTTO, OPENED_AT.plusSeconds(60),
                OPENED_AT.plusSeconds(3600), "supervisor"), OPENED_AT);

        clock.advance(Duration.ofMinutes(5));
        scheduler().tick();

        assertThat(notices.sent).singleElement().satisfies(n -> {
            assertThat(n.alertId()).isEqualTo(alert.id());
            assertThat(n.step().recipients()).containsExactly(OTTO);
        });
    }

    @Test
    void alertInMaintenanceIsEscalatedOnlyIfStillOpenWhenTheWindowEnds() {
        var alert = open(Cause.NETWORK_FAULT);
        var windowEnd = OPENED_AT.plus(Duration.ofHours(2));
        maintenance.save(new MaintenanceWindow(UUID.randomUUID(), MaintenanceWindow.Target.DEVICE, alert.deviceId(),
                OPENED_AT, windowEnd, "router swap", "supervisor"), OPENED_AT);
        var scheduler = scheduler();

        clock.advance(Duration.ofMinutes(5));
        assertThat(scheduler.tick()).isZero();
        assertThat(notices.sent).isEmpty();
        assertThat(timers.find(alert.id()).orElseThrow().dueAt()).isEqualTo(windowEnd);

        clock.set(windowEnd);
        assertThat(scheduler.tick()).isEqualTo(1);
        assertThat(notices.sent).extracting(n -> n.step().level()).containsExactly(1);
    }

    @Test
    void routeWithoutEscalationLevelsSetsNoTimer() {
        var alert = open(Cause.DEVICE_FAULT); // no policy matches; the default fallback has no levels

        assertThat(timers.find(alert.id())).isEmpty();
    }

    @Test
    void reopenedAlertStartsOverAtLevelOne() {
        var alert = open(Cause.NETWORK_FAULT);
        var scheduler = scheduler();
        clock.advance(Duration.ofMinutes(5));
        scheduler.tick();
        change(alert, Kind.RESOLVED);

        clock.advance(Duration.ofMinutes(1));
        change(alert, Kind.REOPENED);

        var timer = timers.find(alert.id()).orElseThrow();
        assertThat(timer.level()).isEqualTo(1);
        assertThat(timer.dueAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
    }

    @Test
    void twoInstancesTickingTogetherFireEachTimerOnce() throws Exception {
        var opened = new ArrayList<UUID>();
        for (int i = 0; i < 40; i++) {
            opened.add(open(Cause.NETWORK_FAULT).id());
        }
        clock.advance(Duration.ofMinutes(5));
        var first = scheduler();
        var second = scheduler();
        var start = new CountDownLatch(1);

        var a = CompletableFuture.supplyAsync(() -> awaitThen(start, first::tick));
        var b = CompletableFuture.supplyAsync(() -> awaitThen(start, second::tick));
        start.countDown();

        assertThat(a.get() + b.get()).isEqualTo(40);
        assertThat(notices.sent).extracting(RecordingEscalationNotices.Notice::alertId)
                .containsExactlyInAnyOrderElementsOf(opened);
        assertThat(notices.sent).allSatisfy(n -> assertThat(n.step().level()).isEqualTo(1));
    }

    @Test
    void failedEscalationIsUndoneAndTriedAgainLaterWithoutHoldingUpOthers() {
        var failing = open(Cause.NETWORK_FAULT);
        clock.advance(Duration.ofSeconds(1));
        var other = open(Cause.NETWORK_FAULT);
        notices.failingFor = failing.id();
        clock.advance(Duration.ofMinutes(5));

        assertThat(scheduler().tick()).isEqualTo(1);

        assertThat(notices.sent).extracting(RecordingEscalationNotices.Notice::alertId).containsExactly(other.id());
        assertThat(alerts.timeline).extracting(RecordingAlertActions.Entry::alertId).containsExactly(other.id());
        var postponed = timers.find(failing.id()).orElseThrow();
        assertThat(postponed.level()).isEqualTo(1);
        assertThat(postponed.dueAt()).isEqualTo(clock.instant().plus(EscalationScheduler.RETRY_DELAY));
        assertThat(meters.get("urbanops.alerting.escalation.failures").counter().count()).isEqualTo(1.0);

        notices.failingFor = null;
        clock.advance(EscalationScheduler.RETRY_DELAY);
        assertThat(scheduler().tick()).isEqualTo(1);
        assertThat(notices.sent).extracting(RecordingEscalationNotices.Notice::alertId).last().isEqualTo(failing.id());
    }

    private static int awaitThen(CountDownLatch start, java.util.function.IntSupplier tick) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return tick.getAsInt();
    }
}
