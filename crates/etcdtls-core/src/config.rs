//! Configuration files that carry or name certificates: kubeconfigs, Kubernetes Secrets and
//! ConfigMaps, static pod manifests (etcd's, kube-apiserver's, ...), etcd's YAML config file,
//! and etcd or etcdctl flags in any text (a systemd unit, a shell script, `ps` output).
//!
//! Embedded material (`client-certificate-data`, a Secret's `tls.crt`) is handed back for
//! decoding; paths (`--cert-file=/etc/kubernetes/pki/etcd/server.crt`) become [`Usage`]s, so
//! the file they name is labelled by how the program uses it. The files named by path, and the
//! files of further settings (a unit's `EnvironmentFile=`, etcd's `--config-file`), are also
//! [`Reference`]s: the core reads no files, so it tells the host which ones to read and
//! explain with the input (see [`crate::decode::unresolved_references`]).

use std::fmt;

use crate::yaml::Yaml;
use serde::Serialize;

use crate::model::Source;
use crate::role::Role;

/// The programs whose configuration etcdtls reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Program {
    /// The etcd server.
    Etcd,
    /// kube-apiserver.
    KubeApiserver,
    /// kube-controller-manager.
    KubeControllerManager,
    /// kube-scheduler.
    KubeScheduler,
    /// A kubeconfig's user (kubectl, kubelet, controllers).
    Kubeconfig,
    /// etcdctl (or etcdtls).
    Etcdctl,
}

impl fmt::Display for Program {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Program::Etcd => "etcd",
            Program::KubeApiserver => "kube-apiserver",
            Program::KubeControllerManager => "kube-controller-manager",
            Program::KubeScheduler => "kube-scheduler",
            Program::Kubeconfig => "kubeconfig",
            Program::Etcdctl => "etcdctl",
        })
    }
}

/// What a file does in the slot a flag gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Slot {
    /// The certificate a server shows its clients.
    ServingCert,
    /// Its key.
    ServingKey,
    /// The certificate an etcd member shows other members.
    PeerCert,
    /// Its key.
    PeerKey,
    /// The certificate a client shows a server.
    ClientCert,
    /// Its key.
    ClientKey,
    /// The CA a server trusts to vouch for its clients.
    ClientCa,
    /// The CA an etcd member trusts to vouch for other members.
    PeerCa,
    /// The CA a client trusts to vouch for the server.
    ServerCa,
    /// The CA certificate the controller-manager signs new certificates with.
    SigningCert,
    /// Its key.
    SigningKey,
    /// The public key that checks service-account tokens.
    ServiceAccountPublicKey,
    /// The private key that signs service-account tokens.
    ServiceAccountPrivateKey,
    /// A certificate revocation list.
    Crl,
}

impl Slot {
    /// Whether the slot takes a private key.
    pub fn takes_key(self) -> bool {
        matches!(
            self,
            Slot::ServingKey | Slot::PeerKey | Slot::ClientKey | Slot::SigningKey | Slot::ServiceAccountPrivateKey
        )
    }

    /// Whether the slot takes a CA certificate.
    pub fn takes_ca(self) -> bool {
        matches!(self, Slot::ClientCa | Slot::PeerCa | Slot::ServerCa | Slot::SigningCert)
    }

    /// Whether the slot takes a leaf certificate.
    pub fn takes_leaf(self) -> bool {
        matches!(self, Slot::ServingCert | Slot::PeerCert | Slot::ClientCert)
    }

    /// For a key slot, the certificate slot it pairs with.
    pub fn certificate_slot(self) -> Option<Slot> {
        Some(match self {
            Slot::ServingKey => Slot::ServingCert,
            Slot::PeerKey => Slot::PeerCert,
            Slot::ClientKey => Slot::ClientCert,
            Slot::SigningKey => Slot::SigningCert,
            _ => return None,
        })
    }
}

/// One use of a file by a program: "etcd takes it as `--cert-file`".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Usage {
    /// The program.
    pub program: Program,
    /// The flag or field, e.g. `--cert-file` or `users[0].client-certificate`.
    pub flag: String,
    /// What the file is for there.
    pub slot: Slot,
    /// The role the slot implies, when it implies one.
    pub role_hint: Option<Role>,
    /// The configuration file that says so.
    pub declared_in: Source,
    /// The path as written in that file.
    pub path: String,
    /// Flags and fields that belong together share a group (one container, one kubeconfig
    /// user) ...
    #[serde(skip)]
    pub group: String,
    /// ... and a pair name (`--etcd-certfile` and `--etcd-keyfile` are both `etcd`), so a
    /// certificate and a key named by the two flags of one pair are expected to match.
    #[serde(skip)]
    pub pair: &'static str,
}

/// The pair a certificate or key flag belongs to.
fn pair_of(flag: &str) -> &'static str {
    match flag.trim_start_matches('-') {
        "cert-file" | "key-file" => "serving",
        "client-cert-file" | "client-key-file" => "etcd-client",
        "peer-client-cert-file" | "peer-client-key-file" => "etcd-peer-client",
        "peer-cert-file" | "peer-key-file" => "peer",
        "etcd-certfile" | "etcd-keyfile" => "etcd",
        "kubelet-client-certificate" | "kubelet-client-key" => "kubelet-client",
        "proxy-client-cert-file" | "proxy-client-key-file" => "proxy-client",
        "tls-cert-file" | "tls-private-key-file" => "tls",
        "cluster-signing-cert-file" | "cluster-signing-key-file" => "cluster-signing",
        "cert" | "key" => "etcdctl",
        "client-certificate" | "client-key" => "kubeconfig-user",
        _ => "",
    }
}

impl fmt::Display for Usage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} ({})", self.program, self.flag, self.declared_in)
    }
}

/// A file an input names by path, for the host to read and explain with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reference {
    /// The path to read: as written, or resolved against the naming file's folder where the
    /// program that reads it does so (kubectl resolves a kubeconfig's relative paths that way).
    pub path: String,
    /// The program and flag or field that name it: `etcd --cert-file`, `systemd EnvironmentFile=`.
    pub named_by: String,
    /// The input that names it.
    pub declared_in: Source,
    /// What the file should hold.
    pub kind: ReferenceKind,
    /// The program starts without it (systemd's `EnvironmentFile=-/etc/default/etcd`): a
    /// missing file is no error.
    pub optional: bool,
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} in {})", self.path, self.named_by, self.declared_in)
    }
}

/// What a referenced file should hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReferenceKind {
    /// A certificate, key, CA bundle or CRL, for this slot.
    Material(Slot),
    /// More settings: an environment file, etcd's YAML config file.
    Settings,
}

/// A settings file named by a configuration file (`EnvironmentFile=`, `--config-file`).
#[derive(Debug, Clone)]
pub(crate) struct SettingsFile {
    pub named_by: String,
    pub path: String,
    pub optional: bool,
}

/// What an etcd member's configuration says about where it listens.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EtcdMember {
    /// The configuration file.
    pub declared_in: Source,
    /// `--name`.
    pub name: Option<String>,
    /// `--advertise-client-urls`.
    pub advertise_client_urls: Vec<String>,
    /// `--listen-client-urls`.
    pub listen_client_urls: Vec<String>,
    /// `--initial-advertise-peer-urls`.
    pub advertise_peer_urls: Vec<String>,
    /// `--listen-peer-urls`.
    pub listen_peer_urls: Vec<String>,
    /// `--client-cert-auth`.
    pub client_cert_auth: Option<bool>,
    /// `--peer-client-cert-auth`.
    pub peer_client_cert_auth: Option<bool>,
    /// Whether `--trusted-ca-file` is set (etcd then requires client certificates).
    pub has_trusted_ca: bool,
    /// Whether `--cert-file` is set.
    pub has_cert: bool,
    /// Whether `--peer-trusted-ca-file` is set.
    pub has_peer_trusted_ca: bool,
    /// Whether `--peer-cert-file` is set.
    pub has_peer_cert: bool,
    /// `--auto-tls` / `--peer-auto-tls`: etcd makes throwaway self-signed certificates.
    pub auto_tls: bool,
    /// The [`Usage::group`] of the flags that started it: where one file starts several
    /// members (a Procfile's lines), each member's files are the ones of its own group.
    #[serde(skip)]
    pub group: String,
}

