#!/usr/bin/env bash
# Measures the web page against its budgets and prints the figures recorded in
# docs/benchmarks.md: gzip size of the JavaScript and wasm the page loads (goal 200 KB, budget
# 350 KB), and the time to explain the 26-file kubeadm example in headless Chromium (goal: well
# under 100 ms). Needs what `scripts/setup.sh` installs.
#
#   scripts/web-measure.sh              sizes and times, on the route this machine builds with
#   ETCDTLS_WASM_ROUTE=build-std scripts/web-measure.sh sizes
#                                       the same on Debian's build-std route (scripts/wasm-env.sh)
#   scripts/web-measure.sh breakdown    what each crate costs in the wasm (needs
#                                       `cargo install twiggy`)
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"

if [ "$what" = breakdown ]; then
  # The release build keeps its function names until wasm-bindgen and wasm-opt drop them:
  # measure it before those two steps, with names, after wasm-bindgen has removed its own
  # sections (--keep-debug keeps the names).
  ( source scripts/wasm-env.sh
    cargo build --quiet -p etcdtls-web --target wasm32-unknown-unknown --profile wasm-release
    out=$(mktemp -d)
    wasm-bindgen --target web --keep-debug --out-dir "$out" --out-name etcdtls-web \
      "$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/etcdtls_web.wasm"
    echo "== by crate (bytes before wasm-opt; generic code counts for the crate that defines it)"
    twiggy top -n 1000000 --format csv "$out/etcdtls-web_bg.wasm" | python3 scripts/wasm-breakdown.py 30
    echo "== largest items"
    twiggy top -n 20 "$out/etcdtls-web_bg.wasm"
    echo "== largest retained subtrees"
    twiggy dominators -d 2 -r 30 "$out/etcdtls-web_bg.wasm"
    echo "== unreachable (garbage) items"
    twiggy garbage -n 10 "$out/etcdtls-web_bg.wasm"
    rm -rf "$out" )
  exit 0
fi

scripts/web.sh build >/dev/null 2>&1 || scripts/web.sh build
gz() { gzip -9c "$1" | wc -c; }
js=$(( $(gz web/dist/boot.js) + $(gz web/dist/etcdtls-web.js) ))
wasm=$(gz web/dist/etcdtls-web_bg.wasm)
total=$((js + wasm))
printf 'route  %s\n' "$( [ "${ETCDTLS_WASM_ROUTE:-}" = build-std ] || ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown && echo 'build-std (Debian rustc-web)' || echo 'stock (rustup wasm32 target)')"
printf 'wasm   %8d B gzip (%d B raw)\n' "$wasm" "$(stat -c%s web/dist/etcdtls-web_bg.wasm)"
printf 'js     %8d B gzip (boot.js + etcdtls-web.js)\n' "$js"
printf 'total  %8d B gzip; goal 200000 B: %s; budget 350000 B: %s\n' "$total" \
  "$([ "$total" -le 200000 ] && echo within || echo OVER)" "$([ "$total" -le 350000 ] && echo within || echo OVER)"
printf 'html   %8d B gzip (index.html with the inline example)\n' "$(gz web/dist/index.html)"
printf 'css    %8d B gzip\n' "$(gz web/dist/style.css)"
printf 'elem   %8d B gzip (etcdtls-element.js, for <etcdtls-explain>; with the glue and wasm: %d B)\n' \
  "$(gz web/dist/etcdtls-element.js)" "$(( $(gz web/dist/etcdtls-element.js) + $(gz web/dist/etcdtls-web.js) + wasm ))"
[ "$what" = sizes ] && exit 0
cargo test -q -p etcdtls-e2e --test browser the_example -- --nocapture 2>&1 | grep 'explaining the example'
echo "details: tests/artifacts/web-metrics.json"
