package city.urbanops.registry.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.urbanops.security.problem.InvalidRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CursorsTest {

    @Test
    void aCursorContinuesAfterTheKeyItWasMadeFrom() {
        assertThat(Cursors.keyOf(Cursors.after("aq-0001"))).isEqualTo("aq-0001");
        assertThat(Cursors.numericKeyOf(Cursors.after("42"))).isEqualTo(42L);
        assertThat(Cursors.keyOf(null)).isNull();
    }

    @Test
    void aCursorIsOpaque() {
        assertThat(Cursors.after("aq-0001")).doesNotContain("aq-0001");
    }

    @Test
    void aCursorThisServiceDidNotIssueIsRefusedNamingCursor() {
        for (String forged : List.of("aq-0001", "!!!", "YWJj")) {
            assertThatThrownBy(() -> Cursors.keyOf(forged)).isInstanceOfSatisfying(InvalidRequestException.class,
                    e -> assertThat(e.problems().getFirst().field()).isEqualTo("cursor"));
        }
        assertThatThrownBy(() -> Cursors.numericKeyOf(Cursors.after("x"))).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void aPageKeepsTheLimitAndPointsAfterItsLastItem() {
        Page<String> page = Page.of(List.of("a", "b", "c"), 2, s -> s);

        assertThat(page.items()).containsExactly("a", "b");
        assertThat(Cursors.keyOf(page.next())).isEqualTo("b");
        assertThat(Page.of(List.of("a", "b"), 2, s -> s).next()).isNull();
    }
}
