#!/usr/bin/env bash
# What the tests and the benchmarks need from outside Maven: how to find each thing, the Debian package
# that brings it, and what needs it. scripts/test.sh and the benchmark scripts source this file and call
#
#   prereq_ensure ID...      # installs the missing ones (as root, or through sudo, with apt-get)
#
# which leaves the IDs it could not provide in PREREQ_UNAVAILABLE and prints one line for each: what is
# missing, why it could not be installed, and the command that installs it. The caller then runs what
# does not need them and fails, naming what was not run.
#
# Run by itself it installs them (every one when no ID is given) and exits non-zero if any is still missing:
#   scripts/prerequisites.sh [ID...]

# ID | Debian package ("-": nothing to install) | what needs it. To add one: a line here and a
# prereq_have_ID function below.
PREREQ_TABLE='
postgresql|postgresql|the PostgreSQL JDBC row of the compatibility tests (compat-tests)
redis|redis-server|the Jedis row of the compatibility tests (compat-tests)
jdk17|openjdk-17-jdk-headless|the patch agent'"'"'s test on Java 17 (patch-agent, AgentIT)
root|-|the InetAddress row of the compatibility tests (it binds port 53 and mounts a private /etc/resolv.conf)
gevent|python3-gevent|the gevent figures of benchmarks/run-micro.sh, run-echo.sh and run-http.sh
cc|gcc|the load generator of benchmarks/run-echo.sh
wrk|wrk|the load generator of benchmarks/run-http.sh
'
# Everything the README's test command sets up (scripts/test.sh): the tests' needs and the benchmarks'.
PREREQ_ALL="postgresql redis jdk17 root gevent cc wrk"

PREREQ_UNAVAILABLE=()
declare -gA PREREQ_WHY=() # Debian package -> why it could not be installed

prereq_field() { # ID FIELD(2: package, 3: needed by)
  awk -F'|' -v id="$1" -v f="$2" '$1 == id { print $f; exit }' <<<"$PREREQ_TABLE"
}

# --- detection: each mirrors how the tests and scripts find the thing ---

# initdb, postgres and pg_ctl side by side: on the PATH, or in Debian's /usr/lib/postgresql/<version>/bin.
prereq_have_postgresql() {
  local dir
  local IFS=:
  for dir in $PATH /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ] && [ -x "$dir/pg_ctl" ] && return 0
  done
  return 1
}

prereq_have_redis() {
  command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || [ -x /usr/local/bin/redis-server ]
}

