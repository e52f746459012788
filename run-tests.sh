#!/usr/bin/env bash
# Runs every test on a real Kafka broker and a real PostgreSQL (embedded when no Docker and no
# PRM_TEST_KAFKA_BOOTSTRAP / PRM_TEST_JDBC_URL are given), then the end-to-end test of the local stack.
set -euo pipefail
cd "$(dirname "$0")"
. bin/jdk.sh
export AXONIQ_UPDATE_CHECKER_DISABLED=true
exec ./mvnw -B verify "$@"
