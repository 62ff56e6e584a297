package city.urbanops.rules.triage;

import city.urbanops.events.alert.AlertEvent.Cause;
import city.urbanops.events.alert.AlertEvent.QuarantineProposal;
import city.urbanops.events.alert.AlertEvent.Signal;
import java.util.List;

/**
 * What triage concludes about one condition: its cause, the explanation a person reads, the signals behind it and,
 * for a device that cannot be believed, a recommendation to quarantine it ({@code proposal}, null when none).
 */
record Verdict(Cause cause, String explanation, List<Signal> signals, QuarantineProposal proposal) {

    Verdict {
        signals = signals == null ? List.of() : List.copyOf(signals);
    }

    Verdict(Cause cause, String explanation, List<Signal> signals) {
        this(cause, explanation, signals, null);
    }

    /** Whether an open alert judged {@code before} must be updated to say this instead. */
    boolean differsFrom(Verdict before) {
        return before == null || cause != before.cause || !explanation.equals(before.explanation);
    }
}