/// A piece of a configuration file that holds certificate material.
#[derive(Debug, Clone)]
pub(crate) struct Embedded {
    /// Where inside the file, e.g. `users[0].client-certificate-data`.
    pub locator: String,
    /// The material.
    pub data: EmbeddedData,
    /// The `metadata.name` of the Secret or ConfigMap that holds it: what a Secret's keys are
    /// the files of (Cluster API's `<cluster>-etcd`).
    pub container: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) enum EmbeddedData {
    /// Base64 of PEM or DER (`*-data` fields, a Secret's `data`).
    Base64(String),
    /// Text that may hold PEM (a Secret's `stringData`, a ConfigMap's `data`).
    Text(String),
}

/// The formats of configuration file the core recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConfigFormat {
    /// A kubeconfig (`kind: Config`, `clusters`, `users`).
    Kubeconfig,
    /// A Secret, or a List of them.
    Secret,
    /// A ConfigMap.
    ConfigMap,
    /// A pod manifest or another object with containers.
    Manifest,
    /// etcd's YAML configuration file (`--config-file`).
    EtcdConfig,
    /// Flags or environment variables for etcd or etcdctl, in any text.
    Flags,
    /// Other YAML or JSON whose values hold PEM or its base64 (Talos's machine configuration,
    /// secrets bundle and talosconfig).
    Yaml,
}

impl fmt::Display for ConfigFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ConfigFormat::Kubeconfig => "kubeconfig",
            ConfigFormat::Secret => "Kubernetes Secret",
            ConfigFormat::ConfigMap => "Kubernetes ConfigMap",
            ConfigFormat::Manifest => "Kubernetes manifest",
            ConfigFormat::EtcdConfig => "etcd config file",
            ConfigFormat::Flags => "etcd/etcdctl flags",
            ConfigFormat::Yaml => "YAML with certificates in its values",
        })
    }
}

/// What a configuration file yielded.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    pub format: Option<ConfigFormat>,
    pub embedded: Vec<Embedded>,
    pub usages: Vec<Usage>,
    pub members: Vec<EtcdMember>,
    /// kube-apiserver's `--etcd-servers`: where the API server dials etcd.
    pub etcd_servers: Vec<String>,
    /// Problems found in parts of the file: (locator, message).
    pub problems: Vec<(String, String)>,
    /// Further settings files it names.
    pub settings: Vec<SettingsFile>,
}

/// Words that mark a text as worth parsing as YAML/JSON configuration.
const STRUCTURE_MARKERS: &[&str] = &[
    "apiVersion",
    "clusters:",
    "\"clusters\"",
    "kind:",
    "\"kind\"",
    "client-transport-security",
    "peer-transport-security",
    "cert-file:",
    "trusted-ca-file:",
    "listen-client-urls:",
    // A Secret marshalled without its kind (dynamiclistener's file storage).
    "\"tls.crt\"",
    // A value that is base64 of PEM (Talos's `crt:`, `key:`, `ca:`).
    ": LS0tLS1CRUdJTi",
    ": \"LS0tLS1CRUdJTi",
    // JSON holding PEM: cfssl's `gencert` and `certinfo` output (`{"cert":"-----BEGIN …`).
    "\":\"-----BEGIN",
    "\": \"-----BEGIN",
];

/// Whether a text looks like YAML or JSON configuration worth parsing.
pub(crate) fn looks_structured(text: &str) -> bool {
    STRUCTURE_MARKERS.iter().any(|m| text.contains(m))
}

/// Parses YAML or JSON configuration. `Ok(None)` when the text is YAML but none of the
/// recognised kinds; `Err` with (line, message) when it is not YAML at all.
pub(crate) fn parse_structured(text: &str, source: &Source) -> Result<Option<Parsed>, (usize, String)> {
    let docs = crate::yaml::load(text)?;
    let mut parsed = Parsed::default();
    let many = docs.len() > 1;
    for (i, doc) in docs.iter().enumerate() {
        let prefix = if many {
            format!("documents[{i}].")
        } else {
            String::new()
        };
        read_document(doc, &prefix, source, &mut parsed);
    }
    Ok(parsed.format.is_some().then_some(parsed))
}

fn read_document(doc: &Yaml, prefix: &str, source: &Source, out: &mut Parsed) {
    let Yaml::Hash(_) = doc else { return };
    let kind = doc["kind"].as_str().unwrap_or("");
    match kind {
        "List" | "SecretList" | "ConfigMapList" => {
            if let Some(items) = doc["items"].as_vec() {
                for (i, item) in items.iter().enumerate() {
                    read_document(item, &format!("{prefix}items[{i}]."), source, out);
                }
            }
        }
        "Config" => read_kubeconfig(doc, prefix, source, out),
        "Secret" => {
            set_format(out, ConfigFormat::Secret);
            read_data_maps(doc, prefix, true, out);
        }
        "ConfigMap" => {
            set_format(out, ConfigFormat::ConfigMap);
            read_data_maps(doc, prefix, false, out);
        }
        _ if !doc["clusters"].is_badvalue() || !doc["users"].is_badvalue() => {
            read_kubeconfig(doc, prefix, source, out);
        }
        // A Secret marshalled without its kind and apiVersion, as Go's encoding/json writes a
        // typed v1.Secret: dynamiclistener's file storage (k3s's `server/tls/dynamic-cert.json`)
        // writes `{"metadata":{…},"data":{"tls.crt":…,"tls.key":…}}`.
        "" if doc["apiVersion"].is_badvalue()
            && doc["metadata"].as_hash().is_some()
            && !doc["data"]["tls.crt"].is_badvalue() =>
        {
            set_format(out, ConfigFormat::Secret);
            read_data_maps(doc, prefix, true, out);
        }
        _ => {
            let mut containers = Vec::new();
            find_containers(doc, prefix, &mut containers);
            if !containers.is_empty() {
                set_format(out, ConfigFormat::Manifest);
                for (locator, container, volumes) in containers {
                    read_container(container, volumes, &locator, source, out);
                }
            } else if is_etcd_config(doc) {
                set_format(out, ConfigFormat::EtcdConfig);
                read_etcd_config(doc, prefix, source, out);
            } else {
                read_pem_values(doc, prefix, out);
            }
        }
    }
}

/// Every value of a document of no known kind that is base64 of PEM or holds PEM, named by
/// its path: Talos's `cluster.etcd.ca.crt` (machine configuration), `certs.etcd.crt` (secrets
/// bundle), `contexts.<name>.ca` (talosconfig).
fn read_pem_values(node: &Yaml, at: &str, out: &mut Parsed) {
    let data = match node {
        Yaml::Hash(map) => {
            for (key, value) in map {
                if let Some(key) = key.as_str() {
                    read_pem_values(value, &format!("{at}{key}."), out);
                }
            }
            return;
        }
        Yaml::Array(list) => {
            for (i, v) in list.iter().enumerate() {
                read_pem_values(v, &format!("{}[{i}].", at.trim_end_matches('.')), out);
            }
            return;
        }
        Yaml::String(s) if s.trim_start().starts_with("LS0tLS1CRUdJTi") => EmbeddedData::Base64(s.clone()),
        Yaml::String(s) if crate::pem::contains_pem(s) => EmbeddedData::Text(s.clone()),
        _ => return,
    };
    set_format(out, ConfigFormat::Yaml);
    out.embedded.push(Embedded {
        locator: at.trim_end_matches('.').to_string(),
        data,
        container: None,
    });
}

