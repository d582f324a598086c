#!/usr/bin/env bash
# Ingest benchmark: Sift (embedded PostgreSQL, fsync on) side by side with a real Prometheus Alertmanager, on
# loopback, driven by wrk with the same alerts. See bench/README.md and docs/benchmarks.md.
#
#   bench/ingest-vs-alertmanager.sh            # full run: 6 cells, ~9 minutes
#   QUICK=1 bench/ingest-vs-alertmanager.sh    # smoke test: 2 s warm-up, 3 s runs
#   GROWTH=1 bench/ingest-vs-alertmanager.sh   # growth run: both filled to 1,000,000 open alerts (~30 minutes)
#
# Settings (environment):
#   RUN=10 WARMUP=5        seconds per measured run / per warm-up (per target and cell)
#   SIFT_WARMUP=60         seconds of warm-up of a newly started Sift before the first cell (re-sent alerts, each
#                          request size in turn)
#   ROUNDS=2               measured rounds per cell: A B A B (A = Alertmanager, B = Sift)
#   CONNECTIONS=8 THREADS=2
#   PER_REQUEST="1 10 100" alerts per request
#   MODES="resent new"     resent: label sets cycled over 1,000 fixed sets; new: every alert never seen before
#   FRESH=am               am: a fresh Alertmanager per cell (it keeps alerts in memory only, so a restart is its
#                          empty state), one Sift for the whole run (it keeps what earlier cells sent);
#                          cell: both restarted with empty state per cell; once: both started once
#   WRK_TIMEOUT=30s        wrk's per-request timeout (Sift waits up to 30 s for a commit)
#   KEEP=1                 keep the work directory (logs, data) under /tmp instead of deleting it
#   QUIET=25               other processes (not the target, not wrk) may use at most this % of one core during a
#                          measured run; before each one the script waits up to QUIET_WAIT=120 s for the machine
#                          to be that quiet, and repeats a disturbed run up to RETRIES=2 times (then flags it)
#   SIFT_JAVA_OPTS, SIFT_QUEUE_CAPACITY are passed to Sift as with ./sift serve.
#   GROWTH=1               instead of the cells: start both once, fill each with always-new alerts (100 per request)
#                          to every count of GROWTH_POINTS="10000 100000 250000 500000 1000000" open alerts (the
#                          fill rate is the always-new rate at that size), and at each count measure ROUNDS x A B of
#                          re-sent alerts at 100 per request, with RSS and Sift's PostgreSQL data size
#   GROWTH_AM_MAX=1000000  points above this count are measured for Sift only: Alertmanager is stopped once it is
#                          passed (filled beyond ~500,000 alerts at full speed its dispatcher falls behind and its
#                          RSS ran towards 20 GB on this machine; see docs/benchmarks.md)
#
# Everything listens on 127.0.0.1 only; everything started here is stopped on exit.
set -Eeuo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)

QUICK=${QUICK:-0}
if [[ $QUICK == 1 ]]; then default_warmup=2 default_run=3 default_sift_warmup=6
else default_warmup=5 default_run=10 default_sift_warmup=60; fi
WARMUP=${WARMUP:-$default_warmup}
SIFT_WARMUP=${SIFT_WARMUP:-$default_sift_warmup}
RUN=${RUN:-$default_run}
ROUNDS=${ROUNDS:-2}
CONNECTIONS=${CONNECTIONS:-8}
THREADS=${THREADS:-2}
PER_REQUEST=${PER_REQUEST:-"1 10 100"}
MODES=${MODES:-"resent new"}
FRESH=${FRESH:-am}
WRK_TIMEOUT=${WRK_TIMEOUT:-30s}
KEEP=${KEEP:-0}
QUIET=${QUIET:-25}
QUIET_WAIT=${QUIET_WAIT:-120}
RETRIES=${RETRIES:-2}
GROWTH=${GROWTH:-0}
GROWTH_POINTS=${GROWTH_POINTS:-"10000 100000 250000 500000 1000000"}
GROWTH_AM_MAX=${GROWTH_AM_MAX:-1000000}

die() { echo "bench: $*" >&2; exit 1; }
say() { echo "$*"; }
is_uint() { [[ $1 =~ ^[0-9]+$ ]]; }
for v in WARMUP SIFT_WARMUP RUN ROUNDS CONNECTIONS THREADS QUIET QUIET_WAIT RETRIES GROWTH_AM_MAX; do
  is_uint "${!v}" || die "$v must be a whole number, got '${!v}'"
done
((RUN > 0 && ROUNDS > 0 && THREADS > 0 && CONNECTIONS >= THREADS)) \
  || die "need RUN > 0, ROUNDS > 0, THREADS > 0 and CONNECTIONS >= THREADS"
for n in $PER_REQUEST; do
  if ! is_uint "$n" || ((n == 0)); then die "PER_REQUEST: '$n' is not a positive number"; fi
done
for m in $MODES; do [[ $m == resent || $m == new ]] || die "MODES: '$m' is neither resent nor new"; done
[[ $FRESH == am || $FRESH == cell || $FRESH == once ]] || die "FRESH must be am, cell or once, got '$FRESH'"
[[ -r /proc/self/stat ]] || die "needs Linux /proc"

