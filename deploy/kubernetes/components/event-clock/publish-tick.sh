#!/bin/sh
# Publishes one business-time tick (SPEC §2 TimePassed): a CloudEvent whose time is now, with data {} and a
# unique id, under one constant key so every tick lands on one partition, in order. Services in the `event`
# clock mode take it as the new business time. Runs in the apache/kafka image (Kubernetes CronJob, compose
# profile event-clock). Exits non-zero when the broker did not acknowledge the tick.
set -eu

: "${BOOTSTRAP_SERVERS:?BOOTSTRAP_SERVERS is not set}"
topic="${PRM_BUSINESS_TIME_TOPIC:-business-time}"
producer="${KAFKA_HOME:-/opt/kafka}/bin/kafka-console-producer.sh"

now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
id=$(cat /proc/sys/kernel/random/uuid)
event=$(printf '{"specversion":"1.0","id":"%s","source":"urn:prm:business-time-ticker","type":"TimePassed","time":"%s","datacontenttype":"application/json","data":{}}' "$id" "$now")

# console producer line format with parse.headers and parse.key: headers<TAB>key<TAB>value
# --sync: wait for the acknowledgement, so a broker that is down fails the run instead of passing silently.
# --reader-property/--command-property are the Kafka 4.2 names (--property/--producer-property before).
printf 'content-type:application/cloudevents+json\tbusiness-time\t%s\n' "$event" \
  | "$producer" --bootstrap-server "$BOOTSTRAP_SERVERS" --topic "$topic" --sync \
      --reader-property parse.headers=true --reader-property parse.key=true \
      --command-property acks=all --command-property max.block.ms=10000 \
      --command-property request.timeout.ms=10000 --command-property delivery.timeout.ms=20000

echo "published TimePassed $now ($id) to $topic"
