package city.urbanops.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The deployments' topic creation script is generated from {@link Topics#DEFINITIONS}; this fails the build while
 * the committed script says something else, and rewrites it when run with {@code -Durbanops.regenerate=true}.
 */
class CreateTopicsScriptTest {

    private static final Path SCRIPT = Path.of(System.getProperty("basedir", "."))
            .resolve("../deploy/kafka/create-topics.sh").normalize();

    @Test
    void theCommittedScriptCreatesExactlyTheDefinedTopics() throws IOException {
        var generated = CreateTopicsScript.render(Topics.DEFINITIONS);
        if (Boolean.getBoolean("urbanops.regenerate")) {
            Files.writeString(SCRIPT, generated);
        }

        assertThat(Files.readString(SCRIPT))
                .as("%s is generated from Topics.DEFINITIONS; regenerate it with%n  %s", SCRIPT,
                        CreateTopicsScript.REGENERATE_COMMAND)
                .isEqualTo(generated);
    }

    @Test
    void everyDefinedTopicIsCreatedWithItsSettings() {
        var script = CreateTopicsScript.render(Topics.DEFINITIONS);

        assertThat(script).contains(
                "create registry.devices 6 --config cleanup.policy=compact --config min.compaction.lag.ms=0\n",
                "create gateway.status 6 --config cleanup.policy=delete --config retention.ms=2592000000\n",
                "create telemetry.store.dead-letter 6 --config cleanup.policy=delete --config retention.ms=1209600000\n",
                "create gateway.commands 6 --config cleanup.policy=delete --config retention.ms=86400000\n");
        assertThat(script.lines().filter(line -> line.startsWith("create "))).hasSize(Topics.ALL.size());
    }
}
