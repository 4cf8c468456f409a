#!/bin/sh
# A 12-month report summary over 10,000 devices (issue 9, goal <= 1 s): see docs/benchmarks.md, "Reports: a
# 12-month summary". Prints the load, then per database the generated world (with the time of each step), the plans
# of the raw tail's slot queries, the summary's parts in-process (each: its first call, then min / median / p90),
# and then the whole over HTTP.
# Usage: bench/reports/run.sh [warmups=3] [runs=10] [h2|postgresql|both=both] [devices=10000]
set -e
cd "$(dirname "$0")/../.."
./mvnw -B -ntp -o -q -pl cms -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
# a copy of the classes, so a build in this checkout while the benchmark runs does not change what it loads
rm -rf cms/target/bench-classes && mkdir -p cms/target/bench-classes
cp -r cms/target/classes cms/target/bench-classes/main && cp -r cms/target/test-classes cms/target/bench-classes/test
CP="cms/target/bench-classes/test:cms/target/bench-classes/main:$(cat cms/target/bench-classpath.txt)"
uptime
for db in $( [ "${3:-both}" = both ] && echo "h2 postgresql" || echo "$3" ); do
  java ${JAVA_OPTS:--Xms2g -Xmx2g} -cp "$CP" org.openloa.cms.report.ReportBenchmark "${1:-3}" "${2:-10}" "$db" "${4:-10000}"
  uptime
done
