package city.urbanops.registry.device;

import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.DeviceRecord;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Commits a change to a device: its version goes up by one, the history gets the line that says why, and the new
 * record (with the gateway's credentials record when they changed) goes to the outbox, all in the caller's
 * transaction. Every use case that changes a device ends here, so no change escapes the topic.
 */
@Component
public class DeviceChanges {

    private final JdbcClient jdbc;
    private final DeviceRecords records;
    private final Clock clock;
    private final RegistryMetrics metrics;
    private final List<DeviceChangeListener> listeners;

    public DeviceChanges(JdbcClient jdbc, DeviceRecords records, Clock clock, RegistryMetrics metrics,
                         List<DeviceChangeListener> listeners) {
        this.listeners = List.copyOf(listeners);
        this.jdbc = jdbc;
        this.records = records;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** What the history says about a change. */
    public record Change(HistoryAction action, DeviceLifecycle from, DeviceLifecycle to, String reason, String actor,
                         String proposalId) {

        public static Change of(HistoryAction action, String reason, String actor) {
            return new Change(action, null, null, reason, actor, null);
        }
    }

    /** The instant changes are stamped with now, at the database's precision so a read-back compares equal. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Records the creation of a device that was just inserted at version 1 and publishes it. */
    @Transactional(propagation = Propagation.MANDATORY)
    public DeviceRecord created(String deviceId, Change change, boolean withCredentials) {
        Instant at = now();
        appendHistory(deviceId, 1, change, at);
        DeviceRecord record = records.publish(deviceId, withCredentials);
        tell(record, 1, at, change);
        return record;
    }

    /** Bumps the device's version, appends the history lines and publishes the new record(s). */
    @Transactional(propagation = Propagation.MANDATORY)
    public DeviceRecord committed(String deviceId, boolean credentialsChanged, Change... changes) {
        Instant at = now();
        long version = jdbc.sql("update device set version = version + 1, updated_at = ? where id = ? returning version")
                .params(Timestamp.from(at), deviceId).query(Long.class).single();
        for (Change change : changes) {
            appendHistory(deviceId, version, change, at);
        }
        DeviceRecord record = records.publish(deviceId, credentialsChanged);
        tell(record, version, at, changes);
        return record;
    }

    private void tell(DeviceRecord record, long version, Instant at, Change... changes) {
        for (Change change : changes) {
            listeners.forEach(listener -> listener.onDeviceChange(record, version, at, change));
        }
    }

    private void appendHistory(String deviceId, long version, Change change, Instant at) {
        jdbc.sql("""
                insert into device_history (device_id, version, action, from_state, to_state, reason, actor,
                                            proposal_id, at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(deviceId, version, change.action().name(), change.from() == null ? null : change.from().name(),
                        change.to() == null ? null : change.to().name(), change.reason(), change.actor(),
                        change.proposalId(), Timestamp.from(at))
                .update();
        // Counted once the change is committed: a rolled-back change happened nowhere.
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                metrics.changed(change.action());
            }
        });
    }
}
