#!/usr/bin/env bash
# HTTP benchmark of `qingfeng serve` with wrk, on SQLite and on PostgreSQL.
#
#   bench/http/run.sh build/qingfeng          (what `make bench` runs)
#
# For each backend: a fresh database in a temp dir (SQLite file, or a
# throw-away PostgreSQL cluster from scripts/with-postgres.sh), `qingfeng
# demo` for the accounts, BENCH_ROWS benchmark-fixture rows inserted into
# evidence_files with plain SQL, then `qingfeng serve` on 127.0.0.1 (a port
# the kernel picks), one login per account, and one wrk run per scenario.
# Everything talks to 127.0.0.1 only; everything is removed at the end.
#
# Knobs (environment):
#   BENCH_DURATION     wrk duration per scenario            (default 15s)
#   BENCH_WARMUP       unmeasured wrk run before each one    (default 2s, 0 = none)
#   BENCH_CONNECTIONS  wrk connections                       (default 16)
#   BENCH_THREADS      wrk threads                           (default 2)
#   BENCH_ROWS         rows inserted into evidence_files     (default 100000)
#   BENCH_BACKENDS     "sqlite postgres", or just one        (default both)
#   BENCH_RETRIES      reruns of a scenario disturbed by other load (default 2)
#
# Output: progress on stderr, the summary table on stdout. Bounded in time:
# every network call and wrk run is wrapped in a timeout.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

DURATION=${BENCH_DURATION:-15s}
WARMUP=${BENCH_WARMUP:-2s}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
THREADS=${BENCH_THREADS:-2}
ROWS=${BENCH_ROWS:-100000}
BACKENDS=${BENCH_BACKENDS:-sqlite postgres}
RETRIES=${BENCH_RETRIES:-2}

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }
# No silent exits under set -e: name the command that failed.
set -E
trap 'log "error: \"$BASH_COMMAND\" failed (line $LINENO)"' ERR

[ $# -ge 1 ] || die "usage: $0 PATH/TO/qingfeng"
bin=$(realpath "$1")
[ -x "$bin" ] || die "$1 is not an executable"
for tool in wrk curl sqlite3 psql timeout; do
  command -v "$tool" >/dev/null || die "$tool not found (Debian: apt-get install wrk curl sqlite3 postgresql-client)"
done
[[ "$ROWS" =~ ^[0-9]+$ ]] || die "BENCH_ROWS must be a number"
[[ "$RETRIES" =~ ^[0-9]+$ ]] || die "BENCH_RETRIES must be a number"

# Seconds in a wrk duration ("15s", "1m", "90"), for timeouts.
seconds_of() {
  local d=$1
  case "$d" in
    *m) echo $(( ${d%m} * 60 )) ;;
    *s) echo "${d%s}" ;;
    *)  echo "$d" ;;
  esac
}

