#!/usr/bin/env bash
# Builds the web page into web/dist with trunk (release, the wasm-release profile, wasm-opt -Oz),
# using the wasm toolchain scripts/setup.sh installed. `scripts/web.sh serve` serves it on
# http://127.0.0.1:8080 with `trunk serve` for development.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/wasm-env.sh
# build-std needs the standard library's own dependencies too: fetch for the wasm target.
cargo fetch --quiet --target wasm32-unknown-unknown
# trunk reads NO_COLOR as its own --no-color switch and accepts only "true" or "false", while the
# convention (no-color.org) is any non-empty value, often "1": pass it on in trunk's spelling.
if [ -n "${NO_COLOR:-}" ]; then export NO_COLOR=true; else unset NO_COLOR; fi
cd web
case "${1:-build}" in
  build)
    trunk build --release --offline
    # The JavaScript the page loads, minified (the page weight counts what is downloaded):
    # wasm-bindgen's glue is written for reading, and trunk minifies only its own assets.
    if command -v esbuild >/dev/null; then
      for js in dist/etcdtls-web.js dist/boot.js dist/etcdtls-element.js; do
        esbuild "$js" --minify --format=esm --log-level=warning --outfile="$js" --allow-overwrite
      done
    else
      echo "web.sh: esbuild not found (scripts/setup.sh installs it): the JavaScript is left unminified" >&2
    fi
    ;;
  serve) trunk serve --release --offline --address 127.0.0.1 --port 8080 ;;
  *) echo "usage: scripts/web.sh [build|serve]"; exit 2 ;;
esac
