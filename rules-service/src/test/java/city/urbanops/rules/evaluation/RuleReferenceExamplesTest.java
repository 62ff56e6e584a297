package city.urbanops.rules.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.rules.rule.KnownGroups;
import city.urbanops.rules.rule.RuleDocuments;
import city.urbanops.rules.rule.RuleValidation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The examples of the rule reference in {@code docs/rules.md} are rules the service accepts, one of each kind. */
class RuleReferenceExamplesTest {

    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);

    /** The registry vocabulary the examples name. */
    private static final KnownGroups CITY = new KnownGroups() {
        private final Map<String, List<String>> types = Map.of(
                "water-level", List.of("water_level"),
                "air-quality", List.of("pm2_5", "pm10", "no2", "temperature", "humidity"),
                "ev-charger", List.of("charger_status", "charging_power"));

        @Override
        public Set<String> departments() {
            return Set.of("environment", "water", "transport");
        }

        @Override
        public Set<String> districts() {
            return Set.of("north", "south");
        }

        @Override
        public Set<String> sites() {
            return Set.of();
        }

        @Override
        public boolean hasDevice(String deviceId) {
            return false;
        }

        @Override
        public Optional<List<String>> measurementsOf(String deviceType) {
            return Optional.ofNullable(types.get(deviceType));
        }
    };

    @Test
    void everyExampleOfTheRuleReferenceIsAcceptedAndEachKindHasOne() throws IOException {
        var documents = new RuleDocuments();
        var kinds = new ArrayList<String>();
        for (var example : examples()) {
            var verdict = documents.validate(example.getBytes(StandardCharsets.UTF_8), CITY);
            assertThat(verdict).as(example).isInstanceOf(RuleValidation.Valid.class);
            kinds.add(documents.mapper().readTree(example).get("condition").get("type").asString());
        }

        assertThat(kinds).containsExactlyInAnyOrder("threshold", "rate-of-change", "absence", "state-held",
                "group-count");
    }

    private static List<String> examples() throws IOException {
        var text = Files.readString(docs().resolve("rules.md"));
        int start = text.indexOf("\n## Rule reference\n");
        assertThat(start).as("docs/rules.md has a rule reference").isNotNegative();
        int end = text.indexOf("\n## ", start + 1);
        var section = end < 0 ? text.substring(start) : text.substring(start, end);
        var examples = new ArrayList<String>();
        var matcher = JSON_BLOCK.matcher(section);
        while (matcher.find()) {
            examples.add(matcher.group(1));
        }
        return examples;
    }

    private static Path docs() {
        for (var dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/rules.md"))) {
                return dir.resolve("docs");
            }
        }
        throw new IllegalStateException("docs/rules.md not found above " + Path.of("").toAbsolutePath());
    }
}
