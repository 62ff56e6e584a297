package city.urbanops.localplatform.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecentTest {

    @Test
    void keepsTheLastItemsNewestFirstAndCountsTheDropped() {
        var recent = new Recent<Integer>(3);

        for (int i = 1; i <= 5; i++) {
            recent.add(i);
        }

        assertThat(recent.newestFirst()).containsExactly(5, 4, 3);
        assertThat(recent.total()).isEqualTo(5);
        assertThat(recent.dropped()).isEqualTo(2);
    }

    @Test
    void belowItsCapacityItKeepsEverything() {
        var recent = new Recent<String>(3);

        recent.add("a");
        recent.add("b");

        assertThat(recent.newestFirst()).containsExactly("b", "a");
        assertThat(recent.dropped()).isZero();
    }

    @Test
    void aCapacityOutsideItsBoundsIsRefused() {
        assertThatThrownBy(() -> new Recent<String>(0)).hasMessage("an inbox keeps 1..10000 items, asked 0");
        assertThatThrownBy(() -> new Recent<String>(Recent.MAX_CAPACITY + 1)).hasMessageContaining("1..10000");
    }
}
