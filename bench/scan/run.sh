#!/usr/bin/env bash
# Scanner throughput against ripgrep and grep on one corpus (issue 4, "Quality, measured").
#
#   bench/scan/run.sh [BUILD_DIR]        # default: build
#
# Builds nothing but the corpus generator target (scan_corpus) and expects
# BUILD_DIR/qingfeng to exist. Generates a deterministic JSON Lines corpus of
# SCAN_BENCH_MB megabytes (default 200) in SCAN_BENCH_DIR (default a temp dir,
# removed at the end; never in the tree), exports the lexicon's literal terms
# with `qingfeng scan --export-terms`, then runs, on the same file:
#
#   qingfeng scan --threads 1 CORPUS > /dev/null
#   qingfeng scan --threads $(nproc) CORPUS > /dev/null
#   rg -F -c -f TERMS CORPUS           (ripgrep's own default thread count; one file = one thread)
#   grep -F -c -f TERMS CORPUS
#
# each under /usr/bin/time -v (wall time, user+sys CPU, peak RSS), best of
# SCAN_BENCH_RUNS runs (default 1). With SCAN_BENCH_SMALL_MB (default 50) it
# also scans a second, smaller corpus with 1 thread to show that peak RSS
# does not grow with input size. Prints a table: MB/s by wall time, MB/s per
# core (by CPU time), peak RSS, and ratios against rg.
#
# qingfeng's verdicts (about 0.8 bytes per byte of input) go to /dev/null:
# the table measures the tools, not the disk. rg's and grep's counts go to a
# file: GNU grep stops at the first match when its output is /dev/null.
set -euo pipefail

BUILD=${1:-build}
MB=${SCAN_BENCH_MB:-200}
SMALL_MB=${SCAN_BENCH_SMALL_MB:-50}
RUNS=${SCAN_BENCH_RUNS:-1}
QF=$BUILD/qingfeng
for tool in rg grep /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing (scripts/install-deps.sh)" >&2; exit 1; }
done
[ -x "$QF" ] || { echo "run.sh: $QF not built" >&2; exit 1; }
cmake --build "$BUILD" --target scan_corpus >/dev/null

if [ -n "${SCAN_BENCH_DIR:-}" ]; then
  DIR=$SCAN_BENCH_DIR
  mkdir -p "$DIR"
else
  DIR=$(mktemp -d /tmp/qf-scan-bench.XXXXXX)
  trap 'rm -rf "$DIR"' EXIT
fi
CORPUS=$DIR/corpus-${MB}MB.jsonl
SMALL=$DIR/corpus-${SMALL_MB}MB.jsonl
TERMS=$DIR/terms.txt
[ -s "$CORPUS" ] || "$BUILD/bench/scan/scan_corpus" "$CORPUS" "$MB" >&2
if [ "$SMALL_MB" -gt 0 ] && [ ! -s "$SMALL" ]; then
  "$BUILD/bench/scan/scan_corpus" "$SMALL" "$SMALL_MB" >&2
fi
"$QF" scan --export-terms >"$TERMS"
BYTES=$(stat -c %s "$CORPUS")
NPROC=$(nproc)
cat "$CORPUS" >/dev/null  # page cache: every tool reads from memory

# measure NAME FILE OUT CMD...: best-of-RUNS wall time, standard output to
# OUT; prints "name wall cpu rss_kb bytes"
measure() {
  local name=$1 file=$2 out=$3
  shift 3
  local best=""
  for _ in $(seq "$RUNS"); do
    local log=$DIR/time.log
    /usr/bin/time -v -o "$log" "$@" >"$out" 2>"$DIR/err" || {
      # grep -c exits 1 when nothing matches; anything else is a failure
      local rc
      rc=$(sed -n 's/.*Exit status: //p' "$log")
      [ "$rc" = 1 ] || { echo "run.sh: $name failed:" >&2; cat "$DIR/err" >&2; exit 1; }
    }
    local wall cpu rss
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log" |
      awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
    cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$log")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
    if [ -z "$best" ] || awk -v a="$wall" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then
      best="$wall $cpu $rss"
    fi
    echo "  $name: ${wall}s wall, ${cpu}s cpu, ${rss} KB peak; $(head -c 200 "$DIR/err" | tr '\n' ' ')" >&2
  done
  echo "$name $best $(stat -c %s "$file")"
}

echo "corpus: $CORPUS ($BYTES bytes), $(wc -l <"$TERMS") terms, $NPROC cores, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
{
  measure "qingfeng-scan-1-thread" "$CORPUS" /dev/null "$QF" scan --threads 1 "$CORPUS"
  measure "qingfeng-scan-$NPROC-threads" "$CORPUS" /dev/null "$QF" scan --threads "$NPROC" "$CORPUS"
  measure "rg-F-c-f" "$CORPUS" "$DIR/out" rg -F -c -f "$TERMS" "$CORPUS"
  measure "grep-F-c-f" "$CORPUS" "$DIR/out" env LC_ALL=C.UTF-8 grep -F -c -f "$TERMS" "$CORPUS"
  if [ "$SMALL_MB" -gt 0 ]; then
    measure "qingfeng-scan-1-thread-${SMALL_MB}MB" "$SMALL" /dev/null "$QF" scan --threads 1 "$SMALL"
  fi
} >"$DIR/results"

awk '
  { name[NR] = $1; wall[NR] = $2; cpu[NR] = $3; rss[NR] = $4; bytes[NR] = $5
    if ($1 == "rg-F-c-f") rg = NR }
  END {
    printf "| %-34s | %8s | %7s | %7s | %11s | %13s | %10s | %13s | %9s |\n", "command", "input MB", "wall s", "CPU s", "MB/s (wall)", "MB/s per core", "wall vs rg", "per core vs rg", "peak RSS"
    printf "| %-34s | %8s | %7s | %7s | %11s | %13s | %10s | %13s | %9s |\n", "---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:"
    rg_wall = bytes[rg] / 1e6 / (wall[rg] > 0 ? wall[rg] : 0.01)
    rg_core = bytes[rg] / 1e6 / (cpu[rg] > 0 ? cpu[rg] : 0.01)
    for (i = 1; i <= NR; i++) {
      mb = bytes[i] / 1e6
      w = mb / (wall[i] > 0 ? wall[i] : 0.01)
      core = mb / (cpu[i] > 0 ? cpu[i] : 0.01)
      printf "| %-34s | %8.1f | %7.2f | %7.2f | %11.1f | %13.1f | %9.3fx | %12.3fx | %6.1f MB |\n", name[i], mb, wall[i], cpu[i], w, core, w / rg_wall, core / rg_core, rss[i] / 1024
    }
  }' "$DIR/results"
