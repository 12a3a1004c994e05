#!/usr/bin/env bash
# Runs every test of every module (the README's test command); arguments go to Maven, e.g.
#   scripts/test.sh -pl compat-tests -am
#
# First it installs what the tests and the benchmarks need from outside Maven when it is missing
# (scripts/prerequisites.sh: PostgreSQL, Redis, a JDK 17, python3-gevent, gcc), as root or through sudo.
# Whatever it cannot install (not root and no sudo, no package registry) it names in one line, with the
# command that installs it; the tests that need it are then not run, and the run fails, naming them,
# even when every test that ran passed. With CI=true nothing is left out: such a test fails instead.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
. scripts/prerequisites.sh

# shellcheck disable=SC2086
prereq_ensure $PREREQ_ALL || true
if jdk17=$(prereq_jdk17_home); then
  export GEVENT4J_JDK17=$jdk17
fi
not_run=$(mktemp "${TMPDIR:-/tmp}/gevent4j-not-run.XXXXXX")
trap 'rm -f "$not_run"' EXIT
export GEVENT4J_NOT_RUN=$not_run
if [[ "${CI:-}" =~ ^(true|1|yes)$ ]]; then
  export GEVENT4J_UNAVAILABLE="" # CI: a test whose prerequisite is missing fails
else
  export GEVENT4J_UNAVAILABLE="${PREREQ_UNAVAILABLE[*]}"
fi

echo "Testing with JDK at $JAVA_HOME"
status=0
mvn -B -ntp -Dstyle.color=never verify "$@" || status=$?

if [ -s "$not_run" ]; then
  echo
  sort -u "$not_run" | while IFS=$'\t' read -r id test; do
    echo "NOT RUN: $test; $(prereq_how "$id")"
  done
  echo "scripts/test.sh: FAILED: the tests above were not run (Maven counts them as skipped); they are not counted as passed."
  [ "$status" -ne 0 ] || status=1
elif [ "${#PREREQ_UNAVAILABLE[@]}" -gt 0 ]; then
  for id in "${PREREQ_UNAVAILABLE[@]}"; do
    echo "Still missing (no test that ran needs it): $(prereq_how "$id")"
  done
fi
exit "$status"
