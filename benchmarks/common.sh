# Sourced by the server benchmarks (run-echo.sh, run-http.sh): helpers they share.

# Prints a Python that can import gevent (Debian's python3-gevent installs for /usr/bin/python3, which a
# pyenv python3 first on the PATH would hide).
gevent_python() {
  for py in /usr/bin/python3 python3; do
    if "$py" -c 'import gevent' 2>/dev/null; then echo "$py"; return 0; fi
  done
  return 1
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
