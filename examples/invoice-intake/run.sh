#!/usr/bin/env bash
# Runs the invoice-intake example once against the embedded demo mailbox (or the mailbox in INGEST_POP3_* if set),
# with the demo ERP webhook and the embedded Artemis broker as sinks, validating every invoice.
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
export CAMEL_MAIN_ROUTESINCLUDEPATTERN="file:$here/invoice-intake.camel.yaml,classpath:routes/beans.camel.yaml,classpath:routes/intake-errors.camel.yaml,classpath:routes/delivery.camel.yaml"
export INGEST_ARCHIVE_DIR="${INGEST_ARCHIVE_DIR:-$work/archive}"
export INGEST_STATE_DIR="${INGEST_STATE_DIR:-$work/state}"
export INGEST_QUARANTINE_DIR="${INGEST_QUARANTINE_DIR:-$work/quarantine}"
export INGEST_SINKS="${INGEST_SINKS:-jms,http}"
export INGEST_VALIDATION="${INGEST_VALIDATION:-true}"
export INGEST_REVIEW_SINKS="${INGEST_REVIEW_SINKS:-file,jms}"
export INGEST_REVIEW_DIR="${INGEST_REVIEW_DIR:-$work/review}"
export INGEST_HTTP_URL="${INGEST_HTTP_URL:-http://localhost:38080/erp}"
export INGEST_ONCE="${INGEST_ONCE:-true}"
exec java -jar "$jar"