# ---------------------------------------------------------------------------
# One backend. Called with BENCH_INNER=sqlite|postgres and BENCH_RESULTS set;
# appends one TSV line per scenario to $BENCH_RESULTS.
# ---------------------------------------------------------------------------
run_backend() {
  local backend=$1 results=$2
  local port url
  # Global, not local: the EXIT trap runs after this function has returned.
  work=$(mktemp -d /tmp/qingfeng-bench.XXXXXX)
  server_pid=""

  stop_server() {
    [ -n "$server_pid" ] || return 0
    if kill -0 "$server_pid" 2>/dev/null; then
      kill -TERM "$server_pid" 2>/dev/null || true
      for _ in $(seq 1 250); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$server_pid" 2>/dev/null && { log "server did not stop on SIGTERM in 25s; SIGKILL"; kill -KILL "$server_pid" 2>/dev/null || true; }
    fi
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  }
  trap 'stop_server; rm -rf "$work"' EXIT
  trap 'exit 130' INT TERM

  case "$backend" in
    sqlite)
      url="sqlite:$work/qingfeng.db"
      sql() { sqlite3 -bail "$work/qingfeng.db"; }
      sql_value() { sqlite3 -bail "$work/qingfeng.db" "$1"; }
      ;;
    postgres)
      [ -n "${QINGFENG_TEST_PG:-}" ] || die "QINGFENG_TEST_PG not set (run through scripts/with-postgres.sh)"
      psql -X -q -v ON_ERROR_STOP=1 "$QINGFENG_TEST_PG" -c "CREATE DATABASE qf_bench" >/dev/null
      url="${QINGFENG_TEST_PG%/*}/qf_bench"
      sql() { psql -X -q -v ON_ERROR_STOP=1 "$url"; }
      sql_value() { psql -X -q -At -v ON_ERROR_STOP=1 "$url" -c "$1"; }
      ;;
    *) die "unknown backend $backend" ;;
  esac
  export QINGFENG_EVIDENCE_DIR="$work/evidence"

  # --- accounts ----------------------------------------------------------
  log "$backend: qingfeng demo (migrate, organisation, demo accounts)"
  timeout 120 "$bin" --db "$url" demo >"$work/demo.out" 2>"$work/demo.err" \
    || { cat "$work/demo.err" >&2; die "qingfeng demo failed"; }
  password_of() {
    awk -F'\t' -v u="$1" '{ name = $1; sub(/^ +/, "", name) }
      name == u && $4 ~ /^密码: / { sub(/^密码: /, "", $4); print $4; exit }' "$work/demo.out"
  }
  local office_pw officer_pw
  office_pw=$(password_of office)
  officer_pw=$(password_of lc.officer)
  if [ -z "$office_pw" ] || [ -z "$officer_pw" ]; then
    cat "$work/demo.out" >&2; die "could not read demo passwords"
  fi

  # --- benchmark fixtures: ROWS evidence_files rows ----------------------
  # Metadata rows only (no blobs on disk): the list endpoint never reads
  # the blob. owner_department_id goes round-robin over the 9 top-level
  # departments (office + 8 departments), so an officer sees ~ROWS/9.
  local n_before
  n_before=$(sql_value "SELECT COUNT(*) FROM evidence_files")
  log "$backend: inserting $ROWS benchmark rows into evidence_files (demo data already has $n_before)"
  local t0 t1
  t0=$(date +%s.%N)
  local hex
  if [ "$backend" = sqlite ]; then hex="printf('%064x', s.x)"; else hex="lpad(to_hex(s.x), 64, '0')"; fi
  local series
  if [ "$backend" = sqlite ]; then
    series="(WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < $ROWS) SELECT x FROM c) s"
  else
    series="(SELECT x FROM generate_series(1, $ROWS) AS g(x)) s"
  fi
  sql <<SQL
BEGIN;
INSERT INTO evidence_files (sha256, size, mime, original_name, description,
                            owner_department_id, uploaded_by, version, created_at)
SELECT $hex, 1024 + (s.x % 4096) * 100, 'image/jpeg', 'bench-' || s.x || '.jpg', 'benchmark fixture',
       d.id, (SELECT id FROM users WHERE username = 'office'), 1, 1735689600000 + s.x * 1000
FROM $series
JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k
      FROM departments WHERE kind IN ('office', 'department')) d
  ON d.k = s.x % 9;
