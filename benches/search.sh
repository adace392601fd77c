#!/usr/bin/env bash
# Search benchmark on the generated 10,000-article site: the index's size and
# build time (examples/search_index.rs), then what typical queries transfer,
# gzipped, and how soon their first results show, in headless Chromium with
# the real search page (benches/search.mjs).
#
#   benches/search.sh                 # unthrottled
#   benches/search.sh --throttle      # a phone on slow 4G: 150 ms RTT, 1.6 Mbit/s, CPU x4
#   benches/search.sh --pagefind      # Pagefind on the same pages, as the reference
#   ARTICLES=1000 benches/search.sh   # another size
#
# Needs node and Debian's chromium: installs chromium when missing (as
# tests/e2e/run does), and the npm packages. --pagefind runs `npx pagefind` (its binary comes from the npm
# registry) over the built site; attest never depends on it.
set -euo pipefail
cd "$(dirname "$0")/.."
articles="${ARTICLES:-10000}"
claims=$((articles / 2))
work="${BENCH_DIR:-${TMPDIR:-/tmp}/attest-bench}"
site="$work/site-$articles"
mkdir -p "$work"

cargo build --release --quiet --bin attest --example gen_site --example search_index
if [ ! -f "$site/config.toml" ]; then
  ./target/release/examples/gen_site --articles "$articles" --claims "$claims" --seed 1 --out "$site"
fi
./target/release/attest --root "$site"
./target/release/examples/search_index --root "$site" --runs 3
if [ ! -x "${E2E_CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "installing chromium (Debian package)" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y chromium >&2; else sudo apt-get install -y chromium >&2; fi
fi
[ -d node_modules/playwright-core ] || npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
args=()
for a in "$@"; do
  if [ "$a" = "--pagefind" ]; then
    # Pagefind indexes the claim and article pages (their main content) into public/pagefind/.
    npx --yes pagefind@1.6.0 --site "$site/public" --root-selector main \
      --glob "{articles,claims}/*/index.html" >/dev/null
  fi
  args+=("$a")
done
node benches/search.mjs "$site/public" "${args[@]}"
