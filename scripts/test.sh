#!/usr/bin/env bash
# Every test: installs what a fresh machine lacks (scripts/setup.sh), checks format and lints,
# builds the core for wasm32 and the web page with trunk, then runs every test: unit, CLI,
# conformance over the shared fixtures, end to end against real etcd members, and the web page
# in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

# A one-off build gains nothing from incremental caches, which would double the disk it takes.
export CARGO_INCREMENTAL=0
echo "== disk free where the build goes: $(df -h . | awk 'NR==2 {print $4}')"

echo "== cargo fmt --check"
cargo fmt --all --check

echo "== cargo clippy -D warnings"
cargo clippy --workspace --all-targets --quiet -- -D warnings

# fuzz/ is a project of its own (running it needs nightly and cargo-fuzz); checking that its
# targets still compile against the core keeps them from rotting.
echo "== the fuzz targets compile"
cargo check --quiet --locked --manifest-path fuzz/Cargo.toml --bins

echo "== the core builds for wasm32-unknown-unknown"
( source scripts/wasm-env.sh && cargo build --quiet -p etcdtls-core --target wasm32-unknown-unknown --release )

echo "== the web page builds with trunk (web/dist, which the browser tests serve)"
if ! log=$(scripts/web.sh build 2>&1); then
  echo "$log"
  exit 1
fi

# The shared fixtures live beside the checkout (../shared/fixtures); a clone of a checkout finds
# them beside its origin.
if [ -z "${ETCDTLS_FIXTURES:-}" ] && [ ! -d ../shared/fixtures ]; then
  origin=$(git config --get remote.origin.url 2>/dev/null || true)
  origin=${origin#file://}
  if [ -n "$origin" ] && [ -d "$origin/../shared/fixtures" ]; then
    ETCDTLS_FIXTURES=$(cd "$origin/../shared/fixtures" && pwd)
    export ETCDTLS_FIXTURES
    echo "== shared fixtures: $ETCDTLS_FIXTURES (beside this clone's origin)"
  else
    echo "NOTE: ../shared/fixtures is absent: the conformance tests will say so and fail; set ETCDTLS_FIXTURES=<dir>, or ETCDTLS_SKIP_FIXTURES=1 to skip them."
  fi
fi

echo "== cargo test --workspace"
cargo test --workspace
