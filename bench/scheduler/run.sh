#!/usr/bin/env sh
# Reproduces the scheduler benchmark (docs/scheduling.md, "Benchmark"): 10,000 device plans for 500
# broadcasts over 7 days, the re-plan after one change, and a baseline, all in one JVM run.
#
#   bench/scheduler/run.sh [warmups=5] [runs=15] [devices=10000] [broadcasts=500]
#
# JAVA_OPTS passes JVM options (default: a 2 GB heap, so the figures do not depend on the machine's RAM).
set -eu
cd "$(dirname "$0")/../.."
./mvnw -q -pl scheduler -am test-compile
exec java ${JAVA_OPTS:--Xms2g -Xmx2g} \
  -cp scheduler/target/classes:scheduler/target/test-classes \
  org.openloa.scheduler.bench.PlanBenchmark "$@"
