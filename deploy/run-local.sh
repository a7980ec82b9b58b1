#!/usr/bin/env bash
# Runs the whole Closed Loop platform on this machine: PostgreSQL, Kafka and the five services.
#
#   deploy/run-local.sh [--rebuild] [LocalPlatform options...]
#
# Builds the jars first if any is missing (or with --rebuild), then hands over to
# `java -jar deploy/target/closed-loop-local-launcher.jar --data-dir "${CLOSED_LOOP_DATA:-data}" ...`.
# Options (see --help): --only S1,S2  --no-services  --kafka-port  --postgres-port  --service-port S=PORT ...
# Ctrl-C stops everything (services, then Kafka, then PostgreSQL). Data and logs stay in the data dir.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

services=(intake-service routing-service sla-timer-service feedback-service analytics-service)
version=0.1.0-SNAPSHOT

rebuild=false
args=()
for arg in "$@"; do
  if [[ "$arg" == "--rebuild" ]]; then
    rebuild=true
  else
    args+=("$arg")
  fi
done

if [[ ! -f deploy/target/closed-loop-local-launcher.jar ]]; then
  rebuild=true
fi
for service in "${services[@]}"; do
  if [[ ! -f "$service/target/$service-$version.jar" ]]; then
    rebuild=true
  fi
done

if [[ "$rebuild" == true ]]; then
  echo "Building the jars: ./mvnw -q -DskipTests package"
  ./mvnw -q -DskipTests package
fi

exec java -jar deploy/target/closed-loop-local-launcher.jar --data-dir "${CLOSED_LOOP_DATA:-data}" ${args[@]+"${args[@]}"}