fn set_format(out: &mut Parsed, format: ConfigFormat) {
    out.format.get_or_insert(format);
}

fn read_kubeconfig(doc: &Yaml, prefix: &str, source: &Source, out: &mut Parsed) {
    set_format(out, ConfigFormat::Kubeconfig);
    if let Some(clusters) = doc["clusters"].as_vec() {
        for (i, entry) in clusters.iter().enumerate() {
            let cluster = &entry["cluster"];
            let at = format!("{prefix}clusters[{i}]");
            if let Some(data) = cluster["certificate-authority-data"].as_str() {
                out.embedded.push(Embedded {
                    locator: format!("{at}.certificate-authority-data"),
                    data: EmbeddedData::Base64(data.to_string()),
                    container: None,
                });
            }
            if let Some(path) = cluster["certificate-authority"].as_str() {
                out.usages.push(Usage {
                    program: Program::Kubeconfig,
                    flag: format!("{at}.certificate-authority"),
                    slot: Slot::ServerCa,
                    role_hint: None,
                    declared_in: source.clone(),
                    path: relative_to(source, path),
                    group: at.clone(),
                    pair: "",
                });
            }
        }
    }
    if let Some(users) = doc["users"].as_vec() {
        for (i, entry) in users.iter().enumerate() {
            let user = &entry["user"];
            let at = format!("{prefix}users[{i}]");
            for (field, is_data, slot) in [
                ("client-certificate-data", true, Slot::ClientCert),
                ("client-key-data", true, Slot::ClientKey),
                ("client-certificate", false, Slot::ClientCert),
                ("client-key", false, Slot::ClientKey),
            ] {
                let Some(value) = user[field].as_str() else {
                    continue;
                };
                if is_data {
                    out.embedded.push(Embedded {
                        locator: format!("{at}.{field}"),
                        data: EmbeddedData::Base64(value.to_string()),
                        container: None,
                    });
                } else {
                    out.usages.push(Usage {
                        program: Program::Kubeconfig,
                        flag: format!("{at}.{field}"),
                        slot,
                        role_hint: None,
                        declared_in: source.clone(),
                        path: relative_to(source, value),
                        group: at.clone(),
                        pair: pair_of(field),
                    });
                }
            }
        }
    }
}

/// A path from a kubeconfig as kubectl resolves it: relative to the kubeconfig's folder.
fn relative_to(kubeconfig: &Source, path: &str) -> String {
    let absolute = path.starts_with(['/', '\\', '~']) || path.as_bytes().get(1) == Some(&b':');
    match kubeconfig.folder() {
        folder if absolute || folder.is_empty() || path.is_empty() => path.to_string(),
        folder => format!("{folder}/{}", path.trim_start_matches("./")),
    }
}

fn read_data_maps(doc: &Yaml, prefix: &str, base64_data: bool, out: &mut Parsed) {
    for (field, is_base64) in [("data", base64_data), ("stringData", false), ("binaryData", true)] {
        let Some(map) = doc[field].as_hash() else {
            continue;
        };
        for (key, value) in map {
            let (Some(key), Some(value)) = (key.as_str(), value.as_str()) else {
                continue;
            };
            let data = if is_base64 {
                EmbeddedData::Base64(value.to_string())
            } else {
                EmbeddedData::Text(value.to_string())
            };
            out.embedded.push(Embedded {
                locator: format!("{prefix}{field}.{key}"),
                data,
                container: doc["metadata"]["name"].as_str().map(str::to_string),
            });
        }
    }
}

/// A container found in a document: its locator, itself, and its pod's `volumes`.
type Container<'a> = (String, &'a Yaml, &'a Yaml);

fn find_containers<'a>(node: &'a Yaml, at: &str, found: &mut Vec<Container<'a>>) {
    match node {
        Yaml::Hash(map) => {
            for (key, value) in map {
                let Some(key) = key.as_str() else { continue };
                if key == "containers" || key == "initContainers" {
                    if let Some(list) = value.as_vec() {
                        for (i, c) in list.iter().enumerate() {
                            found.push((format!("{at}{key}[{i}]"), c, &node["volumes"]));
                        }
                    }
                } else {
                    find_containers(value, &format!("{at}{key}."), found);
                }
            }
        }
        Yaml::Array(list) => {
            for (i, v) in list.iter().enumerate() {
                find_containers(v, &format!("{at}[{i}]."), found);
            }
        }
        _ => {}
    }
}

/// The host folders a container sees at other paths: (mount path, host path) for each
/// `volumeMounts` entry whose volume is a `hostPath` at a different path and that mounts the
/// whole volume (no `subPath`). OpenShift mounts the host's
/// `/etc/kubernetes/static-pod-resources/etcd-certs` at `/etc/kubernetes/static-pod-certs`.
fn host_mounts(container: &Yaml, volumes: &Yaml) -> Vec<(String, String)> {
    let Some(mounts) = container["volumeMounts"].as_vec() else {
        return Vec::new();
    };
    let host_path = |name: &str| {
        volumes.as_vec()?.iter().find_map(|v| {
            (v["name"].as_str() == Some(name))
                .then(|| v["hostPath"]["path"].as_str())
                .flatten()
        })
    };
    mounts
        .iter()
        .filter(|m| m["subPath"].is_badvalue())
        .filter_map(|m| {
            let inside = m["mountPath"].as_str()?.trim_end_matches('/');
            let host = host_path(m["name"].as_str()?)?.trim_end_matches('/');
            (!inside.is_empty() && inside != host).then(|| (inside.to_string(), host.to_string()))
        })
        .collect()
}

