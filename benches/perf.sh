#!/usr/bin/env bash
# The README's performance table, measured in one run (11 minutes on the
# 2-core development machine: 3 for 1,000 and 10,000 articles, 5 for the
# 100,000-article column's three cold builds, floors and two rebuilds and the
# three 10,000-article builds beside them, 1 for the edit and search rows, 2
# for the cold compile; generating the 100,000-article site takes about 2
# minutes the first time).
#
#   benches/perf.sh                  # everything; prints the table (markdown) at the end
#   SKIP_COMPILE=1 benches/perf.sh   # without the cold `cargo build --release`
#   SIZES="1000 10000" benches/perf.sh
#
# Rows and the commands behind them:
#   cold builds, attest / Hugo / floor   benches/hugo.sh N (HUGO=no at 100,000)
#   100,000 / 10,000 articles            both cold into BIG_OUT: OUT=DIR HUGO=no benches/hugo.sh N
#   rebuilds                             hyperfine over `attest --root SITE --output-dir OUT`
#   stages, peak memory                  `attest --timings` (the last cold build)
#   edit to page                         cargo run --release --example edit_reload -- --root SITE
#   search transfer per query            benches/search.sh (10,000 articles)
#   cold compile                         CARGO_TARGET_DIR=/tmp/attest-cold cargo build --release
#
# The 100,000-article output (6.6 GB) goes to BIG_OUT (default: memory,
# /dev/shm), and three more cold 10,000-article builds go there for its ratio
# to them (see below); the table says where.
set -euo pipefail
cd "$(dirname "$0")/.."
work="${BENCH_DIR:-${TMPDIR:-/tmp}/attest-bench}"
sizes=(${SIZES:-1000 10000 100000})
mkdir -p "$work"
log="$work/perf.log"
: >"$log"
cargo build --release --quiet --bin attest --example gen_site --example hugo_site --example edit_reload
attest="$PWD/target/release/attest"
say() { echo "$*" | tee -a "$log" >&2; }
say "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
# The processor: the same code's ratios differ from one machine to the next.
say "processor: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"

declare -A cold hugo ratio floor rebuild stages peak where scale
# Outputs are moved aside while anything is timed, deleted at the end (see benches/hugo.sh).
trashes=()
trap 'rm -rf "${trashes[@]}"' EXIT
# aside DIR: out of the way of what follows; deleted if in memory (freeing is
# cheap there and room short), else moved into this size's trash.
aside() {
  [ -e "$1" ] || return 0
  if [ "$(stat -f -c %T "$1")" = tmpfs ]; then rm -rf "$1"; else mv "$1" "$(mktemp -d "$trash/XXXXXX")/"; fi
}
for n in "${sizes[@]}"; do
  out="$work"
  hugo_env=()
  if [ "$n" -ge 100000 ]; then
    hugo_env=(HUGO=no)
    # Into memory (BIG_OUT, default /dev/shm), and the 10,000-article build
    # timed there too for the ratio: on the disk, the kernel writes most of
    # the 6.6 GB back while the build runs (past its limit of dirty pages),
    # which the 10,000-article build's 0.7 GB never reach. BIG_OUT="$work"
    # measures it on the disk. Without room there (about 70 KB an article), the disk.
    out="${BIG_OUT:-/dev/shm/attest-bench}"
    mkdir -p "$out"
    free_kb=$(df -Pk "$out" | awk 'NR==2 {print $4}')
    if [ "$free_kb" -lt $((n * 70)) ]; then out="$work"; fi
  fi
  trash="$out/trash-$$"
  mkdir -p "$trash"
  trashes+=("$trash")
  # Three at every size: one 100,000-article run gave 10.5 and 11.0 times the
  # 10,000-article build on the same code.
  runs=3
  say "== cold builds, $n articles (output in $out)"
  t="$work/hugo-$n.txt"
  if ! env "${hugo_env[@]}" RUNS=$runs OUT="$out" TRASH="$trash" BENCH_DIR="$work" benches/hugo.sh "$n" 2>&1 | tee "$t" >&2; then
    # Out of memory, say: the row says so, the rest goes on.
    cold[$n]="failed: $(tail -1 "$t")"
    aside "$out/out-attest"
    where[$n]=$out
    continue
  fi
  cold[$n]=$(sed -n 's/^cold build (median wall): attest \([0-9.]*\) s.*/\1 s/p' "$t")
  hugo[$n]=$(sed -n 's/.*Hugo \([0-9.]*\) s: attest\/Hugo = \([0-9.]*\)/\1 s/p' "$t")
  ratio[$n]=$(sed -n 's/.*attest\/Hugo = \([0-9.]*\)/\1/p' "$t")
  floor[$n]=$(sed -n 's/^I\/O floor: .* = \([0-9.]*\) s: attest\/floor = \([0-9.]*\)/\1 s (attest \/ floor \2)/p' "$t")
  stages[$n]=$(sed -n '/^  load/,/^  total/p' "$t" | awk '{printf "%s%s %.0f", (NR>1 ? ", " : ""), $1, $2} END {print ""}')
  peak[$n]=$(sed -n 's/^  peak memory //p' "$t")
  where[$n]=$out
  say "== rebuilds, $n articles"
  site="$work/site-$n"
  hruns=5
  [ "$n" -ge 100000 ] && hruns=2
  hyperfine --warmup 1 --runs "$hruns" --export-json "$work/rebuild-$n.json" \
    "$attest --root $site --output-dir $out/out-attest/public" >&2
  rebuild[$n]=$(awk -F'[:,]' '/"mean"/ {m=$2} /"stddev"/ {s=$2} END {printf "%.2f s ± %.2f", m, s}' "$work/rebuild-$n.json")
  [ "$n" -lt 100000 ] || aside "$out/out-attest"
  # The 100,000-article build against the 10,000-article one built in the same place.
  if [ "$n" -ge 100000 ] && [ -n "${cold[10000]:-}" ] && [[ "${cold[$n]}" != failed* ]]; then
    base=${cold[10000]% s}
    if [ "$out" != "$work" ]; then
      say "== cold builds, 10,000 articles, output in $out (for the ratio)"
      env HUGO=no RUNS=$runs OUT="$out" TRASH="$trash" BENCH_DIR="$work" benches/hugo.sh 10000 2>&1 | tee "$work/hugo-10000-beside.txt" >&2
      base=$(sed -n 's/^cold build (median wall): attest \([0-9.]*\) s.*/\1/p' "$work/hugo-10000-beside.txt")
      aside "$out/out-attest"
    fi
    scale[$n]=$(awk -v a="${cold[$n]% s}" -v b="$base" -v w="$out" 'BEGIN {printf "%.2f (%.2f s against %.2f s, both into %s)", a / b, a, b, w}')
  fi
