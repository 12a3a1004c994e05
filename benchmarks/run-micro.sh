#!/usr/bin/env bash
# Builds the benchmarks jar, runs the JMH micro-benchmarks, the memory and sleepers programs and
# gevent's own micro figures, then prints them side by side. A full run takes about 5 minutes.
#
#   benchmarks/run-micro.sh                 # everything
#   QUICK=1 benchmarks/run-micro.sh         # shorter JMH iterations (about 2 minutes), for a smoke run
#   JMH_INCLUDE=Switch benchmarks/run-micro.sh   # only JMH benchmarks matching a regex
#   SKIP_GEVENT=1 / SKIP_MEMORY=1 / SKIP_SLEEPERS=1 / SKIP_JMH=1   # leave a part out
#   GEVENT_PEERS=/path/to/peers             # where gevent_micro.py lives (default: ../shared/peers)
#
# gevent comes from Debian's python3-gevent, which the script installs when missing (scripts/prerequisites.sh).
# When it cannot (not root and no sudo, no package registry) or the peer program is missing, it says so in
# one line, measures the rest, and exits non-zero naming what was not measured.
#
# Raw output goes to benchmarks/target/results/<UTC time>/ (jmh.csv, jmh.txt, memory.txt, sleepers*.txt,
# gevent.txt, machine.txt, table.md).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
. scripts/jdk.sh
. scripts/prerequisites.sh

OUT="$ROOT/benchmarks/target/results/$(date -u +%Y%m%dT%H%M%SZ)"
JAR="$ROOT/benchmarks/target/benchmarks.jar"
PEERS="${GEVENT_PEERS:-$ROOT/../shared/peers}"
OPENS=(--add-opens java.base/java.lang=ALL-UNNAMED)

NOT_MEASURED=()
GEVENT_PY=""
if [ -z "${SKIP_GEVENT:-}" ]; then
  if ! prereq_ensure gevent; then
    NOT_MEASURED+=("the gevent column: $(prereq_how gevent)")
  elif [ ! -f "$PEERS/gevent_micro.py" ]; then
    echo "gevent4j: MISSING $PEERS/gevent_micro.py, the gevent peer program: set GEVENT_PEERS to the folder that holds it" >&2
    NOT_MEASURED+=("the gevent column: no $PEERS/gevent_micro.py (set GEVENT_PEERS)")
  else
    GEVENT_PY=$(prereq_gevent_python)
  fi
fi

if [ -n "${QUICK:-}" ]; then
  JMH_ITER=(-f 1 -wi 2 -w 1s -i 3 -r 1s)
else
  JMH_ITER=(-f 1 -wi 3 -w 2s -i 5 -r 2s)
fi

echo "== build (JDK at $JAVA_HOME)"
mvn -B -ntp -q -Dstyle.color=never -DskipTests -pl benchmarks -am package
mkdir -p "$OUT"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpus: $(nproc)"
  echo "cpu: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || echo unknown)"
  echo "java: $("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 2p)"
  echo "load_before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
} > "$OUT/machine.txt"

if [ -z "${SKIP_JMH:-}" ]; then
  echo "== JMH ${JMH_ITER[*]} ${JMH_INCLUDE:-(all)}"
  # shellcheck disable=SC2086
  "$JAVA_HOME/bin/java" -jar "$JAR" ${JMH_INCLUDE:-} "${JMH_ITER[@]}" ${JMH_ARGS:-} \
      -rf csv -rff "$OUT/jmh.csv" 2>&1 | tee "$OUT/jmh.txt" | grep -E '^(# Benchmark:|Benchmark  |[A-Za-z]+\.[A-Za-z0-9]+ )' || true
fi

if [ -z "${SKIP_MEMORY:-}" ]; then
  for mode in waiter sleep; do
    echo "== memory: 1,000,000 parked greenlets ($mode), -Xmx2g"
    "$JAVA_HOME/bin/java" -Xmx2g "${OPENS[@]}" -cp "$JAR" io.gevent4j.benchmarks.MemoryMain 1000000 "$mode" \
        2>&1 | tee -a "$OUT/memory.txt"
  done
fi