/// `path` as the host sees it, through the deepest mount that holds it.
fn on_host(path: &str, mounts: &[(String, String)]) -> Option<String> {
    mounts
        .iter()
        .filter(|(inside, _)| {
            path.strip_prefix(inside.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
        })
        .max_by_key(|(inside, _)| inside.len())
        .map(|(inside, host)| format!("{host}{}", &path[inside.len()..]))
}

fn read_container(container: &Yaml, volumes: &Yaml, locator: &str, source: &Source, out: &mut Parsed) {
    let mut words: Vec<String> = Vec::new();
    let mut scripts: Vec<&str> = Vec::new();
    for field in ["command", "args"] {
        if let Some(list) = container[field].as_vec() {
            // A shell wrapper (`sh -c "etcd --cert-file=..."`) keeps its flags in one string;
            // a script of several lines runs several programs (OpenShift's etcd container runs
            // etcdctl, discover-etcd-initial-cluster, then etcd), each line its own command.
            for w in list.iter().filter_map(Yaml::as_str) {
                if w.trim_end().contains('\n') {
                    scripts.push(w);
                } else {
                    words.extend(shell_words(w));
                }
            }
        }
    }
    let (usages, settings) = (out.usages.len(), out.settings.len());
    // `[/bin/sh, -c]` before a script is only the shell that runs it.
    if !words.is_empty() && (scripts.is_empty() || words.iter().any(|w| w.starts_with("--"))) {
        let program = detect_program(&words).or_else(|| {
            container["name"]
                .as_str()
                .and_then(|n| detect_program(&[n.to_string()]))
        });
        read_flags(&words, program, (locator, false), source, out);
    }
    for script in scripts {
        let members = out.members.len();
        for (n, line) in logical_lines(script) {
            let words = shell_words(&line);
            read_flags(
                &words,
                detect_program(&words),
                (&format!("{locator} line {n}"), false),
                source,
                out,
            );
        }
        // Lines of one script describe one member (`export ETCD_...` lines, then `exec etcd`).
        let found: Vec<EtcdMember> = out.members.drain(members..).collect();
        if let Some(merged) = found.into_iter().reduce(merge_members) {
            out.members.push(merged);
        }
    }
    // The manifest is read on the host, where the files sit at their volumes' host paths.
    let mounts = host_mounts(container, volumes);
    if !mounts.is_empty() {
        for u in &mut out.usages[usages..] {
            if let Some(host) = on_host(&u.path, &mounts) {
                u.path = host;
            }
        }
        for f in &mut out.settings[settings..] {
            if let Some(host) = on_host(&f.path, &mounts) {
                f.path = host;
            }
        }
    }
}

fn detect_program(words: &[String]) -> Option<Program> {
    words.iter().enumerate().find_map(|(i, w)| {
        // A flag's value is no program (`--data-dir=/var/lib/etcd`).
        if w.starts_with("--") {
            return None;
        }
        // `ExecStart=/usr/bin/etcd`, `ExecStart=-etcd`: the program after systemd's key.
        let base = w.rsplit(['/', '=']).next().unwrap_or(w);
        match base.trim_start_matches(['-', '@', '+', '!', ':']) {
            // `etcd grpc-proxy start` and `etcd gateway start` are clients of etcd: their
            // --cert/--key/--cacert dial it like etcdctl's, and their --cert-file/--key-file/
            // --trusted-ca-file serve their own listener, not etcd's (OpenShift's metrics proxy).
            "etcd" if words.get(i + 1).is_some_and(|n| n == "grpc-proxy" || n == "gateway") => Some(Program::Etcdctl),
            "etcd" => Some(Program::Etcd),
            "kube-apiserver" => Some(Program::KubeApiserver),
            "kube-controller-manager" => Some(Program::KubeControllerManager),
            "kube-scheduler" => Some(Program::KubeScheduler),
            "etcdctl" | "etcdtls" => Some(Program::Etcdctl),
            _ => None,
        }
    })
}

/// The flags that name certificate files, by program, with the slot and role they imply.
/// `None` as program: the flag means the same to every program that has it.
fn flag_meaning(program: Option<Program>, flag: &str) -> Option<(Program, Slot, Option<Role>)> {
    use Program::*;
    use Slot::*;
    let etcd = || program.unwrap_or(Etcd);
    Some(match (program, flag) {
        (Some(Etcd) | None, "cert-file") => (etcd(), ServingCert, Some(Role::EtcdServer)),
        (Some(Etcd) | None, "key-file") => (etcd(), ServingKey, Some(Role::EtcdServer)),
        (Some(Etcd) | None, "trusted-ca-file") => (etcd(), ClientCa, Some(Role::EtcdCa)),
        (Some(Etcd) | None, "peer-cert-file") => (etcd(), PeerCert, Some(Role::EtcdPeer)),
        (Some(Etcd) | None, "peer-key-file") => (etcd(), PeerKey, Some(Role::EtcdPeer)),
        (Some(Etcd) | None, "peer-trusted-ca-file") => (etcd(), PeerCa, Some(Role::EtcdCa)),
        (Some(Etcd) | None, "client-crl-file" | "peer-crl-file") => (etcd(), Crl, None),
        // etcd 3.5+: the pair etcd itself dials with (its gateway, peers) when it differs from
        // the serving pair.
        (Some(Etcd), "client-cert-file" | "peer-client-cert-file") => (Etcd, ClientCert, None),
        (Some(Etcd), "client-key-file" | "peer-client-key-file") => (Etcd, ClientKey, None),
        (Some(KubeApiserver) | None, "etcd-cafile") => (KubeApiserver, ServerCa, Some(Role::EtcdCa)),
        (Some(KubeApiserver) | None, "etcd-certfile") => (KubeApiserver, ClientCert, Some(Role::ApiserverEtcdClient)),
        (Some(KubeApiserver) | None, "etcd-keyfile") => (KubeApiserver, ClientKey, Some(Role::ApiserverEtcdClient)),
        (Some(KubeApiserver), "tls-cert-file") => (KubeApiserver, ServingCert, Some(Role::KubeApiserver)),
        (Some(KubeApiserver), "tls-private-key-file") => (KubeApiserver, ServingKey, Some(Role::KubeApiserver)),
        (Some(KubeApiserver) | None, "kubelet-client-certificate") => {
            (KubeApiserver, ClientCert, Some(Role::ApiserverKubeletClient))
        }
        (Some(KubeApiserver) | None, "kubelet-client-key") => {
            (KubeApiserver, ClientKey, Some(Role::ApiserverKubeletClient))
        }
        (Some(KubeApiserver) | None, "proxy-client-cert-file") => {
            (KubeApiserver, ClientCert, Some(Role::FrontProxyClient))
        }
        (Some(KubeApiserver) | None, "proxy-client-key-file") => {
            (KubeApiserver, ClientKey, Some(Role::FrontProxyClient))
        }
        (Some(p @ (KubeApiserver | KubeControllerManager | KubeScheduler)), "client-ca-file") => {
            (p, ClientCa, Some(Role::KubernetesCa))
        }
        (Some(p @ (KubeApiserver | KubeControllerManager | KubeScheduler)), "requestheader-client-ca-file") => {
            (p, ClientCa, Some(Role::FrontProxyCa))
        }
        (Some(KubeApiserver) | None, "service-account-key-file") => {
            (KubeApiserver, ServiceAccountPublicKey, Some(Role::ServiceAccountKey))
        }
        (Some(KubeApiserver) | None, "service-account-signing-key-file") => {
            (KubeApiserver, ServiceAccountPrivateKey, Some(Role::ServiceAccountKey))
        }
        (Some(KubeControllerManager) | None, "service-account-private-key-file") => (
            KubeControllerManager,
            ServiceAccountPrivateKey,
            Some(Role::ServiceAccountKey),
        ),
        (Some(KubeControllerManager) | None, "cluster-signing-cert-file") => {
            (KubeControllerManager, SigningCert, Some(Role::KubernetesCa))
        }
        (Some(KubeControllerManager) | None, "cluster-signing-key-file") => {
            (KubeControllerManager, SigningKey, Some(Role::KubernetesCa))
        }
        (Some(KubeControllerManager), "root-ca-file") => (KubeControllerManager, ServerCa, Some(Role::KubernetesCa)),
        (Some(Etcdctl) | None, "cacert") => (Etcdctl, ServerCa, None),
        (Some(Etcdctl) | None, "cert") => (Etcdctl, ClientCert, None),
        (Some(Etcdctl) | None, "key") => (Etcdctl, ClientKey, None),
        _ => return None,
    })
}

/// Reads `--flag=value` and `--flag value` pairs (and etcd's and etcdctl's environment
/// variables) from words. `environment`: the words are a line of a file of their own (an
/// environment file, a unit, a script), where an `ETCD_*` variable on its own line
/// (`ETCD_NAME=etcd1`, `ETCD_CLIENT_CERT_AUTH=true`) is a setting of the etcd the file runs;
/// in a pod's other containers such variables are only passed along.
fn read_flags(
    words: &[String],
    program: Option<Program>,
    (group, environment): (&str, bool),
    source: &Source,
    out: &mut Parsed,
) {
    let mut member = EtcdMember {
        declared_in: source.clone(),
        group: group.to_string(),
        ..EtcdMember::default()
    };
    let mut is_member = program == Some(Program::Etcd);
    let mut has_config_file = false;
    let mut i = 0;
    while i < words.len() {
        // systemd's `Environment=ETCD_CERT_FILE=/x` sets the variable the rest spells.
        let word = words[i].strip_prefix("Environment=").unwrap_or(words[i].as_str());
        i += 1;
        // A script's `. /etc/etcd/etcdctl.env` (etcdadm's `etcdctl.sh`): its variables are the
        // script's.
        if environment
            && i == 1
            && (word == "." || word == "source")
            && let Some(path) = words.get(1).filter(|p| p.starts_with('/') && !p.contains('$'))
        {
            out.settings.push(SettingsFile {
                named_by: format!("sh {word}"),
                path: path.clone(),
                optional: false,
            });
            break;
        }
        if let Some(path) = word.strip_prefix("EnvironmentFile=") {
            let optional = path.starts_with('-');
            // A specifier the file name cannot fill in (`%H`, the host): nothing to follow.
            if path.contains(['%', '$']) {
                continue;
            }
            out.settings.push(SettingsFile {
                named_by: "systemd EnvironmentFile=".into(),
                path: path.trim_start_matches('-').to_string(),
                optional,
            });
            continue;
        }
        let mut flag_program = program;
        let (flag, value) = if let Some(rest) = word.strip_prefix("--") {
            match rest.split_once('=') {
                Some((f, v)) => (f.to_string(), Some(v.to_string())),
                None => {
                    let next = words.get(i).filter(|w| !w.starts_with('-'));
                    if next.is_some() {
                        i += 1;
                    }
                    (rest.to_string(), next.cloned())
                }
            }
        } else if let Some((name, value)) = word.split_once('=') {
            match env_flag(name) {
                Some((flag, env_program)) => {
                    flag_program = Some(env_program);
                    is_member |= environment && env_program == Program::Etcd;
                    (flag, Some(value.to_string()))
                }
                None => continue,
            }
        } else {
            continue;
        };
        let value = value.map(|v| v.trim_matches(|c| c == '"' || c == '\'').to_string());
        let bool_value = || match value.as_deref() {
            None | Some("true") | Some("1") => Some(true),
            Some("false") | Some("0") => Some(false),
            _ => None,
        };
        let urls = || value.as_deref().map(split_urls).unwrap_or_default();
        match flag.as_str() {
            "name" if is_member => member.name = value.clone(),
            "advertise-client-urls" => (member.advertise_client_urls, is_member) = (urls(), true),
            "listen-client-urls" => (member.listen_client_urls, is_member) = (urls(), true),
            "initial-advertise-peer-urls" => (member.advertise_peer_urls, is_member) = (urls(), true),
            "listen-peer-urls" => (member.listen_peer_urls, is_member) = (urls(), true),
            "client-cert-auth" => member.client_cert_auth = bool_value(),
            "peer-client-cert-auth" => member.peer_client_cert_auth = bool_value(),
            "auto-tls" | "peer-auto-tls" => member.auto_tls |= bool_value() == Some(true),
            "etcd-servers" if flag_program == Some(Program::KubeApiserver) => out.etcd_servers.extend(urls()),
            _ => {}
        }
        if flag == "config-file" && matches!(flag_program, Some(Program::Etcd) | None) {
            if let Some(path) = value.as_deref().filter(|v| !v.is_empty() && !v.contains('$')) {
                has_config_file = true;
                out.settings.push(SettingsFile {
                    named_by: "etcd --config-file".into(),
                    path: path.to_string(),
                    optional: false,
                });
            }
            continue;
        }
        let Some((program, slot, role_hint)) = flag_meaning(flag_program, &flag) else {
            continue;
        };
        let Some(path) = value.filter(|v| !v.is_empty()) else {
            out.problems.push((group.to_string(), format!("--{flag} has no value")));
            continue;
        };
        // `--cert-file=${ETCD_CERT_FILE}`: the shell or systemd fills it in; the variable's
        // own definition, when among the inputs, names the file.
        if path.contains('$') {
            continue;
        }
        if program == Program::Etcd {
            is_member = true;
            member.has_cert |= slot == Slot::ServingCert;
            member.has_trusted_ca |= slot == Slot::ClientCa;
            member.has_peer_cert |= slot == Slot::PeerCert;
            member.has_peer_trusted_ca |= slot == Slot::PeerCa;
        }
        out.usages.push(Usage {
            program,
            flag: format!("--{flag}"),
            slot,
            role_hint,
            declared_in: source.clone(),
            path,
            group: group.to_string(),
            pair: pair_of(&flag),
        });
    }
    // etcd started with --config-file ignores its other flags and variables: the member is
    // the one the file describes (RKE2's etcd pod has only that flag).
    if is_member && !has_config_file {
        out.members.push(member);
    }
}

/// `ETCD_CERT_FILE` → etcd's `cert-file`, `ETCDCTL_CACERT` → etcdctl's `cacert`.
fn env_flag(name: &str) -> Option<(String, Program)> {
    let (rest, program) = match name.strip_prefix("ETCDCTL_") {
        Some(rest) => (rest, Program::Etcdctl),
        None => (name.strip_prefix("ETCD_")?, Program::Etcd),
    };
    Some((rest.to_ascii_lowercase().replace('_', "-"), program))
}

/// The URLs of a list; one with a shell variable in it (`https://${NODE_IP}:2379`, as
/// OpenShift's etcd pod spells them) names no host we can know, and is left out.
fn split_urls(v: &str) -> Vec<String> {
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty() && !s.contains('$'))
        .map(str::to_string)
        .collect()
}

