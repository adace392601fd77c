#!/usr/bin/env bash
# Cold builds side by side with Hugo, and the I/O floor under them.
#
#   benches/hugo.sh              # 1,000 and 10,000 articles, 3 runs each
#   benches/hugo.sh 1000         # one size
#   RUNS=5 benches/hugo.sh       # more runs
#   HUGO=no benches/hugo.sh 100000   # attest and the floor only
#   OUT=/dev/shm/bench benches/hugo.sh 100000   # outputs on another disk (here: memory)
#
# For each size: generates the site (examples/gen_site.rs) and converts it to
# a comparable Hugo site (examples/hugo_site.rs, theme in benches/hugo/), then
# alternates cold builds of attest and Hugo (empty output directory, page
# caches dropped before each run, /usr/bin/time), and measures the floor on
# the same disk: reading the site's inputs cold (16 readers at once), and copying attest's output
# tree (its files already in memory, as a build has them). Prints medians
# and the ratios attest / Hugo and attest / floor.
#
# No output is deleted while the runs are timed: each run writes into a folder
# of its own, and older outputs are moved aside (to TRASH, default a folder
# beside them, on the same disk), deleted at the end (or by the caller, with
# TRASH set). ext4 without a journal, as on the development machine, skips
# inodes freed in the last minutes one by one when it allocates new ones: a
# deletion just before a run would be measured with the build (about 0.4 s
# of attest's 10,000-article build).
#
# Stops after the first run if the output's disk lacks room for the rest (at
# 100,000 articles, about 33 GB on top of the first 6.6 GB with RUNS=3).
#
# Installs Hugo (Debian's `hugo` package) when missing. Dropping the page
# caches needs root; without it the runs are warm, and the script says so.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-3}"
if ! command -v hugo >/dev/null; then
  echo "installing hugo (Debian package)" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y hugo >&2; else sudo apt-get install -y hugo >&2; fi
fi
[ -x /usr/bin/time ] || { echo "benches/hugo.sh needs GNU time (apt-get install time)" >&2; exit 1; }
cargo build --release --quiet --bin attest --example gen_site --example hugo_site
attest="$PWD/target/release/attest"
work="${BENCH_DIR:-${TMPDIR:-/tmp}/attest-bench}"
out="${OUT:-$work}"
mkdir -p "$work" "$out"
# Where outputs go once measured; deleted at the end unless the caller owns it.
trash="${TRASH:-$out/trash-$$}"
[ -n "${TRASH:-}" ] || trap 'rm -rf "$trash"' EXIT
mkdir -p "$trash"
# aside DIR...: moves DIR (if there) into the trash, without deleting it yet;
# in memory (tmpfs), where freeing is cheap and room is short, deletes it.
aside() {
  local d
  for d in "$@"; do
    [ -e "$d" ] || continue
    if [ "$(stat -f -c %T "$out")" = tmpfs ]; then rm -rf "$d"; else mv "$d" "$(mktemp -d "$trash/XXXXXX")/"; fi
  done
}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)

