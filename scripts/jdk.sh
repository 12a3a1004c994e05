# Sourced by the other scripts: exports JAVA_HOME pointing at a JDK 21+.
# Order: $JAVA_HOME when it is 21+, else the newest JDK under /usr/lib/jvm (or /usr/local/lib/jvm, /opt/java).
java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

find_jdk21() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(java_major "$JAVA_HOME")
    if [ "${major:-0}" -ge 21 ] 2>/dev/null; then
      echo "$JAVA_HOME"
      return 0
    fi
  fi
  best="" best_major=0
  for home in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/*; do
    [ -x "$home/bin/javac" ] || continue
    major=$(java_major "$home")
    if [ "${major:-0}" -gt "$best_major" ] 2>/dev/null; then
      best="$home" best_major="$major"
    fi
  done
  if [ "$best_major" -ge 21 ]; then
    echo "$best"
    return 0
  fi
  return 1
}

if ! JAVA_HOME=$(find_jdk21); then
  echo "gevent4j needs a JDK 21 or newer and none was found (JAVA_HOME=${JAVA_HOME:-unset}; looked in /usr/lib/jvm, /usr/local/lib/jvm, /opt/java)." >&2
  echo "Install one (e.g. apt-get install openjdk-21-jdk) or point JAVA_HOME at it." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
# Maven's own Guava pokes sun.misc.Unsafe; keep JDK 24+ from printing warnings about it on every build.
if [ "$(java_major "$JAVA_HOME")" -ge 24 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
