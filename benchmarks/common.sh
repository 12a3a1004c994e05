# Sourced by the server benchmarks (run-echo.sh, run-http.sh): helpers they share.
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/prerequisites.sh"

# The patch agent's jar as the build made it (whatever the version).
agent_jar() {
  ls "$ROOT"/patch-agent/target/gevent4j-patch-agent-*.jar 2>/dev/null | grep -v -e original- -e sources -e javadoc | head -1
}

# Waits up to 15 s for a server to listen on 127.0.0.1:$1.
wait_for_port() {
  for _ in $(seq 1 150); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "server on port $1 did not start" >&2
  return 1
}