if [ -z "${SKIP_SLEEPERS:-}" ]; then
  echo "== sleepers: 100,000 greenlets x sleep(1 s), 3 rounds in one fresh JVM"
  "$JAVA_HOME/bin/java" "${OPENS[@]}" -cp "$JAR" io.gevent4j.benchmarks.SleepersMain 100000 1000 3 \
      2>&1 | tee "$OUT/sleepers.txt"
  echo "== sleepers again, after a 2,000-greenlet warm-up of the sleep path (experiment: JIT deoptimisation)"
  "$JAVA_HOME/bin/java" "${OPENS[@]}" -cp "$JAR" io.gevent4j.benchmarks.SleepersMain 100000 1000 3 2000 \
      2>&1 | tee "$OUT/sleepers-warmup.txt"
fi

if [ -n "$GEVENT_PY" ]; then
  echo "== gevent peers ($GEVENT_PY $PEERS/gevent_micro.py)"
  echo "gevent: $("$GEVENT_PY" -c 'import gevent, sys; print(gevent.__version__, "on python", sys.version.split()[0])')" >> "$OUT/machine.txt"
  for which in switch spawn sleepers; do
    timeout 300 "$GEVENT_PY" "$PEERS/gevent_micro.py" "$which" 100000 2>&1 | tee -a "$OUT/gevent.txt" \
      || NOT_MEASURED+=("gevent's $which figure: gevent_micro.py $which failed (see $OUT/gevent.txt)")
  done
fi
echo "load_after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)" >> "$OUT/machine.txt"

echo
python3 - "$OUT" <<'PY' | tee "$OUT/table.md"
import csv, os, re, sys
out = sys.argv[1]

def read(name):
    p = os.path.join(out, name)
    return open(p).read() if os.path.exists(p) else ""

jmh = {}
if os.path.exists(os.path.join(out, "jmh.csv")):
    for row in csv.DictReader(open(os.path.join(out, "jmh.csv"))):
        parts = row["Benchmark"].split(".")     # io.gevent4j.benchmarks.Class.method
        params = [v for k, v in row.items() if k.startswith("Param: ") and v]
        jmh[parts[-2] + "." + parts[-1] + "".join("/" + v for v in params)] = (float(row["Score"]), row["Score Error (99.9%)"], row["Unit"])

# Best (lowest) measurement iteration of each benchmark: on a shared machine the least disturbed one.
best_iter = {}
current = None
for line in read("jmh.txt").splitlines():
    if line.startswith("# Benchmark: "):
        parts = line.split()[-1].split(".")
        current = parts[-2] + "." + parts[-1]
    elif line.startswith("# Parameters: (") and current:
        current += "".join("/" + kv_.split("=")[1].strip() for kv_ in line[len("# Parameters: ("):-1].split(","))
    m = re.match(r"Iteration\s+\d+: ([\d.]+) ", line)
    if m and current:
        best_iter[current] = min(best_iter.get(current, float("inf")), float(m.group(1)))

def b(name, scale=1.0, unit="ns"):
    if name not in best_iter:
        return "n/a"
    return ("%.1f %s" if scale > 1 else "%.0f %s") % (best_iter[name] / scale, unit)

def j(name, scale=1.0, unit="ns"):
    if name not in jmh:
        return "n/a"
    s, e, _ = jmh[name]
    try:
        return ("%.1f ± %.1f %s" if scale > 1 else "%.0f ± %.0f %s") % (s / scale, float(e) / scale, unit)
    except ValueError:
        return "%.0f %s" % (s / scale, unit)

def kv(text, key, prefix):
    for line in text.splitlines():
        if line.startswith(prefix):
            m = re.search(r"\b%s=([\d.]+)" % key, line)
            if m:
                return float(m.group(1))
    return None

mem, sleep, gev = read("memory.txt"), read("sleepers.txt"), read("gevent.txt")
warm_first = kv(read("sleepers-warmup.txt"), "first_wall_s", "RESULT sleepers")
def mem_cell(mode):
    b = kv(mem, "bytes_per_greenlet", "RESULT memory mode=" + mode)
    t = kv(mem, "delta_mb", "RESULT memory mode=" + mode)
    return "n/a" if b is None else "%.0f B/greenlet (%.0f MB for 1M)" % (b, t)
first, best = kv(sleep, "first_wall_s", "RESULT sleepers"), kv(sleep, "best_wall_s", "RESULT sleepers")
g_switch, g_spawn = kv(gev, "switch_ns", "gevent switch"), kv(gev, "spawn_join_ns", "gevent spawn")
g_wall, g_kb = kv(gev, "wall_s", "gevent sleepers"), kv(gev, "kb_per", "gevent sleepers")
def g(v, fmt):
    return "n/a" if v is None else fmt % v