done

edit="n/a"
if [ -f "$work/site-10000/config.toml" ]; then
  say "== edit to page, 10,000 articles"
  ./target/release/examples/edit_reload --root "$work/site-10000" --edits 10 | tee "$work/edit.txt" >&2
  edit=$(sed -n 's/^save to reload event.*median \([0-9]*\) ms, quartiles \([0-9-]*\) ms, range \([0-9-]*\) ms/median \1 ms (quartiles \2, range \3)/p' "$work/edit.txt" | head -1)
fi

search="n/a"
if command -v node >/dev/null; then
  say "== search transfer per query, 10,000 articles"
  BENCH_DIR="$work" benches/search.sh | tee "$work/search.txt" >&2
  search=$(awk '/^query/ {on=1; next} on && NF > 5 {for (i = 1; i <= NF; i++) if ($i ~ /^[0-9.]+$/) {n++; if (n == 4) {t = $i; break}}; n = 0; if (t > max) max = t} END {printf "at most %.1f KB gzipped", max}' "$work/search.txt")
fi

compile="skipped"
if [ -z "${SKIP_COMPILE:-}" ]; then
  say "== cold cargo build --release"
  rm -rf /tmp/attest-cold
  /usr/bin/time -f "%e %U %S" -o "$work/compile.time" env CARGO_TARGET_DIR=/tmp/attest-cold cargo build --release --quiet
  compile=$(awk '{printf "%d min %d s (%.0f s of CPU)", $1 / 60, $1 % 60, $2 + $3}' "$work/compile.time")
  rm -rf /tmp/attest-cold
fi

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
# 100000 as 100,000, whatever the locale (printf's %'d groups digits only in some).
commas() { echo "$1" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta'; }
{
  echo
  echo "Measured $(date -u +%Y-%m-%d) by \`benches/perf.sh\` on $(nproc) cores ($(sed -n 's/^processor: //p' "$log")); load average $(sed -n 's/^load average before: \([^,]*\),.*/\1/p' "$log") before, $load_after after."
  echo
  echo "| | $(for n in "${sizes[@]}"; do printf '%s articles | ' "$(commas "$n")"; done)how to reproduce |"
  echo "|---|$(for _ in "${sizes[@]}"; do printf -- '---|'; done)---|"
  printf '| cold build, attest | '; for n in "${sizes[@]}"; do printf '%s | ' "${cold[$n]:-}"; done; echo '`benches/hugo.sh N` |'
  printf '| cold build, Hugo 0.111 | '; for n in "${sizes[@]}"; do printf '%s | ' "${hugo[$n]:-}"; done; echo '`benches/hugo.sh N` |'
  printf '| attest / Hugo | '; for n in "${sizes[@]}"; do printf '%s | ' "${ratio[$n]:-}"; done; echo '`benches/hugo.sh N` |'
  printf '| times the 10,000-article cold build, output in one place (target: at most 11) | '; for n in "${sizes[@]}"; do printf '%s | ' "${scale[$n]:-}"; done; echo '`benches/hugo.sh N` (OUT=DIR) |'
  printf '| I/O floor (inputs read cold + output copied) | '; for n in "${sizes[@]}"; do printf '%s | ' "${floor[$n]:-}"; done; echo '`benches/hugo.sh N` |'
  printf '| rebuild (output in place) | '; for n in "${sizes[@]}"; do printf '%s | ' "${rebuild[$n]:-}"; done; echo '`hyperfine "attest --root SITE"` |'
  printf '| stages of the cold build, ms | '; for n in "${sizes[@]}"; do printf '%s | ' "${stages[$n]:-}"; done; echo '`attest --root SITE --timings` |'
  printf '| peak memory (cold build) | '; for n in "${sizes[@]}"; do printf '%s | ' "${peak[$n]:-}"; done; echo '`attest --timings`, `/usr/bin/time` |'
  printf '| edit to page through `attest serve` | '; for n in "${sizes[@]}"; do [ "$n" = 10000 ] && printf '%s | ' "$edit" || printf ' | '; done; echo '`cargo run --release --example edit_reload -- --root SITE` |'
  printf '| search: one query transfers | '; for n in "${sizes[@]}"; do [ "$n" = 10000 ] && printf '%s | ' "$search" || printf ' | '; done; echo '`benches/search.sh` |'
  printf '| cold `cargo build --release` | %s |' "$compile"; for _ in "${sizes[@]:1}"; do printf ' |'; done; echo ' `CARGO_TARGET_DIR=/tmp/attest-cold cargo build --release` |'
  for n in "${sizes[@]}"; do
    [ "${where[$n]}" = "$work" ] || echo "The $(commas "$n")-article output went to ${where[$n]}, as did the 10,000-article builds of its ratio."
  done
} | tee -a "$log"
