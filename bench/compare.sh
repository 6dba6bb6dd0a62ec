#!/usr/bin/env bash
# Generates synthetic workspaces and runs the same file through `jq length` beside
# `partnerdesk check`, printing each time and the ratio (hyperfine when present, else the best of
# three runs timed with /usr/bin/time). Peak memory of both is printed too.
#
#   bench/compare.sh [SIZES]        SIZES: comma-separated customer counts, default 10000,100000
#   PARTNERDESK=path/to/partnerdesk DIR=/tmp/partnerdesk-bench bench/compare.sh 1000000
set -euo pipefail

sizes="${1:-10000,100000}"
dir="${DIR:-${TMPDIR:-/tmp}/partnerdesk-bench}"
here="$(cd "$(dirname "$0")/.." && pwd)"
pd="${PARTNERDESK:-}"
if [[ -z "$pd" ]]; then
  (cd "$here" && cargo build --release --quiet --bin partnerdesk)
  pd="${CARGO_TARGET_DIR:-$here/target}/release/partnerdesk"
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

# Best-of-3 wall seconds and peak RSS (kB) of a command, via /usr/bin/time.
measure() {
  local best="" rss="" out report
  report="$(mktemp)"
  for _ in 1 2 3; do
    /usr/bin/time -f '%e %M' -o "$report" "$@" >/dev/null 2>&1 || true
    out="$(tail -1 "$report")"
    local secs="${out%% *}" kb="${out##* }"
    if [[ -z "$best" ]] || awk "BEGIN{exit !($secs < $best)}"; then best="$secs"; fi
    rss="$kb"
  done
  rm -f "$report"
  echo "$best $rss"
}

printf '%-10s %10s %12s %12s %10s %14s %14s\n' customers file jq partnerdesk ratio "jq peak" "pd peak"
for n in ${sizes//,/ }; do
  file="$dir/compare-$n.json"
  [[ -s "$file" ]] || "$pd" gen --customers "$n" --seed 1 --now 2026-11-24T09:00:00Z -o "$file" >/dev/null
  size="$(du -h "$file" | cut -f1)"
  if command -v hyperfine >/dev/null; then
    json="$dir/compare-$n.hyperfine.json"
    hyperfine --warmup 1 --runs 3 --ignore-failure --export-json "$json" \
      "jq length $file" "$pd check $file" >/dev/null
    jq_s="$(jq '.results[0].min' "$json")"
    pd_s="$(jq '.results[1].min' "$json")"
    jq_kb="$(measure jq length "$file" | cut -d' ' -f2)"
    pd_kb="$(measure "$pd" check "$file" | cut -d' ' -f2)"
  else
    read -r jq_s jq_kb < <(measure jq length "$file")
    read -r pd_s pd_kb < <(measure "$pd" check "$file")
  fi
  ratio="$(awk "BEGIN{printf \"%.2f\", $pd_s / $jq_s}")"
  printf '%-10s %10s %11.2fs %11.2fs %9sx %11d MB %11d MB\n' \
    "$n" "$size" "$jq_s" "$pd_s" "$ratio" $((jq_kb / 1024)) $((pd_kb / 1024))
done
echo "ratio = partnerdesk check / jq length on the same file (below 1: partnerdesk is faster)"
