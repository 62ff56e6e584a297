package city.urbanops.events;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.TopicDefinition.Cleanup;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TopicDefinitionsTest {

    @Test
    void everyTopicNameOfTheModelHasExactlyOneDefinition() throws Exception {
        var names = Arrays.stream(Topics.class.getFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == String.class)
                .map(field -> {
                    try {
                        return (String) field.get(null);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();

        assertThat(Topics.ALL).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(names);
    }

    @Test
    void onlyTheCurrentStateTopicsAreCompacted() {
        assertThat(Topics.DEFINITIONS).filteredOn(definition -> definition.cleanup() instanceof Cleanup.Compact)
                .extracting(TopicDefinition::name)
                .containsExactly(Topics.REGISTRY_DEVICES, Topics.REGISTRY_GATEWAY_CREDENTIALS, Topics.RULES,
                        Topics.AUDIT_ANCHORS);
        assertThat(Topics.definition(Topics.REGISTRY_DEVICES).orElseThrow().configs())
                .containsExactlyEntriesOf(new java.util.TreeMap<>(java.util.Map.of(
                        "cleanup.policy", "compact", "min.compaction.lag.ms", "0")));
    }

    @Test
    void gatewayStatusKeepsItsHistoryForAsLongAsTheLongestClassTopic() {
        var status = Topics.definition(Topics.GATEWAY_STATUS).orElseThrow();
        var longestClassTopic = Topics.CLASS_TOPICS.stream().map(name -> Topics.definition(name).orElseThrow())
                .map(definition -> ((Cleanup.Delete) definition.cleanup()).retention())
                .max(Duration::compareTo).orElseThrow();

        assertThat(status.cleanup()).isEqualTo(new Cleanup.Delete(longestClassTopic));
        assertThat(status.configs()).containsEntry("cleanup.policy", "delete")
                .containsEntry("retention.ms", Long.toString(Duration.ofDays(30).toMillis()));
    }

    @Test
    void theStoreDeadLetterIsKeptAsLongAsTheIngestionDeadLetter() {
        assertThat(Topics.definition(Topics.TELEMETRY_STORE_DEAD_LETTER).orElseThrow().cleanup())
                .isEqualTo(Topics.definition(Topics.TELEMETRY_REJECTED).orElseThrow().cleanup());
    }

    @Test
    void everyTopicHasTheProductionPartitionsAndAReason() {
        assertThat(Topics.DEFINITIONS).allSatisfy(definition -> {
            assertThat(definition.partitions()).isEqualTo(TopicDefinition.PRODUCTION_PARTITIONS);
            assertThat(definition.rationale()).isNotBlank();
        });
    }

    @Test
    void aNameOutsideTheModelHasNoDefinition() {
        assertThat(Topics.definition("scratch.topic")).isEmpty();
    }
}
