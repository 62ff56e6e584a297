package city.urbanops.rules.topology;

import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Commits soon after a stage emitted something a person is waiting for (a condition that began or ended, an alert)
 * instead of at the next commit interval. Under exactly-once what a stage emits becomes visible when its transaction
 * commits, and a reading's alert crosses two of them (the findings to triage, then the alert), so with the periodic
 * commit alone it waited up to two intervals. A wall-clock punctuation every {@code spacing} asks Kafka Streams to
 * commit when something is waiting: such commits are at most one per spacing per task however many alerts a storm
 * brings, and routine output (samples, state) still waits for the commit interval.
 */
public final class PromptCommit {

    /** For a processor whose output nobody waits for, and for {@link Duration#ZERO} (the commit interval only). */
    public static final PromptCommit NEVER = new PromptCommit();

    private boolean waiting;

    private PromptCommit() {
    }

    /** Schedules the prompt commits of one processor; {@link #NEVER} when {@code spacing} is zero. */
    public static PromptCommit schedule(ProcessorContext<?, ?> context, Duration spacing) {
        if (spacing.isZero()) {
            return NEVER;
        }
        var prompt = new PromptCommit();
        context.schedule(spacing, PunctuationType.WALL_CLOCK_TIME, now -> {
            if (prompt.waiting) {
                prompt.waiting = false;
                context.commit();
            }
        });
        return prompt;
    }

    /** Something was emitted that should become visible soon. */
    public void request() {
        if (this != NEVER) {
            waiting = true;
        }
    }
}