# ---------------------------------------------------------------------------------------------------------------
# 1. what we need: Debian packages (only missing ones), a JDK >= 21, Sift built

installed() { [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true) == "install ok installed" ]]; }
ensure_packages() {
  local missing=() p
  for p in wrk prometheus-alertmanager curl; do installed "$p" || missing+=("$p"); done
  ((${#missing[@]} == 0)) && return 0
  [[ $(id -u) == 0 ]] || die "missing Debian packages: ${missing[*]}; install them as root:
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends ${missing[*]}"
  say "bench: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # only missing packages are named (naming an installed one would upgrade it); update the lists only if needed
  if ! apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends "${missing[@]}" >&2; then
    apt-get -o DPkg::Lock::Timeout=900 -q update >&2
    apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends "${missing[@]}" >&2
  fi
  for p in "${missing[@]}"; do installed "$p" || die "$p is still not installed"; done
}
ensure_packages
AM_BIN=/usr/bin/prometheus-alertmanager
[[ -x $AM_BIN ]] || die "$AM_BIN not found"

# shellcheck source=../scripts/find-jdk.sh
. "$root/scripts/find-jdk.sh"
sift_find_jdk

work=$(mktemp -d /tmp/sift-bench.XXXXXX)
AM_PID="" SIFT_PID="" PG_PID="" WRK_PID="" USED_PORTS=""

alive() { # pid: running and not a zombie
  local s
  s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  s=${s##*) }
  [[ ${s%% *} != Z ]]
}
stop_pid() { # pid seconds [signal]: signal, wait, then SIGKILL; reaps it if it is our child
  local pid=$1 secs=$2 sig=${3:-TERM} i
  if alive "$pid"; then
    kill "-$sig" "$pid" 2>/dev/null || true
    for ((i = 0; i < secs * 10; i++)); do alive "$pid" || break; sleep 0.1; done
    if alive "$pid"; then
      echo "bench: pid $pid did not stop within ${secs}s after SIG$sig; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
      for ((i = 0; i < 50; i++)); do alive "$pid" || break; sleep 0.1; done
    fi
  fi
  wait "$pid" 2>/dev/null || true
}
stop_am() {
  [[ -n $AM_PID ]] && stop_pid "$AM_PID" 20
  AM_PID=""
}
stop_sift() {
  [[ -n $SIFT_PID ]] && stop_pid "$SIFT_PID" 60          # SIGTERM: Sift stops its PostgreSQL cleanly
  # a postmaster outlives a JVM that did not stop it: fast shutdown (SIGINT), then SIGKILL
  [[ -n $PG_PID ]] && stop_pid "$PG_PID" 30 INT
  SIFT_PID="" PG_PID=""
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n $WRK_PID ]]; then kill "$WRK_PID" 2>/dev/null || true; wait "$WRK_PID" 2>/dev/null || true; fi
  stop_am
  stop_sift
  if [[ $KEEP == 1 ]]; then echo "bench: kept $work" >&2; else rm -rf "$work"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() { # var: a port below the ephemeral range that nothing on 127.0.0.1 listens on
  local p i
  for ((i = 0; i < 500; i++)); do
    p=$((20000 + RANDOM % 12000))
    [[ " $USED_PORTS " == *" $p "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      USED_PORTS+=" $p"
      printf -v "$1" '%s' "$p"
      return 0
    fi
  done
  die "no free loopback port found"
}
wait_http() { # url seconds pid log
  local i
  for ((i = 0; i < $2 * 4; i++)); do
    curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null && return 0
    alive "$3" || { tail -n 40 "$4" >&2; die "the process behind $1 exited (log above)"; }
    sleep 0.25
  done
  tail -n 40 "$4" >&2
  die "$1 not ready after $2 s (log above)"
}

# Sift: build through the launcher (it finds the JDK and builds when sources changed), then run a snapshot of
# the jar and its libraries, so that a concurrent edit or rebuild cannot change Sift between cells.
"$root/sift" --help >/dev/null || die "building Sift failed"
mkdir -p "$work/dist"
if ! cp -p "$root/cli/target/sift.jar" "$work/dist/" || ! cp -rp "$root/cli/target/lib" "$work/dist/"; then
  die "cannot copy cli/target/sift.jar and lib/"
fi
ADMIN_TOKEN=sift_bench_$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')

start_am() { # n
  local dir=$work/am$1
  mkdir -p "$dir"
  cat >"$dir/alertmanager.yml" <<'EOF'
# Ingest only: every alert goes to a receiver without notifiers.
route:
  receiver: "null"
  group_by: ['alertname']
receivers:
  - name: "null"
EOF
  free_port AM_PORT
  "$AM_BIN" --config.file="$dir/alertmanager.yml" --storage.path="$dir/data" \
    --web.listen-address="127.0.0.1:$AM_PORT" --cluster.listen-address= >"$dir/log" 2>&1 &
  AM_PID=$!
  AM_HELD=0
  wait_http "http://127.0.0.1:$AM_PORT/-/ready" 30 "$AM_PID" "$dir/log"
}

start_sift() { # n
  local dir=$work/sift$1 answer i
  mkdir -p "$dir"
  free_port SIFT_PORT
  SIFT_DIR=$dir
  SIFT_LOG=$dir/log
  # as ./sift serve does (exec java ...), with an embedded PostgreSQL in a fresh home
  env -u SIFT_DATABASE_URL -u SIFT_DATABASE_USER -u SIFT_DATABASE_PASSWORD -u SIFT_CONFIG -u SIFT_METRICS_AUTH \
    SIFT_HOME="$dir/home" SIFT_BIND=127.0.0.1 SIFT_PORT="$SIFT_PORT" SIFT_ADMIN_TOKEN="$ADMIN_TOKEN" \
    "$JAVA_HOME/bin/java" ${SIFT_JAVA_OPTS:-} -jar "$work/dist/sift.jar" serve >"$dir/log" 2>&1 &
  SIFT_PID=$!
  # the postmaster is not the JVM's child (pg_ctl daemonizes it): find it through its pid file
  for ((i = 0; i < 240; i++)); do
    if [[ -s $dir/home/postgres/data/postmaster.pid ]]; then
      PG_PID=$(head -n 1 "$dir/home/postgres/data/postmaster.pid" 2>/dev/null) || PG_PID=""
      # (during initdb the file names a standalone backend with a negative number)
      if [[ $PG_PID =~ ^[0-9]+$ ]] \
        && [[ $(tr '\0' ' ' <"/proc/$PG_PID/cmdline" 2>/dev/null) == *"$dir/home/postgres/data"* ]]; then
        break
      fi
      PG_PID=""
    fi
    alive "$SIFT_PID" || break
    sleep 0.25
  done
  wait_http "http://127.0.0.1:$SIFT_PORT/readyz" 120 "$SIFT_PID" "$dir/log"
  [[ -n $PG_PID ]] || die "Sift is ready but its PostgreSQL was not found"
  answer=$(curl -fsS -X POST -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
    -d '{"name":"bench","kind":"alertmanager"}' "http://127.0.0.1:$SIFT_PORT/api/v1/integrations") \
    || die "creating the integration failed"
  SIFT_KEY=$(sed -n 's/.*"key":"\([^"]*\)".*/\1/p' <<<"$answer")
  [[ -n $SIFT_KEY ]] || die "no key in the answer: $answer"
}

start_both() { # n
  start_am "$1"
  start_sift "$1"
  say "  started Alertmanager (pid $AM_PID, 127.0.0.1:$AM_PORT) and Sift (pid $SIFT_PID + PostgreSQL $PG_PID," \
    "127.0.0.1:$SIFT_PORT)"
}
stop_both() { stop_am; stop_sift; }

# ---------------------------------------------------------------------------------------------------------------
# measurements

CLK_TCK=$(getconf CLK_TCK)
tree_ticks() { # root pids -> "ticks pid pid ...": utime+stime+cutime+cstime over the process trees
  # (cutime/cstime count children that ended during the run, e.g. PostgreSQL workers, exactly once)
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v roots="$*" '
    { match($0, /.*\) /); n = split(substr($0, RLENGTH + 1), f, " ")
      ppid[$1] = f[2]; ticks[$1] = f[12] + f[13] + f[14] + f[15] }
    END {
      split(roots, r, " "); for (i in r) if (r[i] in ppid) tree[r[i]] = 1
      do { more = 0; for (p in ppid) if (!(p in tree) && (ppid[p] in tree)) { tree[p] = 1; more = 1 } } while (more)
      t = 0; list = ""; for (p in tree) { t += ticks[p]; list = list " " p }
      print t list }'
}
memory_kb() { # pids -> "rss_kb pss_kb" summed (PSS splits shared pages, e.g. PostgreSQL shared buffers)
  local p files=()
  for p in "$@"; do files+=("/proc/$p/status" "/proc/$p/smaps_rollup"); done
  { cat "${files[@]}" 2>/dev/null || true; } |
    awk '/^VmRSS:/ { r += $2 } /^Pss:/ { s += $2 } END { print r + 0, s + 0 }'
}
proc_snapshot() { # file: "pid ticks comm" of every process (own utime+stime), to name other CPU users
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } |
    awk '{ match($0, /.*\) /); split(substr($0, RLENGTH + 1), f, " "); c = substr($0, 1, RLENGTH - 2)
           sub(/^[0-9]+ \(/, "", c); gsub(/ /, "_", c); print $1, f[12] + f[13], c }' >"$1"
}
top_others() { # before after seconds excluded-pids...: the three biggest other CPU users in between
  local b=$1 a=$2 secs=$3; shift 3
  awk -v ex=" $* $$ " -v secs="$secs" -v hz="$CLK_TCK" '
    FNR == NR { t[$1] = $2; next }
    index(ex, " " $1 " ") == 0 { d = $2 - ($1 in t ? t[$1] : 0); if (d > 0) print d, $3 "(" $1 ")" }' "$b" "$a" |
    sort -rn | head -n 3 | awk -v secs="$secs" -v hz="$CLK_TCK" '
      { printf "%s%s %.0f%%", (NR > 1 ? ", " : ""), $2, $1 / hz / secs * 100 }'
}
host_ticks() { # -> "busy steal": all CPUs, busy = user+nice+system+irq+softirq; steal = taken by the hypervisor
  awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $9; exit }' /proc/stat
}
self_children() { # CPU of this script's finished children (wrk, helpers)
  local s; s=$(cat /proc/$$/stat); s=${s##*) }
  awk '{ print $14 + $15 }' <<<"$s"
}
now_ns() { date +%s%N; }
sift_metrics() { # -> "batches commands commit_seconds" (writer totals)
  local text
  text=$(curl -fsS --max-time 5 -H "Authorization: Bearer $ADMIN_TOKEN" "http://127.0.0.1:$SIFT_PORT/metrics" \
    2>/dev/null) || text=""
  awk '/^sift_writer_batch_size_count/ { c = $2 } /^sift_writer_batch_size_sum/ { s = $2 }
         /^sift_writer_commit_seconds_sum/ { t = $2 } END { printf "%d %d %.6f\n", c, s, t }' <<<"$text"
}

STARTS_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)
ENDS_AT=$(date -u -d '+6 hours' +%Y-%m-%dT%H:%M:%SZ)   # Alertmanager: firing until then
NONCE=$(od -An -tx1 -N3 /dev/urandom | tr -d ' \n')
declare -A R=()   # R[cell,system,round,field]
DISTURBED=0 LAST_OTHER=0 AM_HELD=0

# run system per mode tag seconds [round cell [requests per thread]]: one wrk run; with a round, the results are
# recorded in R; with a request limit, each wrk thread stops after that many answers
run_wrk() {
  local sys=$1 per=$2 mode=$3 tag=$4 secs=$5 round=${6:-} cell=${7:-} limit=${8:-}
  local url out=$work/wrk.out rc=0 auth=() label
  if [[ $sys == am ]]; then
    url=http://127.0.0.1:$AM_PORT label=${round:+A$round}
  else
    url=http://127.0.0.1:$SIFT_PORT label=${round:+B$round}
    auth=(-H "Authorization: Bearer $SIFT_KEY")
  fi
  # before: CPU of the target's trees (for Sift: JVM and PostgreSQL apart), host, wrk; Sift's writer totals
  local a0 a1 p0="0" p1="0" h0 h1 s0 s1 w0 w1 m0="" m1=""
  if [[ $sys == am ]]; then
    a0=$(tree_ticks "$AM_PID")
  else
    a0=$(tree_ticks "$SIFT_PID"); p0=$(tree_ticks "$PG_PID")
  fi
  proc_snapshot "$work/procs.before"
  [[ $sys == sift ]] && m0=$(sift_metrics)
  h0=$(host_ticks); s0=$(self_children); w0=$(now_ns)
  wrk -t "$THREADS" -c "$CONNECTIONS" -d "${secs}s" --timeout "$WRK_TIMEOUT" -s "$here/alerts.lua" "${auth[@]}" \
    "$url" -- "$sys" "$per" "$mode" "$tag" "$STARTS_AT" "$ENDS_AT" $limit >"$out" 2>&1 &
  WRK_PID=$!
  wait "$WRK_PID" || rc=$?
  WRK_PID=""
  w1=$(now_ns); s1=$(self_children); h1=$(host_ticks)
  if [[ $sys == am ]]; then
    a1=$(tree_ticks "$AM_PID")
  else
    a1=$(tree_ticks "$SIFT_PID"); p1=$(tree_ticks "$PG_PID")
  fi
  proc_snapshot "$work/procs.after"
  [[ $sys == sift ]] && m1=$(sift_metrics)

  local result kv k v
  result=$(grep '^RESULT ' "$out" || true)
  if ((rc != 0)) || [[ -z $result ]]; then
    cat "$out" >&2
    die "wrk failed against $sys (exit $rc)"
  fi
  declare -A x=()
  for kv in ${result#RESULT }; do k=${kv%%=*} v=${kv#*=}; x[$k]=$v; done
  local pids="${a1#* }"
  [[ $sys == sift ]] && pids+=" ${p1#* }"
  local mem nonok errs
  mem=$(memory_kb $pids)
  nonok=$((${x[requests]} - ${x[c2xx]}))
  errs=$((${x[connect_err]} + ${x[read_err]} + ${x[write_err]} + ${x[timeout_err]}))

  local values alerts_s cpu cpu_main cpu_pg wrk_cpu other steal rss pss p50 p99 max
  values=$(awk -v c2xx="${x[c2xx]}" -v per="$per" -v dur="${x[duration_us]}" -v wall=$(((w1 - w0) / 1000)) \
    -v a="${a0%% *} ${a1%% *}" -v p="${p0%% *} ${p1%% *}" -v h="$h0 $h1" -v s="$s0 $s1" -v hz="$CLK_TCK" \
    -v mem="$mem" -v lat="${x[p50_us]} ${x[p99_us]} ${x[max_us]}" '
    function pct(t) { return t / hz / (wall / 1e6) * 100 }
    BEGIN { split(a, A, " "); split(p, P, " "); split(h, H, " "); split(s, S, " "); split(mem, M, " ")
      split(lat, L, " ")
      main = A[2] - A[1]; pg = P[2] - P[1]; self = S[2] - S[1]
      printf "%.1f %.1f %.1f %.1f %.1f %.1f %.1f %.1f %.1f %.1f %.1f %.0f\n", c2xx * per / (dur / 1e6),
        pct(main + pg), pct(main), pct(pg), pct(self), pct(H[3] - H[1] - main - pg - self), pct(H[4] - H[2]),
        M[1] / 1024, M[2] / 1024, L[1] / 1000, L[2] / 1000, L[3] / 1000 }')
  read -r alerts_s cpu cpu_main cpu_pg wrk_cpu other steal rss pss p50 p99 max <<<"$values"
  LAST_OTHER=$other
  if [[ $sys == am ]]; then  # Alertmanager holds every firing alert it accepted (re-sent: the 1,000 sets)
    if [[ $mode == new ]]; then
      AM_HELD=$((AM_HELD + ${x[c2xx]} * per))
    else
      AM_HELD=$((AM_HELD > 1000 ? AM_HELD : 1000))
    fi
  fi
  if [[ -n $round ]]; then
    local f
    for f in alerts_s cpu rss pss other steal p50 p99 max nonok errs; do R[$cell,$sys,$round,$f]=${!f}; done
  fi

  printf '  %-7s %-12s %8s alerts/s  p50 %7.1f ms  p99 %7.1f ms  max %5s ms  non-2xx %s (4xx %s, 5xx %s)' \
    "${label:-warm-up}" "$([[ $sys == am ]] && echo Alertmanager || echo Sift)" "$(fmt_int "$alerts_s")" \
    "$p50" "$p99" "$max" "$nonok" "${x[c4xx]}" "${x[c5xx]}"
  ((errs > 0)) && printf '  socket errors %s' "$errs"
  printf '\n%10sCPU %s%%' "" "$cpu"
  [[ $sys == sift ]] && printf ' (JVM %s%%, PostgreSQL %s%%)' "$cpu_main" "$cpu_pg"
  printf ', wrk %s%%, other %s%%, steal %s%%; RSS %s MB (PSS %s MB)\n' "$wrk_cpu" "$other" "$steal" "$rss" "$pss"
  if [[ $sys == sift ]]; then
    awk -v a="$m0" -v b="$m1" -v dur="${x[duration_us]}" 'BEGIN { split(a, p, " "); split(b, q, " ")
      n = q[1] - p[1]
      if (n > 0) printf "          writer: %.0f commits/s, %.1f alerts per commit, %.1f ms per commit\n",
        n / (dur / 1e6), (q[2] - p[2]) / n, (q[3] - p[3]) / n * 1000 }'
  fi
  if awk -v o="$other" 'BEGIN { exit !(o > 15) }'; then
    printf '          other CPU (processes that ran on): %s\n' \
      "$(top_others "$work/procs.before" "$work/procs.after" "$(((w1 - w0) / 1000000000))" $pids)"
  fi
  grep '^FIRST_ERROR ' "$out" | sed 's/^FIRST_ERROR /          first non-2xx answer: /' || true
}

wait_quiet() { # waits (at most QUIET_WAIT s) until the machine used < QUIET % of a core for 2 s in a row
  local waited=0 calm=0 b0 b1
  while ((waited < QUIET_WAIT)); do
    b0=$(host_ticks); sleep 1; b1=$(host_ticks); waited=$((waited + 1))
    if (( (${b1% *} - ${b0% *}) * 100 / CLK_TCK < QUIET )); then
      calm=$((calm + 1))
      ((calm >= 2)) && break
    else
      calm=0
    fi
  done
  ((waited > 2)) && say "          (waited ${waited}s for other processes to quieten down)"
  return 0
}

# measure system per mode cell round: a measured run on a quiet machine, repeated if other processes disturbed it
measure() {
  local sys=$1 per=$2 mode=$3 cell=$4 r=$5 attempt
  for ((attempt = 0; attempt <= RETRIES; attempt++)); do
    wait_quiet
    run_wrk "$sys" "$per" "$mode" "${NONCE}c${ci}r${r}a${attempt}" "$RUN" "$r" "$cell"
    if awk -v o="$LAST_OTHER" -v q="$QUIET" 'BEGIN { exit !(o <= q) }'; then
      R[$cell,$sys,$r,disturbed]=0
      return 0
    fi
    ((attempt < RETRIES)) && say "          disturbed by other processes (${LAST_OTHER}% of a core): repeating"
  done
  R[$cell,$sys,$r,disturbed]=1
  DISTURBED=$((DISTURBED + 1))
}

mean() { # values... -> mean with one decimal
  awk 'BEGIN { for (i = 1; i < ARGC; i++) s += ARGV[i]; printf "%.1f", (ARGC > 1 ? s / (ARGC - 1) : 0) }' "$@"
}
cell_mean() { # cell system field
  local r vals=()
  for ((r = 1; r <= ROUNDS; r++)); do vals+=("${R[$1,$2,$r,$3]}"); done
  mean "${vals[@]}"
}
cell_sum() { # cell system field
  local r s=0
  for ((r = 1; r <= ROUNDS; r++)); do s=$((s + ${R[$1,$2,$r,$3]})); done
  echo "$s"
}
fmt_int() { LC_ALL=C awk -v v="$1" 'BEGIN { s = sprintf("%.0f", v); out = ""
  while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) }
  print s out }'; }
flag() { # cell system -> "*" when one of its runs stayed disturbed by other processes
  local r
  for ((r = 1; r <= ROUNDS; r++)); do [[ ${R[$1,$2,$r,disturbed]:-0} == 1 ]] && { echo "*"; return 0; }; done
  return 0
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

# ---------------------------------------------------------------------------------------------------------------
# the run

jdk_version=$("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)
am_version=$("$AM_BIN" --version 2>&1 | head -n 1)
wrk_version=$(wrk --version 2>&1 | head -n 1 | awk '{ print $1, $2 }' || true)
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git -C "$root" status --porcelain -- pom.xml core storage-postgres http app cli 2>/dev/null | wc -l) \
  || dirty=0
cells=()
for mode in $MODES; do for per in $PER_REQUEST; do cells+=("$per/$mode"); done; done

say "# Sift vs Alertmanager ingest benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
say "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM," \
  "kernel $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
say "Sift $commit$( ((dirty > 0)) && echo " + $dirty uncommitted source change(s)") on $jdk_version" \
  "(JAVA_HOME=$JAVA_HOME${SIFT_JAVA_OPTS:+, SIFT_JAVA_OPTS=$SIFT_JAVA_OPTS})"
say "$am_version; $wrk_version"
say "wrk: $THREADS threads, $CONNECTIONS connections, timeout $WRK_TIMEOUT; warm-up ${WARMUP}s per target," \
  "then A B x$ROUNDS at ${RUN}s (A = Alertmanager, B = Sift); FRESH=$FRESH, SIFT_WARMUP=${SIFT_WARMUP}s;" \
  "work dir $work"
say ""

sift_state() { # -> a short description of what Sift holds
  local text
  text=$(curl -fsS --max-time 5 -H "Authorization: Bearer $ADMIN_TOKEN" "http://127.0.0.1:$SIFT_PORT/metrics" \
    2>/dev/null) || text=""
  awk '/^sift_incidents_open/ { n += $NF } END { printf "%d open incidents", n }' <<<"$text"
  printf ', %s MB of PostgreSQL data' "$(du -sm "$SIFT_DIR/home/postgres/data" | cut -f1)"
}
warn_lines() { grep -cE ' (WARN|ERROR) |^(SEVERE|WARNING):|Exception' "$SIFT_LOG" || true; }

# ---------------------------------------------------------------------------------------------------------------
# the growth run (GROWTH=1): how ingest and memory change as the number of open alerts grows

live_heap_mb() { # pid -> MB of heap in use right after a full GC (what the open alerts really keep), or "?"
  local jcmd=$JAVA_HOME/bin/jcmd
  [[ -x $jcmd ]] && "$jcmd" "$1" GC.run >/dev/null 2>&1 || { echo "?"; return 0; }
  "$jcmd" "$1" GC.heap_info 2>/dev/null \
    | awk '/ used [0-9]+K/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K.*/, "", v)
        printf "%.0f", v / 1024; exit } } END { }' || echo "?"
}
am_held() { # -> alerts Alertmanager holds, from its own metrics: active, suppressed and those its dispatcher has
  # not processed yet (under load most new alerts wait there: counting only "active" would overfill it)
  curl -fsS --max-time 10 "http://127.0.0.1:$AM_PORT/metrics" 2>/dev/null \
    | awk '/^alertmanager_alerts\{state=/ { n += $2 } END { printf "%d", n }'
}
sift_held() { # -> alerts Sift holds (grouping may put several in one incident), from its metrics
  curl -fsS --max-time 10 "http://127.0.0.1:$SIFT_PORT/metrics" 2>/dev/null \
    | awk '/^sift_alerts_held / { n += $NF } END { printf "%d", n }'
}
# fill system target: always-new alerts at 100 per request until the system holds at least target; wrk runs in
# slices sized from the rate of the previous one, so the overshoot stays small. Prints "held alerts/s", the rate
# being the always-new ingest rate over the whole fill (wall time, so it includes the short pauses between slices).
fill_to() {
  local sys=$1 target=$2 held rate=5000 secs before slice=0 start0 held0 limit
  if [[ $sys == am ]]; then held=$(am_held); else held=$(sift_held); fi
  start0=$(now_ns) held0=$held
  while ((held < target)); do
    secs=$(( (target - held) / rate + 1 )); ((secs > 20)) && secs=20
    # each wrk thread stops after its share of the requests still needed (or at the end of the slice)
    limit=$(( ((target - held) / 100 + THREADS) / THREADS ))
    before=$held
    run_wrk "$sys" 100 new "${NONCE}f${target}s${slice}" "$secs" "" "" "$limit" >/dev/null
    slice=$((slice + 1))
    if [[ $sys == am ]]; then held=$(am_held); else held=$(sift_held); fi
    rate=$(( (held - before) / secs )); ((rate < 1000)) && rate=1000
  done
  awk -v h="$held" -v n="$((held - held0))" -v ns="$(($(now_ns) - start0))" \
    'BEGIN { printf "%d %.0f", h, (ns > 0 && n > 0) ? n / (ns / 1e9) : 0 }'
}

