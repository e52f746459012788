#!/usr/bin/env bash
# Registration throughput benchmark against a stack running on this machine (./run-local.sh --fresh).
# Publishes registration requests to domain-registration and reads the decisions on registration-events.
#   registration-service/benchmark.sh [--requests=100000] [--partners=5000] [--bootstrap=localhost:9092]
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="${JAVA_HOME:-$(ls -d /usr/lib/jvm/*25* /usr/lib/jvm/*21* 2>/dev/null | head -1)}"
export JAVA_HOME
./mvnw -B -q -pl registration-service test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/benchmark.classpath
exec "$JAVA_HOME/bin/java" \
  -cp "registration-service/target/test-classes:registration-service/target/classes:$(cat registration-service/target/benchmark.classpath)" \
  dev.prm.registration.benchmark.RegistrationBenchmark "$@"
