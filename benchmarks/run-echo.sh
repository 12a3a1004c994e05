#!/usr/bin/env bash
# The echo benchmark: gevent4j's StreamServer on one hub against gevent's StreamServer, a plain
# virtual-thread-per-connection server on one carrier, and Netty with one event loop; then gevent4j on
# two hubs. gevent4j runs with the patch agent's socket patch (sockets wait on the hub's own epoll set,
# as gevent's do on libev), and once more without it (the JDK's poller threads wake the greenlets). Every server runs pinned to CPU 0 and the neutral load generator (../shared/tools/echo-load.c)
# to CPU 1. All servers start together (each warmed up for 3 s at 100 connections) and stay up; then
# REPEAT rounds measure 1, 100 and 1,000 connections, every server in turn at each count, so that a
# slow minute of a shared machine falls on every server alike. The report gives the median of the
# rounds and the range of messages/s.
#
#   benchmarks/run-echo.sh                  # SECS=5 per point, REPEAT=5: about 10 minutes
#   SECS=5 REPEAT=1 CONNS="100 1000" benchmarks/run-echo.sh
#
# Output: benchmarks/target/echo/<UTC time>/ — raw.txt (one echo-load line per point), machine.txt (with
# the commit measured), table.md (medians, then each round's ratios to gevent and to Netty, and in how many
# rounds p99 beat Netty's; from this run's raw.txt alone: runs are never pooled), chart.svg.
#
# Peers: gevent from Debian's python3-gevent and gcc for the load generator, both installed when missing
# (scripts/prerequisites.sh), and Netty, a Maven dependency the build fetches. What cannot be had (not
# root and no sudo, no package registry, no peer program) is named in one line; the other servers are
# measured, and the script exits non-zero naming what was not measured.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
. scripts/jdk.sh
. benchmarks/common.sh

SECS=${SECS:-5}
REPEAT=${REPEAT:-5}
CONNS=${CONNS:-"1 100 1000"}
OUT="$ROOT/benchmarks/target/echo/$(date -u +%Y%m%dT%H%M%SZ)"
JAR="$ROOT/benchmarks/target/benchmarks.jar"
LOADGEN_SRC="${ECHO_LOAD_SRC:-$ROOT/../shared/tools/echo-load.c}"
PEERS="${GEVENT_PEERS:-$ROOT/../shared/peers}"
NOT_MEASURED=()
prereq_ensure cc gevent || true
if prereq_unavailable cc; then
  echo "NOT MEASURED: anything: the load generator needs a C compiler; $(prereq_how cc)"
  exit 1
fi
if [ ! -f "$LOADGEN_SRC" ]; then
  echo "NOT MEASURED: anything: no load generator at $LOADGEN_SRC (set ECHO_LOAD_SRC to echo-load.c)"
  exit 1
fi
PY=""
if prereq_unavailable gevent; then
  NOT_MEASURED+=("the gevent server: $(prereq_how gevent)")
elif [ ! -f "$PEERS/gevent_echo.py" ]; then
  echo "gevent4j: MISSING $PEERS/gevent_echo.py, the gevent peer program: set GEVENT_PEERS to the folder that holds it" >&2
  NOT_MEASURED+=("the gevent server: no $PEERS/gevent_echo.py (set GEVENT_PEERS)")
else
  PY=$(prereq_gevent_python)
fi
mkdir -p "$OUT"

echo "== build"
if ! mvn -B -ntp -q -Dstyle.color=never -DskipTests -pl benchmarks,patch-agent -am package; then
  echo "NOT MEASURED: anything: the build failed (above); gevent4j's servers and Netty come from it, Netty and JMH from Maven Central"
  exit 1
fi
AGENT=$(agent_jar)
cc -O2 -o "$OUT/echo-load" "$LOADGEN_SRC"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