rows = [
    ("switch, sleep(0) ping-pong", "<= 200 ns", j("SwitchBenchmark.sleep0PingPong"), b("SwitchBenchmark.sleep0PingPong"), g(g_switch, "%.0f ns")),
    ("spawn + joinAll, per greenlet", "<= 2 us", j("SpawnJoinBenchmark.spawnJoinAll"), b("SpawnJoinBenchmark.spawnJoinAll"), g(g_spawn, "%.0f ns")),
    ("spawn + join each, per greenlet", "-", j("SpawnJoinBenchmark.spawnJoinEach"), b("SpawnJoinBenchmark.spawnJoinEach"), "-"),
    ("1M parked greenlets (Waiter), heap", "< 1.5 GB (~1 KB each)", mem_cell("waiter"), "-", g(g_kb * 1024 if g_kb else None, "%.0f B max RSS/sleeper (100k)")),
    ("1M parked greenlets (sleep 1 h), heap", "< 1.5 GB (~1 KB each)", mem_cell("sleep"), "-", "-"),
    ("100k sleepers x 1 s, JMH single-shot", "< 1.3 s", j("SleepersBenchmark.sleepAndJoinAll/100000/1000", 1.0, "ms"), b("SleepersBenchmark.sleepAndJoinAll/100000/1000", 1.0, "ms"), g(g_wall, "%.2f s")),
    ("100k sleepers x 1 s, wall (cold JVM)", "-", g(first, "%.2f s"), "-", g(g_wall, "%.2f s")),
    ("100k sleepers x 1 s, wall (best of 3)", "-", g(best, "%.2f s"), "-", "-"),
    ("100k sleepers, cold JVM after 2k warm-up", "(experiment)", g(warm_first, "%.2f s"), "-", "-"),
    ("queue put/get hand-off, Queue(1)", "<= 300 ns", j("QueueBenchmark.putGetHandOff"), b("QueueBenchmark.putGetHandOff"), "-"),
    ("queue hand-off, Channel rendezvous", "-", j("QueueBenchmark.channelRendezvous"), b("QueueBenchmark.channelRendezvous"), "-"),
    ("queue hand-off to a parked getter (+sleep 0)", "-", j("QueueBenchmark.handOffToParkedGetter"), b("QueueBenchmark.handOffToParkedGetter"), "-"),
    ("AsyncResult.set from another thread -> greenlet", "<= 20 us", j("AsyncResultBenchmark.crossThreadSet", 1000.0, "us"), b("AsyncResultBenchmark.crossThreadSet", 1000.0, "us"), "-"),
    ("baseline: JDK vthreads yield, 1 carrier", "-", j("VirtualThreadBaseline.jdkSchedulerYield"), b("VirtualThreadBaseline.jdkSchedulerYield"), "-"),
    ("baseline: vthreads yield, bare 1-thread executor", "-", j("VirtualThreadBaseline.oneThreadExecutorYield"), b("VirtualThreadBaseline.oneThreadExecutorYield"), "-"),
    ("baseline: cross-thread wake of a platform thread", "-", j("CrossThreadWakeBaseline.completeFromOtherThread/platform", 1000.0, "us"), b("CrossThreadWakeBaseline.completeFromOtherThread/platform", 1000.0, "us"), "-"),
    ("baseline: cross-thread wake of a JDK vthread", "-", j("CrossThreadWakeBaseline.completeFromOtherThread/virtual", 1000.0, "us"), b("CrossThreadWakeBaseline.completeFromOtherThread/virtual", 1000.0, "us"), "-"),
]
head = ("figure", "target", "gevent4j (mean ± 99.9% CI)", "gevent4j best iteration", "gevent")
w = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
line = lambda r: "| " + " | ".join(c.ljust(w[i]) for i, c in enumerate(r)) + " |"
print(line(head))
print("|" + "|".join("-" * (x + 2) for x in w) + "|")
for r in rows:
    print(line(r))
print()
print(read("machine.txt").strip())
PY

if [ "${#NOT_MEASURED[@]}" -gt 0 ]; then
  echo
  for what in "${NOT_MEASURED[@]}"; do
    echo "NOT MEASURED: $what"
  done
  echo "benchmarks/run-micro.sh: FAILED: the figures above were not measured (n/a in the table)."
  exit 1
fi
