#!/usr/bin/env bash
# Runs every test of every module (the README's test command).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
echo "Testing with JDK at $JAVA_HOME"
exec mvn -B -ntp -Dstyle.color=never verify "$@"