cold=yes
drop_caches() {
  sync
  if [ "$cold" = yes ] && ! { echo 3 >/proc/sys/vm/drop_caches; } 2>/dev/null; then
    cold=no
    echo "note: cannot drop the page caches (needs root): runs after the first are warm" >&2
  fi
}
# timed LABEL CMD...: runs CMD under /usr/bin/time; appends "wall user sys maxrss_kib" to
# $work/times/LABEL; its standard output is kept in $work/times/LABEL.out.
timed() {
  local label=$1
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/.time" "$@" >"$work/times/$label.out" 2>"$work/.stderr" ||
    { cat "$work/.stderr" >&2; exit 1; }
  tail -1 "$work/.time" >>"$work/times/$label"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
col() { awk -v c="$2" '{print $c}' "$work/times/$1" | median; }
hugo version | head -1

for articles in "${sizes[@]}"; do
  claims=$((articles / 2))
  site="$work/site-$articles"
  hsite="$work/hugo-$articles"
  [ -f "$site/config.toml" ] ||
    ./target/release/examples/gen_site --articles "$articles" --claims "$claims" --seed 1 --out "$site"
  [ "${HUGO:-yes}" = no ] || [ -f "$hsite/hugo.toml" ] ||
    ./target/release/examples/hugo_site --root "$site" --out "$hsite"
  mkdir -p "$work/times"
  rm -f "$work/times"/*-"$articles"
  echo "== $articles articles, $claims claims ($runs runs each, alternating)"
  aside "$out/out-attest" "$out/out-hugo" "$out/out-copy"
  for run in $(seq "$runs"); do
    # Alternate which goes first, so a trend in the machine's load hits both.
    order=(attest hugo)
    [ $((run % 2)) = 0 ] && order=(hugo attest)
    [ "${HUGO:-yes}" = no ] && order=(attest)
    for tool in "${order[@]}"; do
      # An empty folder of the run's own; the last run's stays as out-$tool.
      aside "$out/out-$tool"
      mkdir -p "$out/out-$tool"
      drop_caches
      case $tool in
        attest) timed "attest-$articles" "$attest" --root "$site" --output-dir "$out/out-attest/public" --timings ;;
        hugo) timed "hugo-$articles" hugo --quiet --source "$hsite" --destination "$out/out-hugo/public" ;;
      esac
    done
    # Room for what is still to come, known once the first outputs are there: on
    # a disk, the later runs' outputs and a copy of attest's a run, all kept until
    # the end (at 100,000 articles, 6.6 GB each). Better stopped now than a full
    # disk later.
    if [ "$run" = 1 ]; then
      a_bytes=$(du -sb "$out/out-attest/public" | cut -f1)
      h_bytes=0
      [ "${HUGO:-yes}" = no ] || h_bytes=$(du -sb "$out/out-hugo/public" | cut -f1)
      need=$(((runs - 1) * (a_bytes + h_bytes) + runs * a_bytes))
      # In memory each output is deleted before the next run (see aside):
      # room for the copy of the floor only.
      [ "$(stat -f -c %T "$out")" = tmpfs ] && need=$a_bytes
      room=$(df -PB1 "$out" | awk 'NR==2 {print $4}')
      if [ "$room" -lt $((need + need / 10)) ]; then
        echo "benches/hugo.sh: $out has $((room / 1000000)) MB free; the rest of the runs need about $((need / 1000000)) MB: free some room, or set OUT (or RUNS=1)" >&2
        exit 1
      fi
    fi
    # The floor: the inputs read cold, then attest's output tree copied on the same disk.
    drop_caches
    timed "read-$articles" sh -c "find '$site/config.toml' '$site/content' '$site/seeds' -type f -print0 | xargs -0 -n 200 -P 16 cat"
    aside "$out/out-copy"
    tar -cf - -C "$out/out-attest" public | cat >/dev/null
    sync
    timed "copy-$articles" cp -a "$out/out-attest/public" "$out/out-copy"
  done
  aside "$out/out-copy"
  a=$(col "attest-$articles" 1)
  r=$(col "read-$articles" 1)
  c=$(col "copy-$articles" 1)
  abytes=$(du -sb "$out/out-attest/public" | cut -f1)
  afiles=$(find "$out/out-attest/public" -type f | wc -l)
  labels=(attest read copy)
  if [ "${HUGO:-yes}" != no ]; then
    h=$(col "hugo-$articles" 1)
    hbytes=$(du -sb "$out/out-hugo/public" | cut -f1)
    hfiles=$(find "$out/out-hugo/public" -type f | wc -l)
    labels=(attest hugo read copy)
  fi
  echo "stages of the last cold build:"
  sed -n '/^  load/,/peak memory/p' "$work/times/attest-$articles.out"
  printf '%-26s %8s %8s %8s %10s\n' "" "wall s" "user s" "sys s" "peak MiB"
  for label in "${labels[@]}"; do
    printf '%-26s %8s %8s %8s %10s\n' "$label" "$(col "$label-$articles" 1)" "$(col "$label-$articles" 2)" \
      "$(col "$label-$articles" 3)" "$(col "$label-$articles" 4 | awk '{printf "%.0f", $1/1024}')"
  done
  echo "attest output: $((abytes / 1000000)) MB in $afiles files"
  [ -z "${h:-}" ] || echo "Hugo output: $((hbytes / 1000000)) MB in $hfiles files"
  awk -v a="$a" -v h="${h:-}" -v r="$r" -v c="$c" -v cold="$cold" 'BEGIN {
    if (h != "") printf "cold build (median wall): attest %.2f s, Hugo %.2f s: attest/Hugo = %.2f\n", a, h, a / h
    else printf "cold build (median wall): attest %.2f s\n", a
    printf "I/O floor: read inputs %.2f s + copy output %.2f s = %.2f s: attest/floor = %.2f\n", r, c, r + c, a / (r + c)
    if (cold != "yes") print "(page caches not dropped: warm runs)"
  }'
done
