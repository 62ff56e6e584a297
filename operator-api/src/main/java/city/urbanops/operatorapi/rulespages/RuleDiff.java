package city.urbanops.operatorapi.rulespages;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** A line diff of two rule documents, each pretty-printed as JSON, computed with java-diff-utils. */
final class RuleDiff {

    /** One line of the diff: {@code sign} is "+" (added), "−" (removed) or " " (same). */
    record Line(String sign, String kind, Integer oldNumber, Integer newNumber, String text) {
    }

    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private RuleDiff() {
    }

    static List<Line> between(JsonNode older, JsonNode newer) {
        List<String> a = lines(older);
        List<String> b = lines(newer);
        Patch<String> patch = DiffUtils.diff(a, b);
        List<Line> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        for (AbstractDelta<String> delta : patch.getDeltas()) {
            while (i < delta.getSource().getPosition()) {
                out.add(new Line(" ", "same", i + 1, j + 1, a.get(i)));
                i++;
                j++;
            }
            for (String removed : delta.getSource().getLines()) {
                out.add(new Line("−", "removed", i + 1, null, removed));
                i++;
            }
            for (String added : delta.getTarget().getLines()) {
                out.add(new Line("+", "added", null, j + 1, added));
                j++;
            }
        }
        while (i < a.size()) {
            out.add(new Line(" ", "same", i + 1, j + 1, a.get(i)));
            i++;
            j++;
        }
        return out;
    }

    private static List<String> lines(JsonNode document) {
        return document == null ? List.of() : PRETTY.writeValueAsString(document).lines().toList();
    }
}
