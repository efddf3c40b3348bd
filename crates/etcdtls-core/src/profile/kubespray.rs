//! Kubespray (`kubernetes-sigs/kubespray`) with its default `etcd_deployment_type: host`: etcd
//! as a systemd service configured by `/etc/etcd.env`, its PKI made by
//! `roles/etcd/templates/make-ssl-etcd.sh.j2` in `/etc/ssl/etcd/ssl` (the facts, with the
//! files and commit they were read from, are in `docs/distributions.md`; the test layout is
//! `etcdtls_pki::kubespray`):
//!
//! - `ca.pem`: `CN=etcd-ca`, from `openssl req -x509` (CA:TRUE, no key usage), RSA 2048, 100
//!   years.
//! - `member-<host>.pem` (`CN=etcd-member-<short host>`): etcd's one certificate for clients
//!   and peers (`ETCD_CERT_FILE` and `ETCD_PEER_CERT_FILE`).
//! - `admin-<host>.pem` (`CN=etcd-admin-<short host>`): etcdctl's (`ETCDCTL_CERT` in the same
//!   environment file, `etcdctl.sh`).
//! - `node-<host>.pem` (`CN=etcd-node-<short host>`): kube-apiserver's (`kube_etcd_cert_file`)
//!   and the network plugin's when it keeps its data in etcd.
//! - All leaves: clientAuth and serverAuth, no key usage, one SAN list; keys `<name>-key.pem`.
//!
//! Kubespray's `etcd_deployment_type: kubeadm` lays etcd out as kubeadm does (that profile).

use super::{Eku, Entry, Names, Profile};
use crate::role::Role;

/// How Kubespray reissues etcd's leaves.
const RERUN_ETCD_ROLE: &str = "Re-run Kubespray's etcd role from your inventory: `ansible-playbook -b -i <inventory> cluster.yml --tags=etcd` reissues every member, admin and node certificate from the existing ca.pem (force_etcd_cert_refresh is true by default) and restarts etcd one member at a time.";

pub static PROFILE: Profile = Profile {
    id: "kubespray",
    name: "Kubespray",
    pki_dirs: &["/etc/ssl/etcd/ssl", "/etc/ssl/etcd"],
    renew_leaf: RERUN_ETCD_ROLE,
    renew_other: RERUN_ETCD_ROLE,
    resign_ca_by_hand: true,
    renew_ca: "Kubespray reuses ca.pem and ca-key.pem on the first etcd node while they exist: move both away there and re-run `ansible-playbook -b -i <inventory> cluster.yml --tags=etcd` to make a new CA and every certificate from it. Every member changes CA at once: plan it as an outage, and restart kube-apiserver and etcd's other clients after.",
    names: Names::both(
        "Kubespray gives each member one certificate for both ports (member-<host>.pem) with every etcd host's names and IPs, localhost, 127.0.0.1, ::1 and `etcd_cert_alt_names`/`etcd_cert_alt_ips`: add {names} to those variables and run `cluster.yml` again, which reissues it and restarts etcd. (With `etcd_deployment_type: kubeadm` they become kubeadm's `etcd.local.{which}CertSANs`, and `kubeadm certs renew` keeps old names: move the files aside first.)",
    ),
    entries: &[
        Entry::ca(Role::EtcdCa, "etcd CA (make-ssl-etcd.sh)")
            .cn(&["etcd-ca"])
            .files(&["etcd/ssl/ca.pem"])
            .used_by(&[
                "etcd --trusted-ca-file (ETCD_TRUSTED_CA_FILE in /etc/etcd.env)",
                "etcd --peer-trusted-ca-file (ETCD_PEER_TRUSTED_CA_FILE in /etc/etcd.env)",
                "kube-apiserver --etcd-cafile",
                "etcdctl --cacert",
            ])
            // roles/etcd/templates/make-ssl-etcd.sh.j2:72-96: `openssl x509 -req ... -CA ca.pem
            // -CAkey ca-key.pem` for every member, admin and node certificate.
            .key_used_by(&["make-ssl-etcd.sh, which Kubespray's etcd role runs on the first etcd node to issue every member-, admin- and node- certificate from it (openssl x509 -req -CAkey ca-key.pem)"]),
        Entry::leaf(
            Role::EtcdMember,
            "member certificate, for clients and peers alike",
            Eku::Both,
            Role::EtcdCa,
        )
        .cn(&["etcd-member-*"])
        .files(&["etcd/ssl/member-*.pem"])
        .used_by(&[
            "etcd --cert-file (ETCD_CERT_FILE in /etc/etcd.env)",
            "etcd --peer-cert-file (ETCD_PEER_CERT_FILE in /etc/etcd.env)",
        ]),
        Entry::leaf(
            Role::EtcdClient,
            "admin client certificate (etcdctl, etcdctl.sh)",
            Eku::Both,
            Role::EtcdCa,
        )
        .cn(&["etcd-admin-*"])
        .files(&["etcd/ssl/admin-*.pem"])
        .used_by(&["etcdctl --cert (ETCDCTL_CERT in /etc/etcd.env, /usr/local/bin/etcdctl.sh)"]),
        Entry::leaf(
            Role::ApiserverEtcdClient,
            "node client certificate (kube-apiserver, and the network plugin when it keeps its data in etcd)",
            Eku::Both,
            Role::EtcdCa,
        )
        .cn(&["etcd-node-*"])
        .files(&["etcd/ssl/node-*.pem"])
        .used_by(&["kube-apiserver --etcd-certfile (kube_etcd_cert_file)"]),
    ],
};
