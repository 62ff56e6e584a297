package city.urbanops.rules.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class StateStoresTest {

    @Test
    void liveStateHasAChangelogOnDiskOrInTheHeapWhileTheDryRunsStaysInMemoryWithout() {
        var live = StateStores.PERSISTENT.keyValue("s", Serdes.String());
        var liveInHeap = StateStores.LOGGED_IN_MEMORY.keyValue("s", Serdes.String());
        var rehearsal = StateStores.IN_MEMORY.keyValue("s", Serdes.String());

        assertThat(live.loggingEnabled()).isTrue();
        assertThat(live.build().persistent()).isTrue();
        assertThat(liveInHeap.loggingEnabled()).isTrue();
        assertThat(liveInHeap.build().persistent()).isFalse();
        assertThat(rehearsal.loggingEnabled()).isFalse();
        assertThat(rehearsal.build().persistent()).isFalse();
    }
}
