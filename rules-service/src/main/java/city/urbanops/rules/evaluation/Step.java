package city.urbanops.rules.evaluation;

import java.time.Instant;

/**
 * The outcome of one reading for one rule and device: the tracking to keep, and whether the condition began
 * ({@link Change#RAISE}, with the event time it began at) or ended.
 */
record Step(Tracking next, Change change, Instant raisedAt) {

    enum Change { NONE, RAISE, CLEAR }

    static Step none(Tracking next) {
        return new Step(next, Change.NONE, null);
    }

    static Step raise(Tracking next, Instant raisedAt) {
        return new Step(next, Change.RAISE, raisedAt);
    }

    static Step clear(Tracking next) {
        return new Step(next, Change.CLEAR, null);
    }
}