/// Splits a command line into words, honouring quotes and backslash-newline continuations.
pub(crate) fn shell_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    let mut chars = text.chars().peekable();
    let mut in_word = false;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '\\') if chars.peek() == Some(&'\n') => {
                chars.next();
            }
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut current));
                    in_word = false;
                }
            }
            (_, c) => {
                current.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(current);
    }
    words
}

/// Reads flags from free text (a unit file, a script, `ps` output). `None` when the text
/// names no certificate flags and no etcd listen URLs.
pub(crate) fn parse_flags_text(text: &str, source: &Source) -> Option<Parsed> {
    let mut parsed = Parsed::default();
    let text = unit_specifiers(text, source.file_name());
    for (n, line) in logical_lines(&text) {
        let words = shell_words(&line);
        let program = detect_program(&words);
        read_flags(&words, program, (&format!("line {n}"), true), source, &mut parsed);
    }
    // Lines of one file describe one member: merge what each line said; but lines that each
    // start a member of their own name (etcd's `hack/tls-setup` Procfile: `etcd1: etcd --name
    // infra1 ...`, `etcd2: ... --name infra2`) are that many members.
    for member in std::mem::take(&mut parsed.members) {
        match parsed.members.last_mut() {
            Some(last) if !(last.name.is_some() && member.name.is_some() && last.name != member.name) => {
                *last = merge_members(last.clone(), member);
            }
            _ => parsed.members.push(member),
        }
    }
    if parsed.usages.is_empty() && parsed.members.is_empty() && parsed.settings.is_empty() {
        return None;
    }
    parsed.format = Some(ConfigFormat::Flags);
    Some(parsed)
}

fn merge_members(mut a: EtcdMember, b: EtcdMember) -> EtcdMember {
    a.name = a.name.or(b.name);
    for (mine, theirs) in [
        (&mut a.advertise_client_urls, b.advertise_client_urls),
        (&mut a.listen_client_urls, b.listen_client_urls),
        (&mut a.advertise_peer_urls, b.advertise_peer_urls),
        (&mut a.listen_peer_urls, b.listen_peer_urls),
    ] {
        if mine.is_empty() {
            *mine = theirs;
        }
    }
    a.client_cert_auth = a.client_cert_auth.or(b.client_cert_auth);
    a.peer_client_cert_auth = a.peer_client_cert_auth.or(b.peer_client_cert_auth);
    a.has_trusted_ca |= b.has_trusted_ca;
    a.has_cert |= b.has_cert;
    a.has_peer_cert |= b.has_peer_cert;
    a.has_peer_trusted_ca |= b.has_peer_trusted_ca;
    a.auto_tls |= b.auto_tls;
    a
}

