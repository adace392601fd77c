#!/usr/bin/env bash
# Whole-build benchmarks on generated sites: wall time (hyperfine), stage
# times (attest --timings) and peak memory (/usr/bin/time); then discovery:
# `attest suggest` for every claim (time and peak memory, to hold against
# the build's) and one claim's suggestions as `attest serve` makes them.
#
#   benches/sites.sh            # 1,000 and 10,000 articles
#   benches/sites.sh 1000       # one size
#
# Needs hyperfine and GNU time (Debian: apt-get install hyperfine time).
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in hyperfine /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "benches/sites.sh needs $tool" >&2; exit 1; }
done

cargo build --release --quiet --bin attest --example gen_site --example suggest_claim
work="${BENCH_DIR:-${TMPDIR:-/tmp}/attest-bench}"
mkdir -p "$work"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)

for articles in "${sizes[@]}"; do
  claims=$((articles / 2))
  site="$work/site-$articles"
  if [ ! -f "$site/config.toml" ]; then
    ./target/release/examples/gen_site --articles "$articles" --claims "$claims" --seed 1 --out "$site"
  fi
  echo "== $articles articles, $claims claims"
  # Cold: no output yet, every page is written. The previous output is moved
  # aside, not deleted: ext4 is slow to reuse inodes freed a moment ago, which
  # would measure the deletion, not the build.
  trash="$work/trash"
  mkdir -p "$trash"
  hyperfine --runs 5 \
    --prepare "mkdir -p $trash/\$(date +%s%N) && mv $site/public $site/.public.attest-* $trash/\$(ls -t $trash | head -1)/ 2>/dev/null; true" \
    --command-name "cold build ($articles)" "./target/release/attest --root $site"
  rm -rf "$trash"
  # Rebuild: the output of the build before last is reused as staging.
  hyperfine --warmup 2 --runs 10 --command-name "rebuild ($articles)" "./target/release/attest --root $site"
  ./target/release/attest --root "$site" --timings
  # (sh -c: the build's warnings, and suggest's output, go to /dev/null, time's report does not.)
  /usr/bin/time -f "build: peak RSS %M KiB, wall %e s" \
    sh -c "./target/release/attest --root $site >/dev/null 2>&1"
  hyperfine --warmup 1 --runs 5 --command-name "suggest, every claim ($articles)" \
    "./target/release/attest suggest --root $site --format json >/dev/null 2>&1"
  /usr/bin/time -f "suggest: peak RSS %M KiB, wall %e s" \
    sh -c "./target/release/attest suggest --root $site --format json >/dev/null 2>&1"
  ./target/release/examples/suggest_claim --root "$site" --claims 50
done
