package city.urbanops.rules.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

class PromptCommitTest {

    private final MockProcessorContext<String, String> context = new MockProcessorContext<>();

    @Test
    void anAlertWaitingIsCommittedAtTheNextPunctuationAndOnlyOnce() {
        var prompt = PromptCommit.schedule(context, Duration.ofMillis(20));
        var punctuator = context.scheduledPunctuators().getFirst();
        assertThat(punctuator.getInterval()).isEqualTo(Duration.ofMillis(20));
        assertThat(punctuator.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);

        prompt.request();
        prompt.request();
        punctuator.getPunctuator().punctuate(1_000);
        assertThat(context.committed()).isTrue();

        context.resetCommit();
        punctuator.getPunctuator().punctuate(1_020);
        assertThat(context.committed()).as("nothing new waiting: the commit interval does the rest").isFalse();
    }

    @Test
    void withoutAnythingWaitingNoCommitIsAskedFor() {
        PromptCommit.schedule(context, Duration.ofMillis(20));

        context.scheduledPunctuators().getFirst().getPunctuator().punctuate(1_000);

        assertThat(context.committed()).isFalse();
    }

    @Test
    void zeroSpacingLeavesEveryCommitToTheInterval() {
        var prompt = PromptCommit.schedule(context, Duration.ZERO);
        prompt.request();

        assertThat(prompt).isSameAs(PromptCommit.NEVER);
        assertThat(context.scheduledPunctuators()).isEmpty();
        assertThat(context.committed()).isFalse();
    }
}
