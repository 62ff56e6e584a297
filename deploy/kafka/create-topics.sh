#!/usr/bin/env bash
# Creates every topic of city.urbanops.events.Topics with its production settings; safe to run again.
# Runs in the apache/kafka image as the `kafka-init` one-shot service of docker-compose.yml.
set -euo pipefail

bootstrap=${KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}
partitions=${TOPIC_PARTITIONS:-6}
replication=${TOPIC_REPLICATION_FACTOR:-1}
topics=/opt/kafka/bin/kafka-topics.sh
day=86400000

create() { # name, then --config pairs
  local name=$1; shift
  "$topics" --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$name" \
    --partitions "$partitions" --replication-factor "$replication" "$@"
}

# The replay window, not the archive: long-term telemetry lives in the telemetry store.
create telemetry.state         --config retention.ms=$((7 * day))
create telemetry.environmental --config retention.ms=$((7 * day))
create telemetry.mobility      --config retention.ms=$((3 * day))
create telemetry.failure       --config retention.ms=$((30 * day))
create telemetry.rejected      --config retention.ms=$((14 * day))
# The registry's current view of every device: never expires, only the latest value per device is kept.
create registry.devices        --config cleanup.policy=compact --config min.compaction.lag.ms=0
create gateway.status          --config cleanup.policy=compact,delete --config retention.ms=$((7 * day))
# A command that waited a day is stale and must not fire.
create gateway.commands        --config retention.ms=$day
create alerts                  --config retention.ms=$((30 * day))

"$topics" --bootstrap-server "$bootstrap" --list