/// A systemd unit's specifiers that its file name fills in (`EnvironmentFile=-/etc/default/%p`
/// in Debian's etcd.service): `%n` the unit's name, `%N` without its suffix, `%p` the part
/// before `@`, `%i` the instance after it, `%%` a percent sign. Text that is not a unit file
/// is returned as it is.
fn unit_specifiers<'a>(text: &'a str, file_name: &str) -> std::borrow::Cow<'a, str> {
    const SUFFIXES: &[&str] = &[".service", ".socket", ".timer", ".conf"];
    let Some(stem) = SUFFIXES.iter().find_map(|s| file_name.strip_suffix(s)) else {
        return std::borrow::Cow::Borrowed(text);
    };
    if !text.contains('%') || !text.contains("[Service]") && !file_name.ends_with(".conf") {
        return std::borrow::Cow::Borrowed(text);
    }
    let (prefix, instance) = stem.split_once('@').unwrap_or((stem, ""));
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push_str(file_name),
            Some('N') => out.push_str(stem),
            Some('p') => out.push_str(prefix),
            Some('i') => out.push_str(instance),
            Some('%') => out.push('%'),
            Some(other) => {
                out.push('%');
                out.push(other);
            }
            None => out.push('%'),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Lines joined across backslash continuations, numbered by their first line.
fn logical_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start = 1;
    for (i, line) in text.lines().enumerate() {
        if current.is_empty() {
            start = i + 1;
        }
        match line.trim_end().strip_suffix('\\') {
            Some(head) => {
                current.push_str(head);
                current.push(' ');
            }
            None => {
                current.push_str(line);
                out.push((start, std::mem::take(&mut current)));
            }
        }
    }
    if !current.is_empty() {
        out.push((start, current));
    }
    out
}

fn is_etcd_config(doc: &Yaml) -> bool {
    [
        "cert-file",
        "trusted-ca-file",
        "client-transport-security",
        "peer-transport-security",
        "listen-client-urls",
        "data-dir",
    ]
    .iter()
    .any(|k| !doc[*k].is_badvalue())
}

/// The keys of etcd's `client-transport-security` and `peer-transport-security` sections
/// (`securityConfig` in etcd's embed/config.go, 3.4 to 3.6).
const TRANSPORT_KEYS: &[&str] = &[
    "cert-file",
    "key-file",
    "client-cert-file",
    "client-key-file",
    "client-cert-auth",
    "trusted-ca-file",
    "auto-tls",
];

