#!/usr/bin/env bash
# The HTTP benchmark: the seeds' web application ("Hello " + the client's address, the request in a
# request-local) on gevent's pywsgi, on the JDK's HttpServer with a virtual thread per exchange and with
# Gevent.executor(), on gevent4j's WSGIServer (with the patch agent's time and socket patches, and
# without the agent), and on Jetty 12 with one selector and virtual threads. Two workloads: the reply
# at once (/), and after a 10 ms sleep (/sleep: Thread.sleep under the agent or on virtual threads,
# Gevent.sleep without the agent, time.sleep monkey-patched in gevent), each at 100 and 1,000
# keep-alive connections. Every server runs pinned to CPU 0 and wrk (one thread) to CPU 1. All servers
# start together (each warmed up), stay up, and are measured in turn within each of REPEAT rounds, so a
# slow minute of a shared machine falls on every server alike; the report gives medians.
#
#   benchmarks/run-http.sh                     # SECS=5 REPEAT=3: about 8 minutes
#   SECS=3 REPEAT=1 CONNS="1000" PATHS="/" benchmarks/run-http.sh
#
# Needs wrk and Debian's python3-gevent: installed when missing (scripts/prerequisites.sh, as root or
# through sudo); without them it names what is missing and measures nothing.
# Output: benchmarks/target/http/<UTC time>/ — raw.txt (one line per point), table.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
. scripts/jdk.sh
. benchmarks/common.sh

SECS=${SECS:-5}
REPEAT=${REPEAT:-3}
CONNS=${CONNS:-"100 1000"}
PATHS=${PATHS:-"/ /sleep"}
OUT="$ROOT/benchmarks/target/http/$(date -u +%Y%m%dT%H%M%SZ)"
JAR="$ROOT/benchmarks/target/benchmarks.jar"
mkdir -p "$OUT"

# wrk drives every server and pywsgi needs gevent: without either nothing is comparable.
if ! prereq_ensure wrk gevent; then
  for id in wrk gevent; do prereq_unavailable "$id" && echo "NOT MEASURED: anything: $(prereq_how "$id")"; done
  exit 1
fi
PY=$(prereq_gevent_python)

echo "== build"
mvn -B -ntp -q -Dstyle.color=never -DskipTests -pl benchmarks,patch-agent -am package
AGENT=$(agent_jar)
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

{
  echo "date: $(date -u +%FT%TZ)"
  echo "cpu: $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "jdk: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
  echo "gevent: $("$PY" -c 'import gevent; print(gevent.__version__)') on $("$PY" --version)"
  echo "wrk: $(wrk --version 2>&1 | head -1)"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT/machine.txt"
cat "$OUT/machine.txt"

JAVA=("$JAVA_HOME/bin/java" -Xms512m -Xmx512m -cp "$JAR")
OPENS=(--add-opens java.base/java.lang=ALL-UNNAMED)
AGENTED=("-javaagent:$AGENT=time,socket")
PORT=18200

# One wrk run: prints "requests_per_s=N p50_us=N p99_us=N errors=N" (errors: socket errors and non-2xx).
measure() {
  local port=$1 path=$2 conns=$3 secs=$4
  taskset -c 1 wrk -t1 -c"$conns" -d"${secs}s" --timeout 10s --latency "http://127.0.0.1:$port$path" 2>&1 |
    python3 "$ROOT/benchmarks/http_report.py" --parse-wrk
}

declare -a NAMES=() PIDS=()
declare -A PORTS=()
serve() {
  local name=$1
  shift
  PORT=$((PORT + 1))
  local cmd=("${@//@PORT@/$PORT}")
  echo "== $name: ${cmd[*]}"
  taskset -c 0 "${cmd[@]}" > "$OUT/$name.log" 2>&1 &
  PIDS+=("$!")
  NAMES+=("$name")
  PORTS[$name]=$PORT
  wait_for_port "$PORT"
  for path in $PATHS; do measure "$PORT" "$path" 100 3 > /dev/null; done # warm-up
}
stop_servers() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_servers EXIT

serve pywsgi "$PY" "$ROOT/benchmarks/pywsgi_app.py" @PORT@
serve jdk-vthreads "${JAVA[@]}" io.gevent4j.benchmarks.http.HttpBenchServer jdk-vthreads @PORT@ thread
serve jdk-gevent-executor "${JAVA[@]}" "${AGENTED[@]}" io.gevent4j.benchmarks.http.HttpBenchServer jdk-gevent @PORT@ thread
serve gevent4j-wsgi "${JAVA[@]}" "${AGENTED[@]}" io.gevent4j.benchmarks.http.HttpBenchServer wsgi @PORT@ thread
serve gevent4j-wsgi-no-agent "${JAVA[@]}" "${OPENS[@]}" io.gevent4j.benchmarks.http.HttpBenchServer wsgi @PORT@ gevent
serve jetty-1-selector-vthreads "${JAVA[@]}" io.gevent4j.benchmarks.http.JettyBenchServer @PORT@

for round in $(seq 1 "$REPEAT"); do
  for path in $PATHS; do
    for c in $CONNS; do
      echo "== round $round of $REPEAT, $path, $c connections"
      for name in "${NAMES[@]}"; do
        line=$(measure "${PORTS[$name]}" "$path" "$c" "$SECS") || true
        [ -n "$line" ] || line="requests_per_s=0 p50_us=0 p99_us=0 errors=1"
        echo "  $name $line"
        echo "$name path=$path conns=$c round=$round $line" >> "$OUT/raw.txt"
      done
    done
  done
done
stop_servers
trap - EXIT

echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
python3 "$ROOT/benchmarks/http_report.py" "$OUT"
echo "== results in $OUT"
cat "$OUT/table.md"
