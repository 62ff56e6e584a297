package city.urbanops.events;

import city.urbanops.events.TopicDefinition.Cleanup;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders {@code deploy/kafka/create-topics.sh}, the deployments' topic creation, from {@link Topics#DEFINITIONS},
 * so the shell script never states a topic setting of its own.
 */
final class CreateTopicsScript {

    static final String REGENERATE_COMMAND =
            "./mvnw -q -pl event-model test -Dtest=CreateTopicsScriptTest -Durbanops.regenerate=true";

    private CreateTopicsScript() {
    }

    static String render(List<TopicDefinition> definitions) {
        var creates = definitions.stream().map(CreateTopicsScript::create).collect(Collectors.joining("\n"));
        return """
                #!/usr/bin/env bash
                # GENERATED from the topic definitions of the event model (city.urbanops.events.Topics.DEFINITIONS):
                # do not edit. Change a definition, then regenerate this file with
                #   %s
                # The build fails (CreateTopicsScriptTest) while this file and the definitions disagree.
                #
                # Creates every platform topic with its production settings; safe to run again: a topic that exists
                # keeps its settings (change those with kafka-configs.sh, and the definition with them).
                # Runs in the apache/kafka image as the `kafka-init` one-shot service of docker-compose.yml.
                #   KAFKA_BOOTSTRAP_SERVERS   default kafka:9092
                #   TOPIC_REPLICATION_FACTOR  default 1 (production: 3)
                #   TOPIC_PARTITIONS          when set, replaces every topic's partition count
                set -euo pipefail

                bootstrap=${KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}
                replication=${TOPIC_REPLICATION_FACTOR:-1}
                topics=/opt/kafka/bin/kafka-topics.sh

                create() { # name, partitions, then --config pairs
                  local name=$1 partitions=${TOPIC_PARTITIONS:-$2}
                  shift 2
                  "$topics" --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$name" \\
                    --partitions "$partitions" --replication-factor "$replication" "$@"
                }

                %s
                "$topics" --bootstrap-server "$bootstrap" --list
                """.formatted(REGENERATE_COMMAND, creates);
    }

    private static String create(TopicDefinition definition) {
        var configs = definition.configs().entrySet().stream()
                .map(config -> " --config " + config.getKey() + "=" + config.getValue())
                .collect(Collectors.joining());
        return "# %s (%s): %s%ncreate %s %d%s%n".formatted(definition.name(), describe(definition.cleanup()),
                definition.rationale(), definition.name(), definition.partitions(), configs);
    }

    static String describe(Cleanup cleanup) {
        return switch (cleanup) {
            case Cleanup.Delete(Duration retention) -> "deleted after " + describe(retention);
            case Cleanup.Compact(Duration lag) -> lag.isZero()
                    ? "compacted"
                    : "compacted, no sooner than " + describe(lag);
        };
    }

    private static String describe(Duration duration) {
        if (duration.toDaysPart() > 0 && duration.equals(Duration.ofDays(duration.toDays()))) {
            return duration.toDays() == 1 ? "1 day" : duration.toDays() + " days";
        }
        if (duration.equals(Duration.ofHours(duration.toHours()))) {
            return duration.toHours() == 1 ? "1 hour" : duration.toHours() + " hours";
        }
        return duration.toMillis() + " ms";
    }
}
