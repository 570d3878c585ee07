#!/usr/bin/env bash
# The benchmark, in one command: builds what it needs, then measures wsstream in Felix against plain Jetty 12
# and Pax Web's websocket whiteboard in Karaf, with one load client, and writes benchmark/results/.
#
#   benchmark/run.sh                  full run (about 15 minutes on 2 cores): benchmark/results/latest.{md,json}
#   benchmark/run.sh --quick          short run to check the harness: benchmark/harness/target/bench-results/
#   options: --servers=wsstream,jetty,paxweb[,wsstream-jakarta][,wsstream-metrics][,wsstream@NAME]  --sections=echo,profile,echo-many,idle,broadcast,disturbance,bridge,cluster
#            --payloads=text64,binary4k,json  --many-connections=10000  --idle-streams=10000,19000
#            --note="measured while the machine was shared"  --[no-]profile  --out=DIR  --name=NAME (results file name)
#            --wsstream=felix|distribution (default: the distribution when there is one)
#   BENCHMARK_SKIP_BUILD=1 benchmark/run.sh ...   reuse the last build
#   wsstream@NAME: an earlier build, built first by benchmark/baseline.sh COMMIT [NAME] (docs/benchmark.md)
set -euo pipefail
cd "$(dirname "$0")/.."

# 19,000 idle streams need 19,000 sockets in the client and as many in the server (the server JVMs inherit the
# limit); a section opens fewer, and says so, when the limit leaves no room for them
ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 65536 2>/dev/null || true
echo "open files limit: $(ulimit -n)"

# wsstream runs in the distribution's executable jar when there is a distribution module (else the harness
# boots Felix with the runtime bundles itself); --wsstream=felix on the command line chooses the latter
modules=benchmark/harness
wsstream=--wsstream=felix
if [ -f distribution/pom.xml ]; then
  modules="$modules,distribution"
  wsstream=--wsstream=distribution
fi

if [ -z "${BENCHMARK_SKIP_BUILD:-}" ]; then
  # -Pbenchmark also fetches Karaf and the Pax Web bundles into the local repository
  mvn -B -q -ntp -Pbenchmark -pl "$modules" -am -DskipTests package
fi

bench=benchmark/harness/target/bench
exec java -Xms3g -Xmx3g -XX:+UseG1GC \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dbenchmark.dir="$bench" \
  -Dbenchmark.results=benchmark/results \
  -cp "$(cat "$bench/classpath.txt"):benchmark/harness/target/classes" \
  io.wsstream.benchmark.Benchmark "$@" "$wsstream"
