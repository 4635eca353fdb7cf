#!/usr/bin/env bash
# Trains the AOT cache (JEP 514/515) of the runnable jar on a JDK 25 or newer, for bin/camel-pop3-ingest; `mvn
# package` runs it after the jar is built (-Dingest.aot.skip=true leaves it out), and so can you:
#
#   scripts/train-aot-cache.sh [target/camel-pop3-ingest.jar]
#
# The JDK: INGEST_JAVA if set, else JAVA_HOME if it is 25 or newer, else the newest 25+ in /usr/lib/jvm. Without one
# it says so in one INFO line, removes any old cache and ends with 0: the launcher then runs plain java -jar.
# The training run is the main job in once mode on its embedded demo mailbox: the four samples and 200 generated
# copies (demo.mailbox.generated), in target/aot-training, with none of the caller's INGEST_* or CAMEL_* settings.
# It writes target/camel-pop3-ingest.aot and its stamp, target/camel-pop3-ingest.aot.stamp (see the launcher).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=../bin/camel-pop3-ingest
source "$root/bin/camel-pop3-ingest"

GENERATED=200
jar=$(readlink -f "${1:-$root/target/camel-pop3-ingest.jar}")
[ -f "$jar" ] || { echo "[ERROR] train-aot-cache: $jar is missing; build it with mvn -B -q -DskipTests package" >&2; exit 1; }
cache=${INGEST_AOT_CACHE:-${jar%.jar}.aot}
work=$(dirname "$jar")/aot-training
rm -f "$cache" "$cache.stamp" "$cache.tmp"

home=
if [ -n "${INGEST_JAVA:-}" ]; then
  candidates=("$(jdk_home_of "$INGEST_JAVA" || true)")
else
  candidates=("${JAVA_HOME:-}")
  # Then the machine's JDKs, newest feature version first.
  while IFS=' ' read -r _ dir; do candidates+=("$dir"); done < <(
    for dir in /usr/lib/jvm/*/; do
      dir=${dir%/}
      feature=$(jdk_feature "$dir") && echo "$feature $dir"
    done | sort -rn)
fi
for candidate in "${candidates[@]}"; do
  [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
  feature=$(jdk_feature "$candidate") || continue
  if [ "$feature" -ge 25 ]; then
    home=$(readlink -f "$candidate")
    break
  fi
done
if [ -z "$home" ]; then
  where="JAVA_HOME, /usr/lib/jvm"
  [ -z "${INGEST_JAVA:-}" ] || where="INGEST_JAVA=$INGEST_JAVA"
  echo "[INFO] No JDK 25 or newer ($where): no AOT cache trained; bin/camel-pop3-ingest runs java -jar"
  exit 0
fi

rm -rf "$work"
mkdir -p "$work"
start=$SECONDS
# The caller's mailbox, sinks or routes must not leak into the training run.
unset_env=()
while IFS='=' read -r name _; do
  case "$name" in INGEST_* | CAMEL_*) unset_env+=(-u "$name") ;; esac
done < <(env)
rc=0
(cd "$work" && env "${unset_env[@]}" INGEST_ONCE=true INGEST_STATE_DIR="$work/state" \
  INGEST_ARCHIVE_DIR="$work/archive" INGEST_QUARANTINE_DIR="$work/quarantine" \
  "$home/bin/java" -XX:AOTCacheOutput="$cache.tmp" -Ddemo.mailbox.generated=$GENERATED -jar "$jar" \
  >"$work/training.out" 2>"$work/training.err") || rc=$?
expected="fetched=$((4 + GENERATED)) skipped=0 archived=$((4 + GENERATED)) failed=0 "
if [ "$rc" != 0 ] || ! grep -q "^$expected" "$work/training.out" || [ ! -s "$cache.tmp" ]; then
  rm -f "$cache.tmp"
  tail -20 "$work/training.err" >&2
  echo "[ERROR] train-aot-cache: the training run on $home exited with $rc (expected a summary starting" \
    "'$expected' and a cache; see $work/training.out and training.err)" >&2
  exit 1
fi
mv -f "$cache.tmp" "$cache"
aot_stamp "$jar" "$cache" "$home" >"$cache.stamp.tmp"
mv -f "$cache.stamp.tmp" "$cache.stamp"
echo "[INFO] AOT cache $cache trained on $(jdk_runtime "$home") ($home) in $((SECONDS - start)) s" \
  "($((4 + GENERATED)) mails); bin/camel-pop3-ingest uses it"
