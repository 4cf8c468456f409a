#!/bin/sh
# A 12-month report summary over 10,000 devices (issue 9, goal <= 1 s): see docs/benchmarks.md, "Reports: a
# 12-month summary". Prints the load, then per database the generated world, the floor (a plain SQL sum() over the
# rollup rows) and the summary's timings.
# Usage: bench/reports/run.sh [warmups=3] [runs=10] [h2|postgresql|both=both] [devices=10000]
set -e
cd "$(dirname "$0")/../.."
./mvnw -q -pl cms -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
CP="cms/target/test-classes:cms/target/classes:$(cat cms/target/bench-classpath.txt)"
uptime
for db in $( [ "${3:-both}" = both ] && echo "h2 postgresql" || echo "$3" ); do
  java ${JAVA_OPTS:--Xms2g -Xmx2g} -cp "$CP" org.openloa.cms.report.ReportBenchmark "${1:-3}" "${2:-10}" "$db" "${4:-10000}"
  uptime
done