if [[ $GROWTH == 1 ]]; then
  start_both g
  say "growth run: points ${GROWTH_POINTS// /, } open alerts, filled with always-new alerts at 100 per request;"
  say "re-sent alerts (100 per request) measured at each point, A B x$ROUNDS"
  if ((SIFT_WARMUP > 0)); then
    say "warming up Sift: ${SIFT_WARMUP}s of re-sent alerts"
    run_wrk sift 100 resent "${NONCE}s" "$SIFT_WARMUP"
  fi
  declare -A G=()
  gi=0
  for point in $GROWTH_POINTS; do
    gi=$((gi + 1)) ci=$gi
    say ""
    say "== point $gi: $(fmt_int "$point") open alerts =="
    with_am=$((point <= GROWTH_AM_MAX))
    if ((!with_am)) && [[ -n ${AM_PID:-} ]]; then
      say "  beyond GROWTH_AM_MAX=$(fmt_int "$GROWTH_AM_MAX"): stopping Alertmanager, measuring Sift alone"
      stop_am
      AM_PID=""
    fi
    if ((with_am)); then
      read -r G[$point,am_held] G[$point,am_fill] <<<"$(fill_to am "$point")"
    fi
    read -r G[$point,sift_held] G[$point,sift_fill] <<<"$(fill_to sift "$point")"
    if ((with_am)); then
      say "  filled: Alertmanager holds $(fmt_int "${G[$point,am_held]}") (always-new at" \
        "$(fmt_int "${G[$point,am_fill]}") alerts/s on the way), Sift $(fmt_int "${G[$point,sift_held]}")" \
        "($(fmt_int "${G[$point,sift_fill]}") alerts/s)"
    else
      say "  filled: Sift $(fmt_int "${G[$point,sift_held]}") ($(fmt_int "${G[$point,sift_fill]}") alerts/s)"
    fi
    cell="g$point/resent"
    G[$point,with_am]=$with_am
    for ((r = 1; r <= ROUNDS; r++)); do
      ((with_am)) && measure am 100 resent "$cell" "$r"
      measure sift 100 resent "$cell" "$r"
    done
    G[$point,pgdata]=$(du -sm "$SIFT_DIR/home/postgres/data" | cut -f1)
    G[$point,live]=$(live_heap_mb "$SIFT_PID")
    say "  Sift's live heap after a full GC: ${G[$point,live]} MB"
    say "  after the point: Sift's PostgreSQL data ${G[$point,pgdata]} MB; Sift log lines at WARN/ERROR so far:" \
      "$(warn_lines)"
  done
  say ""
  say "## Growth summary (re-sent: mean of $ROUNDS runs; 100 alerts per request)"
  say ""
  say "| open alerts AM / Sift | AM re-sent alerts/s | Sift re-sent alerts/s | Sift/AM | AM / Sift p99 ms" \
    "| AM / Sift always-new alerts/s while filling | AM RSS MB | Sift RSS MB (PSS) | Sift live heap MB" \
    "| Sift PostgreSQL data MB |"
  say "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for point in $GROWTH_POINTS; do
    cell="g$point/resent"
    sift=$(cell_mean "$cell" sift alerts_s)
    if [[ ${G[$point,with_am]} == 0 ]]; then
      printf '| — / %s | — | %s | | — / %s | — / %s | — | %s (%s) | %s | %s |\n' \
        "$(fmt_int "${G[$point,sift_held]}")" "$(fmt_int "$sift")$(flag "$cell" sift)" \
        "$(cell_mean "$cell" sift p99)" "$(fmt_int "${G[$point,sift_fill]}")" \
        "$(fmt_int "$(cell_mean "$cell" sift rss)")" "$(fmt_int "$(cell_mean "$cell" sift pss)")" \
        "${G[$point,live]}" "${G[$point,pgdata]}"
      continue
    fi
    am=$(cell_mean "$cell" am alerts_s)
    printf '| %s / %s | %s | %s | %s× | %s / %s | %s / %s | %s | %s (%s) | %s | %s |\n' \
      "$(fmt_int "${G[$point,am_held]}")" "$(fmt_int "${G[$point,sift_held]}")" \
      "$(fmt_int "$am")$(flag "$cell" am)" "$(fmt_int "$sift")$(flag "$cell" sift)" "$(ratio "$sift" "$am")" \
      "$(cell_mean "$cell" am p99)" "$(cell_mean "$cell" sift p99)" \
      "$(fmt_int "${G[$point,am_fill]}")" "$(fmt_int "${G[$point,sift_fill]}")" \
      "$(fmt_int "$(cell_mean "$cell" am rss)")" "$(fmt_int "$(cell_mean "$cell" sift rss)")" \
      "$(fmt_int "$(cell_mean "$cell" sift pss)")" "${G[$point,live]}" "${G[$point,pgdata]}"
  done
  say ""
  say "RSS after the last measured run at each point. Memory per open alert: the growth of RSS between two points"
  say "divided by the growth of open alerts. Sift's RSS is the JVM plus its PostgreSQL (PSS counts shared buffers once)."
  exit 0
