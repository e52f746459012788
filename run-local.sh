#!/usr/bin/env bash
# Starts the whole system on this machine, no Docker: KRaft Kafka, PostgreSQL, the three services and the
# gateway. Builds first (skipping tests). Listens on loopback only unless --bind-all or --bind=ADDR (the gateway's
# development token issuer mints admin tokens to anyone who reaches it). Options: ./run-local.sh --help
set -euo pipefail
cd "$(dirname "$0")"
for arg in "$@"; do
  if [ "$arg" = "--help" ] || [ "$arg" = "-h" ]; then
    # the same text the launcher prints, read from the source tree: no build needed
    cat tools/local-stack/src/main/resources/dev/prm/local/run-local-usage.txt
    exit 0
  fi
done
. bin/jdk.sh
export AXONIQ_UPDATE_CHECKER_DISABLED=true
if [ "${PRM_SKIP_BUILD:-0}" != "1" ]; then
  echo "[local-stack] building (./mvnw -DskipTests package) with $JAVA_HOME"
  ./mvnw -B -q -DskipTests package
fi
exec "$JAVA_HOME/bin/java" -cp "tools/local-stack/target/classes:tools/local-stack/target/lib/*" dev.prm.local.LocalStack "$@"
