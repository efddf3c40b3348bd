#!/usr/bin/env bash
# Times etcdtls against etcdctl on a lab member (public tools only: hyperfine), and prints the
# ratios: a successful `endpoint status`, then each failure class (time to etcdctl's error
# versus time to etcdtls's diagnosis, from the client command and from `doctor`).
# Usage: scripts/bench.sh [runs]    (needs scripts/setup.sh; about two minutes: etcdctl waits)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-20}"
slow_runs=3
command -v hyperfine >/dev/null || { echo "hyperfine is missing: scripts/setup.sh installs it"; exit 1; }
cargo build --quiet --release -p etcdtls
bin="$(pwd)/target/release/etcdtls"
work="$(mktemp -d)"
"$bin" lab up --dir "$work/lab" >/dev/null
trap '"$bin" lab down --dir "$work/lab" >/dev/null; rm -rf "$work"' EXIT
pki="$work/lab/kubernetes/pki"
ep=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['members'][0]['client_url'])" "$work/lab/lab.json")
peer=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['members'][0]['peer_url'])" "$work/lab/lab.json")
good="--endpoints=$ep --cacert=$pki/etcd/ca.crt --cert=$pki/etcd/healthcheck-client.crt --key=$pki/etcd/healthcheck-client.key"
export ETCDCTL_API=3

# mean wall time in ms of a command, from hyperfine's JSON
mean() { python3 -c "import json,sys;print(round(json.load(open(sys.argv[1]))['results'][0]['mean']*1000,1))" "$1"; }
time_it() { # name runs command...
  local name="$1" n="$2"; shift 2
  hyperfine --style none --warmup 1 --runs "$n" -N --ignore-failure --export-json "$work/$name.json" "$*" >/dev/null 2>&1
  mean "$work/$name.json"
}

printf '%-34s %12s %12s %12s %8s\n' "case" "etcdctl ms" "etcdtls ms" "doctor ms" "ratio"
case_no=0
row() { # label etcdctl-args etcdtls-args runs-for-etcdctl
  local label="$1" a="$2" b="$3" n="$4"
  local t1 t2 t3
  case_no=$((case_no + 1))
  t1=$(time_it "ctl-$case_no" "$n" etcdctl $a endpoint status)
  t2=$(time_it "tls-$case_no" "$runs" "$bin" $b endpoint status)
  t3=$(time_it "doc-$case_no" "$runs" "$bin" $b doctor)
  printf '%-34s %12s %12s %12s %8s\n' "$label" "$t1" "$t2" "$t3" "$(python3 -c "print(f'{$t2/$t1:.3f}')")"
}
row "success: endpoint status" "$good" "$good" "$runs"
row "wrong CA (Kubernetes CA)" "${good/etcd\/ca.crt/ca.crt}" "${good/etcd\/ca.crt/ca.crt}" "$slow_runs"
row "no client certificate" "--endpoints=$ep --cacert=$pki/etcd/ca.crt" "--endpoints=$ep --cacert=$pki/etcd/ca.crt" "$slow_runs"
row "http:// against the TLS port" "${good/https:/http:}" "${good/https:/http:}" "$slow_runs"
row "client cert from another CA" "${good//etcd\/healthcheck-client/apiserver-kubelet-client}" "${good//etcd\/healthcheck-client/apiserver-kubelet-client}" "$slow_runs"
row "peer port (2380) as endpoint" "${good/$ep/$peer}" "${good/$ep/$peer}" "$slow_runs"
row "key from another pair" "${good/healthcheck-client.key/server.key}" "${good/healthcheck-client.key/server.key}" "$runs"
echo
echo "ratio = etcdtls ms / etcdctl ms (lower is faster). Machine: $(nproc) cores, $(uname -sr); etcd $(etcd --version | head -1 | awk '{print $3}')."
