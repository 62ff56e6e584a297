package city.urbanops.rules.evaluation;

import city.urbanops.rules.rule.Condition;
import city.urbanops.rules.topology.RuleRef;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One absence rule's watch on one device, kept in the device's {@link DeviceState}: when its last matching reading
 * happened (event time) and when this stage processed it (wall clock). The silence is measured on the wall clock, so a
 * device whose clock is wrong is judged as fairly as one whose clock is right, and the watch lives in a changelogged
 * store, so a restart or a partition move continues the count rather than restarting it. {@code raisedAt} is set while
 * the absence is open. ({@code deviceId} is only set on watches of the former store of their own, read once to move
 * them into the device's state.)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record AbsenceWatch(String deviceId, RuleRef rule, Instant lastEventTime, long lastSeenWallMillis, Instant raisedAt) {

    boolean open() {
        return raisedAt != null;
    }

    /** A matching reading arrived: the silence, if any, is over; the watch restarts from this reading. */
    static AbsenceWatch seen(RuleRef rule, Instant eventTime, long wallMillis) {
        return new AbsenceWatch(null, rule, eventTime, wallMillis, null);
    }

    /** Whether the silence has lasted the rule's duration on the wall clock and is not raised yet. */
    boolean due(Condition.Absence condition, long wallMillis) {
        return !open() && wallMillis - lastSeenWallMillis >= condition.forDuration().toMillis();
    }

    /** The absence raised: it began with the last reading, whose event time is what {@code raisedAt} says. */
    AbsenceWatch raised(RuleRef current) {
        return new AbsenceWatch(null, current, lastEventTime, lastSeenWallMillis, lastEventTime);
    }
}
