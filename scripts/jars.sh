# Sourced by the scripts that run what Maven's `package` built: module_jar <module folder> <artifactId>
# prints the path of that module's jar under its target/, whatever the version in the poms (not the
# -sources, -javadoc or -tests jars, nor the shade plugin's original-*). When jars of several versions are
# left there, the newest file wins: the one the last build wrote.
module_jar() {
  local dir=$1 artifact=$2 jar best=""
  for jar in "$dir/target/$artifact"-*.jar; do
    [ -f "$jar" ] || continue
    case "${jar##*/}" in
      *-sources.jar | *-javadoc.jar | *-tests.jar | *-test-sources.jar) continue ;;
    esac
    if [ -z "$best" ] || [ "$jar" -nt "$best" ]; then
      best=$jar
    fi
  done
  if [ -z "$best" ]; then
    echo "no $artifact jar under $dir/target: build it first (mvn -DskipTests package -pl $dir -am)" >&2
    return 1
  fi
  echo "$best"
}