fn read_etcd_config(doc: &Yaml, prefix: &str, source: &Source, out: &mut Parsed) {
    // etcd's config file spells flags as keys; its TLS settings sit under
    // client-transport-security / peer-transport-security.
    let mut words = Vec::new();
    let scalar = |v: &Yaml| match v {
        Yaml::String(s) => Some(s.clone()),
        Yaml::Boolean(b) => Some(b.to_string()),
        Yaml::Integer(i) => Some(i.to_string()),
        _ => None,
    };
    if let Some(map) = doc.as_hash() {
        for (key, value) in map {
            let Some(key) = key.as_str() else { continue };
            let section = match key {
                "client-transport-security" => Some(""),
                "peer-transport-security" => Some("peer-"),
                _ => None,
            };
            match (section, value.as_hash()) {
                (Some(flag_prefix), Some(inner)) => {
                    for (k, v) in inner {
                        if let (Some(k), Some(v)) = (k.as_str(), scalar(v)) {
                            words.push(format!("--{flag_prefix}{k}={v}"));
                        }
                    }
                }
                _ => {
                    if let Some(v) = scalar(value) {
                        if TRANSPORT_KEYS.contains(&key) {
                            // etcd's YAML has no such top-level key (embed/config.go): the
                            // file is named, but etcd does not use it.
                            out.problems.push((
                                format!("{prefix}{key}"),
                                format!("etcd ignores a top-level `{key}` in its config file; put it under client-transport-security: (or peer-transport-security:)"),
                            ));
                        }
                        words.push(format!("--{key}={v}"));
                    }
                }
            }
        }
    }
    read_flags(
        &words,
        Some(Program::Etcd),
        (&format!("{prefix}config"), false),
        source,
        out,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src() -> Source {
        Source::file("x")
    }

    #[test]
    fn a_script_that_sources_an_environment_file_names_it() {
        let script = "#!/usr/bin/env sh\nif ! [ -r \"/etc/etcd/etcdctl.env\" ]; then\n\texit 1\nfi\n. \"/etc/etcd/etcdctl.env\"\n\"/opt/bin/etcdctl\" \"$@\"\n";
        let parsed = parse_flags_text(script, &src()).unwrap();
        let settings: Vec<_> = parsed
            .settings
            .iter()
            .map(|s| (s.path.as_str(), s.named_by.as_str()))
            .collect();
        assert_eq!(settings, [("/etc/etcd/etcdctl.env", "sh .")]);
        let sourced = parse_flags_text("source /etc/etcd/tls.env\nsource $HOME/x.env\n", &src()).unwrap();
        assert_eq!(sourced.settings.len(), 1);
        assert!(parse_flags_text("echo . /etc/x.env\n", &src()).is_none());
    }

    #[test]
    fn shell_words_honour_quotes_and_continuations() {
        assert_eq!(
            shell_words("etcd --name 'a b' \\\n --cert-file=\"/x y\""),
            vec!["etcd", "--name", "a b", "--cert-file=/x y"]
        );
    }

    /// OpenShift's etcd pod names its files inside the pod; the host has them at the volume's
    /// hostPath (`bindata/etcd/pod.gotpl.yaml` in openshift/cluster-etcd-operator).
    #[test]
    fn manifest_paths_are_read_through_host_path_volumes() {
        let yaml = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: etcd\n    command:\n    - /bin/sh\n    - -c\n    - |\n      exec etcd \\\n        --cert-file=/etc/kubernetes/static-pod-certs/secrets/etcd-all-certs/etcd-serving-m0.crt \\\n        --trusted-ca-file=/etc/kubernetes/static-pod-certs/configmaps/etcd-all-bundles/server-ca-bundle.crt \\\n        --data-dir=/var/lib/etcd\n    volumeMounts:\n    - mountPath: /etc/kubernetes/static-pod-certs\n      name: cert-dir\n    - mountPath: /var/lib/etcd/\n      name: data-dir\n  volumes:\n  - hostPath:\n      path: /etc/kubernetes/static-pod-resources/etcd-certs\n    name: cert-dir\n  - hostPath:\n      path: /var/lib/etcd\n    name: data-dir\n";
        let parsed = parse_structured(yaml, &src()).unwrap().unwrap();
        let paths: Vec<&str> = parsed.usages.iter().map(|u| u.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "/etc/kubernetes/static-pod-resources/etcd-certs/secrets/etcd-all-certs/etcd-serving-m0.crt",
                "/etc/kubernetes/static-pod-resources/etcd-certs/configmaps/etcd-all-bundles/server-ca-bundle.crt",
            ]
        );
        assert_eq!(
            on_host(
                "/etc/kubernetes/static-pod-certsX/a",
                &host_mounts(&Yaml::BadValue, &Yaml::BadValue)
            ),
            None
        );
        let mounts = [
            ("/a".to_string(), "/host/a".to_string()),
            ("/a/b".to_string(), "/other".to_string()),
        ];
        assert_eq!(on_host("/a/b/c.crt", &mounts).as_deref(), Some("/other/c.crt"));
        assert_eq!(on_host("/ab/c.crt", &mounts), None);
    }

    /// OpenShift's etcd container script runs etcdctl, a helper and etcd, one per line; its
    /// metrics container runs `etcd grpc-proxy`, a client of etcd whose --cert-file is its own.
    #[test]
    fn a_script_is_read_line_by_line_and_grpc_proxy_is_a_client() {
        let yaml = "kind: Pod\nspec:\n  containers:\n  - name: etcd\n    command: [/bin/sh, -c]\n    args:\n    - |\n      etcdctl member list || true\n      X=$(discover-etcd-initial-cluster --cert=/c.crt --data-dir=/var/lib/etcd)\n      export ETCD_LISTEN_CLIENT_URLS=https://0.0.0.0:2379\n      exec etcd \\\n        --cert-file=/s.crt \\\n        --advertise-client-urls=https://${NODE_IP}:2379,https://10.0.0.3:2379\n  - name: etcd-metrics\n    command: [/bin/sh, -c]\n    args:\n    - |\n      exec etcd grpc-proxy start \\\n        --cert /p.crt \\\n        --cert-file /m.crt \\\n        --trusted-ca-file /mca.crt\n";
        let parsed = parse_structured(yaml, &src()).unwrap().unwrap();
        let usages: Vec<String> = parsed
            .usages
            .iter()
            .map(|u| format!("{} {} {}", u.program, u.flag, u.path))
            .collect();
        assert_eq!(
            usages,
            [
                "etcdctl --cert /c.crt",
                "etcd --cert-file /s.crt",
                "etcdctl --cert /p.crt"
            ]
        );
        assert_eq!(parsed.members.len(), 1);
        assert_eq!(parsed.members[0].advertise_client_urls, ["https://10.0.0.3:2379"]);
        assert_eq!(parsed.members[0].listen_client_urls, ["https://0.0.0.0:2379"]);
    }

    /// RKE2's etcd pod has only `--config-file`: etcd then ignores its flags, and the member
    /// is the one the file describes, not a second, empty one.
    #[test]
    fn an_etcd_started_from_a_config_file_is_not_a_member_of_its_own() {
        let yaml = "kind: Pod\nspec:\n  containers:\n  - args:\n    - --config-file=/var/lib/rancher/rke2/server/db/etcd/config\n    command:\n    - etcd\n    name: etcd\n";
        let parsed = parse_structured(yaml, &src()).unwrap().unwrap();
        assert!(parsed.members.is_empty());
        assert_eq!(parsed.settings[0].path, "/var/lib/rancher/rke2/server/db/etcd/config");
    }

    #[test]
    fn etcd_manifest_flags_become_usages_and_a_member() {
        let yaml = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - command:\n    - etcd\n    - --cert-file=/etc/kubernetes/pki/etcd/server.crt\n    - --key-file=/etc/kubernetes/pki/etcd/server.key\n    - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n    - --client-cert-auth=true\n    - --advertise-client-urls=https://10.0.0.1:2379\n    name: etcd\n";
        let parsed = parse_structured(yaml, &src()).unwrap().unwrap();
        assert_eq!(parsed.format, Some(ConfigFormat::Manifest));
        assert_eq!(parsed.usages.len(), 3);
        assert_eq!(parsed.usages[0].slot, Slot::ServingCert);
        assert_eq!(parsed.usages[0].role_hint, Some(Role::EtcdServer));
        assert_eq!(parsed.members.len(), 1);
        assert_eq!(parsed.members[0].client_cert_auth, Some(true));
        assert_eq!(parsed.members[0].advertise_client_urls, vec!["https://10.0.0.1:2379"]);
    }

    #[test]
    fn apiserver_flags_mean_apiserver_things() {
        let yaml = "kind: Pod\nspec:\n  containers:\n  - command:\n    - kube-apiserver\n    - --etcd-certfile=/p/apiserver-etcd-client.crt\n    - --tls-cert-file=/p/apiserver.crt\n    - --client-ca-file=/p/ca.crt\n";
        let parsed = parse_structured(yaml, &src()).unwrap().unwrap();
        let hints: Vec<_> = parsed.usages.iter().map(|u| u.role_hint).collect();
        assert_eq!(
            hints,
            vec![
                Some(Role::ApiserverEtcdClient),
                Some(Role::KubeApiserver),
                Some(Role::KubernetesCa)
            ]
        );
        assert!(parsed.members.is_empty());
    }

    #[test]
    fn kubeconfig_data_and_paths() {
        let yaml = "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority-data: QUJD\n    server: https://x:6443\n  name: k\nusers:\n- name: u\n  user:\n    client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem\n    client-key-data: REVG\n";
        let parsed = parse_structured(yaml, &src()).unwrap().unwrap();
        assert_eq!(parsed.format, Some(ConfigFormat::Kubeconfig));
        let locators: Vec<_> = parsed.embedded.iter().map(|e| e.locator.as_str()).collect();
        assert_eq!(
            locators,
            vec!["clusters[0].certificate-authority-data", "users[0].client-key-data"]
        );
        assert_eq!(parsed.usages.len(), 1);
        assert_eq!(parsed.usages[0].slot, Slot::ClientCert);
    }

    #[test]
    fn secret_json_and_list() {
        let json = r#"{"apiVersion":"v1","kind":"List","items":[{"kind":"Secret","data":{"tls.crt":"QUJD"},"stringData":{"ca.crt":"x"}}]}"#;
        let parsed = parse_structured(json, &src()).unwrap().unwrap();
        assert_eq!(parsed.format, Some(ConfigFormat::Secret));
        let locators: Vec<_> = parsed.embedded.iter().map(|e| e.locator.as_str()).collect();
        assert_eq!(locators, vec!["items[0].data.tls.crt", "items[0].stringData.ca.crt"]);
    }

    #[test]
    fn a_secret_without_kind_as_dynamiclistener_stores_it() {
        let json = "{\"metadata\":{\"creationTimestamp\":null,\"annotations\":{\"listener.cattle.io/cn-localhost\":\"localhost\"}},\"data\":{\"tls.crt\":\"QUJD\",\"tls.key\":\"REVG\"}}\n";
        assert!(looks_structured(json));
        let parsed = parse_structured(json, &src()).unwrap().unwrap();
        assert_eq!(parsed.format, Some(ConfigFormat::Secret));
        let locators: Vec<_> = parsed.embedded.iter().map(|e| e.locator.as_str()).collect();
        assert_eq!(locators, vec!["data.tls.crt", "data.tls.key"]);
        // Without metadata, or with an apiVersion of something else, it is no such Secret.
        for other in [
            r#"{"data":{"tls.crt":"QUJD"}}"#,
            r#"{"apiVersion":"example.io/v1","metadata":{},"data":{"tls.crt":"QUJD"}}"#,
        ] {
            assert!(parse_structured(other, &src()).unwrap().is_none(), "{other}");
        }
    }

    #[test]
    fn etcd_config_file_sections() {
        let yaml = "name: m1\nlisten-client-urls: https://127.0.0.1:2379\nclient-transport-security:\n  cert-file: /s.crt\n  client-cert-auth: true\npeer-transport-security:\n  cert-file: /p.crt\n";
        let parsed = parse_structured(yaml, &src()).unwrap().unwrap();
        assert_eq!(parsed.format, Some(ConfigFormat::EtcdConfig));
        let slots: Vec<_> = parsed.usages.iter().map(|u| u.slot).collect();
        assert_eq!(slots, vec![Slot::ServingCert, Slot::PeerCert]);
        assert_eq!(parsed.members[0].name.as_deref(), Some("m1"));
        assert_eq!(parsed.members[0].client_cert_auth, Some(true));
    }

    #[test]
    fn flags_in_free_text_and_env_files() {
        let text = "ExecStart=/usr/bin/etcd \\\n  --cert-file /s.crt \\\n  --key-file=/s.key\nETCD_TRUSTED_CA_FILE=/ca.crt\nexport ETCDCTL_CERT=/c.crt\n";
        let parsed = parse_flags_text(text, &src()).unwrap();
        let flags: Vec<_> = parsed
            .usages
            .iter()
            .map(|u| (u.flag.as_str(), u.path.as_str()))
            .collect();
        assert_eq!(
            flags,
            vec![
                ("--cert-file", "/s.crt"),
                ("--key-file", "/s.key"),
                ("--trusted-ca-file", "/ca.crt"),
                ("--cert", "/c.crt")
            ]
        );
        assert!(parse_flags_text("hello world", &src()).is_none());
    }

    #[test]
    fn broken_yaml_is_an_error_with_a_line() {
        let err = parse_structured("kind: Secret\ndata: [\n", &src()).unwrap_err();
        assert!(err.0 >= 1);
    }

    #[test]
    fn a_systemd_unit_names_flags_variables_and_environment_files() {
        let unit = "[Unit]\nDescription=etcd\n[Service]\nType=notify\nEnvironmentFile=-/etc/default/etcd\nEnvironmentFile=/etc/etcd/tls.env\nEnvironment=\"ETCD_PEER_CERT_FILE=/p.crt\" \"ETCD_PEER_KEY_FILE=/p.key\"\nEnvironment=ETCD_TRUSTED_CA_FILE=/ca.crt\nExecStart=etcd \\\n  --cert-file=/s.crt \\\n  --key-file=${ETCD_KEY}\n";
        let parsed = parse_flags_text(unit, &src()).unwrap();
        let flags: Vec<_> = parsed
            .usages
            .iter()
            .map(|u| (u.program, u.flag.as_str(), u.path.as_str()))
            .collect();
        assert_eq!(
            flags,
            vec![
                (Program::Etcd, "--peer-cert-file", "/p.crt"),
                (Program::Etcd, "--peer-key-file", "/p.key"),
                (Program::Etcd, "--trusted-ca-file", "/ca.crt"),
                // `--key-file=${ETCD_KEY}` is filled in by systemd: no path to follow.
                (Program::Etcd, "--cert-file", "/s.crt"),
            ]
        );
        let settings: Vec<_> = parsed.settings.iter().map(|s| (s.path.as_str(), s.optional)).collect();
        assert_eq!(
            settings,
            vec![("/etc/default/etcd", true), ("/etc/etcd/tls.env", false)]
        );
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        // `ExecStart=etcd` without a folder is still etcd.
        assert_eq!(parsed.members.len(), 1);
    }

    #[test]
    fn etcd_names_its_config_file_by_flag_or_variable() {
        for text in [
            "ExecStart=/usr/bin/etcd --config-file /etc/etcd/etcd.conf.yml\n",
            "ETCD_CONFIG_FILE=/etc/etcd/etcd.conf.yml\n",
        ] {
            let parsed = parse_flags_text(text, &src()).unwrap();
            assert_eq!(parsed.settings.len(), 1, "{text}");
            assert_eq!(parsed.settings[0].path, "/etc/etcd/etcd.conf.yml");
            assert_eq!(parsed.settings[0].named_by, "etcd --config-file");
        }
    }

    #[test]
    fn an_environment_file_sets_one_member_line_by_line() {
        // Kubespray's /etc/etcd.env: each setting on a line of its own, and etcdctl's too.
        let text = "ETCD_NAME=etcd1\nETCD_DATA_DIR=/var/lib/etcd\nETCD_TRUSTED_CA_FILE=/ssl/ca.pem\nETCD_CLIENT_CERT_AUTH=true\nETCD_PEER_CLIENT_CERT_AUTH=false\nETCDCTL_CERT=/ssl/admin.pem\n";
        let parsed = parse_flags_text(text, &src()).unwrap();
        assert_eq!(parsed.members.len(), 1, "{:?}", parsed.members);
        let member = &parsed.members[0];
        assert_eq!(member.name.as_deref(), Some("etcd1"));
        assert_eq!(member.client_cert_auth, Some(true));
        assert_eq!(member.peer_client_cert_auth, Some(false));
        assert!(member.has_trusted_ca);
        // etcdctl's variables alone describe no member.
        let ctl = parse_flags_text("ETCDCTL_CERT=/ssl/admin.pem\nETCDCTL_KEY=/ssl/admin-key.pem\n", &src()).unwrap();
        assert!(ctl.members.is_empty(), "{:?}", ctl.members);
    }

    #[test]
    fn etcd_config_keys_are_etcds_own() {
        // etcd 3.5's client-cert-file pair, and a top-level cert-file etcd ignores.
        let yaml = "name: m1\ncert-file: /top.crt\nclient-transport-security:\n  cert-file: /s.crt\n  client-cert-file: /c.crt\n  client-key-file: /c.key\npeer-transport-security:\n  trusted-ca-file: /ca.crt\n  client-cert-auth: true\n";
        let parsed = parse_structured(yaml, &src()).unwrap().unwrap();
        let flags: Vec<_> = parsed.usages.iter().map(|u| (u.flag.as_str(), u.slot)).collect();
        assert_eq!(
            flags,
            vec![
                ("--cert-file", Slot::ServingCert),
                ("--cert-file", Slot::ServingCert),
                ("--client-cert-file", Slot::ClientCert),
                ("--client-key-file", Slot::ClientKey),
                ("--peer-trusted-ca-file", Slot::PeerCa),
            ]
        );
        assert_eq!(parsed.members[0].peer_client_cert_auth, Some(true));
        assert_eq!(parsed.problems.len(), 1);
        assert!(
            parsed.problems[0].1.contains("ignores a top-level `cert-file`"),
            "{:?}",
            parsed.problems
        );
    }

    #[test]
    fn kubeconfig_paths_resolve_against_its_folder_as_kubectl_does() {
        let yaml = "kind: Config\nclusters:\n- cluster:\n    certificate-authority: ca.crt\nusers:\n- user:\n    client-certificate: ./users/admin.crt\n    client-key: /abs/admin.key\n";
        let paths = |name: &str| -> Vec<String> {
            let parsed = parse_structured(yaml, &Source::file(name)).unwrap().unwrap();
            parsed.usages.into_iter().map(|u| u.path).collect()
        };
        assert_eq!(
            paths("/home/me/.kube/config"),
            vec![
                "/home/me/.kube/ca.crt",
                "/home/me/.kube/users/admin.crt",
                "/abs/admin.key"
            ]
        );
        // A kubeconfig without a folder (stdin, the current folder) keeps them as written.
        assert_eq!(paths("-"), vec!["ca.crt", "./users/admin.crt", "/abs/admin.key"]);
    }

    #[test]
    fn unit_specifiers_come_from_the_unit_file_name() {
        // Debian's etcd.service.
        let unit = "[Service]\nEnvironment=ETCD_NAME=%H\nEnvironmentFile=-/etc/default/%p\nExecStart=/usr/bin/etcd $DAEMON_ARGS\n";
        let parsed = parse_flags_text(unit, &Source::file("/lib/systemd/system/etcd.service")).unwrap();
        assert_eq!(parsed.settings.len(), 1);
        assert_eq!(parsed.settings[0].path, "/etc/default/etcd");
        assert!(parsed.settings[0].optional);
        let templated = "[Service]\nEnvironmentFile=/etc/etcd/%i.env\nEnvironmentFile=/etc/%H.env\n";
        let parsed = parse_flags_text(templated, &Source::file("etcd@main.service")).unwrap();
        let paths: Vec<_> = parsed.settings.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(paths, vec!["/etc/etcd/main.env"]);
    }
}
