#!/usr/bin/env bash
# Builds gevent4j and runs the demo, in two parts:
#   1. the API: thousands of greenlets doing blocking work (sleeps, socket round trips) on one platform
#      thread (io.gevent4j.examples.Demo);
#   2. the patch agent: a plain-Java thread-per-connection echo server and its clients, with no gevent4j in
#      its code (io.gevent4j.examples.legacy.ThreadPerConnectionEcho), run as it is and then unchanged with
#      -javaagent:<patch agent jar>=main; for each, its wall time and the JVM's peak of live platform threads.
#
#   scripts/demo.sh          # 1,000 connections in part 2
#   scripts/demo.sh 2000     # another number of connections
#
# The build is Maven's `package` of core, patch-agent and examples, from this folder: the jars stay under
# each module's target/, nothing is installed into ~/.m2.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
. scripts/jars.sh
connections=${1:-1000}

echo "Building gevent4j (core, patch-agent, examples) with Maven: under a minute, longer the first time (downloads)"
log=$(mktemp "${TMPDIR:-/tmp}/gevent4j-demo-build.XXXXXX")
trap 'rm -f "$log"' EXIT
# Maven's output goes to a file and is shown without terminal escape codes (-q still prints some).
if ! mvn -B -ntp -q -Dstyle.color=never -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true \
    -pl examples,patch-agent -am package >"$log" 2>&1; then
  sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$log"
  echo "scripts/demo.sh: the build failed (Maven's output above)"
  exit 1
fi
sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$log" | grep -v '^[[:space:]]*$' || true
core=$(module_jar core gevent4j-core)
examples=$(module_jar examples gevent4j-examples)
agent=$(module_jar patch-agent gevent4j-patch-agent)
java=$JAVA_HOME/bin/java
thousands() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }

echo
echo "== 1. The API: greenlets doing blocking work, all on the main thread"
echo "\$ java --add-opens java.base/java.lang=ALL-UNNAMED -cp $core:$examples io.gevent4j.examples.Demo"
"$java" --add-opens java.base/java.lang=ALL-UNNAMED -cp "$core:$examples" io.gevent4j.examples.Demo

echo
echo "== 2. The patch agent: an unmodified thread-per-connection program"
echo "ThreadPerConnectionEcho is plain Java with no gevent4j in its code (new Thread per connection, Socket,"
echo "Thread.sleep): $(thousands "$connections") client threads connect to its echo server, which starts a thread per"
echo "connection; once all are connected, each client sends 5 lines, 200 ms apart, and checks the echoes."

# run <label> [java options...]: runs the program and prints its line and the JVM's time from start to
# exit; sets $peak (live platform threads at peak), $took (the program's own seconds) and $jvm (the JVM's).
run() {
  local label=$1 out started
  shift
  echo
  echo "-- $label"
  echo "\$ java $*${*:+ }-cp $examples io.gevent4j.examples.legacy.ThreadPerConnectionEcho $connections"
  started=$(date +%s%N)
  if ! out=$("$java" "$@" -cp "$examples" io.gevent4j.examples.legacy.ThreadPerConnectionEcho "$connections" 2>&1); then
    echo "$out"
    echo "scripts/demo.sh: ThreadPerConnectionEcho failed ($label)"
    exit 1
  fi
  jvm=$(( ($(date +%s%N) - started) / 10000000 ))
  jvm=$(printf '%d.%02d' $((jvm / 100)) $((jvm % 100)))
  echo "$out"
  echo "JVM start to exit: $jvm s"
  peak=$(echo "$out" | sed -n 's/.*platform threads at peak: \([0-9,]*\).*/\1/p')
  took=$(echo "$out" | sed -n 's/.* in \([0-9.]*\) s;.*/\1/p')
}
run "as it is"
plain_peak=$peak plain_took=$took plain_jvm=$jvm
run "unchanged, with the patch agent: every thread becomes a greenlet of the main thread's hub" "-javaagent:$agent=main"

echo
echo "$(thousands "$connections") connections: $plain_peak platform threads at peak without the agent, $peak with it."
echo "The program's own time: $plain_took s without, $took s with; JVM start to exit: $plain_jvm s and $jvm s"
echo "(the second includes the agent's start-up, which rewrites JDK classes)."
