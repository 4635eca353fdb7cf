#!/usr/bin/env bash
# Performance benchmark: the main job against plain camel-mail, mpop and the wire limit, on a private Dovecot POP3S
# server with a deterministic mailbox. Not a test: it is not part of `mvn verify` or .ci/run. Where the build trained
# a JDK 25 AOT cache, the main job's first sync and re-poll also run through bin/camel-pop3-ingest on it (a').
#
#   scripts/benchmark.sh [--messages N] [--small N] [--big MB] [--validation N] [--large] [--quick] [--no-build]
#                        [--keep] [--profile] [--warm-drains N]
#
#   --messages N  the attachment case: N messages, 60% text, 30% with a 200 KB PDF, 10% PDF + UBL (default 1000)
#   --small N     the small-message case: N text messages of 1-3 KB (default 10000; 0 skips it)
#   --big MB      one message with an MB-megabyte attachment and a valid UBL invoice after it, main job under
#                 -Xmx128m (without and, unless --validation 0, with INGEST_VALIDATION=true), against mpop
#                 (default 200; 0 skips it)
#   --validation N  the validation case: N messages with one valid e-invoice each (half UBL, half CII, from
#                 ../shared/corpus or BENCH_CORPUS_DIR), the main job without and with INGEST_VALIDATION=true, and
#                 the validation cost per invoice, in a fresh process and warm in a running job (default 1000; 0
#                 skips it and the big case's validated run)
#   --large       the attachment case only (same as --small 0 --big 0 --validation 0)
#   --quick       --messages 100 --small 1000 --big 20 --validation 100, a couple of minutes
#   --no-build    use target/camel-pop3-ingest.jar as it is instead of running mvn package first
#   --keep        keep the temp folder (mailboxes, archives, logs) and print its path
#   --warm-drains N  drains in the running job, the last of which is the warm drain (default 5, at least 2)
#   --profile     record the warm drain of each case with JFR (settings=profile, started and stopped with jcmd
#                 around that drain only) into target/benchmark/warm-<case>.jfr; read it with
#                 jfr print --events jdk.ExecutionSample,jdk.NativeMethodSample,jdk.ThreadPark (see docs/PERFORMANCE.md)
#
# Prints the table on stdout and writes it, with the machine it ran on, to target/benchmark/benchmark-table.md.
set -euo pipefail

MESSAGES=1000
SMALL=10000
BIG=200
VALIDATION=1000
BUILD=1
KEEP=0
PROFILE=0
WARM_DRAINS=5
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --messages) MESSAGES=${2:?--messages needs a number}; shift ;;
    --small) SMALL=${2:?--small needs a number}; shift ;;
    --big) BIG=${2:?--big needs a number of megabytes}; shift ;;
    --validation) VALIDATION=${2:?--validation needs a number}; shift ;;
    --large) SMALL=0; BIG=0; VALIDATION=0 ;;
    --quick) MESSAGES=100; SMALL=1000; BIG=20; VALIDATION=100 ;;
    --no-build) BUILD=0 ;;
    --keep) KEEP=1 ;;
    --profile) PROFILE=1 ;;
    --warm-drains) WARM_DRAINS=${2:?--warm-drains needs a number}; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; echo "benchmark: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
[[ "$MESSAGES" =~ ^[0-9]+$ && "$SMALL" =~ ^[0-9]+$ && "$BIG" =~ ^[0-9]+$ && "$VALIDATION" =~ ^[0-9]+$ ]] \
  || { echo "benchmark: counts must be numbers" >&2; exit 2; }
[[ "$WARM_DRAINS" =~ ^[0-9]+$ ]] && [ "$WARM_DRAINS" -ge 2 ] \
  || { echo "benchmark: --warm-drains must be 2 or more" >&2; exit 2; }

ROOT=$(cd "$(dirname "$0")/.." && pwd)
HERE=$ROOT/scripts/benchmark
JAR=$ROOT/target/camel-pop3-ingest.jar
LAUNCHER=$ROOT/bin/camel-pop3-ingest
OUT=$ROOT/target/benchmark
TOOL=(python3 "$HERE/bench_tool.py")
USER_NAME=bench
PASSWORD=bench-secret
MAIL_UID=65534 # nobody: Dovecot refuses to serve mail as root

die() { echo "benchmark: FAILED: $*" >&2; exit 1; }
step() { echo "== $*" >&2; }

# --- tools -----------------------------------------------------------------------------------------------------------
missing=()
command -v dovecot >/dev/null || missing+=(dovecot-core dovecot-pop3d)
[ -x /usr/lib/dovecot/pop3 ] || missing+=(dovecot-pop3d)
command -v mpop >/dev/null || missing+=(mpop)
[ -x /usr/bin/time ] || missing+=(time)
command -v openssl >/dev/null || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "missing ${missing[*]}; install them (apt-get install -y ${missing[*]}) or run as root"
  step "installing ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed"
fi
for tool in java keytool python3 mvn; do command -v "$tool" >/dev/null || die "$tool is not on the PATH"; done
[ "$(id -u)" = 0 ] || die "run as root: Dovecot switches to the mail user ($MAIL_UID) for each session"

if [ "$BUILD" = 1 ]; then
  step "building the jar (mvn -B -q -DskipTests package)"
  (cd "$ROOT" && mvn -B -q -DskipTests package) || die "mvn package failed"
fi
[ -f "$JAR" ] || die "$JAR is missing; run mvn -B -q -DskipTests package"
# a') runs when package trained the JDK 25 AOT cache; its runs fail the benchmark if the launcher ignores the cache.
AOT=0
AOT_JAVA=
if [ -f "${JAR%.jar}.aot" ]; then
  AOT=1
  AOT_JAVA=$(sed -n 's/^jdk=\(.*\) [^ ]*$/\1/p' "${JAR%.jar}.aot.stamp" 2>/dev/null)/bin/java
