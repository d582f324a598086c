#!/usr/bin/env bash
# JMH benchmarks of the engine's apply loop and of replay (issue #3; results in docs/benchmarks.md).
# Builds the bench/jmh module and what it needs (Maven's package phase; nothing is installed), then runs JMH from
# the repository root. Arguments go to JMH:
#
#   bench/jmh.sh                          # everything, ~3 minutes
#   bench/jmh.sh EngineApplyBenchmark     # only the benchmarks whose name matches a regex
#   bench/jmh.sh Replay -prof gc          # with allocation rate and bytes per operation (·gc.alloc.rate.norm)
#   bench/jmh.sh -l                       # list them
#
# The replay benchmarks read the grouping dev stream beside the checkout; EVENTS=<events.jsonl[.gz]> picks another.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/find-jdk.sh
. "$root/scripts/find-jdk.sh"
sift_find_jdk
cd "$root"
echo "jmh: building bench/jmh..." >&2
./mvnw -B -q -DskipTests package -pl bench/jmh -am >&2
jmh=bench/jmh/target
# JMH's forks inherit the JVM options of this one, so the -D reaches the JVMs that measure.
exec "$JAVA_HOME/bin/java" -Dsift.bench.events="${EVENTS:-../shared/data/grouping/dev/events.jsonl.gz}" \
  -cp "$jmh/benchmarks.jar:$jmh/lib/*" org.openjdk.jmh.Main "$@"
