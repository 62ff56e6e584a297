package city.urbanops.registry.device;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The registry's meters, registered once: {@code urbanops.registry.changes{action}} counts committed history lines,
 * {@code urbanops.registry.refusals{reason}} changes the registry refused.
 */
@Component
public class RegistryMetrics {

    /** Why a change was refused, as the {@code reason} tag says it. */
    public enum RefusalReason {
        STALE_VERSION, INVALID_TRANSITION, STATE_CONFLICT, DUPLICATE;

        static RefusalReason of(Refusal refusal) {
            return switch (refusal) {
                case Refusal.StaleVersion s -> STALE_VERSION;
                case Refusal.InvalidTransition t -> INVALID_TRANSITION;
                case Refusal.StateConflict c -> STATE_CONFLICT;
                case Refusal.Duplicate d -> DUPLICATE;
            };
        }

        String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Map<HistoryAction, Counter> changes = new EnumMap<>(HistoryAction.class);
    private final Map<RefusalReason, Counter> refusals = new EnumMap<>(RefusalReason.class);

    public RegistryMetrics(MeterRegistry registry) {
        for (HistoryAction action : HistoryAction.values()) {
            changes.put(action, Counter.builder("urbanops.registry.changes")
                    .description("Changes the registry committed, by what the history says happened")
                    .tag("action", action.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        for (RefusalReason reason : RefusalReason.values()) {
            refusals.put(reason, Counter.builder("urbanops.registry.refusals")
                    .description("Changes the registry refused, by reason")
                    .tag("reason", reason.tag()).register(registry));
        }
    }

    void changed(HistoryAction action) {
        changes.get(action).increment();
    }

    /** Counts a refusal answered to a caller. */
    public void refused(Refusal refusal) {
        refusals.get(RefusalReason.of(refusal)).increment();
    }
}
