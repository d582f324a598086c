# Sourced by ./sift and ./run-tests: sets JAVA_HOME to a JDK >= 21, or exits with a message.
# Order: $JAVA_HOME if new enough, then the newest JDK under /usr/lib/jvm, then `java` on PATH.

sift_java_major() { # $1 = JDK home; prints the major version or nothing
  local home=$1 v
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  fi
  if [ -z "${v:-}" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
  fi
  echo "${v:-}"
}

sift_find_jdk() {
  local candidate best="" best_major=0 major
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(sift_java_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then return 0; fi
  fi
  for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
    [ -d "$candidate" ] || continue
    major=$(sift_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best=$candidate; best_major=$major
    fi
  done
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(sift_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then best=$candidate; fi
  fi
  if [ -z "$best" ]; then
    echo "sift: no JDK 21 or newer found (looked at JAVA_HOME, /usr/lib/jvm, java on PATH)." >&2
    echo "      Install one (e.g. apt-get install openjdk-21-jdk-headless or Temurin 25) or set JAVA_HOME." >&2
    exit 1
  fi
  export JAVA_HOME=$best
}
