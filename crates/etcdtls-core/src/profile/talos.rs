//! Talos (`siderolabs/talos`; the facts, with file and line, are in `docs/distributions.md`).
//!
//! - CAs (`pkg/machinery/config/generate/secrets/ca.go`): the etcd CA has no CN, only `O=etcd`;
//!   the Kubernetes CA `O=kubernetes`; the aggregator CA `CN=front-proxy`. ECDSA P-256, ten
//!   years, and (siderolabs/crypto's CA template) extended key usages serverAuth+clientAuth on
//!   the CA itself. Clusters made before Talos 0.9 kept RSA CAs (4096 bits) and get RSA leaves.
//! - machined writes etcd's PKI to `/system/secrets/etcd/` (`ca.crt`, `ca.key`, `server.*`,
//!   `peer.*`, `admin.*`; `internal/app/machined/pkg/controllers/etcd/pki.go`), keys as
//!   `EC PRIVATE KEY`. Server and peer certificates (`internal/pkg/etcd/certs.go`) are both
//!   serverAuth+clientAuth with CN the hostname; the server one adds `localhost`, 127.0.0.1 and
//!   ::1 to the node's names and addresses. `admin.crt` (`CN=talos`, clientAuth) is machined's
//!   own etcd client (`talosctl etcd ...` goes through machined's API, never to etcd itself);
//!   the API server's is `kube-apiserver/etcd-client.crt` (`CN=kube-apiserver`, clientAuth), with
//!   the etcd CA beside it as `etcd-client-ca.crt`. Leaves are valid ten years and reissued when
//!   the node's names change.
//! - The Talos API's CA (`O=talos`, `machine.ca`) signs talosctl's client certificate
//!   (`O=os:admin` or another role, clientAuth) kept in talosconfig: neither is etcd's.

use super::{Eku, Entry, Names, Profile};
use crate::role::Role;

