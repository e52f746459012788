# Sourced by the project's scripts: selects a JDK 21 or newer for the build and the stack.
# Keeps JAVA_HOME when it already points at one; otherwise looks at `java` on the PATH, then /usr/lib/jvm.
java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1
}
is_jdk21plus() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ "$(java_major "$1")" -ge 21 ] 2>/dev/null
}
if [ -n "${JAVA_HOME:-}" ] && is_jdk21plus "$JAVA_HOME"; then
  :
else
  candidates=()
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for dir in /usr/lib/jvm/* /opt/java/* /opt/jdk*; do [ -d "$dir" ] && candidates+=("$dir"); done
  JAVA_HOME=""
  best=0
  for dir in "${candidates[@]}"; do
    if is_jdk21plus "$dir"; then
      major=$(java_major "$dir")
      if [ "$major" -gt "$best" ]; then best=$major; JAVA_HOME=$dir; fi
    fi
  done
  if [ -z "$JAVA_HOME" ]; then
    echo "No JDK 21 or newer found (looked at JAVA_HOME, the PATH and /usr/lib/jvm). Install one, e.g. Temurin 21 or 25." >&2
    exit 1
  fi
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
