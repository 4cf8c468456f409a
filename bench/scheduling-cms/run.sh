#!/bin/sh
# What one broadcast change costs cms end to end (database included): see docs/scheduling-cms.md.
# Usage: bench/scheduling-cms/run.sh [warmups=5] [runs=15] [h2|postgresql] [province|national]
set -e
cd "$(dirname "$0")/../.."
# -am with test-compile: the sibling modules resolve to their target/classes (offline, nothing installed)
./mvnw -q -pl cms -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
CP="cms/target/test-classes:cms/target/classes:$(cat cms/target/bench-classpath.txt)"
exec java ${JAVA_OPTS:--Xms1g -Xmx1g} -cp "$CP" org.openloa.cms.plan.ReplanBenchmark "${1:-5}" "${2:-15}" "${3:-h2}" "${4:-province}"
