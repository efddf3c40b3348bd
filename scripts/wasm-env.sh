#!/usr/bin/env bash
# Sourced by scripts that build for wasm32. With rustup's wasm32 target nothing changes; without
# it, Debian's rustc-web builds the standard library from source (build-std) and links with
# wasm-ld-19. Builds go to target/wasm so they never invalidate the native build.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR_WASM:-$(pwd)/target/wasm}"
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  export RUSTC_BOOTSTRAP=1
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-19
  export PATH="/usr/bin:$PATH"
fi