fi

# Sift runs for the whole benchmark unless FRESH=cell, as in production: a warm JVM and a database that has
# already seen traffic. Its first minute is slow (JIT, fresh database), so it is warmed up once before anything is
# measured, with re-sent alerts at every request size (always-new ones would leave it holding far more than the
# 1,000 alerts that Alertmanager holds in the re-sent cells; each cell still has its own short warm-up).
if [[ $FRESH != cell ]]; then
  start_sift 0
  say "started Sift (pid $SIFT_PID + PostgreSQL $PG_PID, 127.0.0.1:$SIFT_PORT)"
  if ((SIFT_WARMUP > 0)); then
    read -ra sizes <<<"$PER_REQUEST"
    say "warming up Sift: ${SIFT_WARMUP}s of re-sent alerts, ${PER_REQUEST// /, } per request"
    each=$(((SIFT_WARMUP + ${#sizes[@]} - 1) / ${#sizes[@]}))
    for per in "${sizes[@]}"; do run_wrk sift "$per" resent "${NONCE}s" "$each"; done
  fi
  if [[ $FRESH == once ]]; then
    start_am 0
    say "started Alertmanager (pid $AM_PID, 127.0.0.1:$AM_PORT)"
  fi
  say ""
fi
ci=0
for cell in "${cells[@]}"; do
  ci=$((ci + 1))
  per=${cell%/*} mode=${cell#*/}
  if [[ $mode == resent ]]; then desc="re-sent (1,000 label sets cycled)"; else desc="always-new label sets"; fi
  say "== cell $ci/${#cells[@]}: $per alert(s) per request, $desc =="
  case $FRESH in
    cell) start_both "$ci" ;;
    am)
      start_am "$ci"
      say "  started a fresh Alertmanager (pid $AM_PID, 127.0.0.1:$AM_PORT); Sift holds $(sift_state)"
      ;;
    once) say "  Sift holds $(sift_state)" ;;
  esac
  if ((WARMUP > 0)); then
    run_wrk am "$per" "$mode" "${NONCE}w${ci}" "$WARMUP"
    run_wrk sift "$per" "$mode" "${NONCE}w${ci}" "$WARMUP"
  fi
  for ((r = 1; r <= ROUNDS; r++)); do
    measure am "$per" "$mode" "$cell" "$r"
    measure sift "$per" "$mode" "$cell" "$r"
  done
  say "  after the cell: Alertmanager holds about $(fmt_int "$AM_HELD") alerts;" \
    "Sift holds $(sift_state); Sift log lines at WARN/ERROR so far: $(warn_lines)"
  case $FRESH in
    cell) stop_both ;;
    am) stop_am ;;
  esac
  say ""
