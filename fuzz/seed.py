#!/usr/bin/env python3
"""Builds the fuzz targets' seed corpora (fuzz/corpus/<target>/) from the shared fixtures and
the core's test inputs. Usage: fuzz/seed.py [FIXTURES_DIR] (default: ../shared/fixtures beside
the repository, or $ETCDTLS_FIXTURES)."""

import hashlib
import os
import re
import sys
import warnings

warnings.simplefilter("ignore", DeprecationWarning)
from pathlib import Path

FUZZ = Path(__file__).resolve().parent
REPO = FUZZ.parent
fixtures = Path(
    sys.argv[1] if len(sys.argv) > 1 else os.environ.get("ETCDTLS_FIXTURES", REPO.parent / "shared" / "fixtures")
)

# Keep in step with fuzz_targets/explain_files.rs.
NAMES = [
    "pki/etcd/ca.crt", "pki/etcd/server.crt", "pki/etcd/server.key", "pki/etcd/peer.crt",
    "pki/etcd/healthcheck-client.crt", "pki/apiserver-etcd-client.crt",
    "pki/apiserver-etcd-client.key", "pki/ca.crt", "admin.conf", "manifests/etcd.yaml",
    "etcd.conf.yml", "etcd.env", "etcd.service", "secret.yaml", "pasted",
    "server/tls/etcd/server-ca.crt", "ca.pem", "revoke.crl",
    "ssl/kube-etcd-10-0-0-1.pem", "ssl/kube-ca.pem", "etcd/etcdctl.env", "bin/etcdctl.sh",
    "ssl/ca/bundle.crt", "ssl/client/tls.crt", "minikube/certs/ca.crt", "k0s/pki/etcd/ca.crt",
]


def put(target, data):
    d = FUZZ / "corpus" / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def name_byte(path):
    """The NAMES index whose name `path` ends with, else `pasted`."""
    p = str(path)
    best = max(
        (i for i, n in enumerate(NAMES) if p.endswith(n)),
        key=lambda i: len(NAMES[i]),
        default=NAMES.index("pasted"),
    )
    return bytes([best])


files = [p for p in sorted(fixtures.rglob("*")) if p.is_file() and p.stat().st_size < 200_000]
if not files:
    sys.exit(f"no fixtures under {fixtures}")
for p in files:
    data = p.read_bytes()
    put("decode", bytes([0]) + data)
    put("explain_files", name_byte(p.relative_to(fixtures)) + data)
    if p.suffix in (".yaml", ".yml", ".conf", ".json") or "kubeconfig" in p.name:
        put("yaml", data)
# Whole folders as one multi-file input.
for folder in sorted({p.parent for p in files}):
    parts = [name_byte(p.relative_to(fixtures)) + p.read_bytes() for p in files if p.parent == folder]
    put("explain_files", b"\0\0".join(parts[:16]))

# String literals of the core's tests: commands for check, messages for why, YAML for yaml.
literal = re.compile(r'r#"(.*?)"#|"((?:[^"\\]|\\.)*)"', re.S)
sources = list((REPO / "crates/etcdtls-core/src").rglob("*.rs")) + list((REPO / "crates/etcdtls-core/tests").glob("*.rs"))
for src in sources:
    for raw, plain in literal.findall(src.read_text()):
        text = raw or plain.encode().decode("unicode_escape", "ignore") if (raw or plain) else ""
        if len(text) < 8:
            continue
        data = text.encode("utf-8", "ignore")
        if "etcdctl" in text or "kubectl" in text or "export " in text:
            put("check", data)
        if ":" in text and "\n" in text:
            put("yaml", data)
        if "x509" in text or "tls" in text.lower() or "error" in text.lower():
            put("why", data)
messages = REPO / "tests/fixtures/why/messages.txt"
if messages.exists():
    for line in messages.read_text().splitlines():
        if line.strip():
            put("why", line.encode())
    put("why", messages.read_bytes())
# Names: the issuer and subject of each fixture certificate, cut from its DER.
def tlv(der, at):
    """(start of contents, end) of the DER element at `at`."""
    n = der[at + 1]
    if n < 0x80:
        return at + 2, at + 2 + n
    k = n & 0x7F
    length = int.from_bytes(der[at + 2 : at + 2 + k], "big")
    return at + 2 + k, at + 2 + k + length


import base64

for p in files:
    for block in re.findall(rb"-----BEGIN CERTIFICATE-----(.*?)-----END", p.read_bytes(), re.S):
        der = base64.b64decode(b"".join(block.split()))
        tbs, _ = tlv(der, 0)
        at, _ = tlv(der, tbs)
        fields = []
        while at < len(der) and len(fields) < 7:
            _, end = tlv(der, at)
            fields.append((at, end))
            at = end
        if der[fields[0][0]] == 0xA0:  # an explicit version
            fields = fields[1:]
        for start, end in (fields[2], fields[4]):  # issuer, subject
            put("dn", der[start:end])
for t in sorted((FUZZ / "corpus").iterdir()):
    print(t.name, len(list(t.iterdir())))