# Prints the home of a JDK 17 (bin/java and bin/javac): $GEVENT4J_JDK17 when it is one, else the first
# under /usr/lib/jvm, /usr/local/lib/jvm or /opt/java. The agent's tests look in the same places.
prereq_jdk17_home() {
  local home version
  for home in ${GEVENT4J_JDK17:+"$GEVENT4J_JDK17"} /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/*; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null)
    if [ -z "$version" ]; then
      version=$("$home/bin/java" -XshowSettings:properties -version 2>&1 \
        | awk -F'= ' '/java.specification.version/ { print $2; exit }')
    fi
    if [ "$version" = 17 ]; then
      readlink -f "$home"
      return 0
    fi
  done
  return 1
}
prereq_have_jdk17() { prereq_jdk17_home >/dev/null; }

prereq_have_root() { [ "$(id -u)" -eq 0 ]; }

# Prints a Python that imports gevent. Debian's python3-gevent installs for /usr/bin/python3, which a
# pyenv (or other) python3 first on the PATH would hide: that one is tried first.
prereq_gevent_python() {
  local py
  for py in /usr/bin/python3 python3; do
    if "$py" -c 'import gevent' >/dev/null 2>&1; then
      command -v "$py"
      return 0
    fi
  done
  return 1
}
prereq_have_gevent() { prereq_gevent_python >/dev/null; }

prereq_have_cc() { command -v cc >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1; }

prereq_have_wrk() { command -v wrk >/dev/null 2>&1; }

prereq_have() { "prereq_have_$1"; }

# --- installation ---

# The prefix that runs apt-get as root ("" for root, "sudo" or "sudo -n"), or fails with why not.
prereq_privilege() {
  if [ "$(id -u)" -eq 0 ]; then
    echo ""
  elif ! command -v sudo >/dev/null 2>&1; then
    echo "not root, and no sudo"
    return 1
  elif sudo -n true 2>/dev/null; then
    echo "sudo -n"
  elif [ -t 0 ]; then
    echo "sudo" # may ask for the password
  else
    echo "not root, and sudo needs a password"
    return 1
  fi
}

# Installs Debian packages with apt-get; PREREQ_WHY[package] says why one could not be installed.
# Waits for another apt or dpkg to finish first. Never upgrades a package that is already installed
# (other work on the machine may be using it).
prereq_apt_install() {
  local sudo pkg log one unreachable="" status=0
  if ! sudo=$(prereq_privilege); then
    for pkg in "$@"; do PREREQ_WHY[$pkg]=$sudo; done
    return 1
  fi
  log=$(mktemp "${TMPDIR:-/tmp}/gevent4j-apt.XXXXXX")
  local apt=($sudo env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600)
  # apt-get update can exit 0 without having reached the registry: it then prints Err: or W: lines.
  "${apt[@]}" update >"$log" 2>&1 || true
  if grep -qE '^(Err:|E: |W: Failed to fetch|W: Some index files)' "$log"; then
    unreachable="no package registry reachable ($(grep -m1 -E 'Could not|Temporary failure|Failed to fetch|Unable to|^E: |^Err:' "$log" | sed 's/^ *//' | cut -c1-120))"
  fi
  if "${apt[@]}" install -y --no-install-recommends --no-upgrade "$@" >>"$log" 2>&1; then
    rm -f "$log"
    return 0
  fi
  # One package that cannot be had must not keep the others out: try each alone.
  for pkg in "$@"; do
    one=$(mktemp "${TMPDIR:-/tmp}/gevent4j-apt.XXXXXX")
    if ! "${apt[@]}" install -y --no-install-recommends --no-upgrade "$pkg" >"$one" 2>&1; then
      PREREQ_WHY[$pkg]=${unreachable:-"apt-get install $pkg failed: $(grep -m1 '^E:' "$one" | cut -c1-120)"}
      status=1
    fi
    rm -f "$one"
  done
  rm -f "$log"
  return "$status"
}

# prereq_ensure ID...: installs what is missing; PREREQ_UNAVAILABLE gets the IDs still missing after.
prereq_ensure() {
  PREREQ_UNAVAILABLE=()
  local id missing=() packages=()
  for id in "$@"; do
    prereq_have "$id" || missing+=("$id")
  done
  [ "${#missing[@]}" -gt 0 ] || return 0
  for id in "${missing[@]}"; do
    [ "$(prereq_field "$id" 2)" = "-" ] || packages+=("$(prereq_field "$id" 2)")
  done
  if [ "${#packages[@]}" -gt 0 ]; then
    if prereq_privilege >/dev/null; then
      echo "gevent4j: installing ${packages[*]} (Debian packages; needed by the tests or the benchmarks, see scripts/prerequisites.sh)"
    fi
    prereq_apt_install "${packages[@]}" || true
  fi
  for id in "${missing[@]}"; do
    prereq_have "$id" && continue
    PREREQ_UNAVAILABLE+=("$id")
    echo "gevent4j: MISSING $(prereq_how "$id")" >&2
  done
  [ "${#PREREQ_UNAVAILABLE[@]}" -eq 0 ]
}

# One line: what is missing, what needs it, why it is not installed, and how to install it.
prereq_how() { # ID
  local package needed why
  package=$(prereq_field "$1" 2)
  needed=$(prereq_field "$1" 3)
  why=${PREREQ_WHY[$package]:-}
  if [ "$1" = root ]; then
    echo "root: $needed needs it; run scripts/test.sh as root"
  elif [ "$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null)" = installed ]; then
    echo "$package: needed by $needed; the package is installed, yet what it brings was not found (see scripts/prerequisites.sh); reinstall it with: apt-get install --reinstall $package (as root)"
  else
    echo "$package: needed by $needed; ${why:+not installed: $why; }install it with: apt-get install $package (as root)"
  fi
}

prereq_unavailable() { # ID: true when prereq_ensure could not provide it
  local id
  for id in "${PREREQ_UNAVAILABLE[@]}"; do
    [ "$id" = "$1" ] && return 0
  done
  return 1
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -uo pipefail
  # shellcheck disable=SC2086
  if [ "$#" -eq 0 ]; then set -- $PREREQ_ALL; fi
  prereq_ensure "$@"
fi