pub static PROFILE: Profile = Profile {
    id: "talos",
    name: "Talos",
    pki_dirs: &["/system/secrets/etcd", "/system/secrets/kubernetes"],
    renew_leaf: "Talos reissues it by itself: machined's secrets controllers renew {renew} before it expires and whenever the node's names or addresses change; a reboot (`talosctl -n <node> reboot`) also reissues it.",
    renew_other: "Talos reissues it by itself before it expires; a reboot (`talosctl -n <node> reboot`) also reissues it.",
    resign_ca_by_hand: false,
    // `talosctl rotate-ca` (cmd/talosctl/cmd/talos/rotate-ca.go) rotates the Talos API CA
    // (`--talos`) and the Kubernetes API CA (`--kubernetes`), both by default, and changes
    // nothing until `--dry-run=false`; the etcd CA and the aggregator CA are machine
    // configuration only (siderolabs/talos#8808).
    renew_ca: "{renew}",
    names: Names::both(
        "Talos gives etcd's {which} certificate the node's addresses, hostname and FQDN (the server one also localhost, 127.0.0.1, ::1), reissued whenever they change, with no setting for more (`machine.certSANs` is for other certificates): dial one of those, or give the node the address.",
    ),
    entries: &[
        Entry::ca(Role::EtcdCa, "etcd CA")
            .cn(&[""])
            .o(&["etcd"])
            .files(&["secrets/etcd/ca.crt", "kube-apiserver/etcd-client-ca.crt"])
            .used_by(&[
                "etcd --trusted-ca-file",
                "etcd --peer-trusted-ca-file",
                "kube-apiserver --etcd-cafile",
            ])
            // machined writes ca.key (controllers/etcd/pki.go:104) but signs with the key of
            // the machine configuration's `cluster.etcd.ca` (controllers/secrets/etcd.go
            // `updateSecrets`: `CA: etcdRoot.EtcdCA`); nothing reads the file.
            .key_used_by(&["machined, which issues etcd's server, peer and admin certificates with this key as the machine configuration holds it (cluster.etcd.ca.key); nothing on the node reads this file"])
            .renew("`talosctl rotate-ca` does not rotate etcd's CA (only the Talos API and Kubernetes API CAs; siderolabs/talos#8808): put a new CA (`cluster.etcd.ca`, its crt and key) in every control-plane node's machine configuration at once (`talosctl -n <node> edit machineconfig` or `talosctl apply-config`); machined then reissues etcd's certificates from it. Members on different CAs refuse each other until all have it."),
        Entry::ca(Role::KubernetesCa, "Kubernetes CA")
            .cn(&[""])
            .o(&["kubernetes"])
            .files(&[
                "kube-apiserver/ca.crt",
                "kube-controller-manager/ca.crt",
                "secrets/kubernetes/ca.crt",
            ])
            .used_by(&[
                "kube-apiserver --client-ca-file",
                "kube-controller-manager --cluster-signing-cert-file",
            ])
            .renew("Rotate it with `talosctl rotate-ca --talos=false --kubernetes=true --dry-run=false` (without `--dry-run=false` it only shows the plan): it adds the new CA beside the old one, reissues what it signs node by node and drops the old one; fetch a new kubeconfig after (`talosctl kubeconfig`)."),
        Entry::ca(Role::FrontProxyCa, "aggregator CA")
            .cn(&["front-proxy"])
            .files(&["kube-apiserver/aggregator-ca.crt"])
            .used_by(&["kube-apiserver --requestheader-client-ca-file"])
            .renew("`talosctl rotate-ca` does not rotate the aggregator CA: put a new one (`cluster.aggregatorCA`) in every control-plane node's machine configuration (`talosctl -n <node> edit machineconfig`)."),
        Entry::leaf(Role::EtcdServer, "etcd server certificate", Eku::Both, Role::EtcdCa)
            .files(&["secrets/etcd/server.crt"])
            .used_by(&["etcd --cert-file"])
            .renew("etcd's server certificate"),
        Entry::leaf(Role::EtcdPeer, "etcd peer certificate", Eku::Both, Role::EtcdCa)
            .files(&["secrets/etcd/peer.crt"])
            .used_by(&["etcd --peer-cert-file"])
            .renew("etcd's peer certificate"),
        Entry::leaf(
            Role::EtcdClient,
            "machined's etcd client certificate (talosctl etcd)",
            Eku::Client,
            Role::EtcdCa,
        )
        .cn(&["talos"])
        .files(&["secrets/etcd/admin.crt"])
        .used_by(&["machined's etcd client (talosctl etcd ...)", "etcdctl --cert"])
        .renew("the etcd admin certificate"),
        Entry::leaf(
            Role::ApiserverEtcdClient,
            "API server's etcd client certificate",
            Eku::Client,
            Role::EtcdCa,
        )
        .cn(&["kube-apiserver"])
        .files(&["kube-apiserver/etcd-client.crt"])
        .used_by(&["kube-apiserver --etcd-certfile"])
        .renew("the API server's etcd client certificate"),
        Entry::leaf(
            Role::KubeApiserver,
            "API server certificate",
            Eku::Server,
            Role::KubernetesCa,
        )
        .cn(&["kube-apiserver"])
        .o(&["kube-master"])
        .files(&["kube-apiserver/apiserver.crt"])
        .used_by(&["kube-apiserver --tls-cert-file"])
        .renew("the API server certificate"),
        Entry::leaf(
            Role::ApiserverKubeletClient,
            "API server's kubelet client certificate",
            Eku::Client,
            Role::KubernetesCa,
        )
        .cn(&["apiserver-kubelet-client"])
        .o(&["system:masters"])
        .files(&["kube-apiserver/apiserver-kubelet-client.crt"])
        .used_by(&["kube-apiserver --kubelet-client-certificate"])
        .renew("the API server's kubelet client certificate"),
        Entry::leaf(
            Role::FrontProxyClient,
            "front-proxy client certificate",
            Eku::Client,
            Role::FrontProxyCa,
        )
        .cn(&["front-proxy-client"])
        .files(&["kube-apiserver/front-proxy-client.crt"])
        .used_by(&["kube-apiserver --proxy-client-cert-file"])
        .renew("the front-proxy client certificate"),
        // The Talos API's own PKI, not etcd's nor Kubernetes' (secrets.NewTalosCA: `O=talos`;
        // NewAdminCertificateAndKey: `O=<role>` such as `os:admin`, clientAuth): machine.ca in
        // the machine configuration, `ca`, `crt` and `key` under talosconfig's contexts.<name>.
        Entry::ca(Role::RootCa, "Talos API CA (apid, trustd)")
            .cn(&[""])
            .o(&["talos"])
            .used_by(&[
                "talosctl (talosconfig contexts.<name>.ca)",
                "apid and trustd (machine.ca)",
            ])
            .renew("Rotate it with `talosctl rotate-ca --talos=true --kubernetes=false --dry-run=false` (without `--dry-run=false` it only shows the plan): it rolls the new CA out node by node and writes a new talosconfig (`-o`, ./talosconfig by default)."),
        Entry::leaf(Role::Client, "talosctl client certificate", Eku::Client, Role::RootCa)
            .o(&["os:*"])
            .used_by(&["talosctl (talosconfig contexts.<name>.crt, .key)"]),
        Entry::key(Role::ServiceAccountKey, "service-account key")
            .files(&[
                "kube-apiserver/service-account.key",
                "kube-apiserver/service-account.pub",
                "kube-controller-manager/service-account.key",
            ])
            .used_by(&[
                "kube-apiserver --service-account-signing-key-file",
                "kube-controller-manager --service-account-private-key-file",
            ])
            .public_used_by(&["kube-apiserver --service-account-key-file"]),
    ],
};
