#!/usr/bin/env bash
# Measures the web page against its budgets and prints the figures recorded in
# docs/benchmarks.md: gzip size of the JavaScript and wasm the page loads (budget 350 KB), and the
# time to explain the 26-file kubeadm example in headless Chromium (goal: well under 100 ms).
# Needs what `scripts/setup.sh` installs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/web.sh build >/dev/null 2>&1 || scripts/web.sh build
gz() { gzip -9c "$1" | wc -c; }
js=$(( $(gz web/dist/boot.js) + $(gz web/dist/etcdtls-web.js) ))
wasm=$(gz web/dist/etcdtls-web_bg.wasm)
total=$((js + wasm))
printf 'wasm   %8d B gzip (%d B raw)\n' "$wasm" "$(stat -c%s web/dist/etcdtls-web_bg.wasm)"
printf 'js     %8d B gzip (boot.js + etcdtls-web.js)\n' "$js"
printf 'total  %8d B gzip; budget 350000 B: %s\n' "$total" "$([ "$total" -le 350000 ] && echo within || echo OVER)"
printf 'html   %8d B gzip (index.html with the inline example)\n' "$(gz web/dist/index.html)"
printf 'css    %8d B gzip\n' "$(gz web/dist/style.css)"
cargo test -q -p etcdtls-e2e --test browser the_example -- --nocapture 2>&1 | grep 'explaining the example'
echo "details: tests/artifacts/web-metrics.json"