{
  echo "date: $(date -u +%FT%TZ)"
  echo "code: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet HEAD -- . 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "cpu: $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "jdk: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
  [ -z "$PY" ] || echo "gevent: $("$PY" -c 'import gevent; print(gevent.__version__)')"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT/machine.txt"
cat "$OUT/machine.txt"

JAVA=("$JAVA_HOME/bin/java" -Xms512m -Xmx512m)
OPENS=(--add-opens java.base/java.lang=ALL-UNNAMED)
PORT=18100

# serve NAME SERVER_CPUS COMMAND... : start a server (@PORT@ becomes its port) and warm it up.
declare -a NAMES=() PIDS=()
declare -A PORTS=()
serve() {
  local name=$1 cpus=$2
  shift 2
  PORT=$((PORT + 1))
  local cmd=("${@//@PORT@/$PORT}")
  echo "== $name (CPU $cpus): ${cmd[*]}"
  taskset -c "$cpus" "${cmd[@]}" > "$OUT/$name.log" 2>&1 &
  PIDS+=("$!")
  NAMES+=("$name")
  PORTS[$name]=$PORT
  wait_for_port "$PORT"
  taskset -c 1 "$OUT/echo-load" 127.0.0.1 "$PORT" 100 3 > /dev/null
}
stop_servers() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_servers EXIT

CP=(-cp "$JAR")
SOCKETS=("-javaagent:$AGENT=socket")
serve gevent4j-1-hub 0 "${JAVA[@]}" "${SOCKETS[@]}" "${CP[@]}" io.gevent4j.benchmarks.echo.Gevent4jEchoServer @PORT@ 1
serve gevent4j-1-hub-jdk-pollers 0 "${JAVA[@]}" "${OPENS[@]}" "${CP[@]}" io.gevent4j.benchmarks.echo.Gevent4jEchoServer @PORT@ 1
[ -z "$PY" ] || serve gevent 0 "$PY" "$PEERS/gevent_echo.py" @PORT@
serve vthreads-1-carrier 0 "${JAVA[@]}" -Djdk.virtualThreadScheduler.parallelism=1 -Djdk.virtualThreadScheduler.maxPoolSize=1 \
  "${CP[@]}" io.gevent4j.benchmarks.echo.VirtualThreadEchoServer @PORT@
serve netty-1-loop 0 "${JAVA[@]}" "${CP[@]}" io.gevent4j.benchmarks.echo.NettyEchoServer @PORT@
# Scaling: one hub and two hubs, both free to use both CPUs (which the load generator shares).
serve gevent4j-1-hub-2cpu 0,1 "${JAVA[@]}" "${SOCKETS[@]}" "${CP[@]}" io.gevent4j.benchmarks.echo.Gevent4jEchoServer @PORT@ 1
serve gevent4j-2-hubs-2cpu 0,1 "${JAVA[@]}" "${SOCKETS[@]}" "${CP[@]}" io.gevent4j.benchmarks.echo.Gevent4jEchoServer @PORT@ 2

# Every server stays up, idle while another is measured; each round measures every server at each
# connection count in turn, so that the servers compared at one point are measured minutes apart at most.
for round in $(seq 1 "$REPEAT"); do
  for c in $CONNS; do
    echo "== round $round of $REPEAT, $c connections"
    for name in "${NAMES[@]}"; do
      line=$(taskset -c 1 "$OUT/echo-load" 127.0.0.1 "${PORTS[$name]}" "$c" "$SECS") || true # errors are in the line
      # A server that died prints nothing: record the point as failed rather than lose it.
      [ -n "$line" ] || line="conns=$c msgs_per_s=0 p50_us=0 p99_us=0 max_us=0 errors=1 (no reply from the server)"
      echo "  $name $line"
      echo "$name round=$round $line" >> "$OUT/raw.txt"
    done
  done
done
stop_servers
trap - EXIT

echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
python3 "$ROOT/benchmarks/echo_report.py" "$OUT"
echo "== results in $OUT"
cat "$OUT/table.md"

if [ "${#NOT_MEASURED[@]}" -gt 0 ]; then
  echo
  for what in "${NOT_MEASURED[@]}"; do
    echo "NOT MEASURED: $what"
  done
  echo "benchmarks/run-echo.sh: FAILED: the servers above were not measured (absent from the table)."
  exit 1
fi
