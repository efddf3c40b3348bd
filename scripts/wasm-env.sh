#!/usr/bin/env bash
# Sourced by scripts that build for wasm32. With rustup's wasm32 target nothing changes but
# the size options; without it, Debian's rustc-web builds the standard library from source
# (build-std) and links with wasm-ld-19. Builds go to target/wasm so they never invalidate the
# native build.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR_WASM:-$(pwd)/target/wasm}"
# The page's size budget: SHA-2 in its compact form (a few KB instead of unrolled rounds).
wasm_flags='--cfg sha2_backend_soft="compact"'
# ETCDTLS_WASM_ROUTE=build-std takes the Debian route even where rustup has the target (to
# measure both routes on one machine: scripts/web-measure.sh).
if [ "${ETCDTLS_WASM_ROUTE:-}" = build-std ] || ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  # The route needs Debian's compiler and the standard library's source. Without them cargo
  # would be rustup's, which asks its own toolchain for rust-src: say what to install instead.
  if [ ! -x /usr/bin/cargo ] || [ ! -d /usr/lib/rustlib/src/rust/library ] || ! command -v wasm-ld-19 >/dev/null; then
    echo "wasm-env.sh: the build-std route needs Debian's rustc-web: apt-get install rustc-web cargo-web rust-web-src lld-19" >&2
    return 1 2>/dev/null || exit 1
  fi
  # Another compiler: its own target directory, so neither route invalidates the other's build.
  export CARGO_TARGET_DIR="${CARGO_TARGET_DIR_WASM:-$(pwd)/target/wasm-build-std}"
  export RUSTC_BOOTSTRAP=1
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-19
  # Building std from source allows std's own size options: no panic messages or locations,
  # no Debug text (nothing the page shows uses Debug), and std's size-optimized code paths.
  export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
  wasm_flags="$wasm_flags -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"
  export PATH="/usr/bin:$PATH"
fi
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$wasm_flags"
