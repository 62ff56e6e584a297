package city.urbanops.rules.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.urbanops.rules.topology.StateStores;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RulesPropertiesTest {

    @Test
    void byDefaultStateIsInTheHeapAndOnlyTheCommitIntervalCommitsEvery50Ms() {
        var defaults = properties(null, null, null);

        assertThat(defaults.stateStore().kind()).isEqualTo(StateStores.LOGGED_IN_MEMORY);
        assertThat(defaults.commitInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(defaults.settings().promptCommit()).isZero();
    }

    @Test
    void promptCommitsAndRocksDbAreChosenBySetting() {
        var chosen = properties(RulesProperties.StateStore.ROCKSDB, Duration.ofMillis(100), Duration.ofMillis(20));

        assertThat(chosen.stateStore().kind()).isEqualTo(StateStores.PERSISTENT);
        assertThat(chosen.settings().promptCommit()).isEqualTo(Duration.ofMillis(20));
    }

    @Test
    void aPromptCommitSlowerThanTheCommitIntervalIsRefusedByName() {
        assertThatThrownBy(() -> properties(null, Duration.ofMillis(50), Duration.ofMillis(200)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("urbanops.rules.prompt-commit");
        assertThatThrownBy(() -> properties(null, null, Duration.ofMillis(-1)))
                .hasMessageContaining("urbanops.rules.prompt-commit");
    }

    private static RulesProperties properties(RulesProperties.StateStore store, Duration commitInterval,
                                              Duration promptCommit) {
        return new RulesProperties(null, null, store, null, null, null, commitInterval, null, null, null, null, null,
                null, null, null, null, null, null, promptCommit, null);
    }
}
