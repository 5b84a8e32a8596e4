# Sourced by ./passage and ./run-tests: points JAVA_HOME at the newest JDK 21+ it can find.
# Order of preference: the newest of $JAVA_HOME, `java` on PATH and every JDK under the usual
# install roots. Exits with one clear sentence when none is 21 or newer.

passage_java_major() {
  # Prints the feature version of the JDK at $1 (e.g. 25), or nothing when it is not a JDK.
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  local release="$1/release" v=""
  if [ -f "$release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$release")
  fi
  [ -n "$v" ] || v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  v=${v#1.}
  echo "${v%%[.+-]*}"
}

passage_find_java() {
  local candidates=() best="" best_major=0 c m
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/*; do
    [ -d "$c" ] && candidates+=("$c")
  done
  for c in "${candidates[@]}"; do
    m=$(passage_java_major "$c")
    if [ -n "$m" ] && [ "$m" -gt "$best_major" ] 2>/dev/null; then
      best="$c"; best_major="$m"
    fi
  done
  if [ "$best_major" -lt 21 ]; then
    echo "passage: no JDK 21 or newer found (looked at JAVA_HOME, java on PATH and /usr/lib/jvm); install one and try again." >&2
    exit 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
}

passage_find_java

# Maven 3.9's Guice warns about sun.misc.Unsafe on JDK 24+; the warning is noise, not a problem.
if [ "$(passage_java_major "$JAVA_HOME")" -ge 24 ] 2>/dev/null; then
  case " ${MAVEN_OPTS:-} " in
    *sun-misc-unsafe-memory-access*) ;;
    *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
  esac
fi
