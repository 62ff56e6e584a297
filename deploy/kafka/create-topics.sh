#!/usr/bin/env bash
# GENERATED from the topic definitions of the event model (city.urbanops.events.Topics.DEFINITIONS):
# do not edit. Change a definition, then regenerate this file with
#   ./mvnw -q -pl event-model test -Dtest=CreateTopicsScriptTest -Durbanops.regenerate=true
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
  "$topics" --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$name" \
    --partitions "$partitions" --replication-factor "$replication" "$@"
}

# telemetry.state (deleted after 7 days): the replay window for consumers that were down, not the archive: long-term telemetry is in the store
create telemetry.state 6 --config cleanup.policy=delete --config retention.ms=604800000

# telemetry.environmental (deleted after 7 days): the replay window for consumers that were down, not the archive: long-term telemetry is in the store
create telemetry.environmental 6 --config cleanup.policy=delete --config retention.ms=604800000

# telemetry.mobility (deleted after 3 days): the replay window for consumers that were down, not the archive: long-term telemetry is in the store; raw mobility is bulky, so a shorter one
create telemetry.mobility 6 --config cleanup.policy=delete --config retention.ms=259200000

# telemetry.failure (deleted after 30 days): the replay window for consumers that were down, not the archive: long-term telemetry is in the store; failures are rare and triage looks back a month
create telemetry.failure 6 --config cleanup.policy=delete --config retention.ms=2592000000

# telemetry.rejected (deleted after 14 days): two weeks to notice a dead letter, find the cause and replay what is worth replaying
create telemetry.rejected 6 --config cleanup.policy=delete --config retention.ms=1209600000

# telemetry.store.dead-letter (deleted after 14 days): two weeks to notice a dead letter, find the cause and replay what is worth replaying (the store's, like telemetry.rejected)
create telemetry.store.dead-letter 6 --config cleanup.policy=delete --config retention.ms=1209600000

# registry.devices (compacted): the registry's current view of every device: the latest record per device, never expired
create registry.devices 6 --config cleanup.policy=compact --config min.compaction.lag.ms=0

# registry.gateway-credentials (compacted): what the MQTT edge needs to admit each gateway (hashes only): the latest record per gateway, never expired; restrict it to the registry (write) and ingestion (read)
create registry.gateway-credentials 6 --config cleanup.policy=compact --config min.compaction.lag.ms=0

# gateway.status (deleted after 30 days): connectivity history that triage reads (compaction would keep only each gateway's last event); as long as the longest class-topic window, telemetry.failure's
create gateway.status 6 --config cleanup.policy=delete --config retention.ms=2592000000

# gateway.commands (deleted after 1 day): a command that waited a day is stale and must not fire
create gateway.commands 6 --config cleanup.policy=delete --config retention.ms=86400000

# alerts (deleted after 30 days): a month of alert lifecycle to replay into alerting and the console
create alerts 6 --config cleanup.policy=delete --config retention.ms=2592000000

# rules.definitions (compacted): the rule versions every rules instance evaluates: the latest per rule, never expired
create rules.definitions 6 --config cleanup.policy=compact --config min.compaction.lag.ms=0

# rules.dead-letter (deleted after 14 days): two weeks to notice a dead letter, find the cause and replay what is worth replaying (rules-service's)
create rules.dead-letter 6 --config cleanup.policy=delete --config retention.ms=1209600000

# registry.dead-letter (deleted after 14 days): two weeks to notice a dead letter, find the cause and replay what is worth replaying (device-registry-service's)
create registry.dead-letter 6 --config cleanup.policy=delete --config retention.ms=1209600000

# alerting.dead-letter (deleted after 14 days): two weeks to notice a dead letter, find the cause and replay what is worth replaying (alerting-service's)
create alerting.dead-letter 6 --config cleanup.policy=delete --config retention.ms=1209600000

# alerts.lifecycle (deleted after 30 days): a month of what people and alerting did with alerts, as long as the alerts topic it follows
create alerts.lifecycle 6 --config cleanup.policy=delete --config retention.ms=2592000000

# gateway.command-results (deleted after 7 days): a week: results arrive within a command's expiry, and operator-api stores each as it comes
create gateway.command-results 6 --config cleanup.policy=delete --config retention.ms=604800000

# audit.events (deleted after 30 days): a month for operator-api to chain every entry even after a long outage; the log itself is in operator-api's database
create audit.events 6 --config cleanup.policy=delete --config retention.ms=2592000000

# audit.anchors (compacted): the newest head of operator-api's audit chain, outside its database: never expired; restrict writes to operator-api
create audit.anchors 6 --config cleanup.policy=compact --config min.compaction.lag.ms=0

# operator.dead-letter (deleted after 14 days): two weeks to notice a dead letter, find the cause and replay what is worth replaying (operator-api's)
create operator.dead-letter 6 --config cleanup.policy=delete --config retention.ms=1209600000

# ingestion.dead-letter (deleted after 14 days): two weeks to notice a dead letter, find the cause and replay what is worth replaying (ingestion-service's consumed records)
create ingestion.dead-letter 6 --config cleanup.policy=delete --config retention.ms=1209600000

"$topics" --bootstrap-server "$bootstrap" --list
