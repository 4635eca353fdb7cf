#!/usr/bin/env bash
# Runs this example once against the embedded demo mailbox (or the mailbox in INGEST_POP3_* if set).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jar="$root/target/camel-pop3-ingest.jar"
if [ ! -f "$jar" ]; then
  (cd "$root" && mvn -B -q -DskipTests package)
fi
work="${EXAMPLE_WORK_DIR:-$here/target}"
mkdir -p "$work"
cd "$work"
export CAMEL_MAIN_ROUTESINCLUDEPATTERN="file:$here/kamelet-archive.camel.yaml,classpath:routes/beans.camel.yaml,classpath:routes/intake-errors.camel.yaml,classpath:routes/delivery.camel.yaml"
export INGEST_ARCHIVE_DIR="${INGEST_ARCHIVE_DIR:-$work/archive}"
export INGEST_STATE_DIR="${INGEST_STATE_DIR:-$work/state}"
export INGEST_ONCE="${INGEST_ONCE:-true}"
exec java -jar "$jar"