COMMIT;
ANALYZE;
SQL
  t1=$(date +%s.%N)
  local n_rows n_depts
  n_rows=$(sql_value "SELECT COUNT(*) FROM evidence_files WHERE description = 'benchmark fixture'")
  n_depts=$(sql_value "SELECT COUNT(DISTINCT owner_department_id) FROM evidence_files WHERE description = 'benchmark fixture'")
  [ "$n_rows" = "$ROWS" ] || die "expected $ROWS fixture rows in evidence_files, found $n_rows"
  [ "$n_depts" = 9 ] || [ "$ROWS" -lt 9 ] || die "expected 9 owner departments, found $n_depts"
  log "$backend: $n_rows rows over $n_depts departments in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')s"

  # --- server ------------------------------------------------------------
  # stdout is the per-request JSON access log: kept in a file (as under
  # systemd it would go to the journal), not discarded, so its cost counts.
  "$bin" --db "$url" serve --listen 127.0.0.1:0 >"$work/access.log" 2>"$work/server.err" &
  server_pid=$!
  port=""
  for _ in $(seq 1 300); do
    port=$(grep -o 'serving on http://127\.0\.0\.1:[0-9]*' "$work/server.err" 2>/dev/null | head -n1 | sed 's/.*://') || true
    [ -n "$port" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.err" >&2; die "server exited during start"; }
    sleep 0.1
  done
  [ -n "$port" ] || { cat "$work/server.err" >&2; die "server did not start in 30s"; }
  local base="http://127.0.0.1:$port"
  log "$backend: qingfeng serve pid $server_pid on $base"

  login() {
    local body
    body=$(curl -sS --max-time 30 -H 'Content-Type: application/json' \
      -d "{\"username\":\"$1\",\"password\":\"$2\"}" "$base/api/v1/auth/login") || die "login $1: request failed"
    sed -n 's/.*"token":"\([^"]*\)".*/\1/p' <<<"$body" | grep . || die "login $1 failed: $body"
  }
  local office_token officer_token
  office_token=$(login office "$office_pw")
  officer_token=$(login lc.officer "$officer_pw")
  if [ -z "$office_token" ] || [ -z "$officer_token" ]; then die "login failed"; fi

  # CPU accounting, in clock ticks, so each row says where the cores went:
  # the server, PostgreSQL (postmaster and its children), wrk (reaped
  # children of this shell) and "other": every other user process on the
  # machine, counted directly — alive at both ends of the run, or started
  # during it (a process that ends during the run is missed, so "other" is
  # a lower bound). A large "other" means the run was disturbed: a shared
  # machine, someone compiling.
  local clk_tck pg_master=""
  clk_tck=$(getconf CLK_TCK)
  if [ "$backend" = postgres ]; then
    local pg_port=${url##*:}; pg_port=${pg_port%%/*}
    local d
    for d in /proc/[0-9]*; do
      [ "$(cat "$d/comm" 2>/dev/null)" = postgres ] || continue
      if tr '\0' ' ' <"$d/cmdline" 2>/dev/null | grep -q -- "-p $pg_port "; then pg_master=${d#/proc/}; break; fi
    done
    [ -n "$pg_master" ] || log "$backend: postmaster not found; db CPU will read 0"
  fi
  # One line per process: "pid class ticks", class srv|db|self|kernel|other;
  # ticks = utime+stime, for self cutime+cstime (fields after the ") " that
  # ends comm).
  cpu_snapshot() {
    { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v me="$$" -v srv="$server_pid" -v pm="${pg_master:-none}" '{
      pid = $1; line = $0; sub(/^.*\) /, "", line); split(line, f, " "); ppid = f[2]
      if (pid == srv) c = "srv"; else if (pid == pm || ppid == pm) c = "db"
      else if (pid == me) c = "self"; else if (pid == 2 || ppid == 2) c = "kernel"; else c = "other"
      print pid, c, (c == "self" ? f[14] + f[15] : f[12] + f[13]) }'
  }
  vm_kb() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$server_pid/status"; }

  # name | path | token
  local scenarios=(
    "me|/api/v1/me|$office_token"
    "evidence p1, office (sees all)|/api/v1/evidence?page=1&page_size=50|$office_token"
    "evidence p1, officer (row filter)|/api/v1/evidence?page=1&page_size=50|$officer_token"
    "evidence p1000, office (offset 49950)|/api/v1/evidence?page=1000&page_size=50|$office_token"
    "evidence p200, officer (offset 9950)|/api/v1/evidence?page=200&page_size=50|$officer_token"
  )
  local dur_s warm_s; dur_s=$(seconds_of "$DURATION"); warm_s=$(seconds_of "$WARMUP")
  local entry name path token
  for entry in "${scenarios[@]}"; do
    IFS='|' read -r name path token <<<"$entry"
    # Sanity: the request must answer 200 before it is worth measuring.
    local status bytes total items
    status=$(curl -sS --max-time 30 -o "$work/probe.json" -w '%{http_code}' \
      -H "Authorization: Bearer $token" "$base$path")
    [ "$status" = 200 ] || { cat "$work/probe.json" >&2; die "$name: GET $path answered $status"; }
    bytes=$(wc -c <"$work/probe.json")
    total=$({ grep -o '"total":[0-9]*' "$work/probe.json" || true; } | tail -n1 | cut -d: -f2)
    items=$({ grep -o '"sha256":' "$work/probe.json" || true; } | wc -l)
    [ -n "$total" ] || total="-"

    if [ "$warm_s" != 0 ]; then
      QF_TOKEN=$token timeout $((warm_s + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" --timeout 10s \
        -s "$here/report.lua" "$base$path" >/dev/null
    fi
    # A run during which other processes took more than 15% of a core is
    # "disturbed" (a shared machine: someone compiling). It is repeated up
    # to BENCH_RETRIES times; the least disturbed run is kept.
    local attempt best_row="" best_other=999999 row other
    for attempt in $(seq 0 "$RETRIES"); do
      # Reset the peak-RSS watermark (clear_refs 5), so VmHWM is this run's.
      echo 5 >"/proc/$server_pid/clear_refs" 2>/dev/null || true
      local w0 w1 out line
      cpu_snapshot >"$work/cpu0"; w0=$EPOCHREALTIME
      log "$backend: $name — wrk -t$THREADS -c$CONNECTIONS -d$DURATION GET $path"
      out=$(QF_TOKEN=$token timeout $((dur_s + 60)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s \
        -s "$here/report.lua" "$base$path") || die "wrk failed: $out"
      cpu_snapshot >"$work/cpu1"; w1=$EPOCHREALTIME
      line=$(grep '^QF_RESULT ' <<<"$out") || die "no result line from wrk: $out"
      kill -0 "$server_pid" 2>/dev/null || die "server died during $name"
      local hwm rss cpu
      hwm=$(vm_kb VmHWM); rss=$(vm_kb VmRSS)
      # Percent of one core over the wall time of the run. A process seen
      # only at the end started during the run: all its time counts.
      cpu=$(awk -v t="$clk_tck" -v w="$(awk -v a="$w0" -v b="$w1" 'BEGIN { print b - a }')" '
        NR == FNR { before[$1] = $3; next }
        { d = $3 - ($1 in before ? before[$1] : 0); if (d > 0) sum[$2] += d }
        END { printf "srv_cpu=%.0f db_cpu=%.0f wrk_cpu=%.0f other_cpu=%.0f",
              100 * sum["srv"] / t / w, 100 * sum["db"] / t / w, 100 * sum["self"] / t / w, 100 * sum["other"] / t / w }' \
        "$work/cpu0" "$work/cpu1")
      log "$backend: $name: ${line#QF_RESULT }, items $items, total $total, $bytes bytes, VmHWM ${hwm} kB, CPU% $cpu"
      # backend, scenario, then key=value fields
      row=$(printf '%s\t%s\t%s items=%s total=%s bytes=%s hwm_kb=%s rss_kb=%s %s' \
        "$backend" "$name" "${line#QF_RESULT }" "$items" "$total" "$bytes" "$hwm" "$rss" "$cpu")
      other=${cpu#*other_cpu=}; other=${other%% *}
      if [ "$other" -lt "$best_other" ]; then best_other=$other; best_row=$row; fi
      [ "$other" -gt 15 ] || break
      log "WARNING: $backend: $name: ${other}% of a core went to other processes during the run; disturbed"
      if [ "$attempt" -lt "$RETRIES" ]; then sleep 10; fi
    done
    printf '%s attempts=%s\n' "$best_row" $((attempt + 1)) >>"$results"
  done

  local requests_logged
  requests_logged=$(wc -l <"$work/access.log")
  stop_server
  log "$backend: server stopped; access log had $requests_logged lines"
  grep -E '"level":"(error|critical)"|\[(error|critical)\]' "$work/server.err" >&2 || true
}

# Inner invocation: one backend, results appended to BENCH_RESULTS.
if [ -n "${BENCH_INNER:-}" ]; then
  run_backend "$BENCH_INNER" "$BENCH_RESULTS"
  exit 0
fi

# ---------------------------------------------------------------------------
# Outer invocation: each backend in its own process (so traps and the
# PostgreSQL cluster are scoped to it), then the summary.
# ---------------------------------------------------------------------------
results=$(mktemp /tmp/qingfeng-bench-results.XXXXXX)
trap 'rm -f "$results"' EXIT
export BENCH_RESULTS=$results

# The numbers only mean something on an otherwise idle machine: say so if not.
idle_before=$(awk '$1 == "cpu" { print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)
sleep 2
idle_before=$(awk -v a="$idle_before" '$1 == "cpu" { split(a, x, " ")
  printf "%.0f", 100 * ($5 + $6 - x[1]) / ($2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 - x[2]) }' /proc/stat)
if [ "$idle_before" -lt 90 ]; then
  log "WARNING: the machine was only ${idle_before}% idle before the run; other load will skew the results"
fi
revision=$(git -C "$repo" describe --always --dirty 2>/dev/null || echo unknown)
log "binary $bin (modified $(date -u -r "$bin" +%Y-%m-%dT%H:%M:%SZ), tree $revision); wrk -t$THREADS -c$CONNECTIONS -d$DURATION (warm-up $WARMUP); $ROWS evidence rows; $(nproc) CPUs"
for backend in $BACKENDS; do
  case "$backend" in
    sqlite)   BENCH_INNER=sqlite "$here/run.sh" "$bin" ;;
    postgres) timeout 1800 "$repo/scripts/with-postgres.sh" env BENCH_INNER=postgres "$here/run.sh" "$bin" ;;
    *) die "unknown backend in BENCH_BACKENDS: $backend" ;;
  esac
done

echo
echo "qingfeng HTTP benchmark — wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $ROWS evidence rows, $(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%MZ), machine ${idle_before}% idle before the run"
echo "binary $bin, modified $(date -u -r "$bin" +%Y-%m-%dT%H:%M:%SZ), source tree $revision"
awk -F'\t' '
  BEGIN {
    fmt = "| %-8s | %-42s | %7s | %7s | %7s | %7s | %6s | %5s | %7s | %8s | %5s | %5s | %5s | %5s | %4s |\n"
    printf fmt, "backend", "scenario", "req/s", "p50 ms", "p90 ms", "p99 ms", "errors", "items", "total", "peak RSS", "srv", "db", "wrk", "other", "runs"
    printf fmt, "--------", "------------------------------------------", "-------", "-------", "-------", "-------", "------", "-----", "-------", "--------", "-----", "-----", "-----", "-----", "----"
  }
  {
    delete v; n = split($3, f, " ")
    for (i = 1; i <= n; i++) { split(f[i], kv, "="); v[kv[1]] = kv[2] }
    printf fmt, $1, $2 (v["other_cpu"] > 15 ? " (!)" : ""), sprintf("%.0f", v["rps"]), sprintf("%.2f", v["p50_ms"]),
      sprintf("%.2f", v["p90_ms"]), sprintf("%.2f", v["p99_ms"]), v["non2xx"] + v["sock_errors"], v["items"], v["total"],
      sprintf("%.1f MB", v["hwm_kb"] / 1024), v["srv_cpu"] "%", v["db_cpu"] "%", v["wrk_cpu"] "%", v["other_cpu"] "%", v["attempts"]
  }' "$results"
echo
echo "errors = non-2xx answers + socket errors; items = records in the probed page; total = \"total\" in the page"
echo "(rows the caller may see); peak RSS = server VmHWM during the scenario (watermark reset before it);"
echo "srv/db/wrk/other = CPU of qingfeng serve / PostgreSQL / wrk / all other user processes, % of one core (2 cores = 200%);"
echo "runs = wrk runs made (more than 1: the earlier ones were disturbed by other load; the least disturbed is shown);"
echo "(!) = other processes took more than 15% of a core even in the least disturbed of 1+BENCH_RETRIES runs:"
echo "      that row understates qingfeng; rerun on a quiet machine."
