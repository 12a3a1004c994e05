#!/usr/bin/env bash
# Builds gevent4j and runs the demo: thousands of greenlets doing blocking work on one platform thread.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
mvn -B -ntp -q -Dstyle.color=never -DskipTests -pl examples -am install
exec "$JAVA_HOME/bin/java" --add-opens java.base/java.lang=ALL-UNNAMED \
  -cp "core/target/gevent4j-core-0.1.0-SNAPSHOT.jar:examples/target/gevent4j-examples-0.1.0-SNAPSHOT.jar" \
  io.gevent4j.examples.Demo "$@"