done

say "## Summary (mean of the $ROUNDS Alertmanager runs and the $ROUNDS Sift runs per cell)"
say ""
say "| alerts/request | alerts | Alertmanager alerts/s | Sift alerts/s | Sift/AM | AM p50 / p99 ms | Sift p50 / p99 ms" \
  "| AM CPU % core | Sift CPU % core | AM RSS MB | Sift RSS MB (PSS) | non-2xx AM / Sift |"
say "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for cell in "${cells[@]}"; do
  per=${cell%/*} mode=${cell#*/}
  [[ $mode == resent ]] && what="re-sent" || what="always-new"
  am=$(cell_mean "$cell" am alerts_s) sift=$(cell_mean "$cell" sift alerts_s)
  printf '| %s | %s | %s | %s | %s× | %s / %s | %s / %s | %s | %s | %s | %s (%s) | %s / %s |\n' \
    "$per" "$what" "$(fmt_int "$am")$(flag "$cell" am)" "$(fmt_int "$sift")$(flag "$cell" sift)" \
    "$(ratio "$sift" "$am")" \
    "$(cell_mean "$cell" am p50)" "$(cell_mean "$cell" am p99)" \
    "$(cell_mean "$cell" sift p50)" "$(cell_mean "$cell" sift p99)" \
    "$(fmt_int "$(cell_mean "$cell" am cpu)")" "$(fmt_int "$(cell_mean "$cell" sift cpu)")" \
    "$(fmt_int "$(cell_mean "$cell" am rss)")" "$(fmt_int "$(cell_mean "$cell" sift rss)")" \
    "$(fmt_int "$(cell_mean "$cell" sift pss)")" \
    "$(cell_sum "$cell" am nonok)" "$(cell_sum "$cell" sift nonok)"
done
say ""
if ((DISTURBED > 0)); then
  say "* $DISTURBED measured run(s) had other processes using more than $QUIET% of a core even after $RETRIES" \
    "repeats (see the run lines above): treat those numbers with care."
fi
say "CPU: % of one core (this machine has $(nproc)), process trees (Sift = JVM + its PostgreSQL), averaged over" \
  "each run; RSS after each run. alerts/s counts only 2xx answers. Latency: wrk, every answered request."
