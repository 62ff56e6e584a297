package city.urbanops.operatorapi.rulespages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RuleDiffTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void changedValueIsOneRemovedAndOneAddedLineBetweenUnchangedOnes() {
        var older = JSON.readTree("{\"name\": \"Silent\", \"condition\": {\"type\": \"absence\", \"forDuration\": \"PT20M\"}}");
        var newer = JSON.readTree("{\"name\": \"Silent\", \"condition\": {\"type\": \"absence\", \"forDuration\": \"PT45M\"}}");

        List<RuleDiff.Line> diff = RuleDiff.between(older, newer);

        assertThat(diff).filteredOn(l -> l.kind().equals("removed")).singleElement()
                .satisfies(l -> assertThat(l.text()).contains("PT20M")).satisfies(l -> assertThat(l.sign()).isEqualTo("−"));
        assertThat(diff).filteredOn(l -> l.kind().equals("added")).singleElement()
                .satisfies(l -> assertThat(l.text()).contains("PT45M")).satisfies(l -> assertThat(l.sign()).isEqualTo("+"));
        assertThat(diff).filteredOn(l -> l.kind().equals("same")).extracting(RuleDiff.Line::text)
                .anySatisfy(t -> assertThat(t).contains("\"name\"")).anySatisfy(t -> assertThat(t).contains("absence"));
    }

    @Test
    void identicalDocumentsHaveNoChangedLine() {
        var doc = JSON.readTree("{\"name\": \"Silent\"}");

        assertThat(RuleDiff.between(doc, doc)).extracting(RuleDiff.Line::kind).containsOnly("same");
    }
}
