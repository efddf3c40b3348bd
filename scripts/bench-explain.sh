#!/usr/bin/env bash
# Times `etcdtls explain` against `openssl pkcs7 -print_certs -text` (openssl's text dump of
# the same certificates) with hyperfine, and measures etcdtls's peak memory, on:
#   - the system CA bundle (/etc/ssl/certs/ca-certificates.crt, one file),
#   - 2,001 certificates in one PEM bundle (an etcd-ca and 2,000 leaves),
#   - 10,000, 50,000 and 100,000 certificates across 100, 500 and 1,000 files (a fleet of
#     kubeadm-shaped etcd clusters of 100 certificates each, every CA called etcd-ca).
# The sets are made by `crates/etcdtls-pki/examples/bench_sets.rs` into target/bench-sets/ (kept
# between runs; delete the folder for fresh ones). openssl reads each set as one PKCS#7 file
# made with `openssl crl2pkcs7`.
# Usage: scripts/bench-explain.sh [runs]    (runs for the three small sets; 1 and 2 for the
# large ones; about ten minutes on 2 idle cores, the first time longer: it makes the sets)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"
command -v hyperfine >/dev/null || { echo "hyperfine is missing: scripts/setup.sh installs it"; exit 1; }
cargo build --quiet --release -p etcdtls
cargo build --quiet --release -p etcdtls-pki --example bench_sets
bin="$(pwd)/target/release/etcdtls"
gen="$(pwd)/target/release/examples/bench_sets"
sets="$(pwd)/target/bench-sets"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
at="--at 2026-06-01T00:00:00Z"

[ -s "$sets/2001/bundle.pem" ] || "$gen" "$sets/2001" 1 2001 bundle >/dev/null
[ -s "$sets/100000/cluster-00999.pem" ] || "$gen" "$sets/100000" 1000 100 files >/dev/null
# The smaller fleets are the first clusters of the largest, linked (etcdtls follows links to files).
for n in 100 500; do
  dir="$sets/$((n * 100))"
  if [ ! -e "$dir/cluster-$(printf %05d $((n - 1))).pem" ]; then
    mkdir -p "$dir"
    for f in $(ls "$sets/100000" | head -n "$n"); do ln -sf "$sets/100000/$f" "$dir/$f"; done
  fi
done
p7b() { # pem-files... -> stdout path of a PKCS#7 file holding them
  local out="$work/$RANDOM$RANDOM.p7b"
  cat "$@" >"$out.pem"
  openssl crl2pkcs7 -nocrl -certfile "$out.pem" -out "$out"
  echo "$out"
}

# mean wall time and mean CPU time (user + system) in ms of a command, from hyperfine's JSON
mean() { python3 -c "import json,sys;r=json.load(open(sys.argv[1]))['results'][0];print(round(r['mean']*1000,1), round((r['user']+r['system'])*1000,1))" "$1"; }
time_it() { # name runs command...   (one warm-up run first when runs > 2)
  local name="$1" n="$2" warmup=0; shift 2
  [ "$n" -gt 2 ] && warmup=1
  hyperfine --style none --warmup "$warmup" --runs "$n" -N --export-json "$work/$name.json" "$*" >/dev/null 2>&1
  mean "$work/$name.json"
}
peak_mb() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1 | awk '{printf "%.0f", $1 / 1024}'; }

printf '%-20s %7s %18s %18s %13s %8s\n' "set" "certs" "openssl ms" "etcdtls ms" "ratio" "peak MB"
printf '%-20s %7s %18s %18s %13s %8s\n' "" "" "wall / cpu" "wall / cpu" "wall / cpu" ""
row() { # label certs runs etcdtls-paths... -- pem-files-for-openssl...
  local label="$1" certs="$2" n="$3"; shift 3
  local paths=() pems=()
  while [ "$1" != "--" ]; do paths+=("$1"); shift; done
  shift
  pems=("$@")
  local p7 t1 t2 mem
  p7=$(p7b "${pems[@]}")
  t1=($(time_it "ossl-$certs" "$n" openssl pkcs7 -in "$p7" -print_certs -text -noout))
  t2=($(time_it "tls-$certs" "$n" "$bin" explain $at "${paths[@]}"))
  mem=$(peak_mb "$bin" explain $at "${paths[@]}")
  printf '%-20s %7s %18s %18s %13s %8s\n' "$label" "$certs" "${t1[0]} / ${t1[1]}" "${t2[0]} / ${t2[1]}" \
    "$(python3 -c "print(f'{${t2[0]}/${t1[0]}:.2f} / {${t2[1]}/${t1[1]}:.2f}')")" "$mem"
}
system=/etc/ssl/certs/ca-certificates.crt
row "system CA bundle" "$(grep -c 'BEGIN CERTIFICATE' "$system")" "$runs" "$system" -- "$system"
row "one bundle" 2001 "$runs" "$sets/2001/bundle.pem" -- "$sets/2001/bundle.pem"
row "100 files" 10000 "$runs" "$sets/10000" -- "$sets"/10000/*.pem
row "500 files" 50000 1 "$sets/50000" -- "$sets"/50000/*.pem
row "1,000 files" 100000 2 "$sets/100000" -- "$sets"/100000/*.pem
echo
echo "ratio = etcdtls / openssl (lower is faster), by wall time and by CPU time (user + system, what"
echo "counts on a busy machine); etcdtls writes its text report, openssl its text dump; peak MB ="
echo "etcdtls's maximum resident set. Machine: $(nproc) cores, $(uname -sr); $(openssl version | cut -d' ' -f1-2)."
