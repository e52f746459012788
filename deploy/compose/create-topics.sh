#!/bin/sh
# One-shot job: creates the topics of SPEC §2/§3 and the dead-letter topics before any service starts, so the
# services need no topic-creation rights (they run with spring.kafka.admin.auto-create=false).
# A dead-letter topic gets the source's partition count: a dead letter keeps its partition number.
set -eu

: "${BOOTSTRAP_SERVERS:?BOOTSTRAP_SERVERS is not set}"
: "${PRM_TOPICS:?PRM_TOPICS is not set}"
: "${PRM_DEAD_LETTER_TOPICS:?PRM_DEAD_LETTER_TOPICS is not set}"
: "${PRM_TOPIC_PARTITIONS:?PRM_TOPIC_PARTITIONS is not set}"
# facts are kept for replays (SPEC B1); dead letters for 30 days
: "${PRM_TOPIC_RETENTION_MS:=-1}"
: "${PRM_DEAD_LETTER_RETENTION_MS:=2592000000}"

topics_tool="${KAFKA_HOME:-/opt/kafka}/bin/kafka-topics.sh"

# one JVM per call: list once, create only what is missing (a restart of the stack creates nothing)
existing=$("$topics_tool" --bootstrap-server "$BOOTSTRAP_SERVERS" --list)

create() {
  if printf '%s\n' "$existing" | grep -qxF "$1"; then
    echo "topic $1 exists"
    return
  fi
  topic=$1
  shift
  "$topics_tool" --bootstrap-server "$BOOTSTRAP_SERVERS" --create --if-not-exists --topic "$topic" \
    --partitions "$PRM_TOPIC_PARTITIONS" --replication-factor 1 "$@"
}

for topic in $PRM_TOPICS; do
  create "$topic" --config "retention.ms=$PRM_TOPIC_RETENTION_MS"
done
# a dead letter is its original (up to the 1 MiB an inbound topic takes) plus bounded reason headers (SPEC §4)
for topic in $PRM_DEAD_LETTER_TOPICS; do
  create "$topic.DLT" --config "retention.ms=$PRM_DEAD_LETTER_RETENTION_MS" --config "max.message.bytes=2097152"
done

# fail the job (and so every service waiting on it) if anything is still missing
existing=$("$topics_tool" --bootstrap-server "$BOOTSTRAP_SERVERS" --list)
missing=""
for topic in $PRM_TOPICS $(for t in $PRM_DEAD_LETTER_TOPICS; do echo "$t.DLT"; done); do
  printf '%s\n' "$existing" | grep -qxF "$topic" || missing="$missing $topic"
done
if [ -n "$missing" ]; then
  echo "topics missing after creation:$missing" >&2
  exit 1
fi
echo "all topics present"
