#!/usr/bin/env bash
# Installs what etcdtls needs, skipping whatever is already there (a warm machine pays nothing).
#
#   scripts/setup.sh            everything: build, tests (etcd, Chromium), the web page's toolchain
#   scripts/setup.sh --runtime  only what `cargo run -p etcdtls -- demo` needs (protoc, etcd)
#
# Debian/Ubuntu are installed with apt-get (as root, or through sudo); elsewhere the script says
# what is missing. The WebAssembly target comes from rustup when it can be downloaded, and
# otherwise from Debian's rustc-web with build-std (see scripts/wasm-env.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=all
[ "${1:-}" = "--runtime" ] && mode=runtime

have() { command -v "$1" >/dev/null 2>&1; }
say() { printf 'setup: %s\n' "$*"; }

sudo_cmd=()
if [ "$(id -u)" -ne 0 ] && have sudo; then sudo_cmd=(sudo); fi

apt_updated=0
apt_install() {
  [ "$#" -eq 0 ] && return 0
  if ! have apt-get; then
    say "please install: $* (no apt-get here; on macOS: brew install protobuf etcd chromium chromedriver hyperfine cfssl)"
    return 1
  fi
  if [ "$apt_updated" = 0 ]; then
    "${sudo_cmd[@]}" apt-get update -qq
    apt_updated=1
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "$@" >/dev/null
}

# --- what the CLI needs: protoc to build etcd-client, etcd to run the lab and the tests ----------
pkgs=()
have protoc || pkgs+=(protobuf-compiler)
have etcd || pkgs+=(etcd-server)
have etcdctl || pkgs+=(etcd-client)
if [ "$mode" = all ]; then
  have openssl || pkgs+=(openssl)
  # The core's reader is checked against x509-parser on the system CA bundle.
  [ -s /etc/ssl/certs/ca-certificates.crt ] || pkgs+=(ca-certificates)
  have chromium || pkgs+=(chromium)
  have chromedriver || pkgs+=(chromium-driver)
  have hyperfine || pkgs+=(hyperfine)
  # A hand-made PKI made by cfssl itself (tests/tests/distributions.rs).
  have cfssl || pkgs+=(golang-cfssl)
  have npm || pkgs+=(npm)
  # The fuzz targets' check builds libFuzzer (C++) through libfuzzer-sys.
  have c++ || pkgs+=(g++)
fi
apt_install "${pkgs[@]}"
[ "$mode" = runtime ] && { say "ready for: cargo run -p etcdtls -- demo"; exit 0; }

# --- the WebAssembly toolchain for the web page ------------------------------------------------
if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "wasm32 target: rustup (present)"
elif [ -x /usr/bin/rustc ] && /usr/bin/rustc --print sysroot >/dev/null 2>&1 && [ -d /usr/lib/rustlib/src/rust/library ] && have wasm-ld-19; then
  say "wasm32 target: Debian rustc-web with build-std (present)"
elif timeout 120 rustup target add wasm32-unknown-unknown >/dev/null 2>&1; then
  say "wasm32 target: installed with rustup"
else
  say "rustup cannot download the wasm32 target here; using Debian's rustc-web with build-std"
  apt_install rustc-web cargo-web rust-web-src lld-19
fi

# wasm-bindgen-cli must be exactly the version of the wasm-bindgen crate in Cargo.lock.
wb_version=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if [ -n "$wb_version" ] && ! wasm-bindgen --version 2>/dev/null | grep -q " $wb_version\$"; then
  say "cargo install wasm-bindgen-cli $wb_version"
  cargo install --quiet wasm-bindgen-cli --version "$wb_version"
fi
# trunk 0.21.14: later versions need a newer rustc than this machine's.
if ! trunk --version 2>/dev/null | grep -q "0.21.14"; then
  say "cargo install trunk 0.21.14 (takes about ten minutes on two cores)"
  cargo install --quiet trunk --version 0.21.14 --locked
fi
# wasm-opt: Debian's binaryen is too old for what Rust emits; npm's is current.
if ! wasm-opt --version 2>/dev/null | grep -Eq "version (1[2-9][0-9]|[2-9][0-9][0-9])"; then
  say "npm install -g binaryen@132 (wasm-opt)"
  npm install -g --silent binaryen@132 >/dev/null
fi
# esbuild minifies the page's JavaScript (wasm-bindgen's glue is written for reading).
if ! esbuild --version 2>/dev/null | grep -q "^0.25.12$"; then
  say "npm install -g esbuild@0.25.12 (minifies the page's JavaScript)"
  npm install -g --silent esbuild@0.25.12 >/dev/null
fi
say "ready"