else
  step "no AOT cache beside $JAR (no JDK 25 at build time): the JDK 25 + AOT contender is left out"
fi

# --- private Dovecot -------------------------------------------------------------------------------------------------
WORK=$(mktemp -d /tmp/camel-pop3-bench.XXXXXX)
chmod 755 "$WORK" # Dovecot's auth process, not root, reads the passwd-file in here
DOVECOT_PID=
cleanup() {
  if [ -n "$DOVECOT_PID" ] && kill -0 "$DOVECOT_PID" 2>/dev/null; then
    kill "$DOVECOT_PID" 2>/dev/null || true
    wait "$DOVECOT_PID" 2>/dev/null || true
  fi
  if [ "$KEEP" = 1 ]; then echo "benchmark: kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$WORK/run" "$WORK/mail" "$WORK/seed" "$OUT"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
  -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null \
  || die "openssl could not make the certificate"
keytool -importcert -noprompt -alias localhost -file "$WORK/cert.pem" -keystore "$WORK/trust.p12" \
  -storetype PKCS12 -storepass changeit >/dev/null 2>&1 || die "keytool could not import the certificate"
echo "$USER_NAME:{PLAIN}$PASSWORD:$MAIL_UID:$MAIL_UID::$WORK/mail/$USER_NAME::" >"$WORK/passwd"
LOG=$WORK/dovecot.log
CONF=$WORK/dovecot.conf
cat >"$CONF" <<EOF
# Generated by scripts/benchmark.sh: POP3S on loopback only, one passwd-file user, Maildir, no system service.
protocols = pop3
listen = 127.0.0.1
base_dir = $WORK/run
state_dir = $WORK/run/state
log_path = $LOG
log_timestamp = "%Y-%m-%d %H:%M:%S.%{usecs} "
ssl = required
ssl_cert = <$WORK/cert.pem
ssl_key = <$WORK/key.pem
auth_mechanisms = plain
passdb {
  driver = passwd-file
  args = scheme=PLAIN $WORK/passwd
}
userdb {
  driver = passwd-file
  args = $WORK/passwd
}
mail_location = maildir:~/Maildir
pop3_uidl_format = %08Xu%08Xv
pop3_logout_format = top=%t/%p, retr=%r/%b, del=%d/%m, size=%s, in=%i, out=%o
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
  inet_listener pop3s {
    port = $PORT
    ssl = yes
  }
}
service imap-login {
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    port = 0
  }
}
EOF
step "starting Dovecot POP3S on 127.0.0.1:$PORT ($WORK)"
dovecot -F -c "$CONF" &
DOVECOT_PID=$!
for _ in $(seq 1 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  kill -0 "$DOVECOT_PID" 2>/dev/null || die "Dovecot did not start: $(tail -5 "$LOG" 2>/dev/null)"
  sleep 0.2
done
(exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || die "Dovecot does not listen on $PORT: $(tail -5 "$LOG")"

# --- helpers ---------------------------------------------------------------------------------------------------------
MAILDIR=$WORK/mail/$USER_NAME/Maildir

# A fresh copy of the seeded mailbox, indexed by Dovecot beforehand, so that no contender pays for the first scan.
reset_mailbox() {
  local seed=$1 count=$2
  rm -rf "$WORK/mail/$USER_NAME"
  mkdir -p "$WORK/mail/$USER_NAME"
  cp -a "$seed" "$MAILDIR"
  chown -R "$MAIL_UID:$MAIL_UID" "$WORK/mail/$USER_NAME"
  local status
  status=$(doveadm -c "$CONF" mailbox status -u "$USER_NAME" "messages vsize" INBOX) || die "doveadm could not index"
  [[ "$status" == *"messages=$count "* ]] || die "Dovecot sees '$status', expected $count messages"
}

log_mark() { wc -l <"$LOG"; }
now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }
rss_mb() { awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$1"; }
# user + system CPU seconds of the process (its threads and children), from /usr/bin/time -v
cpu_s() { awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$1"; }
# session N (1-based) of those logged since MARK: "login logout seconds top retr"
session() { "${TOOL[@]}" sessions "$LOG" "$1" | sed -n "${2}p"; }
field() { echo "$1" | awk -v f="$2" '{ print $f }'; }
# Runs a contender under /usr/bin/time -v with a time limit; fails the benchmark if it fails.
run_timed() {
  local name=$1 limit=$2; shift 2
  local rc=0
  /usr/bin/time -v -o "$WORK/$name.time" timeout "$limit" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || rc=$?
  if [ "$rc" != 0 ] && [ "${ALLOW_RC:-}" != "$rc" ]; then
    tail -20 "$WORK/$name.err" >&2
    die "$name exited with $rc (output in $WORK/$name.*; rerun with --keep to look at it)"
  fi
}
settle() { sleep 0.3; } # Dovecot writes the logout line just after the client's QUIT

MAIN_ENV=(INGEST_POP3_HOST=localhost INGEST_POP3_PORT="$PORT" INGEST_POP3_USERNAME="$USER_NAME"
  INGEST_POP3_PASSWORD="$PASSWORD" INGEST_POP3_TRUSTSTORE="$WORK/cert.pem" INGEST_SINKS=)

RESULTS=$WORK/results.tsv
VALIDATION_RESULTS=$WORK/validation.tsv
: >"$RESULTS"
: >"$VALIDATION_RESULTS"
row() { printf '%s\t' "$@" | sed 's/\t$//' >>"$RESULTS"; echo >>"$RESULTS"; }
# case, invoices (the cost's divisor; 0 shows no cost per invoice), validation off|on, first sync s, drain s, CPU s,
# peak RSS MB, peak heap MB, first compiles
validation_row() { printf '%s\t' "$@" | sed 's/\t$//' >>"$VALIDATION_RESULTS"; echo >>"$VALIDATION_RESULTS"; }
drain_s() { sed -n 's/.* elapsed=\([0-9.]*\)$/\1/p' "$1" | tail -1; }
# Unified GC log lines end in "<before>M-><after>M(<committed>M) <pause>ms": the peak is the largest "before".
peak_heap_mb() { grep -o '[0-9]*M->[0-9]*M' "$1" | sed 's/M->.*//' | sort -n | tail -1; }
# The first compile of each rule set, from the job's INFO lines of CompiledRuleSet: "name=ms;name=ms".
compiles() { "${TOOL[@]}" compiled "$1" | awk -F'\t' '{ printf "%s%s=%s", (NR > 1 ? ";" : ""), $1, $2 }'; }
# After a run with INGEST_VALIDATION=true on valid invoices: nothing in review, every message delivered with the
# decision deliver and every invoice valid. Prints the invoices per rule set.
check_validated() { # check_validated LABEL DIR MESSAGES INVOICES
  local label=$1 dir=$2 report
  if [ -d "$dir/review" ]; then
    report=$(find "$dir/review" -name review.txt | sort | head -1)
    if [ -n "$report" ]; then
      sed -n '1,40p' "$report" >&2
      die "$label: mail with valid invoices went to review, so the comparison is void; the first: $report$(
        [ "$KEEP" = 1 ] || echo " (rerun with --keep to look at it)")"
    fi
    [ -z "$(find "$dir/review" -mindepth 1 -print -quit)" ] || die "$label: the review folder $dir/review is not empty"
  fi
  "${TOOL[@]}" delivered "$label" "$dir/state" "$dir/archive" "$3" "$4" \
    || die "$label: not every message was delivered with its invoices valid"
}
rate() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.1f}')" "$1" "$2"; }

# The main job's timings inside a running job, from its "Polled ... in N ms" lines: re-polls of the drained mailbox
# (a job polling every 2 s, on a copy of the first sync's state), then WARM_DRAINS drains: each time the mailbox is
# swapped for a fresh copy of the seed, which Dovecot gives a new UIDVALIDITY, so every message is new to the job.
# The last drain runs with the JIT settled by the ones before (after one drain it is still compiling thousands of
# methods): the steady state of a job that has been draining for a while.
# Sets IN_JOB (median re-poll s, all but the first poll) and WARM (s, the last drain).
run_warm() {
  local mode=$1 seed=$2 count=$3 state=$4 dir=$WORK/main-$1-warm pid lines
  rm -rf "$dir"; mkdir -p "$dir"; cp -a "$state" "$dir/state"
  fresh_copy() { rm -rf "$MAILDIR.next"; cp -a "$seed" "$MAILDIR.next"; chown -R "$MAIL_UID:$MAIL_UID" "$MAILDIR.next"; }
  swap() { rm -rf "$MAILDIR.old"; mv "$MAILDIR" "$MAILDIR.old" && mv "$MAILDIR.next" "$MAILDIR"; }
  fresh_copy
  env "${MAIN_ENV[@]}" INGEST_ONCE=false INGEST_POLL_DELAY=2000 INGEST_ARCHIVE_DIR="$dir/archive" \
    INGEST_STATE_DIR="$dir/state" java -jar "$JAR" >"$WORK/a-running-$mode.out" 2>"$WORK/a-running-$mode.err" &
  pid=$!
  polled() { grep -c ' Polled .* in [0-9]* ms: ' "$WORK/a-running-$mode.err" || true; }
  wait_for() { # wait_for SECONDS CONDITION...
    local until=$((SECONDS + $1)); shift
    until "$@"; do
      kill -0 "$pid" 2>/dev/null || die "the running main job ended early (see $WORK/a-running-$mode.err)"
      [ "$SECONDS" -lt "$until" ] || { kill "$pid"; die "the running main job timed out waiting ($*)"; }
      sleep 0.1
    done
  }
  has_polled() { [ "$(polled)" -ge "$1" ]; }
  drained() { [ "$(grep -c " Polled .* in [0-9]* ms: $count on server, $count new, .* $count processed, 0 failed" \
    "$WORK/a-running-$mode.err")" -ge "$1" ]; }
  wait_for 300 has_polled 5
  swap
  fresh_copy
  wait_for 1800 drained 1
  # The first drain's copies move aside (the archive folder is made again), so that each archive holds each message
  # once and both can be checked.
  mv "$dir/archive" "$dir/archive-first"
  # Drains until the JIT has settled (one drain leaves thousands of methods still compiling); the last one counts.
  local drain
  for drain in $(seq 2 "$WARM_DRAINS"); do
    if [ "$drain" = "$WARM_DRAINS" ] && [ "$PROFILE" = 1 ]; then
      jcmd "$pid" JFR.start name=warm settings=profile >/dev/null || die "jcmd JFR.start failed"
    fi
    swap
    # The copy for the next drain is made during this one, never during the last (the measured) one.
    [ "$drain" = "$WARM_DRAINS" ] || fresh_copy
    wait_for 1800 drained "$drain"
    [ "$drain" = "$WARM_DRAINS" ] || rm -rf "$dir/archive"
  done
  if [ "$PROFILE" = 1 ]; then
    jcmd "$pid" JFR.stop name=warm filename="$OUT/warm-$mode.jfr" >/dev/null || die "jcmd JFR.stop failed"
    step "warm drain profile: $OUT/warm-$mode.jfr"
  fi
  kill "$pid"; wait "$pid" || true
  rm -rf "$MAILDIR.old"
  lines=$(sed -n 's/.* Polled .* in \([0-9]*\) ms: \([0-9]*\) on server, \([0-9]*\) new, .*/\1 \3/p' \
    "$WORK/a-running-$mode.err")
  IN_JOB=$(echo "$lines" | awk '$2 != 0 { exit } { print }' | tail -n +2 | sort -n \
    | awk '{ v[NR] = $1 } END { if (NR) printf "%.3f", v[int((NR + 1) / 2)] / 1000 }')
  WARM=$(echo "$lines" | awk -v n="$count" '$2 == n { printf "%.2f\n", $1 / 1000 }' | tail -1)
  [ -n "$IN_JOB" ] && [ -n "$WARM" ] || die "the running main job did not report its polls"
}

run_case() {
  local label=$1 count=$2 mode=$3
  local seed=$WORK/seed/$mode
  step "$label: seeding $count messages"
  local seeded
  seeded=$(python3 "$HERE/seed_maildir.py" "$seed" "$count" "$mode") || die "seeding failed"
  local bytes=${seeded#* }
  local mb
  mb=$(python3 -c "import sys; print(f'{int(sys.argv[1]) / 1e6:.1f}')" "$bytes")
  label="$label ($mb MB)"
  local mark t0 t1 s1 s2 first repoll

  # a) the main job: first sync, then a second process for the re-poll
  step "$label: a) main job"
  reset_mailbox "$seed" "$count"
  local dir=$WORK/main-$mode
  local env_a=("${MAIN_ENV[@]}" INGEST_ONCE=true INGEST_ARCHIVE_DIR="$dir/archive" INGEST_STATE_DIR="$dir/state")
  mark=$(log_mark); t0=$(now)
  run_timed "a-first-$mode" 1800 env "${env_a[@]}" java -jar "$JAR"
  t1=$(now); settle; first=$(elapsed "$t0" "$t1"); s1=$(session "$mark" 1)
  local rss_a; rss_a=$(rss_mb "$WORK/a-first-$mode.time")
  grep -q "^fetched=$count skipped=0 archived=$count failed=0 " "$WORK/a-first-$mode.out" \
    || die "main job first sync: $(tail -1 "$WORK/a-first-$mode.out")"
  mark=$(log_mark); t0=$(now)
  run_timed "a-repoll-$mode" 600 env "${env_a[@]}" java -jar "$JAR"
  t1=$(now); settle; repoll=$(elapsed "$t0" "$t1"); s2=$(session "$mark" 1)
  grep -q "^fetched=0 skipped=$count archived=0 failed=0 " "$WORK/a-repoll-$mode.out" \
    || die "main job re-poll: $(tail -1 "$WORK/a-repoll-$mode.out")"
  [ "$(field "$s2" 5)" = 0 ] || die "main job re-poll sent $(field "$s2" 5) RETR"
  local drain
  drain=$(sed -n 's/.* elapsed=\([0-9.]*\)$/\1/p' "$WORK/a-first-$mode.out" | tail -1)
  [ -n "$drain" ] || die "main job did not report elapsed="
  run_warm "$mode" "$seed" "$count" "$WORK/main-$mode/state"
  local a_row=("$label" a "a) main job" "$first" "$(rate "$count" "$first")" "$(rate "$mb" "$first")" "$rss_a" "$repoll"
    "$(field "$s1" 3)" "$(field "$s2" 3)" "$(field "$s1" 4)" "$(field "$s2" 4)" "$(field "$s1" 5)" "$(field "$s2" 5)"
    "$drain" "$IN_JOB" "$(cpu_s "$WORK/a-first-$mode.time")" "$WARM")

  # a') the same two processes through the launcher on the JDK 25 AOT cache (the in-job figures are a's)
  local e_row=()
  if [ "$AOT" = 1 ]; then
    step "$label: a') main job, JDK 25 + AOT (bin/camel-pop3-ingest)"
    reset_mailbox "$seed" "$count"
    dir=$WORK/main-aot-$mode
    local env_e=("${MAIN_ENV[@]}" INGEST_ONCE=true INGEST_ARCHIVE_DIR="$dir/archive" INGEST_STATE_DIR="$dir/state")
    mark=$(log_mark); t0=$(now)
    run_timed "e-first-$mode" 1800 env "${env_e[@]}" "$LAUNCHER"
    t1=$(now); settle; first=$(elapsed "$t0" "$t1"); s1=$(session "$mark" 1)
    ! grep -q 'ignoring the AOT cache' "$WORK/e-first-$mode.err" \
      || die "the launcher ignored the AOT cache: $(grep 'ignoring the AOT cache' "$WORK/e-first-$mode.err")"
    grep -q "^fetched=$count skipped=0 archived=$count failed=0 " "$WORK/e-first-$mode.out" \
      || die "main job (AOT) first sync: $(tail -1 "$WORK/e-first-$mode.out")"
    mark=$(log_mark); t0=$(now)
    run_timed "e-repoll-$mode" 600 env "${env_e[@]}" "$LAUNCHER"
    t1=$(now); settle; repoll=$(elapsed "$t0" "$t1"); s2=$(session "$mark" 1)
    grep -q "^fetched=0 skipped=$count archived=0 failed=0 " "$WORK/e-repoll-$mode.out" \
      || die "main job (AOT) re-poll: $(tail -1 "$WORK/e-repoll-$mode.out")"
    [ "$(field "$s2" 5)" = 0 ] || die "main job (AOT) re-poll sent $(field "$s2" 5) RETR"
    e_row=("$label" e "a') main job (JDK 25 + AOT)" "$first" "$(rate "$count" "$first")" "$(rate "$mb" "$first")"
      "$(rss_mb "$WORK/e-first-$mode.time")" "$repoll" "$(field "$s1" 3)" "$(field "$s2" 3)" "$(field "$s1" 4)"
      "$(field "$s2" 4)" "$(field "$s1" 5)" "$(field "$s2" 5)" "$(drain_s "$WORK/e-first-$mode.out")" n/a
      "$(cpu_s "$WORK/e-first-$mode.time")" n/a)
  fi

  # b) plain camel-mail in the same jar: two polls in one process (the memory repository lives only as long)
  step "$label: b) camel-mail"
  reset_mailbox "$seed" "$count"
  dir=$WORK/camel-mail-$mode
  mark=$(log_mark); t0=$(now)
  # IngestMain ends with exit code 1 when its own intake never polled; the files and the server log decide here.
  ALLOW_RC=1 run_timed "b-$mode" $((900 + count / 5)) env "${MAIN_ENV[@]}" \
    INGEST_ARCHIVE_DIR="$dir/unused-archive" INGEST_STATE_DIR="$dir/unused-state" \
    CAMEL_MAIN_ROUTESINCLUDEPATTERN="file:$HERE/camel-mail.camel.yaml" \
    CAMEL_MAIN_DURATIONMAXMESSAGES=$((count + 1)) CAMEL_MAIN_DURATIONMAXSECONDS=$((840 + count / 5)) \
    java -Djavax.net.ssl.trustStore="$WORK/trust.p12" -Djavax.net.ssl.trustStorePassword=changeit \
    -Dbench.camel-mail.output="$dir/out" -jar "$JAR"
  settle
  s1=$(session "$mark" 1); s2=$(session "$mark" 2)
  [ -n "$s2" ] || die "camel-mail did not poll twice (see $WORK/b-$mode.err)"
  first=$(elapsed "$t0" "$(field "$s1" 2)") # launch to the end of the draining session
  repoll=$(field "$s2" 3)                    # the second poll's session, in the same process
  grep -q "Re-poll found no new message" "$WORK/b-$mode.err" || die "camel-mail's second poll found new messages"
  local b_row=("$label" b "b) camel-mail" "$first" "$(rate "$count" "$first")" "$(rate "$mb" "$first")"
    "$(rss_mb "$WORK/b-$mode.time")" "$repoll" "$(field "$s1" 3)" "$(field "$s2" 3)" "$(field "$s1" 4)"
    "$(field "$s2" 4)" "$(field "$s1" 5)" "$(field "$s2" 5)" n/a n/a "$(cpu_s "$WORK/b-$mode.time")" n/a)

  # c) mpop into a Maildir, keeping the messages; its UIDL file makes the re-poll
  step "$label: c) mpop"
  reset_mailbox "$seed" "$count"
  dir=$WORK/mpop-$mode
  mkdir -p "$dir/Maildir/cur" "$dir/Maildir/new" "$dir/Maildir/tmp"
  : >"$dir/mpoprc"; chmod 600 "$dir/mpoprc"
  local mpop=(mpop --file="$dir/mpoprc" --quiet --host=localhost --port="$PORT" --tls=on --tls-starttls=off
    --tls-trust-file="$WORK/cert.pem" --auth=user --user="$USER_NAME" --passwordeval="echo $PASSWORD" --keep=on
    --received-header=off --delivery="maildir,$dir/Maildir" --uidls-file="$dir/uidls")
  mark=$(log_mark); t0=$(now)
  run_timed "c-first-$mode" 1800 "${mpop[@]}"
  t1=$(now); settle; first=$(elapsed "$t0" "$t1"); s1=$(session "$mark" 1)
  local rss_c; rss_c=$(rss_mb "$WORK/c-first-$mode.time")
  mark=$(log_mark); t0=$(now)
  run_timed "c-repoll-$mode" 600 "${mpop[@]}"
  t1=$(now); settle; repoll=$(elapsed "$t0" "$t1"); s2=$(session "$mark" 1)
  local c_row=("$label" c "c) mpop" "$first" "$(rate "$count" "$first")" "$(rate "$mb" "$first")" "$rss_c" "$repoll"
    "$(field "$s1" 3)" "$(field "$s2" 3)" "$(field "$s1" 4)" "$(field "$s2" 4)" "$(field "$s1" 5)" "$(field "$s2" 5)"
    n/a n/a "$(cpu_s "$WORK/c-first-$mode.time")" n/a)

  # d) the wire limit: every RETR pipelined through one TLS connection into /dev/null
  step "$label: d) wire limit (openssl s_client)"
  reset_mailbox "$seed" "$count"
  { printf 'USER %s\r\nPASS %s\r\n' "$USER_NAME" "$PASSWORD"; seq -f 'RETR %.0f' 1 "$count" | sed 's/$/\r/'
    printf 'QUIT\r\n'; } >"$WORK/wire-$mode.cmd"
  mark=$(log_mark); t0=$(now)
  run_timed "d-$mode" 900 sh -c 'openssl s_client -quiet -verify_return_error -CAfile "$1" -servername localhost \
    -connect "127.0.0.1:$2" <"$3" >/dev/null' wire "$WORK/cert.pem" "$PORT" "$WORK/wire-$mode.cmd"
  t1=$(now); settle; first=$(elapsed "$t0" "$t1"); s1=$(session "$mark" 1)
  [ "$(field "$s1" 5)" = "$count" ] || die "the wire run sent $(field "$s1" 5) RETR, expected $count"
  local d_row=("$label" d "d) wire limit" "$first" "$(rate "$count" "$first")" "$(rate "$mb" "$first")"
    "$(rss_mb "$WORK/d-$mode.time")" "n/a" "$(field "$s1" 3)" "n/a" "$(field "$s1" 4)" "n/a" "$(field "$s1" 5)" "n/a" n/a n/a
    "$(cpu_s "$WORK/d-$mode.time")" n/a)

  # Check before any number is printed: every seeded message exactly once, byte for byte, in every store.
  step "$label: verifying"
  "${TOOL[@]}" verify "mpop Maildir" "$WORK/mpop-$mode/Maildir" '*/*' "$seed" 'cur/*' || die "mpop's Maildir"
  "${TOOL[@]}" verify "main job archive message.eml" "$WORK/main-$mode/archive" '**/message.eml' \
    "$WORK/mpop-$mode/Maildir" '*/*' || die "the main job's archive"
  "${TOOL[@]}" verify "main job archive message.eml, running job's first drain" "$WORK/main-$mode-warm/archive-first" \
    '**/message.eml' "$WORK/mpop-$mode/Maildir" '*/*' || die "the main job's archive of its first drain in a running job"
  "${TOOL[@]}" verify "main job archive message.eml, warm drain" "$WORK/main-$mode-warm/archive" '**/message.eml' \
    "$WORK/mpop-$mode/Maildir" '*/*' || die "the main job's archive of the warm drain"
  "${TOOL[@]}" verify "camel-mail files" "$WORK/camel-mail-$mode/out" '*.eml' "$seed" 'cur/*' || die "camel-mail"
  if [ "$AOT" = 1 ]; then
    "${TOOL[@]}" verify "main job archive message.eml, JDK 25 + AOT" "$WORK/main-aot-$mode/archive" '**/message.eml' \
      "$WORK/mpop-$mode/Maildir" '*/*' || die "the main job's archive, JDK 25 + AOT"
  fi
  [ "${a_row[12]}" = "$count" ] || die "the main job's first session sent ${a_row[12]} RETR"
  [ "${c_row[13]}" = 0 ] || die "mpop's re-poll sent ${c_row[13]} RETR"

  row "${a_row[@]}"
  [ "${#e_row[@]}" = 0 ] || row "${e_row[@]}"
  row "${b_row[@]}"; row "${c_row[@]}"; row "${d_row[@]}"
}

# One message with a large attachment: the main job under -Xmx128m (heap must not grow with message size), mpop beside.
BIG_NOTE=
run_big() {
  local seed=$WORK/seed/big dir=$WORK/main-big
  step "one message with a $BIG MB attachment: seeding"
  rm -rf "$seed"
  BENCH_BIG_MB=$BIG python3 "$HERE/seed_maildir.py" "$seed" 1 big >/dev/null || die "seeding failed"
  step "one message with a $BIG MB attachment: a) main job under -Xmx128m"
  reset_mailbox "$seed" 1
  local t0 t1 first drain heap
  t0=$(now)
  run_timed a-big 1800 env "${MAIN_ENV[@]}" INGEST_ONCE=true INGEST_ARCHIVE_DIR="$dir/archive" \
    INGEST_STATE_DIR="$dir/state" java -Xmx128m -Xlog:gc:file="$WORK/a-big-gc.log" -jar "$JAR"
  t1=$(now); first=$(elapsed "$t0" "$t1")
  grep -q "^fetched=1 skipped=0 archived=1 failed=0 " "$WORK/a-big.out" || die "main job big: $(tail -1 "$WORK/a-big.out")"
  drain=$(drain_s "$WORK/a-big.out")
  heap=$(peak_heap_mb "$WORK/a-big-gc.log")
  local big_label="1 msg, $BIG MB attachment + 1 invoice, -Xmx128m"
  if [ "$VALIDATION" -gt 0 ]; then
    [ -z "$(compiles "$WORK/a-big.err")" ] || die "main job big compiled a rule set with validation off"
    # No cost per invoice here: one invoice's share is lost in the noise of the big part; the row shows the heap.
    validation_row "$big_label" 0 off "$first" "$drain" "$(cpu_s "$WORK/a-big.time")" "$(rss_mb "$WORK/a-big.time")" \
      "${heap:-?}" ""
    step "one message with a $BIG MB attachment: a) main job under -Xmx128m, validation on"
    reset_mailbox "$seed" 1
    local vdir=$WORK/main-big-validation vt0 vfirst vdrain vheap checked compiled
    vt0=$(now)
    run_timed a-big-validation 1800 env "${MAIN_ENV[@]}" INGEST_ONCE=true INGEST_VALIDATION=true \
      INGEST_REVIEW_DIR="$vdir/review" INGEST_ARCHIVE_DIR="$vdir/archive" INGEST_STATE_DIR="$vdir/state" \
      java -Xmx128m -Xlog:gc:file="$WORK/a-big-validation-gc.log" -jar "$JAR"
    vfirst=$(elapsed "$vt0" "$(now)")
    grep -q "^fetched=1 skipped=0 archived=1 failed=0 .* delivered=1 quarantined=0 " "$WORK/a-big-validation.out" \
      || die "main job big, validation on: $(tail -1 "$WORK/a-big-validation.out")"
    vdrain=$(drain_s "$WORK/a-big-validation.out")
    vheap=$(peak_heap_mb "$WORK/a-big-validation-gc.log")
    checked=$(check_validated "main job big, validation on" "$vdir" 1 1) || exit 1
    compiled=$(compiles "$WORK/a-big-validation.err")
    [ -n "$compiled" ] \
      || die "main job big, validation on, logged no 'Compiled the rule set' line (see $WORK/a-big-validation.err)"
    validation_row "$big_label" 0 on "$vfirst" "$vdrain" "$(cpu_s "$WORK/a-big-validation.time")" \
      "$(rss_mb "$WORK/a-big-validation.time")" "${vheap:-?}" "$compiled"
    "${TOOL[@]}" verify "main job archive message.eml (big, validation on)" "$vdir/archive" '**/message.eml' \
      "$seed" 'cur/*' || die "the main job's archive of the big message, validation on"
  fi
  step "one message with a $BIG MB attachment: c) mpop"
  reset_mailbox "$seed" 1
  local mdir=$WORK/mpop-big
  mkdir -p "$mdir/Maildir/cur" "$mdir/Maildir/new" "$mdir/Maildir/tmp"
  : >"$mdir/mpoprc"; chmod 600 "$mdir/mpoprc"
  t0=$(now)
  run_timed c-big 1800 mpop --file="$mdir/mpoprc" --quiet --host=localhost --port="$PORT" --tls=on \
    --tls-starttls=off --tls-trust-file="$WORK/cert.pem" --auth=user --user="$USER_NAME" \
    --passwordeval="echo $PASSWORD" --keep=on --received-header=off --delivery="maildir,$mdir/Maildir" \
    --uidls-file="$mdir/uidls"
  t1=$(now)
  local mpop_s; mpop_s=$(elapsed "$t0" "$t1")
  "${TOOL[@]}" verify "main job archive message.eml (big)" "$dir/archive" '**/message.eml' "$mdir/Maildir" '*/*' \
    || die "the main job's archive of the big message"
  BIG_NOTE="- one message with a $BIG MB attachment and a UBL invoice ($(du -m "$seed/cur" | cut -f1) MB on the wire), \
main job under -Xmx128m: first sync $first s (drain $drain s), peak heap ${heap:-?} MB of 128, peak RSS $(rss_mb "$WORK/a-big.time") MB; \
mpop $mpop_s s, peak RSS $(rss_mb "$WORK/c-big.time") MB"
  if [ "$VALIDATION" -gt 0 ]; then
    BIG_NOTE="$BIG_NOTE; with INGEST_VALIDATION=true $vfirst s (drain $vdrain s), peak heap ${vheap:-?} MB of 128, \
peak RSS $(rss_mb "$WORK/a-big-validation.time") MB, $checked, none in review"
  fi
}

# Validation: the same mailbox of valid e-invoices drained by the main job without and with INGEST_VALIDATION=true,
# each from a fresh state; the difference in drain time over the invoices is the validation cost per invoice.
VALIDATION_NOTE=
run_validation() {
  local count=$VALIDATION seed=$WORK/seed/einvoice seeded mb label
  step "validation: seeding $count messages with one e-invoice each"
  seeded=$(python3 "$HERE/seed_maildir.py" "$seed" "$count" einvoice) || die "seeding failed"
  mb=$(python3 -c "import sys; print(f'{int(sys.argv[1]) / 1e6:.1f}')" "${seeded#* }")
  label="$count msgs, one e-invoice each ($mb MB)"
  local mode dir name t0 first drain compiled checked=
  for mode in off on; do
    step "$label: main job, validation $mode"
    reset_mailbox "$seed" "$count"
    name=v-$mode
    dir=$WORK/main-validation-$mode
    local env_v=("${MAIN_ENV[@]}" INGEST_ONCE=true INGEST_ARCHIVE_DIR="$dir/archive" INGEST_STATE_DIR="$dir/state")
    [ "$mode" = off ] || env_v+=(INGEST_VALIDATION=true INGEST_REVIEW_DIR="$dir/review")
    t0=$(now)
    run_timed "$name" 1800 env "${env_v[@]}" java -Xlog:gc:file="$WORK/$name-gc.log" -jar "$JAR"
    first=$(elapsed "$t0" "$(now)")
    grep -q "^fetched=$count skipped=0 archived=$count failed=0 .* delivered=$count quarantined=0 " "$WORK/$name.out" \
      || die "main job, validation $mode: $(tail -1 "$WORK/$name.out")"
    drain=$(drain_s "$WORK/$name.out")
    [ -n "$drain" ] || die "main job, validation $mode, did not report elapsed="
    compiled=$(compiles "$WORK/$name.err")
    if [ "$mode" = off ]; then
      [ -z "$compiled" ] || die "main job, validation off, compiled a rule set ($compiled)"
    else
      checked=$(check_validated "main job, validation on" "$dir" "$count" "$count") || exit 1
      [ -n "$compiled" ] || die "main job, validation on, logged no 'Compiled the rule set' line (see $WORK/$name.err)"
    fi
    "${TOOL[@]}" verify "main job archive message.eml, validation $mode" "$dir/archive" '**/message.eml' \
      "$seed" 'cur/*' || die "the main job's archive, validation $mode"
    # Warm: a running job drains the mailbox twice (new UIDLs each time); the second drain has every rule set
    # compiled and the JIT warm, so its difference without and with validation is the warm cost per invoice.
    step "$label: running main job, validation $mode, warm drain"
    local saved_env=("${MAIN_ENV[@]}")
    [ "$mode" = off ] || MAIN_ENV+=(INGEST_VALIDATION=true INGEST_REVIEW_DIR="$WORK/main-validation-$mode-warm/review")
    run_warm "validation-$mode" "$seed" "$count" "$dir/state"
    MAIN_ENV=("${saved_env[@]}")
    [ "$mode" = off ] || check_validated "running main job, validation on" "$WORK/main-validation-$mode-warm" \
      "$((3 * count))" "$count" >/dev/null || exit 1
    validation_row "$label" "$count" "$mode" "$first" "$drain" "$(cpu_s "$WORK/$name.time")" \
      "$(rss_mb "$WORK/$name.time")" "$(peak_heap_mb "$WORK/$name-gc.log")" "$compiled" "$WARM"
  done
  VALIDATION_NOTE="- $label, validation on: $checked; none in review"
}

# Scaling: the main job's drain time per message for a tenth of the small case (the same first messages: the seed
# is deterministic) against the whole small case, which must stay flat (no O(n^2) step in commit, repository, sweep).
SCALING_NOTE=
run_scaling() {
  local count=$((SMALL / 10)) seed=$WORK/seed/scaling dir=$WORK/main-scaling
  [ "$count" -ge 100 ] || return 0
  step "scaling: the main job on $count small messages"
  rm -rf "$seed"
  python3 "$HERE/seed_maildir.py" "$seed" "$count" small >/dev/null || die "seeding failed"
  reset_mailbox "$seed" "$count"
  run_timed a-scaling 1800 env "${MAIN_ENV[@]}" INGEST_ONCE=true INGEST_ARCHIVE_DIR="$dir/archive" \
    INGEST_STATE_DIR="$dir/state" java -jar "$JAR"
  grep -q "^fetched=$count skipped=0 archived=$count failed=0 " "$WORK/a-scaling.out" \
    || die "main job scaling run: $(tail -1 "$WORK/a-scaling.out")"
  local small_drain scaling_drain
  small_drain=$(sed -n 's/.* elapsed=\([0-9.]*\)$/\1/p' "$WORK/a-first-small.out" | tail -1)
  scaling_drain=$(sed -n 's/.* elapsed=\([0-9.]*\)$/\1/p' "$WORK/a-scaling.out" | tail -1)
  local tenths
  tenths=$("${TOOL[@]}" tenths "$WORK/main-small/archive" '*/*/envelope.json') || die "no per-message times"
  SCALING_NOTE=$(python3 -c "import sys
a, n, b, m = float(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
print(f'- scaling, main job drain per small message: {1000 * a / n:.2f} ms for {n}, {1000 * b / m:.2f} ms for {m} '
      f'(ratio {(b / m) / (a / n):.2f}; both include the JIT warm-up, which {n} messages amortize less)')" \
    "$scaling_drain" "$count" "$small_drain" "$SMALL")
  SCALING_NOTE="$SCALING_NOTE
- scaling inside the $SMALL-message drain (envelope.json times): $(field "$tenths" 1) ms per message in its second \
tenth, $(field "$tenths" 2) ms in its last tenth (ratio $(field "$tenths" 3); above 1.2 would mean work growing with \
the mailbox)"
}

# The file-system floor of the small case on this disk: the file operations alone (no network, parsing or JSON) of
# the main job's archive layout with its commit points, and of mpop's Maildir delivery (scripts/benchmark/fs_floor.py).
FLOOR_NOTE=
run_floor() {
  local count=$1 size=$2 layout out=() t
  step "file-system floor: $count messages of $size bytes, archive layout and Maildir"
  for layout in archive maildir; do
    rm -rf "$WORK/floor"
    t=$(python3 "$HERE/fs_floor.py" "$WORK/floor" "$count" "$size" "$layout") || die "fs_floor.py $layout failed"
    out+=("$(echo "$t" | awk '{ print $(NF - 1) }')")
  done
  rm -rf "$WORK/floor"
  FLOOR_NOTE="- file-system floor of $count small messages on this disk (scripts/benchmark/fs_floor.py, file operations \
only): the archive layout with its commit points (3 files, 2 folders, 2 renames, 5 fsyncs per message) ${out[0]} s, \
mpop's Maildir delivery (1 file, 1 fsync, link, unlink) ${out[1]} s"
}

[ "$MESSAGES" -gt 0 ] && run_case "$MESSAGES msgs, attachments" "$MESSAGES" mixed
[ "$SMALL" -gt 0 ] && run_case "$SMALL small msgs" "$SMALL" small && run_scaling && run_floor "$SMALL" 2000
[ "$VALIDATION" -gt 0 ] && run_validation
[ "$BIG" -gt 0 ] && run_big

# --- report ----------------------------------------------------------------------------------------------------------
TABLE=$OUT/benchmark-table.md
{
  echo "Machine: $(nproc) cores, $(free -h | awk '/^Mem:/ { print $2 " RAM (" $7 " available)" }'), $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "Versions: $(java -version 2>&1 | head -1); $(mpop --version | head -1); Dovecot $(dovecot --version);" \
    "$(openssl version)"
  [ "$AOT" = 0 ] || echo "JDK 25 + AOT (a'): $("$AOT_JAVA" -version 2>&1 | head -1), cache ${JAR%.jar}.aot"
  echo "Command: scripts/benchmark.sh --messages $MESSAGES --small $SMALL --big $BIG --validation $VALIDATION"
  echo
  "${TOOL[@]}" table "$RESULTS"
  [ -n "$BIG_NOTE" ] && echo "$BIG_NOTE"
  [ -n "$SCALING_NOTE" ] && echo "$SCALING_NOTE"
  [ -n "$FLOOR_NOTE" ] && echo "$FLOOR_NOTE"
  echo
  [ "$AOT" = 1 ] || echo "- a') main job (JDK 25 + AOT) left out: the build trained no AOT cache (no JDK 25)."
  echo "- first sync s: wall time of the process, JVM start included (a, a', c, d); for b, launch to the end of its"
  echo "  draining POP3 session. msgs/s and MB/s are per first-sync second."
  echo "- drain s: the main job's own elapsed= (first connect to last commit, JVM and Camel start excluded)."
  echo "- warm drain s: the same drain inside a job that has drained it $((WARM_DRAINS - 1)) time(s) already (its JIT"
  echo "  settled), the mailbox swapped each time for a fresh copy with a new UIDVALIDITY; the job's own"
  echo "  \"Polled ... in N ms\" line."
  echo "  CPU s: user + system seconds of the first-sync process (Dovecot's not included)."
  echo "- re-poll in job s: the main job's own \"Polled ... in N ms\" line (connect to QUIT), the median of the warm"
  echo "  re-polls (all but the first) of a job polling every 2 s, before the warm drain."
  echo "- re-poll s: a second process on the now-seen mailbox (a, c); for b the second poll's POP3 session inside"
  echo "  the same process, since its memory idempotent repository dies with the process."
  echo "- server s: login to logout of the POP3 session in Dovecot's log; TOP and RETR: Dovecot's logout counts"
  echo "  (UIDL is not among its logout variables). peak RSS: /usr/bin/time -v, of the whole process."
  if [ -s "$VALIDATION_RESULTS" ]; then
    echo
    echo "Validation: the main job on the same mailbox without and with INGEST_VALIDATION=true, each a fresh"
    echo "process and state (INGEST_ONCE=true); the validated run is checked to have sent every message to the sinks"
    echo "and none to review."
    echo
    "${TOOL[@]}" validation "$VALIDATION_RESULTS"
    [ -n "$VALIDATION_NOTE" ] && echo "$VALIDATION_NOTE"
    echo "- first sync s, drain s, CPU s, peak RSS MB: as above; peak heap MB: the largest heap before a GC (-Xlog:gc)."
    echo "- first compile of each rule set: the job's \"Compiled the rule set ... in N ms\" lines (CompiledRuleSet);"
    echo "  each is paid once per process, inside the drain, on the first invoice that needs it."
  fi
} >"$TABLE"
cat "$TABLE"
echo "benchmark: table written to $TABLE" >&2
