#!/usr/bin/env bash
# Generates synthetic workspaces and runs the same file through `jq length` beside
# `partnerdesk check`, printing each time and the ratio (hyperfine when present, else the best of
# three runs timed with /usr/bin/time). Peak memory of both is printed too, and the scan floor
# (`bench --scan-floor`, from the bench target `cargo bench --bench bench` builds: read the file
# and scan it with serde_json into IgnoredAny, timed as a process the same way) with check's
# ratio to it.
#
#   bench/compare.sh [SIZES]        SIZES: comma-separated customer counts, default 10000,100000
#   RUNS=5 bench/compare.sh          best of RUNS runs (default 3; jq runs once on files over 1 GB)
#   PARTNERDESK=path/to/partnerdesk DIR=/tmp/partnerdesk-bench bench/compare.sh 1000000
set -euo pipefail

sizes="${1:-10000,100000}"
dir="${DIR:-${TMPDIR:-/tmp}/partnerdesk-bench}"
here="$(cd "$(dirname "$0")/.." && pwd)"
pd="${PARTNERDESK:-}"
floor="${BENCH:-}"
if [[ -z "$pd" ]]; then
  (cd "$here" && cargo build --release --quiet --bin partnerdesk)
  pd="${CARGO_TARGET_DIR:-$here/target}/release/partnerdesk"
fi
if [[ -z "$floor" ]]; then
  # The bench target's binary has a hashed name: cargo says which.
  floor="$(cd "$here" && cargo bench --no-run --quiet --bench bench --message-format=json |
    grep -F '"kind":["bench"]' | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -n 1)"
  [[ -n "$floor" ]] || { echo "cannot build the bench target" >&2; exit 2; }
fi
if ! command -v jq >/dev/null; then
  echo "jq is missing; installing it" >&2
  if command -v apt-get >/dev/null; then
    ${SUDO:-$(command -v sudo || true)} apt-get install -y jq >/dev/null
  else
    echo "cannot install jq here: install it and run again" >&2
    exit 2
  fi
fi
mkdir -p "$dir"

# Best-of-N wall seconds and peak RSS (kB) of a command, via /usr/bin/time.
measure() {
  local runs="$1" best="" rss="" out report
  shift
  report="$(mktemp)"
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' -o "$report" "$@" >/dev/null 2>&1 || true
    out="$(tail -1 "$report")"
    local secs="${out%% *}" kb="${out##* }"
    if [[ -z "$best" ]] || awk "BEGIN{exit !($secs < $best)}"; then best="$secs"; fi
    rss="$kb"
  done
  rm -f "$report"
  echo "$best $rss"
}

printf '%-10s %9s %10s %11s %11s %9s %11s %11s %18s\n' customers file jq "scan floor" check \
  "check/jq" "check/floor" "jq peak" "check peak (x file)"
for n in ${sizes//,/ }; do
  file="$dir/compare-$n.json"
  [[ -s "$file" ]] || "$pd" gen --customers "$n" --seed 1 --now 2026-11-24T09:00:00Z -o "$file" >/dev/null
  bytes="$(stat -L -c %s "$file")"
  size="$(du -hL "$file" | cut -f1)"
  # Best of RUNS (3); jq gets one run on files over a gigabyte (it takes minutes there).
  runs="${RUNS:-3}"
  jq_runs="$runs"
  (( bytes > 1 << 30 )) && jq_runs=1
  if command -v hyperfine >/dev/null; then
    json="$dir/compare-$n.hyperfine.json"
    hyperfine --warmup 1 --runs "$runs" --ignore-failure --export-json "$json" \
      "$floor --scan-floor $file" "$pd check $file" >/dev/null
    floor_s="$(jq '.results[0].min' "$json")"
    pd_s="$(jq '.results[1].min' "$json")"
    read -r jq_s jq_kb < <(measure "$jq_runs" jq length "$file")
    pd_kb="$(measure 1 "$pd" check "$file" | cut -d' ' -f2)"
  else
    read -r jq_s jq_kb < <(measure "$jq_runs" jq length "$file")
    read -r floor_s _ < <(measure "$runs" "$floor" --scan-floor "$file")
    read -r pd_s pd_kb < <(measure "$runs" "$pd" check "$file")
  fi
  to_jq="$(awk "BEGIN{printf \"%.2f\", $pd_s / $jq_s}")"
  to_floor="$(awk "BEGIN{printf \"%.2f\", $pd_s / $floor_s}")"
  peak_x="$(awk "BEGIN{printf \"%.2f\", $pd_kb * 1024 / $bytes}")"
  printf '%-10s %9s %9.2fs %10.2fs %10.2fs %8sx %10sx %8d MB %10d MB (%sx)\n' \
    "$n" "$size" "$jq_s" "$floor_s" "$pd_s" "$to_jq" "$to_floor" $((jq_kb / 1024)) \
    $((pd_kb / 1024)) "$peak_x"
done
echo "check/jq below 1: partnerdesk check is faster than jq length on the same file"
echo "check/floor: partnerdesk check against reading the file and scanning it with serde_json"
