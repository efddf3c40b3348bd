//! The rules: what is wrong with one etcdctl invocation, and the corrected command.
//!
//! Each rule reads the *intended* settings (the values after the fixes of earlier rules), so a
//! typo in the CA's path is fixed before the CA is judged, and the corrected command is built
//! from one plan of edits. Untouched words keep the user's quoting.

use time::OffsetDateTime;

use super::etcdctl::{self, Parsed};
use super::files::{self, FileFact, FileHost, TlsFiles};
use super::paths::{self, Layout, Placed};
use super::shell::{self, Word};
use super::v2;
use super::{CheckFinding, CheckId, CommandCheck, Environment, PodKind, RunsIn, Site, Target, assignment};
use crate::finding::{FindingId, Severity};

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Origin {
    /// A flag (index into `Parsed::flags`).
    Flag(usize),
    /// `ETCDCTL_X=…` before etcdctl in the same command (index into the segment's words).
    Prefix(usize),
    /// Exported earlier on this host.
    Exported,
    /// Set in the pod by its distribution (OpenShift's etcd pod sets `ETCDCTL_CACERT` and
    /// the rest).
    Pod,
    /// Set where etcdctl will not see it (not exported, dropped by sudo, left on the host):
    /// what the user meant, not what etcdctl gets.
    Lost,
}

#[derive(Debug, Clone)]
struct Setting {
    value: String,
    origin: Origin,
}

/// The settings etcdctl's TLS behaviour depends on.
const SETTINGS: &[&str] = &[
    "endpoints",
    "cacert",
    "cert",
    "key",
    "insecure-skip-tls-verify",
    "insecure-transport",
    "user",
    "password",
    "dial-timeout",
    "command-timeout",
    "write-out",
];

fn env_name(flag: &str) -> String {
    format!("ETCDCTL_{}", flag.to_ascii_uppercase().replace('-', "_"))
}

/// The flag an `ETCDCTL_*` variable sets, if etcdctl 3.4 reads it.
fn flag_of_env(name: &str) -> Option<&'static str> {
    etcdctl::GLOBAL_FLAGS
        .iter()
        .map(|f| f.name)
        .find(|f| env_name(f) == name)
}

/// The edits that make the corrected command.
#[derive(Debug, Default)]
struct Plan {
    /// Flags to write with these values (replacing the flag where it is, or added; a setting
    /// whose variable is exported is set before etcdctl instead).
    set: Vec<(&'static str, String)>,
    /// Flags (indices) to leave out.
    remove: Vec<usize>,
    /// Flags (indices) to write under another name.
    rename: Vec<(usize, &'static str)>,
    /// The command words to write instead of the first `n` positionals (or to add).
    command: Option<(usize, Vec<String>)>,
    /// Words before etcdctl to leave out (indices into the segment's words).
    drop_lead: Vec<usize>,
    /// Put `ETCDCTL_API=3` before etcdctl.
    api3: bool,
    /// Add `-n kube-system` to kubectl.
    namespace: bool,
    /// Add `--network host` to `docker run`.
    host_network: bool,
    /// Folders of the host to mount into a new container (`docker run -v DIR:DIR:ro`).
    mounts: Vec<String>,
    /// Use this word for the pod.
    pod: Option<String>,
    /// Words after etcdctl (indices) written `\ --flag`: to write without the escaped space.
    unescape: Vec<usize>,
    /// Put `--` between `kubectl exec POD` and the command.
    dashes: bool,
    /// The command as it has to be run where the program it names is missing (RKE2's etcd
    /// container instead of the host's gone etcdctl, etcdctl without the image's missing
    /// shell): reviewed in its turn, its correction is the corrected command.
    working_form: Option<String>,
    /// Settings the pod sets whose flag named another value on purpose (`--endpoints` of one
    /// member, where the pod lists them all): given as the variable for this command alone
    /// (`docker exec -e`, `env NAME=… etcdctl`), which etcdctl accepts.
    env_kept: Vec<&'static str>,
    /// A new container of an etcd image older than 3.4 gets `-e ETCDCTL_API=3`.
    image_api3: bool,
}

impl Plan {
    fn changes(&self) -> bool {
        !self.set.is_empty()
            || !self.remove.is_empty()
            || !self.rename.is_empty()
            || self.command.is_some()
            || !self.drop_lead.is_empty()
            || self.namespace
            || self.host_network
            || !self.mounts.is_empty()
            || !self.unescape.is_empty()
            || self.pod.is_some()
            || self.dashes
            || self.working_form.is_some()
            || self.image_api3
    }
}

struct Review<'a> {
    site: &'a Site,
    /// The words after etcdctl, expanded.
    args: Vec<String>,
    parsed: Parsed,
    settings: Vec<(&'static str, Setting)>,
    plan: Plan,
    findings: Vec<CheckFinding>,
    runs_in: RunsIn,
    /// talosctl appeared in the snippet: the cluster is Talos's.
    talos: bool,
    /// Settings whose `ETCDCTL_*` variable is exported in the shell etcdctl starts from. A flag
    /// for one of them makes etcdctl 3.4 stop (`conflicting environment variable`), so the
    /// corrected command gives them as `ETCDCTL_X=… etcdctl`, which replaces the exported
    /// value for that one command.
    exported: Vec<&'static str>,
    /// ETCDCTL_API=2 with a v2 command line, which etcdctl 3.4 runs as written: v3's rules and
    /// corrections do not apply to it.
    v2_mode: bool,
    /// Variables the pod sets that were `unset` in its shell before the command.
    unset_in_pod: Vec<String>,
}

impl Review<'_> {
    fn get(&self, name: &str) -> Option<&Setting> {
        self.settings.iter().find(|(n, _)| *n == name).map(|(_, s)| s)
    }

    /// The value etcdctl will use after the fixes so far (lost variables included: they
    /// show what was meant).
    fn intended(&self, name: &str) -> Option<String> {
        if let Some((_, v)) = self.plan.set.iter().rev().find(|(n, _)| *n == name) {
            return (!v.is_empty()).then(|| v.clone());
        }
        self.get(name).map(|s| s.value.clone())
    }

    fn set(&mut self, name: &'static str, value: impl Into<String>) {
        let value = value.into();
        self.plan.set.retain(|(n, _)| *n != name);
        self.plan.set.push((name, value));
    }

    fn say(&mut self, finding: CheckFinding) {
        if !self
            .findings
            .iter()
            .any(|f| f.id == finding.id && f.message == finding.message)
        {
            self.findings.push(finding);
        }
    }

    fn has(&self, id: CheckId) -> bool {
        self.findings.iter().any(|f| f.id == id)
    }

    /// `-h`/`--help` anywhere: cobra prints the command's help before it runs anything.
    fn asks_help(&self) -> bool {
        self.parsed.value("help").and_then(|f| f.value.as_deref()) == Some("true")
    }

    fn connects(&self) -> bool {
        // v2's `backup` copies a data directory on this machine.
        let v2_backup =
            self.parsed.command.is_none() && self.parsed.positionals.first().is_some_and(|(_, p)| p == "backup");
        !v2_backup
            && !self.asks_help()
            && !matches!(
                self.parsed.command.map(|c| c.path),
                Some(["version"] | ["snapshot", "status"] | ["snapshot", "restore"] | ["migrate"])
            )
    }

    /// The layout the command's paths follow (kubeadm when nothing says otherwise).
    fn layout(&self) -> (Layout, String) {
        // Pods whose files are known by the pod, not by kubeadm's paths.
        match self.pod_kind() {
            Some(PodKind::KopsEtcdManager) => return (paths::KOPS, "/rootfs/srv/".into()),
            Some(PodKind::HostedControlPlane) => return (paths::HOSTED_CONTROL_PLANE, "/etc/etcd/".into()),
            _ => {}
        }
        for name in ["cacert", "cert", "key"] {
            if let Some(p) = self.intended(name).and_then(|v| paths::place(&v)) {
                return (p.layout, p.base);
            }
        }
        if self.talos {
            return (paths::TALOS, "/system/".into());
        }
        // A container beside Rancher's (`docker run --net=container:rancher`, or with its
        // /var/lib/rancher): the k3s Rancher runs inside, with k3s's files.
        if let Some(t) = self.site.target().filter(|t| t.runs_in == RunsIn::Container)
            && (t.network_of.as_deref() == Some("rancher")
                || (t.mounts.iter().flatten()).any(|m| m.starts_with("/var/lib/rancher")))
        {
            return (paths::K3S, format!("{}/", paths::K3S.root));
        }
        // minikube's etcd pod (`etcd-minikube`, `etcd-<profile>` with `-p`) has kubeadm's files
        // under minikube's folder.
        // Docker Desktop's (`etcd-docker-desktop`) under /run/config.
        let pod = self.site.target().map(|t| t.name.trim_start_matches("pod/"));
        let layout = match pod {
            Some("etcd-minikube") => paths::MINIKUBE,
            Some("etcd-docker-desktop") => paths::DOCKER_DESKTOP,
            _ => paths::KUBEADM,
        };
        (layout, format!("{}/", layout.root))
    }

    fn pod_kind(&self) -> Option<PodKind> {
        self.site.target().and_then(Target::pod_kind)
    }

    /// Whether etcdctl runs where etcd is known to speak TLS with client certificates: an etcd
    /// pod or container, not some other pod whose etcd and settings are not known here.
    fn in_etcd_pod(&self) -> bool {
        match self.runs_in {
            RunsIn::Pod => self.pod_kind() != Some(PodKind::Other),
            // A container known by an id alone (`crictl exec 7c1862dfece7e`) may be any
            // distribution's (OpenShift's sets etcdctl's variables): only one named for etcd.
            // On a Kubernetes node (crictl) a container named for etcd is the etcd pod's; RKE's
            // (`docker exec etcd`) is known by its name. Any other (`podman exec etcd-server`,
            // `docker exec etcd-1` of a compose file) is some etcd of its own.
            // A new container (`docker run etcdctl`) is judged by its own rules (network, mounts).
            RunsIn::Container => self.site.target().is_some_and(|t| {
                (t.via.starts_with("crictl") && t.name.contains("etcd"))
                    || t.etcd_pod().is_some()
                    || (t.via.ends_with(" run") && !t.via.contains(" compose "))
            }),
            _ => false,
        }
    }

    /// Whether the layout's least-privileged client pair is where the command runs: RKE2's
    /// etcd pod mounts only etcd's own pairs, so there its server pair is the one to use.
    fn client_pair_at_hand(&self, p: &Placed) -> bool {
        self.runs_in == RunsIn::Host
            || p.layout.pod_mounts.is_empty()
            || paths::inside(&p.client_pair().0, p.layout.pod_mounts)
    }

    /// The folder of a TLS file the command names where no known layout keeps it (a hand-made
    /// PKI's `/etc/etcd/ssl`): there, kubeadm's paths would be a guess.
    fn unknown_pki_folder(&self) -> Option<String> {
        if self.talos
            || matches!(
                self.pod_kind(),
                Some(PodKind::KopsEtcdManager | PodKind::HostedControlPlane)
            )
        {
            return None;
        }
        let values: Vec<String> = ["cacert", "cert", "key"]
            .iter()
            .filter_map(|n| self.intended(n))
            .collect();
        if values.iter().any(|v| paths::place(v).is_some()) {
            return None;
        }
        if let Some(folder) = values.iter().find_map(|v| {
            v.rsplit_once('/')
                .map(|(folder, _)| if folder.is_empty() { "/" } else { folder }.to_string())
        }) {
            return Some(folder);
        }
        // Bare file names (`--cert client.crt`): the folder etcdctl runs in.
        if !values.is_empty() {
            return Some("the folder etcdctl runs in".into());
        }
        // etcd's own users (`--user test:test`, `role add`, `auth enable`): kube-apiserver
        // signs in to etcd with its client certificate alone and has no setting for a user,
        // so an etcd run with users and no file named is some etcd of its own.
        let users = self.intended("user").is_some()
            || self.intended("password").is_some()
            || matches!(self.parsed.path.first().copied(), Some("user" | "role" | "auth"));
        if users && self.site.target().is_none() {
            return Some("etcd's own certificate folder".into());
        }
        // Nothing named, in a container or pod whose etcd and files are not known here
        // (`podman exec etcd-server`, `kubectl exec $POD`): kubeadm's would be a guess.
        self.site
            .target()
            .filter(|t| {
                matches!(t.runs_in, RunsIn::Container | RunsIn::Pod)
                    && (!t.via.ends_with(" run") || t.via.contains(" compose "))
                    && !self.in_etcd_pod()
                    && t.etcd_pod().is_none()
            })
            .map(|t| format!("{}'s own files", t.name))
    }

    fn placed(&self, name: &str) -> Option<Placed> {
        self.intended(name).and_then(|v| paths::place(&v))
    }

    fn etcd_file(&self, file: &str) -> String {
        let (layout, base) = self.layout();
        format!("{base}{}/{file}", layout.etcd_dir)
    }
}

/// `talosctl … etcd …`: Talos' own client, not etcdctl. It is said so, and nothing of etcdctl's
/// is checked: talosctl asks the node's Talos API (apid, with talosconfig's credentials) to
/// act on etcd, and takes no etcd certificate.
pub(crate) fn talosctl(line: &str, segment: &shell::Segment) -> Option<CommandCheck> {
    let words: Vec<&str> = segment.words.iter().map(|w| w.value.as_str()).collect();
    let at = words.iter().position(|w| w.rsplit('/').next() == Some("talosctl"))?;
    let etcd = words[at + 1..].iter().position(|w| *w == "etcd")? + at + 1;
    // talosctl's options that take a value (`--nodes 10.0.0.2`, `-n 10.0.0.2`); the others
    // are switches.
    let valued = [
        "-n",
        "--nodes",
        "-e",
        "--endpoints",
        "--talosconfig",
        "--context",
        "--cluster",
    ];
    let mut positionals: Vec<usize> = Vec::new();
    let mut i = etcd + 1;
    while i < words.len() {
        let w = words[i];
        if valued.contains(&w) {
            i += 1;
        } else if !w.starts_with('-') {
            positionals.push(i);
        }
        i += 1;
    }
    let what = positionals.first().map(|&i| words[i]).unwrap_or("");
    let mut findings = Vec::new();
    let mut drop: Option<usize> = None;
    let args: Vec<&str> = positionals.iter().skip(1).map(|&i| words[i]).collect();
    // talosctl's `etcd` commands (cmd/talosctl/cmd/talos/etcd.go); Talos restores etcd from
    // a snapshot with `talosctl bootstrap --recover-from`, not with an etcd command.
    const KNOWN: &[&str] = &[
        "members",
        "status",
        "snapshot",
        "remove-member",
        "leave",
        "forfeit-leadership",
        "defrag",
        "alarm",
        "downgrade",
    ];
    const LIST: &str = "members, status, snapshot <path>, remove-member <member ID>, leave, forfeit-leadership, defrag, alarm list|disarm, downgrade validate|enable <version>|cancel";
    const RECOVER: &str = "Talos restores etcd from a snapshot with `talosctl -n <IP> bootstrap --recover-from=<snapshot>`, on one control-plane node (Talos' disaster recovery guide)";
    if !what.is_empty() && !KNOWN.contains(&what) {
        let fix = match what {
            "restore" | "recover" => format!("{RECOVER}."),
            "member" | "member-list" | "list" => "Use `talosctl etcd members`.".to_string(),
            _ => format!("Use one of {LIST}."),
        };
        findings.push(CheckFinding::new(
            CheckId::UnknownCommand,
            format!("talosctl has no `etcd {what}`: its etcd commands are {LIST}. With another word it prints the help of `talosctl etcd` and does nothing (exit 0, as cobra treats a subcommand's unknown word)."),
            fix,
        ));
    } else if what == "snapshot" {
        match args[..] {
            ["save" | "create", _] => {
                findings.push(CheckFinding::new(
                    CheckId::WrongArguments,
                    format!("`talosctl etcd snapshot` takes one argument, the path to write the snapshot to: there is no `snapshot {}`, and talosctl refuses two (`accepts 1 arg(s), received 2`).", args[0]),
                    format!("Leave `{}` out: `talosctl etcd snapshot {}` (the corrected command does).", args[0], args[1]),
                ));
                drop = positionals.get(1).copied();
            }
            ["list" | "ls" | "status" | "restore"] => {
                let more = if args[0] == "restore" {
                    format!(" {RECOVER}.")
                } else {
                    " Talos keeps no list of snapshots: each is the file it was saved to.".to_string()
                };
                findings.push(
                    CheckFinding::new(
                        CheckId::WrongArguments,
                        format!("`talosctl etcd snapshot {0}` saves a new snapshot to a file named `{0}`: the one argument of `snapshot` is the path to write.{more}", args[0]),
                        "Give the snapshot's path: `talosctl -n <IP> etcd snapshot db.snapshot`.",
                    )
                    .at(Severity::Warning),
                );
            }
            [_] => {}
            _ => findings.push(CheckFinding::new(
                CheckId::WrongArguments,
                format!("`talosctl etcd snapshot` takes one argument, the path to write the snapshot to (talosctl refuses {}: `accepts 1 arg(s), received {}`).", args.len(), args.len()),
                "Give the snapshot's path: `talosctl -n <IP> etcd snapshot db.snapshot`.",
            )),
        }
    } else if what == "downgrade" {
        // etcdDowngradeCmd: validate <version> and enable <version> (cobra.ExactArgs(1)), cancel
        // (cobra.NoArgs); `downgrade` alone, or another word, prints its help.
        match args[..] {
            ["validate" | "enable", _] | ["cancel"] => {}
            [sub @ ("validate" | "enable"), ..] => findings.push(CheckFinding::new(
                CheckId::WrongArguments,
                format!("`talosctl etcd downgrade {sub}` takes one argument, the etcd version to go back to (talosctl refuses {}: `accepts 1 arg(s), received {}`).", args.len() - 1, args.len() - 1),
                format!("Give the version: `talosctl -n <IP> etcd downgrade {sub} 3.5`."),
            )),
            ["cancel", ..] => findings.push(CheckFinding::new(
                CheckId::WrongArguments,
                format!("`talosctl etcd downgrade cancel` takes no arguments (talosctl refuses {}: `unknown command`).", args.len() - 1),
                "Leave them out: `talosctl -n <IP> etcd downgrade cancel`.",
            )),
            _ => findings.push(CheckFinding::new(
                CheckId::UnknownCommand,
                "`talosctl etcd downgrade` needs `validate <version>`, `enable <version>` or `cancel`: alone, or with another word, it prints its help and does nothing.",
                "Use `talosctl -n <IP> etcd downgrade validate 3.5`, then `downgrade enable 3.5`.",
            )),
        }
    } else if what == "alarm" && !matches!(args.first(), Some(&("list" | "disarm"))) {
        findings.push(CheckFinding::new(
            CheckId::UnknownCommand,
            "`talosctl etcd alarm` needs `list` or `disarm`: alone, or with another word, it prints its help and does nothing.",
            "Use `talosctl etcd alarm list` (or `alarm disarm`).",
        ));
    }
    // `--nodes <control-plane-ip>` from the notes: bash reads `<` as a redirection.
    for (j, w) in words.iter().enumerate().skip(at + 1) {
        if let Some(name) = shell::placeholder(w) {
            let flag = words[j - 1];
            let flag = if flag.starts_with('-') {
                format!("{flag} ")
            } else {
                String::new()
            };
            findings.push(CheckFinding::new(
                CheckId::Placeholder,
                format!("{flag}{w} is a placeholder from the documentation: the shell takes its `<` and `>` for redirections and stops (`bash: {name}: No such file or directory`)."),
                "Put the node's address there (`talosctl -n 10.0.0.2 …`).",
            ));
        }
    }
    let corrected = drop.map(|d| {
        (segment.words.iter().enumerate())
            .filter(|(i, _)| *i != d)
            .map(|(_, w)| w.raw.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    });
    Some(CommandCheck {
        command: segment.text(line).to_string(),
        runs_in: RunsIn::Host,
        target: None,
        does: format!(
            "talosctl, not etcdctl: Talos' own client asks the nodes' Talos API (apid, with talosconfig's credentials) to run `etcd {what}` there; no etcdctl flag or etcd certificate takes part, so only talosctl's etcd command and its arguments are checked"
        ),
        findings,
        corrected,
    })
}

/// `etcdutl …` (etcd 3.5's offline tool, which the Kubernetes docs now give for `snapshot
/// restore`): files on this machine, no connection and no certificate. Only its documentation
/// placeholders are checked.
pub(crate) fn etcdutl(line: &str, segment: &shell::Segment) -> Option<CommandCheck> {
    let words: Vec<&str> = segment.words.iter().map(|w| w.value.as_str()).collect();
    let at = words.iter().position(|w| w.rsplit('/').next() == Some("etcdutl"))?;
    let args = &words[at + 1..];
    let verb: Vec<&str> = args
        .iter()
        .copied()
        .filter(|a| !a.starts_with('-') && !a.contains('<'))
        .take(2)
        .collect();
    let what = match verb[..] {
        ["snapshot", "restore", ..] => "restores a snapshot file into a new data directory",
        ["snapshot", "status", ..] => "shows a snapshot file's hash, revision, keys and size",
        ["defrag", ..] => "defragments a stopped member's data directory",
        ["backup", ..] => "backs up a data directory",
        ["hashkv", ..] => "prints the hash of a data directory's keys",
        ["migrate", ..] => "migrates a data directory's storage version",
        _ => "works on etcd's files",
    };
    let mut findings = Vec::new();
    for (j, arg) in args.iter().enumerate() {
        let Some(name) = shell::placeholder(arg) else { continue };
        let flag = args[..j]
            .last()
            .filter(|f| f.starts_with("--") && !f.contains('='))
            .copied();
        let flag = flag.or_else(|| arg.split_once('=').map(|(f, _)| f).filter(|f| f.starts_with("--")));
        let fix = if flag == Some("--data-dir") {
            "Put the path there: for `snapshot restore`, a new data directory that does not exist yet (etcd's own stays untouched until you point etcd at the new one)."
        } else {
            "Put the file's path there."
        };
        findings.push(CheckFinding::new(
            CheckId::Placeholder,
            format!("{}{arg} is a placeholder from the documentation, not a path: the shell takes its `<` and `>` for redirections and stops (`bash: {name}: No such file or directory`).", flag.map(|f| format!("{f} ")).unwrap_or_default()),
            fix,
        ));
    }
    Some(CommandCheck {
        command: segment.text(line).to_string(),
        runs_in: RunsIn::Host,
        target: None,
        does: format!(
            "etcdutl, not etcdctl: {what} on this machine, with no connection and no certificate (only its placeholders are checked)"
        ),
        findings,
        corrected: None,
    })
}

/// `k3s etcd-snapshot …` and `rke2 etcd-snapshot …`: the distribution's own snapshot command,
/// which asks its embedded etcd through the server's own credentials; no etcdctl flag or
/// certificate takes part. Its subcommands and flags are k3s's (`pkg/cli/cmds/etcd_snapshot.go`
/// NewEtcdSnapshotCommands: save, delete, ls with its aliases list and l, prune; `delete`
/// without a name fails with `no snapshots given for removal`, `pkg/cli/etcdsnapshot`). A
/// snapshot is restored by `k3s server --cluster-reset --cluster-reset-restore-path=<file>`,
/// not by an etcd-snapshot subcommand.
pub(crate) fn distribution_snapshot(line: &str, segment: &shell::Segment) -> Option<CommandCheck> {
    let words: Vec<&str> = segment.words.iter().map(|w| w.value.as_str()).collect();
    let at = words
        .iter()
        .position(|w| matches!(w.rsplit('/').next(), Some("k3s" | "rke2")))?;
    if words.get(at + 1) != Some(&"etcd-snapshot") {
        return None;
    }
    let program = words[at].rsplit('/').next().unwrap_or("k3s");
    // The flags that take a value (EtcdSnapshotFlags, ls' --output, prune's
    // --snapshot-retention); the others are switches.
    let valued = |f: &str| {
        let name = f.trim_start_matches('-');
        let name = name.strip_prefix("etcd-").unwrap_or(name);
        !f.contains('=')
            && matches!(
                name,
                "config"
                    | "c"
                    | "log"
                    | "l"
                    | "node-name"
                    | "data-dir"
                    | "d"
                    | "dir"
                    | "snapshot-dir"
                    | "name"
                    | "s3-endpoint"
                    | "s3-endpoint-ca"
                    | "s3-access-key"
                    | "s3-secret-key"
                    | "s3-bucket"
                    | "s3-region"
                    | "s3-folder"
                    | "s3-timeout"
                    | "o"
                    | "output"
                    | "snapshot-retention"
            )
    };
    let mut positionals: Vec<&str> = Vec::new();
    let mut i = at + 2;
    while i < words.len() {
        let w = words[i];
        if w.starts_with('-') {
            if valued(w) {
                i += 1;
            }
        } else {
            positionals.push(w);
        }
        i += 1;
    }
    let what = positionals.first().copied().unwrap_or("");
    let args = positionals.get(1..).unwrap_or(&[]);
    let dir = format!("/var/lib/rancher/{program}/server/db/snapshots");
    let restore = format!(
        "a snapshot is restored by `{program} server --cluster-reset --cluster-reset-restore-path=<snapshot>` on one server, with {program} stopped"
    );
    let list = "save, delete <snapshot>…, ls (list, l), prune";
    let mut findings = Vec::new();
    let mut corrected = None;
    let does = match what {
        "save" => format!(
            "saves a snapshot of the embedded etcd to {dir} (or --dir), named <name>-<node>-<time> (the name is --name's, on-demand by default)"
        ),
        "ls" | "list" | "l" => format!("lists the snapshots in {dir} (and S3's, with --s3)"),
        "delete" if args.is_empty() => "deletes no snapshot (none is named)".to_string(),
        "delete" => format!("deletes the snapshots named {}", args.join(" ")),
        "prune" => {
            // `--snapshot-retention 10`, `--etcd-snapshot-retention=10`: the number kept.
            let retention = words[at + 2..].iter().enumerate().find_map(|(j, w)| {
                let name = w.trim_start_matches('-');
                let name = name.strip_prefix("etcd-").unwrap_or(name);
                match name.split_once('=') {
                    Some(("snapshot-retention", v)) => Some(v.to_string()),
                    None if name == "snapshot-retention" && w.starts_with('-') => {
                        words.get(at + 3 + j).map(|v| v.to_string())
                    }
                    _ => None,
                }
            });
            match retention {
                Some(n) => format!("deletes the on-demand snapshots beyond the newest {n} (--snapshot-retention)"),
                None => {
                    "deletes the on-demand snapshots beyond the newest 5 (--snapshot-retention's default)".to_string()
                }
            }
        }
        "" => {
            findings.push(
                CheckFinding::new(
                    CheckId::UnknownCommand,
                    format!("`{program} etcd-snapshot` alone saves nothing in current releases: it prints its subcommands ({list}). Older releases took it for `save`."),
                    format!("Write `{program} etcd-snapshot save` (the corrected command does)."),
                )
                .at(Severity::Warning),
            );
            let etcd_snapshot = segment.words[at + 1].raw.as_str();
            corrected = Some(
                (segment.words.iter())
                    .map(|w| w.raw.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
                    .replacen(etcd_snapshot, &format!("{etcd_snapshot} save"), 1),
            );
            "prints the etcd-snapshot subcommands".to_string()
        }
        other => {
            let fix = if matches!(other, "restore" | "recover") {
                format!("There is no `{other}`: {restore}.")
            } else {
                format!("Use one of {list}.")
            };
            findings.push(CheckFinding::new(
                CheckId::UnknownCommand,
                format!("`{program} etcd-snapshot` has no `{other}`: its subcommands are {list}, so {program} does nothing with it but answer with its help."),
                fix,
            ));
            format!("does nothing: `{other}` is no etcd-snapshot subcommand")
        }
    };
    if what == "delete" && args.is_empty() {
        findings.push(CheckFinding::new(
            CheckId::WrongArguments,
            format!("`{program} etcd-snapshot delete` needs the names of the snapshots to delete (as `{program} etcd-snapshot ls` prints them): without one it stops with `no snapshots given for removal`."),
            format!("Name them: `{program} etcd-snapshot delete <snapshot name>`."),
        ));
    }
    let name = if program == "rke2" { "RKE2" } else { "k3s" };
    Some(CommandCheck {
        command: segment.text(line).to_string(),
        runs_in: RunsIn::Host,
        target: None,
        does: format!(
            "{name}'s own snapshot command, not etcdctl: on a {name} server node, as root, it {does}; the server's embedded etcd is reached with {name}'s own credentials, so no etcdctl flag or etcd certificate takes part (only the subcommand and its arguments are checked)"
        ),
        findings,
        corrected,
    })
}

/// Reviews one invocation.
pub(crate) fn review(site: &Site, env: &Environment, host: &dyn FileHost, now: OffsetDateTime) -> CommandCheck {
    let runs_in = site.runs_in();
    let expand = |w: &Word| -> String {
        if w.raw.starts_with('\'') {
            w.value.clone()
        } else {
            env.expand(&w.value)
        }
    };
    let written: Vec<String> = site.words[site.call + 1..].iter().map(expand).collect();
    // `snapshot save \ --cacert=…` (a runbook's continuations flattened onto one line): `\ ` is
    // an escaped space, so etcdctl gets ` --cacert=…`, an argument. The rules judge what was
    // meant; what etcdctl gets is said below.
    let escaped_space: Vec<usize> = (site.words[site.call + 1..].iter().enumerate())
        .filter(|(_, w)| w.raw.starts_with("\\ ") && w.value.trim_start().len() < w.value.len())
        .map(|(j, _)| j)
        .collect();
    let args: Vec<String> = (written.iter().enumerate())
        .map(|(j, a)| {
            if escaped_space.contains(&j) {
                a.trim_start().to_string()
            } else {
                a.clone()
            }
        })
        .collect();
    let parsed = etcdctl::parse(&args);
    let mut r = Review {
        site,
        args,
        parsed,
        settings: Vec::new(),
        plan: Plan::default(),
        findings: Vec::new(),
        runs_in,
        talos: env.talos,
        exported: Vec::new(),
        v2_mode: false,
        unset_in_pod: Vec::new(),
    };

    arguments(&mut r, &written, escaped_space);
    ignored_arguments(&mut r);
    compaction_revision(&mut r);
    let api = read_environment(&mut r, env);
    // `ETCDCTL_API=3 sudo etcdctl` (inquisitivefrog/kubernetes' notes): the assignment is
    // sudo's environment, which sudo resets before etcdctl starts.
    let before_sudo = site
        .sudo
        .filter(|_| site.shell.is_none())
        .and_then(|s| (site.words[..s].iter()).find(|w| assignment(&w.value).is_some_and(|(n, _)| n == "ETCDCTL_API")));
    let api_lost_to_sudo = api.is_none()
        && site.sudo.is_some()
        && !site.sudo_keeps_env
        && (before_sudo.is_some() || env.exported.iter().any(|(n, _)| n == "ETCDCTL_API"));
    rules_for_syntax(&mut r, api.as_deref());
    rules_for_placeholders(&mut r);
    if api_lost_to_sudo && let Some(f) = r.findings.iter_mut().find(|f| f.id == CheckId::EtcdctlApiV2) {
        match before_sudo {
            Some(w) => f.message.push_str(&format!(
                " `{}` before sudo does not reach it: sudo resets the environment.",
                w.raw
            )),
            None => f
                .message
                .push_str(" The exported ETCDCTL_API does not reach it: sudo resets the environment."),
        }
        f.fix = "Put ETCDCTL_API=3 after sudo: `sudo ETCDCTL_API=3 etcdctl …`.".into();
    }
    if !r.v2_mode {
        rules_for_data(&mut r);
        rules_for_paths(&mut r);
        rules_for_pod(&mut r);
        missing_program(&mut r);
        rules_for_endpoints(&mut r);
        rules_for_identity(&mut r);
        rules_for_new_container(&mut r);
    }
    rules_for_files(&mut r, host, now);

    // Settings etcdctl would not get are written as flags (an offline command reads none).
    let lost: Vec<(&'static str, String)> = (r.settings.iter())
        .filter(|_| !r.v2_mode && r.connects())
        .filter(|(n, s)| s.origin == Origin::Lost && !r.plan.set.iter().any(|(m, _)| m == n))
        .map(|(n, s)| (*n, s.value.clone()))
        .collect();
    for (name, value) in lost {
        r.set(name, value);
    }

    // When anything changes, the corrected command carries every setting it relies on, so it
    // reads right on its own (and in a pod, where this host's variables do not exist).
    if r.plan.changes() {
        for name in SETTINGS {
            let from_env = r
                .get(name)
                .is_some_and(|s| matches!(s.origin, Origin::Exported | Origin::Lost | Origin::Prefix(_)));
            if from_env
                && r.connects()
                && !r.plan.set.iter().any(|(n, _)| n == name)
                && let Some(v) = r.intended(name)
            {
                r.set(name, v);
            }
        }
        // etcdadm's wrapper exports ETCDCTL_API=3 itself.
        if matches!(runs_in, RunsIn::Host | RunsIn::Remote) && site.inside.is_none() && !etcdadm_wrapper(site) {
            r.plan.api3 = true;
        }
    }

    // Where the program is missing, what is said and corrected is the working form's: the
    // files, variables and mounts of where it runs instead.
    let mut corrected = None;
    if let Some(text) = r.plan.working_form.take()
        && let Some(moved) = review_text(&text, env, host, now)
    {
        r.findings.retain(|f| f.id == CheckId::MissingProgram);
        // Files the working form puts where they are not (a client pair RKE2's container does
        // not mount) are its own doing, and its correction's to fix.
        let fixed = moved.corrected.is_some();
        for f in moved.findings {
            if !(fixed && f.id == CheckId::FileNotInPod) {
                r.say(f);
            }
        }
        corrected = Some(moved.corrected.unwrap_or(text));
    }
    crate::order::sort_by_key(&mut r.findings, |f| std::cmp::Reverse(f.severity));
    let corrected = corrected.or_else(|| r.plan.changes().then(|| render(&r)));
    CommandCheck {
        command: site.text.clone(),
        runs_in,
        target: site.target().map(|t| match &t.namespace {
            Some(ns) => format!("{ns}/{}", t.name),
            None => t.name.clone(),
        }),
        does: describe(&r),
        findings: r.findings,
        corrected,
    }
}

/// Reviews a command line written here (a working form): its first etcdctl command, with
/// what follows it on the line kept in its correction.
fn review_text(text: &str, env: &Environment, host: &dyn FileHost, now: OffsetDateTime) -> Option<CommandCheck> {
    let segments = shell::segments(text);
    let (segment, site) = segments
        .iter()
        .find_map(|s| super::locate(text, s, env).map(|site| (s, site)))?;
    let mut c = review(&site, env, host, now);
    let tail = text.get(segment.end..).unwrap_or("").trim();
    if !tail.is_empty()
        && let Some(fixed) = &mut c.corrected
    {
        fixed.push(' ');
        fixed.push_str(tail);
    }
    Some(c)
}

/// Words after a command that takes none (`member list … snapshot save ./snapshot.db`, two
/// commands run together): etcdctl 3.4 ignores them, and does only the first.
fn ignored_arguments(r: &mut Review<'_>) {
    let Some(command) = r.parsed.command else { return };
    // etcdctl 3.4 (tried): these ignore words after them; `alarm list|disarm`, `user list`
    // and `role list` refuse them (exit 128).
    let ignores = matches!(
        command.path,
        ["member", "list"] | ["endpoint", _] | ["defrag"] | ["lease", "list"] | ["version"]
    );
    let refuses = matches!(command.path, ["alarm", _] | ["user", "list"] | ["role", "list"]);
    let extra: Vec<String> = r.parsed.args().map(str::to_string).collect();
    if !(ignores || refuses) || extra.is_empty() || r.parsed.elided || r.parsed.forwarded {
        return;
    }
    let words = extra.join(" ");
    let path = command.path.join(" ");
    r.say(if refuses {
        let says = if command.path[0] == "alarm" { "accepts no arguments" } else { "requires no arguments" };
        CheckFinding::new(
            CheckId::WrongArguments,
            format!("`{path}` takes no arguments, and etcdctl refuses `{words}` after it (`Error: {path} command {says}`, exit 128)."),
            format!("Leave `{words}` out, or give it a command line of its own (the corrected command leaves it out)."),
        )
    } else {
        CheckFinding::new(
            CheckId::WrongArguments,
            format!("`{path}` takes no arguments: etcdctl ignores `{words}` after it and only does `{path}`. Two commands run together?"),
            format!("Give `{words}` a command line of its own (the corrected command leaves it out)."),
        )
        .at(Severity::Warning)
    });
    let n = r.parsed.command_words + extra.len();
    r.plan.command = Some((n, command.path.iter().map(|s| s.to_string()).collect()));
}

/// `compact REVISION`: etcdctl 3.4 reads the revision with strconv.ParseInt before it
/// connects (compaction_command.go), so anything but digits around what the shell fills in
/// stops it (`compact \"$(echo $rev)\"` passes the quotes as characters; etcdctl 3.4.23 tried:
/// `Error: strconv.ParseInt: parsing "\"123\"": invalid syntax`).
fn compaction_revision(r: &mut Review<'_>) {
    if r.parsed.command.map(|c| c.path) != Some(&["compaction"][..]) || r.parsed.elided || r.parsed.forwarded {
        return;
    }
    let Some(&(j, _)) = r.parsed.positionals.get(r.parsed.command_words) else {
        return;
    };
    let Some(word) = r.site.words.get(r.site.call + 1 + j) else {
        return;
    };
    let value = word.value.as_str();
    if value.contains(['<', '{']) {
        return;
    }
    let parts = shell::parts(value);
    let stray: String = (parts.iter())
        .filter(|(_, expansion)| !expansion)
        .flat_map(|(p, _)| p.chars())
        .filter(|c| !c.is_ascii_digit())
        .collect();
    if stray.is_empty() {
        return;
    }
    let fixed: String = (parts.iter())
        .map(|(p, expansion)| {
            if *expansion {
                p.to_string()
            } else {
                p.chars().filter(char::is_ascii_digit).collect()
            }
        })
        .collect();
    let mut seen: Vec<char> = Vec::new();
    for c in stray.chars() {
        if !seen.contains(&c) {
            seen.push(c);
        }
    }
    let shown: String = seen.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ");
    r.say(CheckFinding::new(
        CheckId::WrongArguments,
        format!(
            "`compact` takes a revision number, and etcdctl gets `{value}`, with {shown} around the number: it reads the revision before it connects and stops (`Error: strconv.ParseInt: parsing \"…\": invalid syntax`), compacting nothing."
        ),
        if fixed.is_empty() {
            "Give the revision as a number.".to_string()
        } else {
            format!("Give the number alone: `compact {}` (the corrected command does).", Word::new(fixed.clone()).raw)
        },
    ));
    if !fixed.is_empty() {
        let written: Vec<String> = (r.parsed.positionals.iter().take(r.parsed.command_words))
            .map(|(_, p)| p.clone())
            .chain(std::iter::once(fixed))
            .collect();
        r.plan.command = Some((r.parsed.command_words + 1, written));
    }
}

/// The arguments etcdctl gets (`written`, escaped spaces kept), counted as etcdctl counts
/// them before it builds a client.
fn arguments(r: &mut Review<'_>, written: &[String], escaped_space: Vec<usize>) {
    let as_run = etcdctl::parse(written);
    if as_run.command.map(|c| c.path) != Some(&["snapshot", "save"][..]) {
        return;
    }
    let given: Vec<&str> = as_run.args().collect();
    if given.len() == 1 {
        return;
    }
    let list = given.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ");
    let (why, fix) = if escaped_space.is_empty() {
        (String::new(), "Give the snapshot's file name once, alone.")
    } else {
        (
            " Each `\\ ` there is an escaped space, not a line continuation: the word after it is an argument starting with a space, not a flag.".to_string(),
            "Remove the `\\` before each space (a continuation is a `\\` at the very end of a line); the corrected command does.",
        )
    };
    r.say(CheckFinding::new(
        CheckId::WrongArguments,
        format!(
            "`snapshot save` takes exactly one file name, and etcdctl gets {}: {}. It stops with `Error: snapshot save expects one argument` and saves nothing.{why}",
            given.len(),
            if given.is_empty() { "none".to_string() } else { list }
        ),
        fix,
    ));
    r.plan.unescape = escaped_space;
}

/// A variable named one or two letters away from one etcdctl reads (`ETCDTL_API=3`): etcdctl
/// does not see it.
fn mistyped_variable(r: &mut Review<'_>, name: &str, value: &str, origin: &Origin) {
    if name.len() < 8 || !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        return;
    }
    let meant = std::iter::once("ETCDCTL_API".to_string())
        .chain(etcdctl::GLOBAL_FLAGS.iter().map(|f| env_name(f.name)))
        .map(|known| (strsim::osa_distance(name, &known), known))
        .filter(|(d, _)| (1..=2).contains(d))
        .min_by_key(|(d, _)| *d);
    let Some((_, meant)) = meant else { return };
    if meant == "ETCDCTL_API" {
        r.say(
            CheckFinding::new(
                CheckId::UnknownFlag,
                format!("{name} looks like a typo of ETCDCTL_API: etcdctl reads only ETCDCTL_API, so this sets nothing. etcdctl 3.4 and later speak v3 anyway; an older one speaks v2 here."),
                "Write ETCDCTL_API=3 (the corrected command does).",
            )
            .at(Severity::Warning),
        );
        r.plan.api3 = true;
    } else {
        r.say(CheckFinding::new(
            CheckId::UnknownFlag,
            format!(
                "{name} looks like a typo of {meant}: etcdctl reads only {meant}, so it does not get this setting."
            ),
            format!("Write {meant} (the corrected command gives the value as a flag)."),
        ));
        if let Some(flag) = flag_of_env(&meant).and_then(|f| SETTINGS.iter().find(|s| **s == f))
            && r.get(flag).is_none()
        {
            r.set(flag, value.to_string());
        }
    }
    if let Origin::Prefix(i) = origin {
        r.plan.drop_lead.push(*i);
    }
}

/// Collects the settings etcdctl gets from flags and variables, and says which variables it
/// will not see. Returns the `ETCDCTL_API` etcdctl sees.
fn read_environment(r: &mut Review<'_>, env: &Environment) -> Option<String> {
    let site = r.site;
    let in_exec_without_shell = site.exec_without_shell();
    let exec_start = site.exec.as_ref().map(|e| e.command_start).unwrap_or(0);
    let sudo = site.sudo.filter(|_| !site.sudo_keeps_env);
    let mut vars: Vec<(String, String, Origin)> = Vec::new();
    let mut api: Option<String> = None;

    // Exported on this host, and variables set without export.
    let host_lost_reason = if site.exec.is_some() || systemd_service(site) {
        Some(CheckId::EnvNotInPod)
    } else if sudo.is_some() {
        Some(CheckId::SudoDropsEnv)
    } else {
        None
    };
    for (name, value) in &env.exported {
        let origin = if host_lost_reason.is_some() {
            Origin::Lost
        } else {
            r.exported.extend(flag_of_env(name));
            Origin::Exported
        };
        vars.push((name.clone(), value.clone(), origin));
    }
    for (name, value) in &env.shell_only {
        vars.push((name.clone(), value.clone(), Origin::Lost));
    }
    let exported_lost: Vec<String> = env
        .exported
        .iter()
        .filter(|(n, _)| n.starts_with("ETCDCTL_") && host_lost_reason.is_some())
        .map(|(n, _)| n.clone())
        .collect();
    // A shell variable the command itself reads (`--cacert="$ETCDCTL_CA_FILE"`, a binary's path
    // as `$ETCDCTL_PATH`) is the script's own: etcdctl was never meant to see it.
    let read_by_command = |name: &str| {
        let (plain, braced) = (format!("${name}"), format!("${{{name}}}"));
        site.words.iter().any(|w| {
            w.value.contains(&braced)
                || w.value.match_indices(&plain).any(|(at, _)| {
                    !w.value[at + plain.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
                })
        })
    };
    let shell_only: Vec<&String> = env.shell_only.iter().map(|(n, _)| n).collect();
    let not_exported: Vec<String> = shell_only
        .iter()
        .filter(|n| n.starts_with("ETCDCTL_") && flag_of_env(n).is_some() && !read_by_command(n))
        .map(|n| n.to_string())
        .collect();

    // What the pod's distribution sets there (OpenShift's etcd pod: the CA bundle, the node's
    // peer certificate, every member's client URL).
    for (name, value) in site.target().map(Target::pod_variables).unwrap_or_default() {
        // `unset ETCDCTL_ENDPOINTS` typed in the pod's shell before (OpenShift's etcd
        // defragmentation runbook): the pod's value is gone, etcdctl's default is used.
        if site.exec.is_none() && env.unset_inside.iter().any(|n| n == name) {
            r.unset_in_pod.push(name.to_string());
            continue;
        }
        vars.retain(|(n, _, _)| n != name);
        vars.push((name.to_string(), value, Origin::Pod));
    }

    // `A=1 etcdctl`, `sudo A=1 etcdctl`, `env A=1 etcdctl`, `A=1 kubectl exec … -- etcdctl`.
    let mut exec_prefix = Vec::new();
    let mut outer_prefix_lost = Vec::new();
    // `docker exec -e NAME=VALUE CONTAINER` (`--env`; podman's, nerdctl's, `run`'s alike) sets
    // the variable in the container, where etcdctl runs.
    let container_env = |i: usize| site.container_env(i).map(|(_, text)| text);
    for i in 0..site.outer.len() {
        if let Some((name, value)) = container_env(i).and_then(assignment) {
            vars.retain(|(n, _, _)| n != name);
            vars.push((name.to_string(), value.to_string(), Origin::Pod));
        }
    }
    // `kubectl exec … -- env ETCDCTL_API=3 etcdctl`: env is the program, and sets them.
    let env_runs_it = (site.words.get(exec_start)).is_some_and(|w| w.value.rsplit('/').next() == Some("env"));
    let ansible_command = site.ansible_command();
    for (i, w) in site.words[..site.call].iter().enumerate() {
        if site.shell.is_none() && container_env(i).is_some() {
            continue;
        }
        if let Some((name, value)) = w.value.strip_prefix('$').and_then(assignment) {
            r.say(CheckFinding::new(
                CheckId::UnknownFlag,
                format!("`${name}={value}` is no assignment: the shell expands ${name} and runs what is left (`={value}: command not found`, or the variable's value followed by `={value}`), so etcdctl never starts."),
                format!("Write {name}={value}, without the `$` (the corrected command does)."),
            ));
            r.plan.drop_lead.push(i);
            if name == "ETCDCTL_API" {
                r.plan.api3 = true;
            }
            continue;
        }
        let Some((name, value)) = assignment(&w.value) else {
            continue;
        };
        let before_exec = site.shell.is_none() && site.exec.as_ref().is_some_and(|e| i < e.command_start);
        let before_sudo = sudo.is_some_and(|s| i < s) && site.shell.is_none();
        // `ETCDCTL_CACERT=… systemd-run etcdctl`: set for systemd-run, not its service.
        let before_unit = systemd_service(site)
            && site.shell.is_none()
            && site.words[i + 1..site.call]
                .iter()
                .any(|w| w.value.rsplit('/').next() == Some("systemd-run"));
        let origin = if before_exec || before_sudo || before_unit {
            if name.starts_with("ETCDCTL_") {
                outer_prefix_lost.push(name.to_string());
            }
            Origin::Lost
        } else if in_exec_without_shell && i >= exec_start && !env_runs_it {
            exec_prefix.push(i);
            Origin::Lost
        } else if ansible_command && site.words[..i].iter().all(|w| assignment(&w.value).is_some()) {
            // `ansible h -a "ETCDCTL_API=3 etcdctl …"`: the command module (ansible's default)
            // splits the string into words and runs the first as the program, with no shell.
            exec_prefix.push(i);
            Origin::Lost
        } else {
            Origin::Prefix(i)
        };
        vars.retain(|(n, _, _)| n != name);
        vars.push((name.to_string(), value.to_string(), origin));
    }
    // etcdadm's wrapper, /opt/bin/etcdctl.sh, sources /etc/etcd/etcdctl.env, which exports
    // etcdctl's settings for etcdadm's files (`constants/constants.go`
    // EtcdctlShellWrapperTemplate, EtcdctlEnvFileTemplate), after anything its caller set:
    // `ETCDCTL_CACERT=/tmp/ca.crt /opt/bin/etcdctl.sh` still runs with etcdadm's CA.
    if etcdadm_wrapper(site) {
        let mut overridden = Vec::new();
        for (name, value) in [
            ("ETCDCTL_API", "3"),
            ("ETCDCTL_CACERT", "/etc/etcd/pki/ca.crt"),
            ("ETCDCTL_CERT", "/etc/etcd/pki/etcdctl-etcd-client.crt"),
            ("ETCDCTL_KEY", "/etc/etcd/pki/etcdctl-etcd-client.key"),
            ("ETCDCTL_DIAL_TIMEOUT", "3s"),
        ] {
            if let Some((_, given, Origin::Prefix(i))) = vars.iter().find(|(n, _, _)| n == name)
                && given != value
            {
                overridden.push((*i, format!("{name}={given}"), format!("{name}={value}")));
            }
            vars.retain(|(n, _, _)| n != name);
            vars.push((name.to_string(), value.to_string(), Origin::Pod));
        }
        if !overridden.is_empty() {
            let given: Vec<&str> = overridden.iter().map(|(_, g, _)| g.as_str()).collect();
            let set: Vec<&str> = overridden.iter().map(|(_, _, v)| v.as_str()).collect();
            r.say(CheckFinding::new(
                CheckId::WrapperOverridesEnv,
                format!(
                    "`{}` does not reach etcdctl: etcdadm's wrapper /opt/bin/etcdctl.sh sources /etc/etcd/etcdctl.env, which exports {} over it before it runs etcdctl.",
                    given.join(" "),
                    set.join(", ")
                ),
                "Drop the assignment (the corrected command does); to use other files, run etcdctl itself with them as flags.",
            ));
            r.plan.drop_lead.extend(overridden.iter().map(|(i, _, _)| *i));
        }
    }
    // Assignments before `kubectl … sh -c "…"` stay on this host too.
    if site.shell.is_some() && site.exec.is_some() {
        for (i, w) in site.outer.iter().enumerate() {
            if container_env(i).is_some() {
                continue;
            }
            if let Some((name, _)) = assignment(&w.value)
                && name.starts_with("ETCDCTL_")
            {
                outer_prefix_lost.push(name.to_string());
            }
        }
    }

    // etcdctl 3.4 stops when a global flag is given on the command line and its variable is in
    // its environment too (pkg/flags `verifyEnv`).
    let conflicts: Vec<(usize, String, Origin)> = (r.parsed.flags.iter().enumerate())
        .filter(|(_, f)| f.value.is_some() && f.spec.is_some_and(|s| etcdctl::GLOBAL_FLAGS.contains(&s)))
        .filter_map(|(i, f)| {
            let var = env_name(f.name()?);
            let (_, _, origin) = vars
                .iter()
                .rev()
                .find(|(n, _, o)| *n == var && matches!(o, Origin::Exported | Origin::Prefix(_) | Origin::Pod))?;
            Some((i, var, origin.clone()))
        })
        .collect();
    // One finding for them all: etcdctl names the first it meets and stops.
    if let Some((_, first_var, origin)) = conflicts.first() {
        // A container taken for RKE's etcd by its name alone may be some other etcd.
        let (whence, severity) = match origin {
            Origin::Exported => ("exported earlier".to_string(), Severity::Error),
            Origin::Prefix(_) => ("set before etcdctl".to_string(), Severity::Error),
            _ if etcdadm_wrapper(site) => (
                "exported by etcdadm's wrapper from /etc/etcd/etcdctl.env".to_string(),
                Severity::Error,
            ),
            _ => match site.target().and_then(Target::etcd_pod) {
                Some(pod) if pod.namespace.is_empty() => (
                    format!(
                        "set by {}'s etcd container, if this container, named like it, is that",
                        pod.distribution
                    ),
                    Severity::Warning,
                ),
                Some(pod) => (format!("set by {}'s etcd pod", pod.distribution), Severity::Error),
                None => ("set in the container".to_string(), Severity::Error),
            },
        };
        let vars: Vec<&str> = conflicts.iter().map(|(_, v, _)| v.as_str()).collect();
        let flags: Vec<String> = (conflicts.iter())
            .map(|(i, _, _)| format!("--{}", r.parsed.flags[*i].name().unwrap_or_default()))
            .collect();
        let (vars, flags, are) = (
            vars.join(", "),
            flags.join(", "),
            if conflicts.len() == 1 { "is" } else { "are" },
        );
        // An exported variable is replaced for one command by `ETCDCTL_X=… etcdctl`, which keeps
        // the flag's value (the member it names may be the point); one the command or the pod
        // sets is the one meant, and the flag goes.
        let endpoints_kept = conflicts
            .iter()
            .any(|(i, _, o)| *o == Origin::Pod && r.parsed.flags[*i].name() == Some("endpoints"));
        let fix = if endpoints_kept {
            format!(
                "Give the member as the variable for this command, which replaces the one set there: `{}` (the corrected command does); drop {flags} to use the variables' values.",
                if site.target().is_some_and(|t| t.via.ends_with(" exec")
                    && !t.via.starts_with("crictl")
                    && t.runs_in == RunsIn::Container)
                {
                    "-e ETCDCTL_ENDPOINTS=… before the container"
                } else {
                    "env ETCDCTL_ENDPOINTS=… etcdctl …"
                }
            )
        } else if etcdadm_wrapper(site) && conflicts.iter().all(|(_, _, o)| *o == Origin::Pod) {
            format!("Drop {flags}: the wrapper sets {vars} itself, after any unset (the corrected command drops them).")
        } else if conflicts.iter().all(|(_, _, o)| *o == Origin::Exported) {
            let example = conflicts
                .iter()
                .map(|(_, v, _)| format!("{v}=…"))
                .collect::<Vec<_>>()
                .join(" ");
            format!(
                "Give the value as `{example} etcdctl …`, which replaces the exported one for this command only (the corrected command does), or drop {flags} to use the exported value."
            )
        } else {
            format!(
                "Drop {flags} (etcdctl then takes the variables' values; the corrected command does), or unset {vars} first to keep the flags'."
            )
        };
        r.say(
            CheckFinding::new(
                CheckId::EnvFlagConflict,
                format!("{vars} {are} in etcdctl's environment ({whence}) and {flags} {are} given too: etcdctl 3.4 and later refuse a flag whose variable is set and stop before connecting (`conflicting environment variable \"{first_var}\" is shadowed by corresponding command-line flag`)."),
                fix,
            )
            .at(severity),
        );
        r.plan.remove.extend(conflicts.iter().map(|(i, _, _)| *i));
        for (i, _, origin) in &conflicts {
            let f = &r.parsed.flags[*i];
            // The member an --endpoints flag names is the point of the command (the leader to
            // move from, the member upgraded): kept, as the variable for this command.
            if *origin == Origin::Pod
                && f.name() == Some("endpoints")
                && let Some(value) = f.value.clone()
                && r.parsed.value("endpoints").is_some_and(|last| last.word == f.word)
            {
                r.set("endpoints", value);
                r.plan.env_kept.push("endpoints");
                continue;
            }
            if *origin == Origin::Exported
                && let (Some(name), Some(value)) = (f.name(), f.value.clone())
                && r.parsed.value(name).is_some_and(|last| last.word == f.word)
            {
                r.set(name, value);
            }
        }
    }
    for (name, value, origin) in vars {
        if name == "ETCDCTL_API" {
            if origin != Origin::Lost {
                api = Some(value);
            }
            continue;
        }
        if !name.starts_with("ETCDCTL_") {
            mistyped_variable(r, &name, &value, &origin);
            continue;
        }
        let flag = match flag_of_env(&name) {
            Some(f) => f,
            // Not exported: a shell variable of the script's, which etcdctl never sees.
            None if origin == Origin::Lost && shell_only.contains(&&name) => continue,
            None => {
                // ASCII case only: etcdctl's variables are ASCII (and the web page then needs no
                // Unicode case tables).
                let short = name
                    .trim_start_matches("ETCDCTL_")
                    .to_ascii_lowercase()
                    .replace('_', "-");
                let meant = etcdctl::closest_flag(&short, None);
                let fix = match meant {
                    Some(m) => format!("Use {} (or --{m}).", env_name(m)),
                    None => "Remove it; `etcdctl --help` lists the flags, each readable as ETCDCTL_<FLAG>.".into(),
                };
                r.say(CheckFinding::new(
                    CheckId::UnknownFlag,
                    format!("etcdctl 3.4 ignores {name}: no flag --{short} exists (v2 and other tools' names do not carry over)."),
                    fix,
                ));
                let Some(m) = meant else { continue };
                // What was meant, as a value etcdctl does not get yet.
                let static_name = SETTINGS.iter().find(|s| **s == m).copied();
                if let Some(s) = static_name
                    && r.get(s).is_none()
                {
                    r.settings.push((
                        s,
                        Setting {
                            value: value.clone(),
                            origin: Origin::Lost,
                        },
                    ));
                }
                continue;
            }
        };
        let Some(name_static) = SETTINGS.iter().find(|s| **s == flag).copied() else {
            continue;
        };
        r.settings.retain(|(n, _)| *n != name_static);
        r.settings.push((name_static, Setting { value, origin }));
    }
    // Flags win over variables.
    for (i, f) in r.parsed.flags.iter().enumerate() {
        let Some(name) = f.name() else { continue };
        let Some(name_static) = SETTINGS.iter().find(|s| **s == name).copied() else {
            continue;
        };
        if let Some(v) = &f.value {
            // --endpoints is a pflag StringSlice: the first use replaces the default (and any
            // variable), each later one appends (`--endpoints=a --endpoints=b` is a and b, as
            // etcdctl 3.4 says when it refuses `snapshot save` with them); other flags are
            // replaced by their last use.
            let earlier = (name_static == "endpoints")
                .then(|| r.get("endpoints").filter(|s| matches!(s.origin, Origin::Flag(_))))
                .flatten()
                .map(|s| s.value.clone());
            let value = match earlier {
                Some(e) if !e.is_empty() && !v.is_empty() => format!("{e},{v}"),
                Some(e) if v.is_empty() => e,
                _ => v.clone(),
            };
            r.settings.retain(|(n, _)| *n != name_static);
            r.settings.push((
                name_static,
                Setting {
                    value,
                    origin: Origin::Flag(i),
                },
            ));
        }
    }
    // v2's flag names carry the values that were meant.
    for (i, f) in r.parsed.flags.iter().enumerate() {
        if f.spec.is_none()
            && let Some(t) = etcdctl::mistaken_target(&f.written)
            && let Some(name_static) = SETTINGS.iter().find(|s| **s == t).copied()
            && r.get(name_static).is_none()
            && let Some(v) = &f.value
        {
            r.settings.push((
                name_static,
                Setting {
                    value: v.clone(),
                    origin: Origin::Lost,
                },
            ));
            let _ = i;
        }
    }

    let overridden = |r: &Review<'_>, var: &str| {
        let flag = flag_of_env(var).unwrap_or("");
        r.get(flag)
            .is_some_and(|s| matches!(s.origin, Origin::Flag(_) | Origin::Prefix(_)))
    };
    let relevant = |r: &Review<'_>, vars: &[String]| -> Vec<String> {
        vars.iter()
            .filter(|v| *v != "ETCDCTL_API" && !overridden(r, v))
            .cloned()
            .collect()
    };
    // An offline command (`snapshot restore`, v2's `backup`) reads no TLS setting: nothing it
    // needs is lost.
    let lost_here: Vec<String> = relevant(r, &[exported_lost, outer_prefix_lost].concat());
    if !lost_here.is_empty() && r.connects() {
        match host_lost_reason {
            Some(CheckId::EnvNotInPod) if systemd_service(site) => r.say(CheckFinding::new(
                CheckId::EnvNotInPod,
                format!(
                    "{} {} not passed on by `systemd-run`: it starts etcdctl as a transient service, which the service manager runs with its own environment, not systemd-run's, so etcdctl there runs without {}.",
                    lost_here.join(", "),
                    if lost_here.len() == 1 { "is" } else { "are" },
                    if lost_here.len() == 1 { "it" } else { "them" }
                ),
                "Give the settings as flags after etcdctl (the corrected command does), pass them with `-E NAME=VALUE` (`--setenv`), or add `--scope` (systemd-run then runs etcdctl itself, with this shell's environment).",
            )),
            Some(CheckId::EnvNotInPod) => r.say(CheckFinding::new(
                CheckId::EnvNotInPod,
                format!(
                    "{} {} set on this host, but `{}` does not carry this host's environment {}: etcdctl there runs without {}.",
                    lost_here.join(", "),
                    if lost_here.len() == 1 { "is" } else { "are" },
                    r.site.target().map_or("kubectl exec", |t| t.via.as_str()),
                    match r.runs_in {
                        RunsIn::Remote => "to the other host",
                        RunsIn::Container => "into the container",
                        _ => "into the pod",
                    },
                    if lost_here.len() == 1 { "it" } else { "them" }
                ),
                "Give the settings as flags after etcdctl (the corrected command does).",
            )),
            _ => {
                // Without its CA and client pair, etcdctl fails against an etcd that speaks TLS
                // (`x509: certificate signed by unknown authority`, `tls: certificate required`).
                let tls_files: Vec<&str> = (lost_here.iter())
                    .filter(|v| matches!(v.as_str(), "ETCDCTL_CACERT" | "ETCDCTL_CERT" | "ETCDCTL_KEY"))
                    .map(String::as_str)
                    .collect();
                let https = r.get("endpoints").is_some_and(|s| s.value.contains("https://"));
                let finding = CheckFinding::new(
                    CheckId::SudoDropsEnv,
                    format!(
                        "sudo resets the environment, so etcdctl does not get {} from this shell.",
                        lost_here.join(", ")
                    ),
                    "Give the settings as flags (the corrected command does), or use `sudo -E`.",
                );
                r.say(if https && !tls_files.is_empty() {
                    CheckFinding {
                        message: format!(
                            "{} Without {}, etcdctl cannot talk to an etcd that speaks TLS (https): it fails with `x509: certificate signed by unknown authority` or `tls: certificate required`.",
                            finding.message,
                            tls_files.join(", ")
                        ),
                        ..finding
                    }
                    .at(Severity::Error)
                } else {
                    finding
                });
            }
        }
    }
    let not_exported = relevant(r, &not_exported);
    if !not_exported.is_empty() && host_lost_reason.is_none() && r.connects() {
        r.say(CheckFinding::new(
            CheckId::VariableNotExported,
            format!(
                "{} {} set without `export`: a shell variable, which etcdctl never sees.",
                not_exported.join(", "),
                if not_exported.len() == 1 { "is" } else { "are" }
            ),
            format!(
                "export {} (or give flags; the corrected command does).",
                not_exported.join(" ")
            ),
        ));
    }
    if !exec_prefix.is_empty() && ansible_command {
        let names: Vec<String> = exec_prefix.iter().map(|&i| site.words[i].value.clone()).collect();
        r.say(CheckFinding::new(
            CheckId::EnvPrefixInExec,
            format!(
                "Ansible's command module (the default without `-m`) runs the command without a shell: it takes `{}` for the program's name and fails (`No such file or directory`).",
                names[0]
            ),
            "Run it through `env` (the corrected command does), or use `-m shell`.",
        ));
        r.plan.drop_lead.extend(exec_prefix);
    } else if !exec_prefix.is_empty() {
        let names: Vec<String> = exec_prefix.iter().map(|&i| site.words[i].value.clone()).collect();
        r.say(CheckFinding::new(
            CheckId::EnvPrefixInExec,
            format!(
                "`{}` starts the command directly, without a shell, so `{}` is taken as the program's name and the exec fails (`executable file not found`).",
                site.target().map_or("kubectl exec", |t| t.via.as_str()),
                names.join(" ")
            ),
            "Give ETCDCTL_* settings as etcdctl flags (the etcd image's etcdctl speaks v3 already, so ETCDCTL_API=3 is not needed).",
        ));
        r.plan.drop_lead.extend(exec_prefix);
    }
    api
}

/// Whether etcdctl runs as systemd-run's transient service (`systemd-run --wait etcdctl …`),
/// which the service manager starts with its own environment, not the caller's: not with
/// `--scope` (systemd-run runs the command itself), nor when `-E`/`--setenv` passes variables
/// (those are not followed here).
fn systemd_service(site: &Site) -> bool {
    if site.exec.is_some() {
        return false;
    }
    let before = match &site.shell {
        Some((at, _, _)) => &site.outer[..*at],
        None => &site.words[..site.call],
    };
    let Some(at) = before
        .iter()
        .position(|w| w.value.rsplit('/').next() == Some("systemd-run"))
    else {
        return false;
    };
    !before[at + 1..].iter().any(|w| {
        let w = w.value.as_str();
        w == "--scope" || w == "--setenv" || w.starts_with("--setenv=") || (w.starts_with("-E") && !w.starts_with("--"))
    })
}

/// Whether etcdctl is etcdadm's wrapper, `/opt/bin/etcdctl.sh` (its install folder), which
/// gives etcdctl its settings itself.
fn etcdadm_wrapper(site: &Site) -> bool {
    site.words
        .get(site.call)
        .is_some_and(|w| w.value == "/opt/bin/etcdctl.sh")
}

/// Whether etcdctl is a wrapper script (`./etcdctl.sh`) whose own flags are not known here:
/// such a script passes the TLS settings itself, so none is asked for.
fn unknown_wrapper(site: &Site) -> bool {
    !etcdadm_wrapper(site)
        && site
            .words
            .get(site.call)
            .is_some_and(|w| w.value.rsplit('/').next() == Some("etcdctl.sh"))
}

/// v2 syntax, the API version, commands and flags etcdctl does not know.
fn rules_for_syntax(r: &mut Review<'_>, api: Option<&str>) {
    // v2 command flags the v2 translation has taken care of.
    let mut v2_command_flags: Vec<usize> = Vec::new();
    let positionals: Vec<String> = r.parsed.positionals.iter().map(|(_, s)| s.clone()).collect();
    let v2_command = positionals
        .first()
        .filter(|p| v2::is_v2_only_command(p))
        .filter(|_| r.parsed.command.is_none());
    let v2_flags: Vec<usize> = r
        .parsed
        .flags
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            f.spec.is_none()
                && (matches!(
                    f.written.as_str(),
                    "ca-file" | "cert-file" | "key-file" | "peers" | "username" | "C" | "o" | "u"
                ))
        })
        .map(|(i, _)| i)
        .collect();
    // `docker run quay.io/coreos/etcd:v3.2.4 etcdctl …`: that image's etcdctl is older than
    // 3.4, so, like an old host's, it speaks v2 unless ETCDCTL_API=3 (etcdctl/main.go of 3.3
    // and earlier: `apiv := os.Getenv("ETCDCTL_API")`, v2 when it is not "3").
    let old_image = old_etcdctl_image(r.site);
    let host = (matches!(r.runs_in, RunsIn::Host | RunsIn::Remote) && r.site.inside.is_none()) || old_image.is_some();
    // With ETCDCTL_API=3 said (or in the etcd pod, whose etcdctl speaks v3), a v2 flag name is
    // just a flag etcdctl does not know.
    let v2_flags = if api == Some("3") || !host {
        Vec::new()
    } else {
        v2_flags
    };
    if v2_command.is_some() || !v2_flags.is_empty() || api == Some("2") {
        // v2's `backup` under ETCDCTL_API=2 copies a data directory on this machine, which
        // etcdctl 3.4 does as written. A v2 command that asks a server does not reach
        // Kubernetes' data, nor an etcd 3.4 that serves no v2 (it does only with --enable-v2).
        let offline_backup = api == Some("2") && v2_command.is_some_and(|c| c == "backup");
        let what: Vec<String> = v2_command
            .map(|c| c.to_string())
            .into_iter()
            .chain(v2_flags.iter().map(|&i| {
                let f = &r.parsed.flags[i];
                if f.written.len() == 1 {
                    format!("-{}", f.written)
                } else {
                    format!("--{}", f.written)
                }
            }))
            .chain((api == Some("2") && !offline_backup).then(|| "ETCDCTL_API=2".to_string()))
            .collect();
        // What v3 says instead, when the command is v2's (a v2-only word, or any command
        // under ETCDCTL_API=2).
        // Read from the words as written: the v3 words keep the script's `$BACKUP_DIR`, which
        // the shell fills in when the command runs (its value here may hold a `$(date)` of
        // another moment).
        let as_written: Vec<String> = (r.site.words[r.site.call + 1..].iter())
            .map(|w| w.value.trim_start().to_string())
            .collect();
        let mut translation = (v2_command.is_some() || api == Some("2"))
            .then(|| v2::translate(&as_written))
            .flatten();
        // `endpoint health --cluster` came with etcdctl 3.3 (etcd-io/etcd#8117, asked for
        // after 3.2.0 was out): an image's etcdctl 3.2 refuses it (`unknown flag: --cluster`)
        // and checks the --endpoints given.
        let before_3_3 = old_image.as_deref().is_some_and(|v| {
            let mut parts = v.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
            let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
            major < 3 || (major == 3 && minor < 3)
        });
        if before_3_3
            && let Some(t) = &mut translation
            && let Some(v3) = &mut t.v3_command
            && v3.iter().any(|w| w == "--cluster")
        {
            v3.retain(|w| w != "--cluster");
            t.notes.push(format!(
                "etcdctl {} has no --cluster (it came with 3.3): endpoint health checks the --endpoints given, so list every member there",
                old_image.as_deref().unwrap_or_default()
            ));
        }
        let mut changes: Vec<String> = Vec::new();
        if let Some(t) = &translation {
            match &t.v3_command {
                Some(v3) => changes.push(format!("{} → {}", t.v2_command, v3.join(" "))),
                None => changes.push(format!("{}: v3 has no such command", t.v2_command)),
            }
        }
        for &i in &v2_flags {
            let f = &r.parsed.flags[i];
            let to = etcdctl::mistaken_target(&f.written).or_else(|| {
                etcdctl::V2_SHORT_FLAGS
                    .iter()
                    .find(|(c, _)| c.to_string() == f.written)
                    .map(|(_, l)| *l)
            });
            if let Some(to) = to {
                let dashes = if f.written.len() == 1 { "-" } else { "--" };
                changes.push(format!("{dashes}{} → --{to}", f.written));
            }
        }
        let notes: String = translation
            .iter()
            .flat_map(|t| t.notes.iter())
            .map(|n| format!(" Note: {n}."))
            .collect();
        // With ETCDCTL_API=2 etcdctl 3.4 (tried) runs v2's commands and flags as written: what
        // is wrong is the data they reach and etcdctl's future, not the command line, which is
        // left as it is.
        r.v2_mode = offline_backup;
        let fix = if r.v2_mode {
            let changes = if changes.is_empty() {
                String::new()
            } else {
                format!(": {}", changes.join(", "))
            };
            format!("To reach Kubernetes' data, and with etcdctl 3.6, use v3's command and flags{changes}.{notes}")
        } else if changes.is_empty() {
            "Use the v3 command and flags: set ETCDCTL_API=3 (or leave it unset with etcdctl 3.4 and later)."
                .to_string()
        } else if translation.as_ref().is_some_and(|t| t.v3_command.is_none()) {
            format!("Use the v3 command and flags: {}.{notes}", changes.join(", "))
        } else {
            format!(
                "Use the v3 command and flags (the corrected command does): {}.{notes}",
                changes.join(", ")
            )
        };
        let message = if r.v2_mode {
            let backup = if v2_command.is_some_and(|c| c == "backup") {
                " `backup` copies a data directory's v2 store and write-ahead log, not the v3 database Kubernetes uses (unless --with-v3)."
            } else {
                ""
            };
            format!(
                "{} is etcdctl's v2 API, which ETCDCTL_API=2 selects: etcdctl 3.4 runs it, but v2 commands see only v2 data, and Kubernetes keeps its data in v3.{backup} etcdctl 3.5 deprecates the v2 commands (`backup` moved to `etcdutl backup`) and etcdctl 3.6 no longer has them.",
                what.join(", ")
            )
        } else if api == Some("2") {
            format!(
                "{} is etcdctl's v2 API. Kubernetes keeps its data in the v3 API, which v2 commands do not see; etcd serves v2 only when started with --enable-v2 (off by default since 3.4, and kubeadm never sets it), and etcdctl 3.6 has no v2 at all.",
                what.join(", ")
            )
        } else if let Some(version) = &old_image {
            format!(
                "{} is etcdctl's v2 API, which this image's etcdctl {version} speaks by default: v2 commands see only v2 data, and Kubernetes keeps its data in the v3 API; etcd serves v2 only when started with --enable-v2 (off by default since 3.4, and kubeadm never sets it).",
                what.join(", ")
            )
        } else {
            format!(
                "{} is etcdctl's v2 API. Kubernetes keeps its data in the v3 API, which v2 commands do not see, and etcdctl 3.4 and later reject v2 commands unless ETCDCTL_API=2.",
                what.join(", ")
            )
        };
        let severity = if r.v2_mode { Severity::Info } else { Severity::Error };
        r.say(CheckFinding::new(CheckId::EtcdctlApiV2, message, fix).at(severity));
        if r.v2_mode {
        } else if let Some(t) = &translation {
            if let Some(v3) = &t.v3_command {
                r.plan.command = Some((positionals.len(), v3.clone()));
            }
            // The command's own v2 flags went into the v3 words (`rm -r` is `del --prefix`).
            for (i, f) in r.parsed.flags.iter().enumerate() {
                if f.spec.is_none() && t.command_flags.contains(&f.written) {
                    r.plan.remove.push(i);
                    v2_command_flags.push(i);
                }
            }
        }
        let v2_flags = if r.v2_mode { Vec::new() } else { v2_flags };
        for i in v2_flags {
            if let Some(t) = etcdctl::mistaken_target(&r.parsed.flags[i].written).or_else(|| {
                etcdctl::V2_SHORT_FLAGS
                    .iter()
                    .find(|(c, _)| c.to_string() == r.parsed.flags[i].written)
                    .map(|(_, l)| *l)
            }) {
                r.plan.rename.push((i, t));
            }
        }
        if host && !r.v2_mode {
            r.plan.api3 = true;
        }
    } else if let Some(version) = old_image
        .as_deref()
        .filter(|_| api.is_none() && r.parsed.command.is_some())
    {
        r.say(CheckFinding::new(
            CheckId::EtcdctlApiV2,
            format!("This image's etcdctl is {version}, older than 3.4: it speaks the v2 API unless ETCDCTL_API=3 is set, and v2 does not understand this v3 command line (its commands and flags differ: `flag provided but not defined`, `No help topic`)."),
            "Set ETCDCTL_API=3 in the container: `docker run -e ETCDCTL_API=3 …` (the corrected command does).",
        ).at(Severity::Error));
        r.plan.api3 = true;
        r.plan.image_api3 = true;
    } else if host && api.is_none() && r.parsed.command.is_some() {
        r.say(CheckFinding::new(
            CheckId::EtcdctlApiV2,
            "If this host's etcdctl is older than 3.4 (`etcdctl version`), it speaks the v2 API unless ETCDCTL_API=3 is set, and this v3 command fails. etcdctl 3.4 and later speak v3 by default.",
            if r.site.ansible_command() {
                "Run it as `env ETCDCTL_API=3 etcdctl …` (harmless on 3.4 and later): Ansible's command module runs no shell to read an assignment."
            } else {
                "Put ETCDCTL_API=3 before etcdctl (harmless on 3.4 and later)."
            },
        ));
    }

    // etcdctl 3.5's `snapshot restore` says "Moved to `etcdutl snapshot restore ...`"; 3.6's
    // etcdctl has `snapshot save` alone (etcdctl/ctlv3/command/snapshot_command.go).
    if let Some(["snapshot", verb @ ("restore" | "status")]) = r.parsed.command.map(|c| c.path) {
        r.say(CheckFinding::new(
            CheckId::SnapshotMovedToEtcdutl,
            format!("etcd 3.5 moved `snapshot {verb}` to etcdutl (etcdctl 3.5 still runs it, deprecated), and etcdctl 3.6 no longer has it: there it does nothing."),
            format!("With etcd 3.5 or later, run `etcdutl snapshot {verb}` with the same arguments and flags (etcdutl ships beside etcdctl)."),
        ));
    }

    // No command, or one etcdctl does not know; a wrapper's (`etcdctl … "$@"`) comes from its
    // caller.
    if r.parsed.command.is_none() && v2_command.is_none() && !(r.parsed.forwarded && r.parsed.path.is_empty()) {
        let help = r.parsed.flags.iter().any(|f| f.name() == Some("help"));
        match positionals.first() {
            None if !help => {
                r.say(CheckFinding::new(
                    CheckId::NoCommand,
                    "etcdctl is given flags but no command, so it prints its help and does nothing.",
                    "Add a command, e.g. `endpoint health` (read-only), `member list` or `get /registry --prefix --keys-only`.",
                ));
                r.plan.command = Some((0, vec!["endpoint".into(), "health".into()]));
            }
            None => {}
            // A group without its subcommand (as cobra finds it: `snap` is `snapshot`).
            Some(_) if let Some(&first) = r.parsed.path.first() => {
                let subs: Vec<&str> = etcdctl::COMMANDS
                    .iter()
                    .filter(|c| c.path[0] == first)
                    .map(|c| c.path[1])
                    .collect();
                // `endpoint healthv`: a subcommand mistyped is the one meant.
                let typed = positionals.get(1).and_then(|w| {
                    subs.iter()
                        .map(|s| (strsim::osa_distance(w, s), *s))
                        .filter(|(d, _)| (1..=2).contains(d))
                        .min_by_key(|(d, _)| *d)
                        .map(|(_, s)| (w.clone(), s))
                });
                if let Some((written, meant)) = typed {
                    r.say(CheckFinding::new(
                        CheckId::UnknownCommand,
                        format!("`{first} {written}`: `{written}` is no subcommand of `{first}` ({}), so etcdctl prints help and does nothing.", subs.join(", ")),
                        format!("Write `{first} {meant}`."),
                    ));
                    r.plan.command = Some((2, vec![first.into(), meant.into()]));
                } else {
                    let default = match first {
                        "endpoint" => Some("health"),
                        "member" | "alarm" | "lease" | "user" | "role" => Some("list"),
                        _ => None,
                    };
                    r.say(CheckFinding::new(
                        CheckId::NoCommand,
                        format!(
                            "`{first}` needs a subcommand ({}), so etcdctl prints help and does nothing.",
                            subs.join(", ")
                        ),
                        format!(
                            "Add one: `{first} {}`.",
                            default.unwrap_or(subs.first().copied().unwrap_or("list"))
                        ),
                    ));
                    if let Some(d) = default {
                        r.plan.command = Some((1, vec![first.into(), d.into()]));
                    }
                }
            }
            // A documentation placeholder for the command (`COMMAND`, "replace COMMAND with
            // any of: …"), like `<command>`.
            Some(first)
                if matches!(
                    first.as_str(),
                    "COMMAND" | "COMMANDS" | "CMD" | "SUBCOMMAND" | "COMMAND..." | "ARGS" | "ARGS..."
                ) =>
            {
                r.say(CheckFinding::new(
                    CheckId::Placeholder,
                    format!("{first} is a placeholder from the documentation, not an etcdctl command: etcdctl answers `unknown command`."),
                    "Put the command there (`member list`, `endpoint health`, …).",
                ));
            }
            Some(first) => {
                let written: Vec<&str> = positionals.iter().take(2).map(String::as_str).collect();
                let best = etcdctl::COMMANDS
                    .iter()
                    .map(|c| {
                        let n = c.path.len().min(written.len());
                        let a = written[..n].join(" ");
                        (strsim::osa_distance(&a, &c.path.join(" ")), c)
                    })
                    .min_by_key(|(d, _)| *d)
                    .filter(|(d, _)| *d <= 3);
                let fix = match best {
                    Some((_, c)) => format!("Did you mean `{}`?", c.path.join(" ")),
                    None => "`etcdctl --help` lists the commands.".to_string(),
                };
                r.say(CheckFinding::new(
                    CheckId::UnknownCommand,
                    format!("etcdctl has no command `{first}`."),
                    fix,
                ));
                if let Some((_, c)) = best {
                    let n = c.path.len().min(positionals.len());
                    r.plan.command = Some((n, c.path.iter().map(|s| s.to_string()).collect()));
                }
            }
        }
    }

    // Unknown flags (a v2 command line's are v2's).
    let command = r.parsed.command;
    let flags = if r.v2_mode { 0 } else { r.parsed.flags.len() };
    for i in 0..flags {
        let f = r.parsed.flags[i].clone();
        if r.plan.rename.iter().any(|(j, _)| *j == i) || v2_command_flags.contains(&i) {
            continue;
        }
        if f.single_dash_long {
            // `get / --prefix -key`: a flag that needs a value and has none, where the
            // command has a longer one it starts (`--keys-only`), meant that one.
            let longer = (f.value.is_none() && f.spec.is_some_and(|s| s.takes_value))
                .then(|| {
                    command.and_then(|c| {
                        c.flags
                            .iter()
                            .find(|g| g.name.starts_with(f.written.as_str()) && g.name != f.written)
                    })
                })
                .flatten()
                .copied();
            let spec = longer.or(f.spec);
            let name = spec.map_or("", |s| s.name);
            r.say(CheckFinding::new(
                CheckId::UnknownFlag,
                format!(
                    "-{} has one dash: etcdctl reads it as the one-letter flags -{}…, not as --{name}.",
                    f.written,
                    f.written.chars().next().unwrap_or('-')
                ),
                format!("Write --{name}."),
            ));
            if let Some(n) = spec.map(|s| s.name) {
                r.plan.rename.push((i, n));
            }
            continue;
        }
        if f.spec.is_some() {
            continue;
        }
        let dashes = if f.written.chars().count() == 1 { "-" } else { "--" };
        match etcdctl::closest_flag(&f.written, command) {
            Some(meant) => {
                let origin = etcdctl::MISTAKEN_FLAGS
                    .iter()
                    .find(|(n, _, _)| *n == f.written)
                    .map(|(_, _, from)| *from)
                    .filter(|s| !s.is_empty());
                let message = match origin {
                    Some(from) => format!(
                        "etcdctl 3.4 has no flag {dashes}{} (that is {from}'s name); the flag is --{meant}.",
                        f.written
                    ),
                    None => format!(
                        "etcdctl 3.4 has no flag {dashes}{}; the closest is --{meant}.",
                        f.written
                    ),
                };
                r.say(CheckFinding::new(
                    CheckId::UnknownFlag,
                    message,
                    format!("Write --{meant}."),
                ));
                r.plan.rename.push((i, meant));
            }
            None => {
                r.say(CheckFinding::new(
                    CheckId::UnknownFlag,
                    format!(
                        "etcdctl 3.4 has no flag {dashes}{}{}.",
                        f.written,
                        command
                            .map(|c| format!(" (not for `{}` either)", c.path.join(" ")))
                            .unwrap_or_default()
                    ),
                    "Remove it; `etcdctl --help` lists the flags.",
                ));
                r.plan.remove.push(i);
            }
        }
    }
    // `--cacert= /x`: etcdctl gets an empty flag and an argument.
    for f in r.parsed.flags.clone() {
        if let (Some(name), Some(value), Some(_)) = (f.name(), &f.value, f.value_word)
            && r.args[f.word].ends_with('=')
        {
            r.say(CheckFinding::new(
                CheckId::EmptyFlagValue,
                format!("`--{name}= {value}` has a space after `=`: etcdctl reads --{name} as empty and {value} as an argument (before the command, as an unknown command)."),
                format!("Write --{name}={value}, without the space."),
            ));
            r.set(name, value.clone());
        }
    }
    // A renamed flag now carries its value.
    for (i, to) in r.plan.rename.clone() {
        if let Some(name) = SETTINGS.iter().find(|s| **s == to).copied()
            && let Some(v) = r.parsed.flags[i].value.clone()
            && r.get(name).is_none_or(|s| s.origin == Origin::Lost)
        {
            r.settings.retain(|(n, _)| *n != name);
            r.settings.push((
                name,
                Setting {
                    value: v,
                    origin: Origin::Flag(i),
                },
            ));
        }
    }
}

/// Typos in paths, certificates without keys and keys without certificates.
/// Where kube-apiserver keeps its objects: its default `--etcd-prefix`, and OpenShift's.
const KUBERNETES_PREFIXES: [&str; 2] = ["/registry", "/kubernetes.io"];

/// A write or delete of Kubernetes' own keys, or of every key, as the command will run (the
/// corrected words when a v2 command is rewritten).
fn rules_for_data(r: &mut Review<'_>) {
    let (verb, key, prefix, from_key): (String, String, bool, bool) = match &r.plan.command {
        Some((_, words)) => (
            words.first().cloned().unwrap_or_default(),
            words
                .iter()
                .skip(1)
                .find(|w| !w.starts_with("--"))
                .cloned()
                .unwrap_or_default(),
            words.iter().any(|w| w == "--prefix"),
            words.iter().any(|w| w == "--from-key"),
        ),
        None => {
            let Some(c) = r.parsed.command else { return };
            let flag = |n: &str| r.parsed.value(n).and_then(|f| f.value.as_deref()) == Some("true");
            (
                c.path.join(" "),
                r.parsed.args().next().unwrap_or_default().to_string(),
                flag("prefix"),
                flag("from-key"),
            )
        }
    };
    if verb != "put" && verb != "del" {
        return;
    }
    let key = key.trim_matches(|c| c == '"' || c == '\'').to_string();
    let everything =
        verb == "del" && ((prefix && key.is_empty()) || (from_key && (key.is_empty() || key == "/" || key == "\\0")));
    let kubernetes = KUBERNETES_PREFIXES.iter().find(|p| {
        key == **p || key.starts_with(&format!("{p}/")) || (prefix && p.starts_with(key.as_str()) && !key.is_empty())
    });
    let message = match (verb.as_str(), everything, kubernetes) {
        (_, true, _) => {
            "This deletes every key in etcd: the whole state of the cluster, Kubernetes' objects included.".to_string()
        }
        ("del", false, Some(p)) if prefix || from_key => format!(
            "This deletes every key under {key}, Kubernetes objects (kube-apiserver keeps them under {p}), directly in etcd: no finalizers or garbage collection run, and the API server may go on serving them from its watch cache."
        ),
        ("del", false, Some(p)) => format!(
            "This deletes {key}, a Kubernetes object (kube-apiserver keeps them under {p}), directly in etcd: no finalizers or garbage collection run, and the API server may go on serving it from its watch cache."
        ),
        ("put", false, Some(p)) => format!(
            "This writes {key} in Kubernetes' part of etcd ({p}) directly: the API server neither validates nor admits it, and it stores objects as protobuf, which a hand-written value is not."
        ),
        _ => return,
    };
    r.say(CheckFinding::new(
        CheckId::WritesKubernetesData,
        message,
        "Change Kubernetes objects with kubectl. If it must be etcd, take a snapshot first (`etcdctl snapshot save before.db`), and restart the API servers afterwards so their caches read etcd again.",
    ));
}

fn rules_for_paths(r: &mut Review<'_>) {
    for name in ["cacert", "cert", "key"] {
        let Some(value) = r.intended(name) else { continue };
        if let Some(fixed) = paths::typo_fix(&value) {
            r.say(CheckFinding::new(
                CheckId::PathTypo,
                format!("--{name} {value} looks like a typo of the well-known {fixed}."),
                format!("Use --{name}={fixed}."),
            ));
            r.set(name, fixed);
        }
    }
    let (cert, key) = (r.intended("cert"), r.intended("key"));
    match (cert, key) {
        (Some(c), None) => {
            let key = paths::key_for(&c);
            r.say(CheckFinding::new(
                CheckId::CertWithoutKey,
                format!("--cert {c} is given without --key: a certificate alone proves nothing (the passport without the fingerprint), and etcdctl refuses to start."),
                match &key {
                    Some(k) => format!("Add --key={k}."),
                    None => "Add --key with the certificate's private key.".into(),
                },
            ));
            if let Some(k) = key {
                r.set("key", k);
            }
        }
        (None, Some(k)) => {
            let cert = paths::cert_for(&k);
            r.say(CheckFinding::new(
                CheckId::KeyWithoutCert,
                format!(
                    "--key {k} is given without --cert: etcdctl has no certificate to present and refuses to start."
                ),
                match &cert {
                    Some(c) => format!("Add --cert={c}."),
                    None => "Add --cert with the key's certificate.".into(),
                },
            ));
            if let Some(c) = cert {
                r.set("cert", c);
            }
        }
        // `--cert x.key --key x.crt`: Go's tls.X509KeyPair finds only a key where it looks for
        // the certificate and says so.
        (Some(c), Some(k)) if paths::cert_for(&c).as_deref() == Some(k.as_str()) => {
            r.say(CheckFinding::new(
                CheckId::CertKeySwapped,
                format!("--cert {c} and --key {k} are the other way round: the certificate (the passport) goes to --cert and its private key (the fingerprint) to --key. etcdctl stops with `tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched`."),
                format!("Use --cert={k} --key={c}."),
            ));
            r.set("cert", k);
            r.set("key", c);
        }
        (Some(c), Some(k)) => {
            // Both in a known layout but not one pair by name: `--cert healthcheck-client.crt
            // --key server.key`.
            if let (Some(pc), Some(pk), Some(expected)) = (paths::place(&c), paths::place(&k), paths::key_for(&c))
                && pc.layout.name == pk.layout.name
                && expected != k
                && pc.is_known()
            {
                r.say(CheckFinding::new(
                    CheckId::Certificate(FindingId::KeyMismatch),
                    format!("--key {k} is not the key of --cert {c} by their names; etcdctl will fail with `tls: private key does not match public key`."),
                    format!("Use --key={expected}."),
                ));
                r.set("key", expected);
            }
        }
        (None, None) => {}
    }
}

/// kubectl exec: what it does, the namespace, the pod's name, the files the pod has.
fn rules_for_pod(r: &mut Review<'_>) {
    let Some(target) = r.site.target().cloned().filter(|t| t.runs_in != RunsIn::Remote) else {
        return;
    };
    // A pod the command starts: its network and files are `rules_for_new_container`'s and
    // `rules_for_endpoints`' to judge.
    if target.is_new_pod() {
        return;
    }
    if target.via.ends_with(" debug") {
        debug_container(r, &target);
        return;
    }
    let pod = target.etcd_pod();
    if no_etcd_pod(r, &target) {
        return;
    }
    if r.runs_in == RunsIn::Pod
        && let Some(pod) = pod
    {
        r.say(CheckFinding::new(
            CheckId::KubectlExecInPod,
            format!(
                "`{}` does not send etcd requests through the API server: the kubelet on {}'s node starts etcdctl in the pod, where {} sets ETCDCTL_CACERT, ETCDCTL_CERT, ETCDCTL_KEY and ETCDCTL_ENDPOINTS (the CA bundle, the node's peer pair, every member), so etcdctl needs no TLS flags and reads the pod's files, not this machine's.",
                target.via, target.name, pod.distribution
            ) + &if r.unset_in_pod.is_empty() {
                String::new()
            } else {
                format!(
                    " {} {} unset in this shell before the command, so etcdctl goes without {}{}.",
                    r.unset_in_pod.join(", "),
                    if r.unset_in_pod.len() == 1 { "is" } else { "are" },
                    if r.unset_in_pod.len() == 1 { "it" } else { "them" },
                    if r.unset_in_pod.iter().any(|n| n == "ETCDCTL_ENDPOINTS") {
                        " (its default endpoint, 127.0.0.1:2379, is this member)"
                    } else {
                        ""
                    }
                )
            },
            "Nothing to change; give no TLS flags, or name files as the pod sees them.",
        ));
    } else if let Some(kind) = target.pod_kind().filter(|k| *k != PodKind::StaticEtcd) {
        let (name, via) = (&target.name, &target.via);
        let (message, fix) = match kind {
            PodKind::KopsEtcdManager => (
                format!("`{via}` starts etcdctl inside kops' etcd-manager pod {name}, which runs etcd itself (on the host network) and sees the node's root at /rootfs: it reads the pod's files, not this machine's."),
                "Name the node's files under /rootfs (kops 1.22 and later keep etcd's CA and the API server's client pair in /srv/kubernetes/kube-apiserver, so /rootfs/srv/kubernetes/kube-apiserver/{etcd-ca.crt,etcd-client.crt,etcd-client.key} in the pod) and dial kops' client port: https://127.0.0.1:4001 for etcd-manager-main, 4002 for etcd-manager-events.".to_string(),
            ),
            PodKind::HostedControlPlane => (
                format!("`{via}` starts etcdctl inside {name}, a hosted control plane's etcd pod: it reads that pod's files, not this machine's."),
                "Name its files: --cacert=/etc/etcd/tls/etcd-ca/ca.crt --cert=/etc/etcd/tls/client/etcd-client.crt --key=/etc/etcd/tls/client/etcd-client.key.".to_string(),
            ),
            _ => (
                format!("`{via}` starts etcdctl inside {name}, which is not a static etcd pod (etcd-<node> in kube-system): etcdctl there reads that pod's files and variables, and 127.0.0.1 is that pod, not this machine. Which etcd it reaches and with which files is not known here."),
                "Give the etcd's address and the files as that pod sees them.".to_string(),
            ),
        };
        r.say(CheckFinding::new(CheckId::KubectlExecInPod, message, fix));
        return;
    } else if r.runs_in == RunsIn::Pod {
        // The files named say whose pod it is (RKE2's static pod); kubeadm's otherwise.
        let (layout, _) = r.layout();
        let layout = if layout.pod_mounts.is_empty() {
            paths::KUBEADM
        } else {
            layout
        };
        r.say(CheckFinding::new(
            CheckId::KubectlExecInPod,
            format!(
                "`{}` does not send etcd requests through the API server. The API server relays an exec stream to the kubelet on {}'s node, which starts etcdctl inside the etcd container; etcdctl then talks to etcd over the pod's network ({}'s etcd pod uses the host network, so 127.0.0.1:2379 is etcd itself) and reads the files the pod mounts, not this machine's.",
                target.via, target.name, layout.name
            ),
            format!(
                "Nothing to change; name files as the pod sees them ({} mounts {}).",
                layout.name, layout.pod_mounts_said
            ),
        ));
    }
    if let Some(exec) = &r.site.exec
        && exec.without_dashes
    {
        r.say(CheckFinding::new(
            CheckId::ExecWithoutDashes,
            format!("`{} {}` takes the command after `--`: written without it, kubectl refuses the command (`error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead`) and runs nothing. Older kubectl took etcdctl's flags for its own.", target.via, target.name),
            "Put `--` before the command (the corrected command does).",
        ));
        r.plan.dashes = true;
    }
    if let Some(exec) = &r.site.exec
        && exec.target.runs_in == RunsIn::Pod
    {
        let name = target.name.trim_start_matches("pod/");
        let static_etcd = target.pod_kind() == Some(PodKind::StaticEtcd);
        if target.namespace.is_none() && static_etcd && target.via.starts_with("oc ") {
            r.say(
                CheckFinding::new(
                    CheckId::NamespaceMissing,
                    format!("{name} is looked up in the current project: unless that is openshift-etcd (`oc project openshift-etcd`), oc answers `pods \"{name}\" not found`, since OpenShift's etcd pods live in openshift-etcd."),
                    "Add -n openshift-etcd.",
                )
                .at(Severity::Warning),
            );
        } else if target.namespace.is_none() && static_etcd {
            r.say(CheckFinding::new(
                CheckId::NamespaceMissing,
                format!("{name} is looked up in the current namespace (usually `default`), but etcd's static pod lives in kube-system: kubectl answers `pods \"{name}\" not found`."),
                "Add -n kube-system.",
            ));
            r.plan.namespace = true;
        }
        let tutorial = [
            "etcd-control-plane",
            "etcd-controlplane",
            "etcd-master",
            "etcd-kind-control-plane",
            "etcd-minikube",
        ];
        // A shell variable (`etcd-${NODE}`, `etcd-$(hostname)`) is the script's choice of
        // member, filled in by the shell: only what is left of the name can be a placeholder.
        let literal = without_expansions(name);
        let placeholder = literal.contains('<')
            || literal.contains("node-name")
            || literal.contains("NODE")
            || literal.contains("nodename")
            // Digits masked with x's when the name was shared (`etcd-10-XX-XXX-112`,
            // `etcd-xxx`): a part of the name that is x's alone.
            || literal
                .split(['-', '.'])
                .any(|part| part.len() >= 2 && (part.bytes().all(|b| b == b'x') || part.bytes().all(|b| b == b'X')))
            || name == "etcd-";
        if placeholder && let Some(pod) = pod {
            r.say(
                CheckFinding::new(
                    CheckId::PodName,
                    format!(
                        "{name} is a placeholder: {} names the etcd pod etcd-<node name> (`{}` lists them).",
                        pod.distribution, pod.list
                    ),
                    "Use the real name.",
                )
                .at(Severity::Warning),
            );
        } else if placeholder {
            r.say(
                CheckFinding::new(
                    CheckId::PodName,
                    format!("{name} is a placeholder: {} names the etcd pod etcd-<node name> (`kubectl -n kube-system get pods -l component=etcd` lists them).", {
                        let (layout, _) = r.layout();
                        if layout.pod_mounts.is_empty() { paths::KUBEADM.name } else { layout.name }
                    }),
                    "Use the real name, or let kubectl find it (the corrected command does).",
                )
                .at(Severity::Warning),
            );
            r.plan.pod = Some("\"$(kubectl -n kube-system get pod -l component=etcd -o name | head -n 1)\"".into());
        } else if tutorial.contains(&name) {
            r.say(CheckFinding::new(
                CheckId::PodName,
                format!("{name} is the etcd pod of a cluster whose control-plane node is named {}: kind names it etcd-<cluster>-control-plane (etcd-kind-control-plane), minikube etcd-minikube, kubeadm etcd-<node name>. On another cluster it is not found.", name.trim_start_matches("etcd-")),
                "Find yours with `kubectl -n kube-system get pods -l component=etcd`.",
            ));
        }
    }
    // Files the pod does not have.
    if let Some(pod) = pod {
        files_in_etcd_pod(r, pod, &target);
        return;
    }
    let (layout, _) = r.layout();
    // Files of a distribution whose etcd runs in no pod (k3s's, in some other container), a new
    // container (`docker run`, its `-v` mounts) or a container other than etcd's: what it
    // mounts is not known here.
    // Only a node's etcd container (crictl) has the etcd pod's mounts.
    let other_container = target.runs_in == RunsIn::Container
        && (target.via.ends_with(" run") || !(target.via.starts_with("crictl") && target.name.contains("etcd")));
    if layout.pod_mounts.is_empty() || other_container {
        return;
    }
    // crictl has no `cp`: a node's container is reached from the node's mounted folders.
    let copy = match target.runs_in {
        RunsIn::Pod => format!("kubectl cp kube-system/{}", target.name),
        _ => String::new(),
    };
    snapshot_outside(r, layout.pod_mounts, &copy);
    for name in ["cacert", "cert", "key"] {
        let Some(value) = r.intended(name) else { continue };
        if !value.starts_with('/') || paths::inside(&value, layout.pod_mounts) {
            continue;
        }
        let placed = paths::place(&value);
        let replacement = placed.as_ref().and_then(|p| {
            if p.layout
                .cluster_dir_etcd_clients
                .iter()
                .any(|c| paths::key_for(c).as_deref() == Some(p.file.as_str()) || *c == p.file)
            {
                let (cert, key) = p.client_pair();
                Some(if name == "key" { key } else { cert })
            } else if p.in_etcd_dir {
                // A client pair the pod does not mount (RKE2's): etcd's server pair, which it
                // mounts, is the one at hand.
                let (cert, key) = p.client_pair();
                let server = (p.layout.member_certs.iter())
                    .find(|c| !c.contains("peer"))
                    .map(|c| p.etcd_file(c))
                    .filter(|c| paths::inside(c, layout.pod_mounts))
                    .and_then(|c| paths::key_for(&c).map(|k| (c, k)))
                    .filter(|_| value == cert || value == key)?;
                Some(if name == "key" { server.1 } else { server.0 })
            } else {
                let (cert, key) = p.client_pair();
                Some(match name {
                    "cacert" => p.etcd_file(p.layout.etcd_ca),
                    "cert" => cert,
                    _ => key,
                })
            }
        });
        if placed
            .as_ref()
            .is_some_and(|p| !p.in_etcd_dir && name == "cacert" && p.layout.other_cas.contains(&p.file.as_str()))
        {
            continue;
        }
        // kubeadm's etcd folder under another certificatesDir (Docker Desktop's /run/config/pki
        // by another pod name, a hand-set one): the pod mounts `<certificatesDir>/etcd`, which
        // is not known here.
        if let Some(p) = placed
            .as_ref()
            .filter(|p| p.in_etcd_dir && p.layout.etcd_dir == paths::KUBEADM.etcd_dir && !p.layout.holds(&value))
        {
            if !r.has(CheckId::FileNotInPod) {
                r.say(
                    CheckFinding::new(
                        CheckId::FileNotInPod,
                        format!(
                            "--{name} {value} is in a kubeadm etcd folder other than {}'s default {}: kubeadm's etcd pod mounts <certificatesDir>/etcd, so the file is there only if this cluster's certificatesDir is {}{}.",
                            layout.name,
                            layout.pod_mounts_said,
                            p.base,
                            paths::KUBEADM.cluster_dir
                        ),
                        format!(
                            "Nothing to change if so; `kubectl -n kube-system get pod {} -o jsonpath='{{.spec.volumes}}'` shows the folders the pod mounts.",
                            target.name
                        ),
                    )
                    .at(Severity::Info),
                );
            }
            continue;
        }
        r.say(file_not_in_pod(
            name,
            &value,
            layout.name,
            layout.pod_mounts,
            match &replacement {
                Some(p) if p.contains("server") => format!("Use --{name}={p}: the pod mounts no client pair, and etcd's server pair is a client too."),
                Some(p) => format!("Use --{name}={p} (etcd/healthcheck-client is the least-privileged etcd client), or run etcdctl on the node itself."),
                None => "Use a file under the mounted folder, or run etcdctl on the node itself.".into(),
            },
        ));
        if let Some(p) = replacement {
            r.set(name, p);
        }
    }
}

/// A word without its shell expansions (`$NAME`, `${…}`, `$(…)`, backticks).
fn without_expansions(word: &str) -> String {
    let mut out = String::new();
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('$', Some('{' | '(')) => {
                let close = if chars.next() == Some('{') { '}' } else { ')' };
                for d in chars.by_ref() {
                    if d == close {
                        break;
                    }
                }
            }
            ('$', Some(d)) if d.is_ascii_alphanumeric() || *d == '_' => {
                while chars.peek().is_some_and(|d| d.is_ascii_alphanumeric() || *d == '_') {
                    chars.next();
                }
            }
            ('`', _) => {
                for d in chars.by_ref() {
                    if d == '`' {
                        break;
                    }
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// `kubectl debug POD --image=… -- etcdctl`: an ephemeral container of the image joins the pod.
/// It shares the pod's network (127.0.0.1 is the pod's etcd) but none of its volumes:
/// kubectl gives it no volume mounts (only a `--custom` spec can), so the etcd container's
/// certificate files are not there.
fn debug_container(r: &mut Review<'_>, target: &Target) {
    let name = target.name.trim_start_matches("pod/");
    r.say(CheckFinding::new(
        CheckId::KubectlExecInPod,
        format!("`{}` adds an ephemeral container of its --image to {name} and runs etcdctl there: it shares the pod's network, so 127.0.0.1 is the pod's etcd, but it mounts none of the pod's volumes and holds only its image's files.", target.via),
        "Name files the debug container has, or mount them with a --custom container spec (volumeMounts).",
    ));
    let custom = r.site.outer.iter().any(|w| w.value.starts_with("--custom"));
    let files: Vec<String> = ["cacert", "cert", "key"]
        .iter()
        .filter_map(|n| r.intended(n).map(|v| format!("--{n} {v}")))
        .filter(|f| {
            let path = f.split_once(' ').map_or("", |(_, p)| p);
            path.starts_with('/') && !path.starts_with("/proc/")
        })
        .collect();
    if !files.is_empty() && !custom {
        r.say(CheckFinding::new(
            CheckId::FileNotInPod,
            format!(
                "{}: the etcd container's files come from the pod's volumes, which `{}` does not mount in its container, so etcdctl there does not find them (`no such file or directory`).",
                files.join(", "),
                target.via
            ),
            "Mount the volumes with --custom (a container spec with volumeMounts of the pod's volumes), or with --target=<etcd's container> name them through the etcd process's root (/proc/<its pid>/root/…).",
        ));
    }
}

/// The version of the etcd image a new container runs etcdctl from (`docker run
/// quay.io/coreos/etcd:v3.2.4 etcdctl …`, podman's and nerdctl's alike), when it is older than
/// 3.4 and so speaks v2 by default: `3.2.4` of `…/etcd:v3.2.4`, `3.3.10` of `…/etcd:3.3.10-0`.
fn old_etcdctl_image(site: &Site) -> Option<String> {
    let target = site.exec.as_ref().map(|e| &e.target)?;
    if target.runs_in != RunsIn::Container || !target.via.ends_with(" run") || target.via.contains(" compose ") {
        return None;
    }
    let (image, tag) = target.name.rsplit_once(':')?;
    if !image.rsplit('/').next().is_some_and(|n| n.starts_with("etcd")) {
        return None;
    }
    let version = tag.trim_start_matches('v');
    let version = version.split('-').next().unwrap_or(version);
    let mut parts = version.split('.');
    let major: u32 = parts.next()?.parse().ok()?;
    let minor: u32 = parts.next()?.parse().ok()?;
    (major < 3 || (major == 3 && minor < 4)).then(|| version.to_string())
}

/// A pod of etcd-druid's StatefulSets in a Gardener seed: `etcd-main-<n>`, `etcd-events-<n>`.
fn gardener_etcd_pod(name: &str) -> bool {
    ["etcd-main-", "etcd-events-"].iter().any(|p| {
        name.strip_prefix(p)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// k3s runs etcd inside the k3s server process (`pkg/etcd/etcd.go` starts it embedded): there
/// is no `etcd-<node>` pod, `-l component=etcd` matches nothing, and k3s ships no etcdctl
/// (k3s-io/k3s#4022, #5435). etcdctl installed on the server host reads k3s's files there.
/// Said when `kubectl exec` into an etcd pod names k3s's files; the correction runs etcdctl
/// on the host.
fn no_etcd_pod(r: &mut Review<'_>, target: &Target) -> bool {
    let Some(exec) = r.site.exec.as_ref().filter(|_| r.site.shell.is_none()) else {
        return false;
    };
    if target.runs_in != RunsIn::Pod || target.pod_kind() != Some(PodKind::StaticEtcd) || r.layout().0.name != "k3s" {
        return false;
    }
    let name = target.name.trim_start_matches("pod/");
    let answer = if name.contains(['$', '`', '<', '{']) {
        String::new()
    } else {
        format!("`{}` answers `pods \"{name}\" not found`, and ", target.via)
    };
    r.say(CheckFinding::new(
        CheckId::NoEtcdPod,
        format!(
            "k3s runs etcd inside its own server process, not in a pod: there is no etcd pod to exec into ({answer}`-l component=etcd` matches nothing), and k3s ships no etcdctl."
        ),
        "Run etcdctl on the k3s server host, with an etcdctl you install there (etcd's release tarball), and these files (the corrected command does).",
    ));
    r.plan
        .drop_lead
        .extend(exec.program_word..exec.command_start.min(r.site.call));
    // `… | xargs -I{} kubectl exec etcd-{} -- etcdctl …`: xargs ran it once per pod (or node)
    // piped in; on the host, where nothing in etcdctl's words takes `{}`, it runs once (every
    // member is in `member list`, and `--cluster` asks each), so xargs and what fed it go.
    let words = &r.site.words;
    if let Some(x) = (0..exec.program_word).find(|&i| words[i].value == "xargs")
        && !words[r.site.call..].iter().any(|w| w.value.contains("{}"))
    {
        r.plan.drop_lead.extend(x..exec.program_word);
    }
    r.plan.api3 = true;
    true
}

/// Programs RKE2 does not ship where the command runs them. RKE2 1.31 and later have no
/// `/var/lib/rancher/rke2/bin/etcdctl` on the host; etcdctl is in the etcd container (rancherlabs/
/// support-tools PR #434: "etcdctl on host … (not present v1.31+) → crictl exec <id> etcdctl").
/// RKE2's etcd images, and RKE's from etcd 3.5.7, have no /bin/sh, so `crictl exec <id> sh -c`
/// fails (`exec: "/bin/sh": stat /bin/sh: no such file or directory`; rancherlabs/support-tools
/// #278 and PR #308, rancher/rancher-docs#984).
fn missing_program(r: &mut Review<'_>) {
    let (layout, _) = r.layout();
    let target = r.site.target().cloned();
    // Gardener's etcd pods (etcd-druid's StatefulSets etcd-main and etcd-events) run etcd in
    // etcd-wrapper's image, distroless with /etcd-wrapper alone (gardener/etcd-wrapper
    // Dockerfile; docs/deployment/ops.md: "does not have a shell, nor does it have any etcd
    // cli tools"): etcdctl is not there to exec. The backup-restore sidecar is another image.
    if let (Some(target), Some(exec)) = (&target, &r.site.exec)
        && target.runs_in == RunsIn::Pod
        && target.via.ends_with(" exec")
        && gardener_etcd_pod(target.resolved.trim_start_matches("pod/"))
    {
        let outer = &r.site.outer[exec.program_word..exec.command_start.min(r.site.outer.len())];
        let container = outer
            .iter()
            .enumerate()
            .find_map(|(i, w)| match w.value.split_once('=') {
                Some(("-c" | "--container", c)) => Some(c.to_string()),
                _ if matches!(w.value.as_str(), "-c" | "--container") => outer.get(i + 1).map(|c| c.value.clone()),
                _ => None,
            });
        if container.is_none_or(|c| c == "etcd") {
            let ns = target
                .namespace
                .as_deref()
                .map(|n| format!("-n {n} "))
                .unwrap_or_default();
            r.say(CheckFinding::new(
                CheckId::MissingProgram,
                format!(
                    "Gardener's etcd container runs etcd-wrapper's distroless image, which has no shell and no etcdctl: `{} {}` fails (`exec: \"{}\": executable file not found in $PATH`).",
                    target.via,
                    target.name,
                    r.site.words.get(r.site.call).map_or("etcdctl", |w| w.value.as_str())
                ),
                format!(
                    "Add a debug container with etcdctl to the pod, as etcd-wrapper's operations guide does: `kubectl debug -it {ns}{} --image=<an image with etcdctl> --target=etcd`, and run etcdctl there (the pod's certificate volumes are not mounted in it).",
                    target.name
                ),
            ));
        }
    }
    if let Some((at, script, inner)) = &r.site.shell
        && let Some(target) = &target
        && (target.runs_in == RunsIn::Container
            || (target.runs_in == RunsIn::Pod && target.pod_kind() == Some(PodKind::StaticEtcd)))
        && (layout.name == "RKE2" || target.etcd_pod().is_some_and(|p| p.distribution == "RKE"))
        && (target.name.contains("etcd") || layout.name == "RKE2")
        && let Some(shell_word) = at.checked_sub(2)
        && r.site.outer.get(shell_word).is_some_and(|w| is_shell_word(&w.value))
    {
        r.say(CheckFinding::new(
            CheckId::MissingProgram,
            format!(
                "{}'s etcd image has no shell: `{} {} sh -c …` fails (`exec: \"/bin/sh\": stat /bin/sh: no such file or directory`).",
                if layout.name == "RKE2" { "RKE2" } else { "RKE (etcd 3.5.7 and later)" },
                target.via,
                target.name
            ),
            format!(
                "Run etcdctl directly, with flags instead of variables: `{} {} etcdctl --cacert … --cert … --key … <command>` (the corrected command does).",
                target.via, target.name
            ),
        ));
        // The words before the shell, then etcdctl's own from the script, its variables
        // (set before it or by the script's earlier assignments) as flags.
        let mut out: Vec<String> = r.site.outer[..shell_word].iter().map(|w| w.raw.clone()).collect();
        let mut flags: Vec<String> = Vec::new();
        let mut as_flag = |w: &Word| {
            let Some((name, value)) = assignment(&w.value) else {
                return false;
            };
            if let Some(flag) = flag_of_env(name) {
                flags.retain(|f| !f.starts_with(&format!("--{flag}=")));
                flags.push(format!("--{flag}={value}"));
            }
            name.starts_with("ETCDCTL_")
        };
        for earlier in shell::segments(script).iter().filter(|s| s.end <= inner.start) {
            let words = match earlier.words.first().map(|w| w.value.as_str()) {
                Some("export") => &earlier.words[1..],
                _ => &earlier.words[..],
            };
            if words.iter().all(|w| assignment(&w.value).is_some()) {
                for w in words {
                    as_flag(w);
                }
            }
        }
        let call = r.site.call;
        let mut lead: Vec<String> = Vec::new();
        for w in &inner.words[..call] {
            if !as_flag(w) {
                lead.push(w.raw.clone());
            }
        }
        out.extend(lead);
        out.push(inner.words[call].raw.clone());
        out.extend(flags.iter().map(|f| Word::new(f.as_str()).raw));
        out.extend(inner.words[call + 1..].iter().map(|w| w.raw.clone()));
        let rest = script.get(inner.end..).unwrap_or("").trim_end();
        r.plan.working_form = Some(format!("{}{rest}", out.join(" ")));
    }
    let program = r.site.words.get(r.site.call).map(|w| w.value.as_str()).unwrap_or("");
    if r.runs_in == RunsIn::Host
        && r.site.shell.is_none()
        && r.site.inside.is_none()
        && program == "/var/lib/rancher/rke2/bin/etcdctl"
    {
        const CRICTL: &str =
            "CRI_CONFIG_FILE=/var/lib/rancher/rke2/agent/etc/crictl.yaml /var/lib/rancher/rke2/bin/crictl";
        // crictl needs root for containerd's socket, the container's id too.
        let sudo = if r.site.sudo.is_some() { "sudo " } else { "" };
        let exec = format!("{CRICTL} exec \"$({sudo}{CRICTL} ps --name '^etcd$' -q)\"");
        r.say(CheckFinding::new(
            CheckId::MissingProgram,
            format!("RKE2 1.31 and later ship no etcdctl on the host: {program} exists only on older nodes (`No such file or directory`). etcdctl is in the etcd container, which mounts etcd's server pair and CAs at the same paths (no client pair: there etcd's server pair is the client)."),
            format!("Run it there: `{sudo}{exec} etcdctl --cacert=/var/lib/rancher/rke2/server/tls/etcd/server-ca.crt --cert=/var/lib/rancher/rke2/server/tls/etcd/server-client.crt --key=/var/lib/rancher/rke2/server/tls/etcd/server-client.key <command>` (the corrected command does)."),
        ));
        // Variables set before etcdctl would stay with crictl: they become flags.
        let mut out: Vec<String> = Vec::new();
        let mut flags: Vec<String> = Vec::new();
        for (i, w) in r.site.words.iter().enumerate() {
            if i < r.site.call
                && let Some((name, value)) = assignment(&w.value)
                && name.starts_with("ETCDCTL_")
            {
                flags.extend(flag_of_env(name).map(|f| Word::new(format!("--{f}={value}")).raw));
                continue;
            }
            if i == r.site.call {
                out.push(format!("{exec} etcdctl"));
                out.append(&mut flags);
                continue;
            }
            out.push(w.raw.clone());
        }
        r.plan.working_form = Some(out.join(" "));
    }
}

fn is_shell_word(word: &str) -> bool {
    matches!(word.rsplit('/').next(), Some("sh" | "bash" | "ash"))
}

/// `--{name} {value}` names a file the etcd pod of `distribution` does not mount.
fn file_not_in_pod(name: &str, value: &str, distribution: &str, mounts: &[&str], fix: String) -> CheckFinding {
    CheckFinding::new(
        CheckId::FileNotInPod,
        format!(
            "--{name} {value} does not exist inside the etcd pod: {distribution}'s etcd pod mounts only {}.",
            mounts.join(", ")
        ),
        fix,
    )
}

/// `snapshot save` inside a container to a folder it does not share with the node (`shared`,
/// the last the one to suggest); `copy` is the command that copies from the pod.
fn snapshot_outside(r: &mut Review<'_>, shared: &[&str], copy: &str) {
    if r.parsed.command.map(|c| c.path) == Some(&["snapshot", "restore"][..]) {
        // A restore writes a new data directory where it runs: inside the pod, beside the
        // running etcd, which goes on serving its old one.
        let dir = r.parsed.value("data-dir").and_then(|f| f.value.clone());
        let dir = dir.unwrap_or_else(|| "default.etcd (in the container's working folder)".into());
        r.say(
            CheckFinding::new(
                CheckId::SnapshotInPod,
                format!("`snapshot restore` writes its new data directory, {dir}, inside the container, while etcd there keeps running on its own: the cluster does not change, and the directory is lost with the container unless it is on a mounted folder."),
                "Restore on the node instead: stop etcd (move its manifest out of the manifests folder), run `etcdutl snapshot restore` (or etcdctl 3.4's) with --data-dir a new folder, and point etcd's data volume at it.",
            )
            .at(Severity::Warning),
        );
        return;
    }
    if r.parsed.command.map(|c| c.path) != Some(&["snapshot", "save"][..]) {
        return;
    }
    let Some(file) = r.parsed.args().next().map(str::to_string) else {
        return;
    };
    if paths::inside(&file, shared) {
        return;
    }
    // `snapshot-$(date +%F).db` is named when etcdctl runs: a later `kubectl cp` with the same
    // text would fill in another moment.
    let (named, when) = match shell::substitutions_shown(&file) {
        Some(shown) => (
            shown,
            " Its name is filled in by the shell when the command runs: copy it by the name it got (list the folder in the container).",
        ),
        None => (file.clone(), ""),
    };
    r.say(CheckFinding::new(
        CheckId::SnapshotInPod,
        format!(
            "The snapshot {file} is written inside the container, not on the node: only {} {} shared with the node, and the rest is lost when the container restarts.",
            mounts_in_words(shared),
            if shared.len() == 1 { "is" } else { "are" }
        ),
        if copy.is_empty() {
            format!(
                "Save it under {}, which the node sees at the same path.{when}",
                shared.last().copied().unwrap_or("/var/lib/etcd")
            )
        } else {
            format!(
                "Copy it out afterwards (`{copy}:{named} ./snapshot.db`), or save it under {}.{when}",
                shared.last().copied().unwrap_or("/var/lib/etcd")
            )
        },
    ));
}

/// A pod's mounts in few words: files that share a folder are counted in it (RKE2's six TLS
/// files: "6 files in /var/lib/rancher/rke2/server/tls/etcd"), the others named.
pub(crate) fn mounts_in_words(shared: &[&str]) -> String {
    let parent = |p: &str| p.rsplit_once('/').map(|(d, _)| d.to_string()).unwrap_or_default();
    let mut parts: Vec<String> = Vec::new();
    let mut counted: Vec<String> = Vec::new();
    for path in shared {
        let dir = parent(path);
        let siblings = shared.iter().filter(|p| parent(p) == dir).count();
        if siblings < 2 {
            parts.push(path.to_string());
        } else if !counted.contains(&dir) {
            parts.push(format!("{siblings} files in {dir}"));
            counted.push(dir);
        }
    }
    match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => parts.concat(),
    }
}

/// The files named inside an etcd pod whose distribution sets etcdctl's variables: what the
/// pod does not mount does not exist there, and the pod's own variables name the right files.
fn files_in_etcd_pod(r: &mut Review<'_>, pod: &paths::EtcdPod, target: &Target) {
    snapshot_outside(r, pod.shared, &pod.copy.replace("{name}", &target.name));
    for name in ["cacert", "cert", "key"] {
        let Some(setting) = r.get(name) else { continue };
        let (value, origin) = (setting.value.clone(), setting.origin.clone());
        if origin == Origin::Pod || !value.starts_with('/') || paths::inside(&value, pod.mounts) {
            continue;
        }
        r.say(file_not_in_pod(
            name,
            &value,
            pod.distribution,
            pod.mounts,
            format!(
                "Leave --{name} out: the pod's {} names the file it has.",
                env_name(name)
            ),
        ));
        if let Origin::Flag(i) = origin {
            r.plan.remove.push(i);
        }
        // etcdctl then reads the pod's own variable.
        r.settings.retain(|(n, _)| *n != name);
        let var = env_name(name);
        if let Some((_, value)) = target.pod_variables().into_iter().find(|(n, _)| *n == var) {
            r.settings.push((
                name,
                Setting {
                    value,
                    origin: Origin::Pod,
                },
            ));
        }
    }
}

/// Ports, schemes, insecure flags, missing CA or client certificate.
fn rules_for_endpoints(r: &mut Review<'_>) {
    // `docker run` gives the new container its own network unless told otherwise.
    if r.site.exec.as_ref().is_some_and(|e| e.target.own_network) && r.connects() {
        let endpoints = r.intended("endpoints").unwrap_or_else(|| "127.0.0.1:2379".into());
        let loopback = endpoints
            .split(',')
            .find(|ep| is_loopback(ep.trim().split("://").last().unwrap_or(ep)));
        let new_pod = r.site.exec.as_ref().is_some_and(|e| e.target.is_new_pod());
        if let Some(ep) = loopback.filter(|_| new_pod) {
            let via = r.site.exec.as_ref().map(|e| e.target.via.clone()).unwrap_or_default();
            r.say(CheckFinding::new(
                CheckId::ContainerNetwork,
                format!("`{via}` starts a new pod with a network of its own, so {} is the pod itself, where no etcd listens: etcdctl fails with `connection refused`.", ep.trim()),
                "Dial the node's address (etcd's --advertise-client-urls), or run etcdctl in the etcd pod, which has the node's network and etcd's files: `kubectl exec -n kube-system etcd-<node> -- etcdctl …`.",
            ));
        } else if let Some(ep) = loopback {
            let via = r.site.exec.as_ref().map(|e| e.target.via.clone()).unwrap_or_default();
            r.say(CheckFinding::new(
                CheckId::ContainerNetwork,
                format!("`{via}` gives the container a network of its own, so {} is the container itself, where no etcd listens: etcdctl fails with `connection refused`.", ep.trim()),
                format!("Add --network host after `{via}` (the node's etcd listens on its loopback), or dial the node's address."),
            ));
            r.plan.host_network = true;
        }
    }
    etcd_manager_port(r);
    let tls_files = ["cacert", "cert", "key"].iter().any(|n| r.intended(n).is_some());
    // Files only the container's assumed distribution sets (RKE's `docker exec etcd`): a guess
    // from the container's name, which a plain-HTTP etcd of the same name makes wrong.
    let tls_files_guessed = ["cacert", "cert", "key"]
        .iter()
        .all(|n| r.get(n).is_none_or(|s| s.origin == Origin::Pod) && r.plan.set.iter().all(|(m, _)| m != n));
    if let Some(eps) = r.intended("endpoints") {
        let mut fixed = Vec::new();
        let mut changed = false;
        for ep in eps.split(',').filter(|e| !e.is_empty()) {
            let mut e = ep.trim().to_string();
            if let Some((_, url)) = e.strip_prefix('[').and_then(|x| x.split_once("](")) {
                let url = url.trim_end_matches(')').to_string();
                r.say(CheckFinding::new(
                    CheckId::MarkdownLink,
                    format!("{ep} is a Markdown link pasted as is: the shell rejects its parentheses (`syntax error near unexpected token`), and etcdctl could not parse it as a URL anyway."),
                    format!("Use the URL: {url}."),
                ));
                e = url;
                changed = true;
            }
            let (host_part, port) = e.rsplit_once(':').unwrap_or((e.as_str(), ""));
            let host_part = host_part.to_string();
            let host = host_part.rsplit("://").next().unwrap_or_default();
            // `--endpoints=[xxxx:2379]` (etcd-io/etcd#7536): brackets hold an IPv6 address,
            // nothing else.
            let address = e.rsplit("://").next().unwrap_or_default();
            // `--endpoints=http://10.0.0.1:2379,http://10.0.0.2:2379,[..]` (etcd-io/etcd#8990):
            // the notes' "and the others", which etcdctl takes as one more address.
            if matches!(e.as_str(), "[..]" | "[...]" | "..." | "…") {
                r.say(CheckFinding::new(
                    CheckId::Placeholder,
                    format!("{ep} in --endpoints stands for the endpoints the notes leave out: etcdctl takes it as one more address, which it cannot dial."),
                    "List every member's client URL there (`etcdctl member list` shows them), or drop it.",
                ));
            } else if let Some(inner) = bracket_placeholder(address).filter(|_| address.starts_with('[')) {
                r.say(CheckFinding::new(
                    CheckId::Placeholder,
                    format!("{ep}: [{inner}] is a placeholder from the documentation, not an address: etcdctl cannot dial it and waits until `context deadline exceeded`."),
                    "Put a member's address there: 127.0.0.1 on a control-plane node, or a client URL that `etcdctl member list` shows.",
                ));
            } else if let Some(inner) = bare_words_template(host) {
                r.say(CheckFinding::new(
                    CheckId::Placeholder,
                    format!("{ep}: {{{{{inner}}}}} is a placeholder from the notes, not a template expression: neither Jinja nor Go templates fill in two bare names side by side (both refuse it), and in a shell script the shell splits the word at the space, so etcdctl gets `{}` as an argument of its own.", e.split_once(' ').map_or("", |(_, rest)| rest)),
                    "Put a member's address there: 127.0.0.1 on a control-plane node, or a client URL that `etcdctl member list` shows.",
                ));
            } else if let Some(inner) = shell::placeholder(host) {
                r.say(CheckFinding::new(
                    CheckId::Placeholder,
                    format!("{ep}: {host} is a placeholder from the documentation, not an address: {}", shell_stops(inner, false)),
                    "Put a member's address there: 127.0.0.1 on a control-plane node, or a client URL that `etcdctl member list` shows.",
                ));
            } else if looks_like_variable_name(host) {
                r.say(
                    CheckFinding::new(
                        CheckId::Placeholder,
                        format!("{ep}: {host} looks like a placeholder from the documentation, not a host name: etcdctl cannot resolve it and waits until `context deadline exceeded`."),
                        "Put a member's address there: 127.0.0.1 on a control-plane node, or a client URL that `etcdctl member list` shows.",
                    )
                    .at(Severity::Warning),
                );
            }
            let wrong_port = match port.trim_end_matches('/') {
                "2380" => Some((
                    CheckId::PeerPort,
                    format!(
                        "{ep} is etcd's peer port (2380), where members talk to each other; clients talk to 2379. etcdctl gets no answer it understands (`context deadline exceeded`)."
                    ),
                )),
                "6443" => Some((
                    CheckId::ApiserverPort,
                    format!(
                        "{ep} is kube-apiserver's port (6443), not etcd's: the API server answers with its own certificate and speaks no etcd gRPC, so etcdctl fails (`context deadline exceeded`). etcd serves clients on 2379."
                    ),
                )),
                _ => None,
            };
            // `127.0.0.1:2379,127.0.0.1:2380,127.0.0.1:2381`: one host on neighbouring ports is
            // several members' client ports mapped there (a compose file), not a peer port.
            let mapped = port.trim_end_matches('/') == "2380"
                && eps.split(',').filter(|o| o.trim() != ep.trim()).any(|o| {
                    o.trim()
                        .rsplit_once(':')
                        .is_some_and(|(h, p)| h.rsplit("://").next() == Some(host) && p.trim_end_matches('/') == "2381")
                });
            if let (Some((CheckId::PeerPort, _)), true) = (&wrong_port, mapped) {
                r.say(
                    CheckFinding::new(
                        CheckId::PeerPort,
                        format!("{ep} is on etcd's peer port (2380); with {host} on 2381 too, these look like several members' client ports mapped onto one host (a compose file), which works. If it is a member's peer port, etcdctl gets no answer it understands (`context deadline exceeded`)."),
                        "If these are mapped client ports, nothing to change; otherwise use the member's client port (2379 in the container).",
                    )
                    .at(Severity::Warning),
                );
            } else if let Some((id, message)) = wrong_port {
                r.say(CheckFinding::new(id, message, "Use port 2379."));
                e = format!("{host_part}:2379");
                changed = true;
            }
            if let Some(rest) = e.strip_prefix("http://")
                && tls_files
            {
                let finding = if let (true, Some(pod)) = (tls_files_guessed, r.site.target().and_then(|t| t.etcd_pod()))
                {
                    CheckFinding::new(
                        CheckId::PlaintextEndpoint,
                        format!("{ep} starts with http://, so etcdctl connects without TLS and ignores the TLS files {}'s etcd container gives it; {}'s etcd speaks only TLS and does not answer. (An etcd of that name that speaks plain HTTP answers.)", pod.distribution, pod.distribution),
                        "Use https://.",
                    )
                    .at(Severity::Warning)
                } else {
                    CheckFinding::new(
                        CheckId::PlaintextEndpoint,
                        format!(
                            "{ep} starts with http://, so etcdctl connects without TLS and ignores --cacert, --cert and --key; an etcd that speaks TLS does not answer."
                        ),
                        "Use https://.",
                    )
                };
                r.say(finding);
                e = format!("https://{rest}");
                changed = true;
            }
            fixed.push(e);
        }
        if changed {
            r.set("endpoints", fixed.join(","));
        }
        // etcdctl 3.4 (tried) refuses before it connects: a snapshot is one member's database.
        if r.parsed.command.map(|c| c.path) == Some(&["snapshot", "save"][..]) && fixed.len() > 1 {
            r.say(CheckFinding::new(
                CheckId::SnapshotMultipleEndpoints,
                format!(
                    "`snapshot save` is given {} endpoints: a snapshot is one member's database, and etcdctl refuses before it connects (`Error: snapshot must be requested to one selected node, not multiple [{}]`).",
                    fixed.len(),
                    eps.split(',').map(str::trim).filter(|e| !e.is_empty()).collect::<Vec<_>>().join(" ")
                ),
                format!("Give one endpoint, a healthy member's (the corrected command keeps the first, {}).", fixed[0]),
            ));
            r.set("endpoints", fixed[0].clone());
        }
    }
    // OpenShift's etcd pod sets ETCDCTL_ENDPOINTS to every member's client URL: `snapshot save`
    // there is refused as above. Its own cluster-backup.sh gives one member for the command
    // (`ETCDCTL_ENDPOINTS="https://${NODE_..._IP}:2379" etcdctl snapshot save`); this member is
    // https://localhost:2379, a name its serving certificate carries (cluster-etcd-operator
    // pkg/tlshelpers getServerHostNames: localhost, 127.0.0.1, ::1).
    if r.parsed.command.map(|c| c.path) == Some(&["snapshot", "save"][..])
        && let Some(s) = r.get("endpoints")
        && s.origin == Origin::Pod
        && s.value.contains("<each member's IP>")
        && !r.plan.set.iter().any(|(n, _)| *n == "endpoints")
    {
        r.say(CheckFinding::new(
            CheckId::SnapshotMultipleEndpoints,
            "OpenShift's etcd pod sets ETCDCTL_ENDPOINTS to every member's client URL, so `snapshot save` is given them all: a snapshot is one member's database, and etcdctl refuses before it connects (`Error: snapshot must be requested to one selected node, not multiple [https://… https://… https://…]`).",
            "Give this member alone as the variable for this command, as OpenShift's cluster-backup.sh does: `ETCDCTL_ENDPOINTS=https://localhost:2379 etcdctl snapshot save …` (the corrected command does; etcd's serving certificate there names localhost).",
        ));
        r.set("endpoints", "https://localhost:2379");
        r.plan.env_kept.push("endpoints");
    }
    let skip = r.intended("insecure-skip-tls-verify").is_some_and(|v| v != "false");
    // etcdctl 3.4 makes a TLS configuration, and so applies the flag, only when --cacert,
    // --cert or --key is given or --insecure-transport=false (etcdctl/ctlv3/command/
    // global.go newClientCfg); without them an https endpoint is checked against the
    // system's CAs all the same (etcd-io/etcd#11693).
    let applies = ["cacert", "cert", "key"].iter().any(|f| r.intended(f).is_some())
        || r.intended("insecure-transport").is_some_and(|v| v == "false");
    let message = if applies {
        "--insecure-skip-tls-verify turns off the check of etcd's certificate: anyone in the middle can pose as etcd and read everything, including Secrets. It does not replace the client certificate either."
    } else {
        "--insecure-skip-tls-verify does nothing here: etcdctl 3.4 applies it only together with --cacert, --cert or --key (or --insecure-transport=false). Without them, etcdctl still checks etcd's certificate, against the system's CAs, which did not sign a private etcd CA's certificate, so the command fails with `certificate signed by unknown authority`."
    };
    // Without the flag etcdctl needs the CA that signed etcd's certificate: where no known
    // layout names it (a hand-made PKI, an etcd with users of its own), the correction keeps
    // the flag rather than fail with `x509: certificate signed by unknown authority`.
    let ca_unknown = r.intended("cacert").is_none() && r.unknown_pki_folder().is_some();
    if skip && ca_unknown {
        r.say(CheckFinding::new(
            CheckId::InsecureSkipVerify,
            message,
            "Give the CA that signed etcd's certificate with --cacert (the file etcd's own --trusted-ca-file names) and remove the flag; the corrected command keeps it, as that file is not known here.",
        ));
    } else if skip {
        r.say(CheckFinding::new(
            CheckId::InsecureSkipVerify,
            message,
            "Remove it and give the etcd CA with --cacert.",
        ));
        match r.get("insecure-skip-tls-verify").map(|s| s.origin.clone()) {
            Some(Origin::Flag(i)) => r.plan.remove.push(i),
            _ => r.set("insecure-skip-tls-verify", "false"),
        }
        r.settings.retain(|(n, _)| *n != "insecure-skip-tls-verify");
    }
    if !r.connects() {
        return;
    }
    let https = r.intended("endpoints").is_some_and(|e| e.contains("https://"));
    let in_pod = r.in_etcd_pod();
    let (cacert, cert, key) = (r.intended("cacert"), r.intended("cert"), r.intended("key"));
    let plain = r
        .intended("endpoints")
        .is_some_and(|e| e.split(',').all(|x| x.starts_with("http://")));
    // `etcdctl ... member list`: the TLS flags may be among the words left out.
    if plain || r.parsed.elided || r.parsed.forwarded || unknown_wrapper(r.site) {
        return;
    }
    // Files in a folder no known layout has: their neighbours are not known here, so the fix
    // says what file to give rather than guess kubeadm's.
    let own_pki = r.unknown_pki_folder();
    // With --insecure-skip-tls-verify nothing checks etcd's certificate, so no CA is missing;
    // the corrected command, which drops that flag, names the CA where it is known.
    if skip && cacert.is_none() {
        if own_pki.is_none() && (https || cert.is_some() || key.is_some() || in_pod) {
            let ca = r.etcd_file(r.layout().0.etcd_ca);
            r.set("cacert", ca);
        }
    } else if cacert.is_none() && (https || cert.is_some() || key.is_some() || in_pod) {
        let (layout, _) = r.layout();
        let message = if in_pod && cert.is_none() && !https {
            format!(
                "No --cacert, --cert or --key: etcdctl talks plain gRPC to 127.0.0.1:2379, where {}'s etcd speaks only TLS, and waits until `context deadline exceeded`.",
                r.layout().0.name
            )
        } else {
            "TLS without --cacert: etcdctl checks etcd's certificate against this system's CAs, which do not include the etcd CA (`x509: certificate signed by unknown authority`).".to_string()
        };
        if let Some(folder) = &own_pki {
            r.say(CheckFinding::new(
                CheckId::MissingCacert,
                message,
                format!("Add --cacert with the CA that signed etcd's server certificate: the file etcd's own --trusted-ca-file names (it often lies beside --cert, in {folder})."),
            ));
        } else if layout.ca_in_system_store && r.runs_in == RunsIn::Host {
            // Kubespray puts its etcd CA in the node's trust store (`roles/etcd/tasks/
            // upd_ca_trust.yml`): there, and only there, etcdctl trusts etcd without it.
            let ca = r.etcd_file(layout.etcd_ca);
            r.say(
                CheckFinding::new(
                    CheckId::MissingCacert,
                    format!("TLS without --cacert: etcdctl checks etcd's certificate against this system's CAs. On a Kubespray node that works (Kubespray adds its etcd CA, {ca}, to the system's trust store); anywhere else it fails (`x509: certificate signed by unknown authority`)."),
                    format!("Add --cacert={ca}, so that the command works wherever it is copied."),
                )
                .at(Severity::Warning),
            );
            r.set("cacert", ca);
        } else {
            let ca = r.etcd_file(r.layout().0.etcd_ca);
            r.say(CheckFinding::new(
                CheckId::MissingCacert,
                message,
                format!("Add --cacert={ca}."),
            ));
            r.set("cacert", ca);
        }
    }
    let tls = cacert.is_some() || https || in_pod;
    if tls && cert.is_none() && key.is_none() {
        let severity = if in_pod { Severity::Error } else { Severity::Warning };
        if let Some(folder) = &own_pki {
            // A password user (`--user name:secret`) signs in without a certificate: only an
            // etcd that also requires one (--client-cert-auth=true) refuses the connection.
            let password_user = r.intended("user").is_some() && !in_pod;
            let (message, severity) = if password_user {
                (
                    "No client certificate: the command signs in with --user's password, which is enough for an etcd without --client-cert-auth; one started with --client-cert-auth=true closes the connection (`tls: certificate required`).",
                    Severity::Info,
                )
            } else {
                (
                    "No client certificate: an etcd started with --client-cert-auth=true, as clusters with TLS are, closes the connection (`tls: certificate required`, or `context deadline exceeded`).",
                    severity,
                )
            };
            r.say(
                CheckFinding::new(
                    CheckId::MissingClientCert,
                    message,
                    format!("Add --cert and --key: a client certificate (clientAuth) signed by the CA etcd trusts, and its private key (for a hand-made PKI, often in {folder})."),
                )
                .at(severity),
            );
        } else {
            let (layout, base) = r.layout();
            let (c, k) = layout.client_pair(&base);
            r.say(
                CheckFinding::new(
                    CheckId::MissingClientCert,
                    format!("No client certificate: {}'s etcd requires one (--client-cert-auth=true) and closes the connection (`tls: certificate required`, or `context deadline exceeded`).", layout.name),
                    format!("Add --cert={c} --key={k} (the least-privileged etcd client)."),
                )
                .at(severity),
            );
            r.set("cert", c);
            r.set("key", k);
        }
    }
}

/// Whether an endpoint's host (`127.0.0.1:2379`, `localhost`, `[::1]:2379`) is this machine's
/// loopback.
fn is_loopback(host: &str) -> bool {
    host.starts_with("127.") || host.starts_with("localhost") || host.starts_with("[::1]")
}

/// kops' etcd-manager runs etcd on the host network with clients on 4001 (main) and 4002
/// (events) (`--client-urls` in etcd-manager's `etcd.go`): nothing listens on etcdctl's default
/// 2379, and the other port is the other cluster.
fn etcd_manager_port(r: &mut Review<'_>) {
    let in_pod = r.pod_kind() == Some(PodKind::KopsEtcdManager);
    // On a kops control-plane node (or with its files), the same ports: etcd-manager's etcd
    // runs on the host network.
    let kops_files: Vec<String> = ["cacert", "cert", "key"]
        .iter()
        .filter_map(|n| r.intended(n))
        .filter(|v| is_kops_file(v))
        .collect();
    if (!in_pod && kops_files.is_empty()) || !r.connects() || r.runs_in == RunsIn::Remote {
        return;
    }
    let events = if in_pod {
        r.site
            .target()
            .is_some_and(|t| t.resolved.contains("etcd-manager-events"))
    } else {
        kops_files
            .iter()
            .any(|v| v.contains("etcd-manager-events") || v.contains("events/"))
    };
    // The API server's pair is a client of both clusters: either port is right with it alone.
    let either = !in_pod
        && !kops_files
            .iter()
            .any(|v| v.contains("etcd-manager") || v.contains("/pki/"));
    let (port, other, cluster) = if events {
        ("4002", "4001", "events")
    } else {
        ("4001", "4002", "main")
    };
    let endpoints = r.intended("endpoints");
    let dialed = endpoints.as_deref().unwrap_or("127.0.0.1:2379");
    let loopback_port = |ep: &str| {
        let rest = ep.trim().rsplit("://").next().unwrap_or(ep);
        let (host, p) = rest.trim_end_matches('/').rsplit_once(':').unwrap_or((rest, "2379"));
        is_loopback(host).then(|| p.to_string())
    };
    let ports: Vec<String> = dialed.split(',').filter_map(loopback_port).collect();
    let finding = if ports.iter().any(|p| p == "2379") {
        let (where_, fix) = if in_pod {
            (
                format!("in kops' etcd-manager-{cluster} pod"),
                format!("Use --endpoints=https://127.0.0.1:{port}."),
            )
        } else if either {
            (
                "with kops' files, on a kops control-plane node".to_string(),
                "Use --endpoints=https://127.0.0.1:4001 for the main cluster (4002 for events).".to_string(),
            )
        } else {
            (
                format!("with kops' etcd-manager-{cluster} files, on a kops control-plane node"),
                format!("Use --endpoints=https://127.0.0.1:{port}."),
            )
        };
        CheckFinding::new(
            CheckId::EtcdManagerPort,
            format!(
                "etcdctl dials {dialed}{}, but {where_} etcd-manager's etcd serves clients on 127.0.0.1:4001 (main) and 4002 (events); nothing listens on 2379, so etcdctl fails (`connection refused`, or `context deadline exceeded`).",
                if endpoints.is_none() { " (its default)" } else { "" }
            ),
            fix,
        )
    } else if either {
        return;
    } else if ports.iter().any(|p| p == other) {
        CheckFinding::new(
            CheckId::EtcdManagerPort,
            format!("{dialed} is the other etcd cluster's port: {} etcd serves clients on 127.0.0.1:{port}, and {other} (on the same host network) is etcd-manager-{}'s etcd.", if in_pod { format!("in kops' etcd-manager-{cluster} pod,") } else { format!("for kops' etcd-manager-{cluster} files,") }, if events { "main" } else { "events" }),
            format!("Use --endpoints=https://127.0.0.1:{port}."),
        )
        .at(Severity::Warning)
    } else {
        return;
    };
    r.say(finding);
    r.set("endpoints", format!("https://127.0.0.1:{port}"));
}

/// Whether a path is one of kops' etcd files: the API server's (`kubernetes/kube-apiserver/
/// etcd-*`) or etcd-manager's (`pki/etcd-manager-<cluster>/`).
fn is_kops_file(path: &str) -> bool {
    paths::place(path).is_some_and(|p| p.layout.name == "kops")
        || path
            .rsplit_once('/')
            .is_some_and(|(folder, _)| folder.rsplit('/').next().is_some_and(|d| d.starts_with("etcd-manager")))
}

/// A positional argument left as the documentation wrote it (`snapshot save <backup-file>`,
/// `member remove <member-id>`): the shell stops at its `<` and `>` before etcdctl runs.
fn rules_for_placeholders(r: &mut Review<'_>) {
    let what = match r.parsed.path.as_slice() {
        ["snapshot", _] => "the snapshot file's path",
        ["member", _] | ["move-leader"] => "the member's ID (hex, as `etcdctl member list` shows it)",
        ["lease", _] => "the lease ID (hex, as `etcdctl lease list` shows it)",
        ["get" | "put" | "del" | "watch"] => "the key or value",
        _ => "what it stands for",
    };
    let last = r.args.len().saturating_sub(1);
    let found: Vec<(usize, String)> = r.parsed.positionals[r.parsed.command_words.min(r.parsed.positionals.len())..]
        .iter()
        .filter(|(_, a)| shell::placeholder(a).is_some())
        .cloned()
        .collect();
    for (i, arg) in found {
        let inner = shell::placeholder(&arg).unwrap_or_default();
        r.say(CheckFinding::new(
            CheckId::Placeholder,
            format!(
                "{arg} is a placeholder from the documentation: {}",
                shell_stops(inner, i == last && arg.ends_with('>'))
            ),
            format!("Put {what} there."),
        ));
    }
    // `del "/registry/masterleases/[MASTER IP]"` (etcd-manager's troubleshooting notes): a
    // placeholder in square brackets, which etcdctl takes as part of the key.
    let bracketed: Vec<(String, String)> = r.parsed.positionals
        [r.parsed.command_words.min(r.parsed.positionals.len())..]
        .iter()
        .filter(|(_, a)| shell::placeholder(a).is_none())
        .filter_map(|(_, a)| bracket_placeholder(a).map(|inner| (a.clone(), inner.to_string())))
        .collect();
    for (arg, inner) in bracketed {
        r.say(CheckFinding::new(
            CheckId::Placeholder,
            format!("{arg}: [{inner}] is a placeholder from the documentation: etcdctl takes it literally, brackets and all, and the command acts on a key of that very name."),
            format!("Put {what} there."),
        ));
    }
    // Flags' values (`snapshot restore --data-dir <data-dir-location>`, the Kubernetes docs');
    // the TLS files' and the endpoints' are said with their own rules.
    let flags: Vec<(String, String, bool)> = (r.parsed.flags.iter())
        .filter_map(|f| {
            let name = f.name()?;
            let value = f.value.as_deref()?;
            let inner = shell::placeholder(value)?;
            let at_end = f.value_word.or(Some(f.word)) == Some(last) && value.ends_with('>');
            (!matches!(name, "cacert" | "cert" | "key" | "endpoints")).then(|| {
                (
                    format!("--{name} {value}"),
                    shell_stops(inner, at_end),
                    name == "data-dir",
                )
            })
        })
        .collect();
    for (written, stops, data_dir) in flags {
        r.say(CheckFinding::new(
            CheckId::Placeholder,
            format!("{written} is a placeholder from the documentation: {stops}"),
            if data_dir {
                "Put a new data directory there, one that does not exist yet (etcd's own stays untouched until etcd is pointed at the new one)."
            } else {
                "Put what it stands for there."
            },
        ));
    }
}

/// What the shell does with `<name>` in a command: a redirection from the file `name`, or, at
/// the end of the line, a redirection with no target.
fn shell_stops(inner: &str, at_end: bool) -> String {
    if at_end {
        "the shell takes its `<` and `>` for redirections and stops (bash: `syntax error near unexpected token 'newline'`).".into()
    } else {
        format!(
            "the shell takes its `<` and `>` for redirections and stops (`bash: {inner}: No such file or directory`)."
        )
    }
}

/// The inside of a placeholder in square brackets in `text` (`MASTER IP` in
/// `/registry/masterleases/[MASTER IP]`, `xxxx:2379` in `[xxxx:2379]`). An IPv6 literal
/// (`[::1]:2379`, `https://[fd00::1]:2379`) is none, and neither is any host: etcdctl 3.4
/// dials `https://[127.0.0.1]:2379` and `[localhost]:2379` (tried; Go's SplitHostPort drops the
/// brackets). Only capitals (`[NODE_NAME]`, `[MASTER IP]`) or x's (`[xxxx]`) are one, in a key
/// too, which may hold brackets of its own.
fn bracket_placeholder(text: &str) -> Option<&str> {
    text.match_indices('[').find_map(|(at, _)| {
        let rest = &text[at + 1..];
        let inner = &rest[..rest.find(']')?];
        let ipv6 = inner.contains(':')
            && inner
                .chars()
                .all(|c| c.is_ascii_hexdigit() || matches!(c, ':' | '.' | '%'));
        let tokens = inner
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '_' | '-' | '.' | ':'));
        let head = inner.split(':').next().unwrap_or(inner);
        let capitals = inner.chars().any(|c| c.is_ascii_uppercase()) && !inner.chars().any(|c| c.is_ascii_lowercase());
        let xs = head.len() >= 2 && head.chars().all(|c| c == 'x' || c == 'X');
        let placeholder = !inner.is_empty() && inner.len() <= 64 && tokens && !ipv6 && (capitals || xs);
        placeholder.then_some(inner)
    })
}

/// The inside of `{{masters ip}}` (Easypay-capstone etcdbackup.sh's endpoint): two or more bare
/// names side by side, which no template engine fills in (`{{ host }}`, `{{ item.ip }}`,
/// `{{ groups['etcd'] | first }}` and `{{.Values.host}}` are templates).
fn bare_words_template(text: &str) -> Option<&str> {
    let start = text.find("{{")?;
    let rest = &text[start + 2..];
    let inner = &rest[..rest.find("}}")?];
    let words: Vec<&str> = inner.split_whitespace().collect();
    let bare = words
        .iter()
        .all(|w| w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'));
    (words.len() >= 2 && bare).then_some(inner.trim())
}

/// `ETCD_NODE_IP`, `CONTROL_PLANE_IP`: a variable's name written where a host goes. Host names
/// are not written in capitals with underscores.
fn looks_like_variable_name(host: &str) -> bool {
    host.contains('_')
        && host.chars().any(|c| c.is_ascii_uppercase())
        && host
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// The CA and the client identity, judged by their paths.
fn rules_for_identity(r: &mut Review<'_>) {
    // An offline command (`snapshot restore`) reads no TLS flag.
    if !r.connects() {
        return;
    }
    // The Kubernetes docs' `--cacert=<trusted-ca-file> --cert=<cert-file> --key=<key-file>`.
    let (layout, base) = r.layout();
    let (client_cert, client_key) = layout.client_pair(&base);
    for (name, path) in [
        ("cacert", r.etcd_file(layout.etcd_ca)),
        ("cert", client_cert),
        ("key", client_key),
    ] {
        let Some(value) = r.intended(name).filter(|v| v.contains('<') && v.contains('>')) else {
            continue;
        };
        // The pod's own variables (RKE's name the node's pair by its address) are no one's typo.
        if r.get(name).is_some_and(|s| s.origin == Origin::Pod) {
            continue;
        }
        // Where etcd runs as a static pod, the pod's description lists its files.
        let shown_by = if layout.pod_mounts.is_empty() {
            ""
        } else {
            " (`kubectl -n kube-system describe pod etcd-<node>` shows the files etcd itself uses)"
        };
        r.say(CheckFinding::new(
            CheckId::Placeholder,
            format!("--{name} {value} is a placeholder from the documentation, not a file: the shell takes its `<` and `>` for redirections and stops (`bash: {}: No such file or directory`), and quoted, etcdctl finds no such file.", value.trim_matches(['<', '>'])),
            format!("Put the file's path there: on {} that is {path}{shown_by}.", layout.name),
        ));
        r.set(name, path);
    }
    peer_side(r);
    kops_clients_ca_as_client(r);
    if let Some(p) = r.placed("cacert")
        && !r.has(CheckId::WrongCa)
        && !p.in_etcd_dir
        && p.layout.other_cas.contains(&p.file.as_str())
    {
        let ca = p.etcd_file(p.layout.etcd_ca);
        let value = r.intended("cacert").unwrap_or_default();
        let which = if p.file.contains("front-proxy") || p.file.contains("request-header") {
            "front-proxy"
        } else {
            "Kubernetes"
        };
        // A client certificate the layout does not have (`pki/etcd-server.crt`, `pki/etcd-
        // client.crt`) says the files are not that layout's: in hand-made installs one CA,
        // kept where kubeadm keeps the cluster's, signs etcd's certificates too.
        let foreign_client = r.intended("cert").filter(|_| {
            !r.placed("cert")
                .is_some_and(|c| c.layout.name == p.layout.name && c.is_known())
        });
        if let Some(cert) = foreign_client {
            r.say(
                CheckFinding::new(
                    CheckId::WrongCa,
                    format!("--cacert {value} is where {} keeps the cluster's {which} CA, not etcd's ({ca}). But --cert {cert} is no file of {}'s: where one CA signs everything, etcd's certificates included (hand-made installs that keep etcd-server.crt beside ca.crt), it is the right CA.", p.layout.name, p.layout.name),
                    format!("Give the CA that etcd's own --trusted-ca-file names: on {} that is {ca}.", p.layout.name),
                )
                .at(Severity::Warning),
            );
        } else {
            r.say(CheckFinding::new(
                CheckId::WrongCa,
                format!("--cacert {value} is the cluster's {which} CA, not etcd's: {}'s etcd certificates are signed by {ca}, so etcdctl rejects etcd's certificate (`x509: certificate signed by unknown authority`, or just `context deadline exceeded`).", p.layout.name),
                format!("Use --cacert={ca}."),
            ));
            r.set("cacert", ca);
        }
    }
    // A certificate of the layout's that is no CA (etcd's server certificate, a client's): etcd's
    // certificate does not chain to it.
    if let Some(p) = r.placed("cacert")
        && !r.has(CheckId::WrongCa)
        && !p.is_etcd_ca()
        && p.is_known()
        && (p.in_etcd_dir || !p.layout.other_cas.contains(&p.file.as_str()))
    {
        let ca = p.etcd_file(p.layout.etcd_ca);
        let value = r.intended("cacert").unwrap_or_default();
        // The client port serves the server certificate; the peer one only the peer port.
        let member = p.is_member_cert() && !p.file.contains("peer");
        let what = if p.file.contains("peer") {
            "etcd's peer certificate (served on the peer port only)"
        } else {
            "a client's certificate"
        };
        let finding = if paths::cert_for(&p.file).is_some() {
            CheckFinding::new(
                CheckId::WrongCa,
                format!(
                    "--cacert {value} is a private key, not a certificate: etcdctl finds no CA in it and stops before connecting."
                ),
                format!("Use --cacert={ca}."),
            )
        } else if member {
            // Go's x509 takes a certificate listed among the trusted ones as a chain of its own,
            // so the member whose certificate it is passes; no other does.
            CheckFinding::new(
                CheckId::WrongCa,
                format!("--cacert {value} is etcd's own certificate, not a CA: etcdctl trusts exactly that certificate, so it reaches only the member that serves it; every other member's certificate is signed by {ca} and rejected (`x509: certificate signed by unknown authority`), and so is this one's once it is renewed."),
                format!("Use --cacert={ca}."),
            )
            .at(Severity::Warning)
        } else {
            CheckFinding::new(
                CheckId::WrongCa,
                format!(
                    "--cacert {value} is {what}, not a CA: {}'s etcd certificates are signed by {ca}, so etcdctl rejects etcd's certificate (`x509: certificate signed by unknown authority`, or just `context deadline exceeded`).",
                    p.layout.name
                ),
                format!("Use --cacert={ca}."),
            )
        };
        r.say(finding);
        r.set("cacert", ca);
    }
    // `--cacert x.pem --cert x.pem` (a workshop's Kubernetes the Hard Way notes): the client's
    // own certificate as the trust anchor.
    // As given, not as this review fills them in.
    let given = |name: &str| {
        r.get(name)
            .map(|s| s.value.clone())
            .filter(|_| !r.plan.set.iter().any(|(n, _)| *n == name))
    };
    if let (Some(ca), Some(cert)) = (given("cacert"), given("cert"))
        && ca == cert
        && !r.has(CheckId::WrongCa)
    {
        r.say(
            CheckFinding::new(
                CheckId::WrongCa,
                format!("--cacert {ca} is the same file as --cert: the client's own certificate, not the CA that signed etcd's. Unless the file holds that CA too, etcdctl trusts exactly this certificate, so it connects only where etcd serves this very one (one certificate for every member and client, as in Kubernetes the Hard Way) and fails with `x509: certificate signed by unknown authority` everywhere else, and here too once either is renewed."),
                "Give the CA that signed etcd's certificate as --cacert: the file etcd's own --trusted-ca-file names (Kubernetes the Hard Way's ca.pem).",
            )
            .at(Severity::Warning),
        );
    }
    if let Some(p) = r.placed("cert")
        && !r.has(CheckId::WrongClientCert)
    {
        let value = r.intended("cert").unwrap_or_default();
        let (client_cert, client_key) = p.client_pair();
        // `role add`, `user add`, `auth disable`: with auth enabled etcd takes a client
        // certificate's CN as the user name (server/auth/store.go AuthInfoFromTLS) and lets
        // only a user with the root role run them (IsAdminPermitted). The layout's
        // least-privileged client is no root either, so it is no correction here.
        let admin = matches!(r.parsed.path.first().copied(), Some("user" | "role" | "auth"));
        let kind = if p.file.contains("peer") {
            "peer"
        } else if p.file.starts_with("member-") {
            "member (server and peer)"
        } else {
            "server"
        };
        if p.is_member_cert() && r.client_pair_at_hand(&p) && admin && r.intended("user").is_none() {
            let command = r.parsed.path.join(" ");
            r.say(
                CheckFinding::new(
                    CheckId::ServerCertAsClient,
                    format!("--cert {value} is etcd's own {kind} certificate used as a client identity. For `{command}` the identity is what counts: once auth is enabled, etcd takes a client certificate's CN as the user name, and only a user with the root role may run role, user and auth commands. {}'s least-privileged client ({client_cert}) is no more root than this one, so it is no replacement here; while auth is off, any client certificate etcd trusts may run it.", p.layout.name),
                    "With auth on, run it as root: add --user root (etcdctl asks for the password), or use a client certificate whose CN is a user granted the root role.",
                )
                .at(Severity::Info),
            );
        } else if p.is_member_cert() && r.client_pair_at_hand(&p) {
            r.say(CheckFinding::new(
                CheckId::ServerCertAsClient,
                format!("--cert {value} is etcd's own {kind} certificate used as a client identity. It works ({}'s member certificates carry clientAuth), but it is more than a client needs, and a runbook spreads it.", p.layout.name),
                format!("Use --cert={client_cert} --key={client_key}, the least-privileged etcd client."),
            ));
            r.set("cert", client_cert);
            r.set("key", client_key);
        } else if p.file == p.layout.etcd_ca || (!p.in_etcd_dir && p.layout.other_cas.contains(&p.file.as_str())) {
            r.say(CheckFinding::new(
                CheckId::WrongClientCert,
                format!("--cert {value} is a CA certificate, not a client identity: with its key the command signs in as the CA itself. Were --cacert and --cert swapped?"),
                format!("Use --cert={client_cert} --key={client_key}, and the CA as --cacert."),
            ));
            r.set("cert", client_cert);
            r.set("key", client_key);
        } else if !p.in_etcd_dir && p.is_known() && !p.layout.cluster_dir_etcd_clients.contains(&p.file.as_str()) {
            r.say(CheckFinding::new(
                CheckId::WrongClientCert,
                format!("--cert {value} is signed by the Kubernetes CA, not the etcd CA: etcd refuses it (`tls: bad certificate`)."),
                format!("Use --cert={client_cert} --key={client_key}."),
            ));
            r.set("cert", client_cert);
            r.set("key", client_key);
        }
    }
}

/// The peer CA, or a peer certificate, where the layout gives the peer port a CA of its own
/// ([`paths::peer_side`]): the client port trusts the other CA only, so etcdctl rejects etcd's
/// certificate, or etcd refuses etcdctl's, whatever the certificates' key usages allow.
fn peer_side(r: &mut Review<'_>) {
    if let Some(value) = r.intended("cacert")
        && let Some(side) = paths::peer_side(&value).filter(|s| s.is_ca)
    {
        r.say(CheckFinding::new(
            CheckId::WrongCa,
            format!(
                "--cacert {value} is {} etcd peer CA: it signs the certificates of the peer port (2380), not the client port's. etcd's client-port certificate is signed by {}, so etcdctl rejects it (`x509: certificate signed by unknown authority`, or just `context deadline exceeded`).",
                possessive(side.distribution),
                side.client_ca
            ),
            format!("Use --cacert={}.", side.client_ca),
        ));
        r.set("cacert", side.client_ca);
    }
    if let Some(value) = r.intended("cert")
        && let Some(side) = paths::peer_side(&value).filter(|s| !s.is_ca)
    {
        // RKE2's etcd pod mounts no client pair: there etcd's server pair, signed by the
        // client port's CA, is the one at hand.
        let (cert, key) = match r.placed("cert") {
            Some(p) if !r.client_pair_at_hand(&p) => {
                let server = (p.layout.member_certs.iter())
                    .find(|c| !c.contains("peer"))
                    .map(|c| p.etcd_file(c));
                match server.and_then(|c| paths::key_for(&c).map(|k| (c, k))) {
                    Some(pair) => pair,
                    None => side.client_pair.clone(),
                }
            }
            _ => side.client_pair.clone(),
        };
        r.say(CheckFinding::new(
            CheckId::WrongClientCert,
            format!(
                "--cert {value} is etcd's peer certificate, signed by {} etcd peer CA ({}), which only the peer port trusts: the client port trusts {} alone, so etcd refuses this identity in the handshake (`tls: bad certificate`; etcd logs `x509: certificate signed by unknown authority`).",
                possessive(side.distribution),
                side.peer_ca,
                side.client_ca
            ),
            format!("Use --cert={cert} --key={key}, signed by {}.", side.client_ca),
        ));
        r.set("cert", cert);
        r.set("key", key);
    }
}

/// `kops'` (as this code writes it), `k3s's`.
fn possessive(name: &str) -> String {
    if name == "kops" {
        format!("{name}'")
    } else {
        format!("{name}'s")
    }
}

/// `docker run IMAGE etcdctl`: a new container holds the image's files and what `-v` mounts,
/// none of the host's others, so a TLS file named by its host path must be mounted.
fn rules_for_new_container(r: &mut Review<'_>) {
    let Some(target) = r.site.exec.as_ref().map(|e| &e.target) else {
        return;
    };
    let Some(mounts) = &target.mounts else {
        return;
    };
    if !r.connects() {
        return;
    }
    let mounted: Vec<&str> = mounts.iter().map(String::as_str).collect();
    let mut missing: Vec<String> = Vec::new();
    for name in ["cacert", "cert", "key"] {
        // `$PWD/…` and placeholders are not paths to judge.
        let Some(path) = r
            .intended(name)
            .filter(|p| p.starts_with('/') && !p.contains(['$', '`', '<']))
        else {
            continue;
        };
        if paths::inside(&path, &mounted) {
            continue;
        }
        let dir = path
            .rsplit_once('/')
            .map(|(d, _)| d)
            .filter(|d| !d.is_empty())
            .unwrap_or("/");
        // `-v DIR:DIR:ro` in the corrected `docker run`; kubectl run has no such flag.
        if !target.is_new_pod() && !r.plan.mounts.iter().any(|m| m == dir) {
            r.plan.mounts.push(dir.to_string());
        }
        missing.push(path);
    }
    if missing.is_empty() {
        return;
    }
    if target.is_new_pod() {
        // kubectl has no -v: the files come from a hostPath volume in an --overrides pod spec,
        // or from the etcd pod, which mounts them.
        r.say(CheckFinding::new(
            CheckId::FileNotInPod,
            format!(
                "`{}` starts a new pod from its image, which holds the image's files and no folder of any node: etcdctl there finds no {} (`no such file or directory`).",
                target.via,
                missing.join(", ")
            ),
            "Run etcdctl in the etcd pod, which mounts etcd's certificates: `kubectl exec -n kube-system etcd-<node> -- etcdctl …` (kubeadm mounts /etc/kubernetes/pki/etcd there); or give the pod a hostPath volume with --overrides and schedule it on a control-plane node.",
        ));
        return;
    }
    let how = if mounted.is_empty() {
        "mounts none of this host's folders (no -v)".to_string()
    } else {
        format!("mounts only {}", mounted.join(", "))
    };
    let flags: Vec<String> = r.plan.mounts.iter().map(|d| format!("-v {d}:{d}:ro")).collect();
    r.say(CheckFinding::new(
        CheckId::FileNotInPod,
        format!(
            "`{}` starts a new container of {}, which holds the image's files and {how}: etcdctl there finds no {} (`no such file or directory`).",
            target.via,
            target.name,
            missing.join(", ")
        ),
        format!("Mount the folder: {} after `{}`.", flags.join(" "), target.via),
    ));
}

/// kops' etcd-manager keeps its CAs in `/etc/kubernetes/pki/etcd-manager-<cluster>`
/// (`nodeup/pkg/model/etcd_manager_tls.go`): `etcd-clients-ca` signs etcd's clients and its
/// client-port certificate, `etcd-peers-ca` the peer port's, `etcd-manager-ca` etcd-manager's
/// own gRPC between members (etcd does not trust it); `ca.crt` in a `pki/etcd-manager*` folder
/// is one of them. None is a client identity: with its key the command signs in as the CA
/// itself, or is refused. kops' client pair is the API server's, in
/// `/srv/kubernetes/kube-apiserver`. `etcd-manager-ca` as --cacert is no CA of etcd's either
/// (the peers CA is [`peer_side`]'s).
fn kops_clients_ca_as_client(r: &mut Review<'_>) {
    let etcd_manager_ca = |value: &str| -> Option<&'static str> {
        let (folder, file) = value.rsplit_once('/').unwrap_or(("", value));
        let in_etcd_manager = folder.rsplit('/').next().is_some_and(|d| d.starts_with("etcd-manager"));
        match file {
            "etcd-clients-ca.crt" => Some("etcd-clients-ca"),
            "ca.crt" if in_etcd_manager => Some("etcd-clients-ca"),
            "etcd-peers-ca.crt" if in_etcd_manager => Some("etcd-peers-ca"),
            "etcd-manager-ca.crt" if in_etcd_manager => Some("etcd-manager-ca"),
            _ => None,
        }
    };
    let in_rootfs = r.pod_kind() == Some(PodKind::KopsEtcdManager)
        || ["cacert", "cert", "key"]
            .iter()
            .any(|n| r.intended(n).is_some_and(|v| v.starts_with("/rootfs/")));
    let base = if in_rootfs { "/rootfs/srv/" } else { "/srv/" };
    if let Some(value) = r.intended("cacert")
        && etcd_manager_ca(&value) == Some("etcd-manager-ca")
        && !r.has(CheckId::WrongCa)
    {
        let ca = format!("{base}{}/{}", paths::KOPS.etcd_dir, paths::KOPS.etcd_ca);
        r.say(CheckFinding::new(
            CheckId::WrongCa,
            format!("--cacert {value} is etcd-manager's own CA (etcd-manager-ca, for etcd-manager's gRPC between members), not the CA of etcd's client port: etcd's certificate there is signed by kops' etcd-clients-ca, so etcdctl rejects it (`x509: certificate signed by unknown authority`)."),
            format!("Use --cacert={ca} (the etcd-clients-ca, as the API server has it)."),
        ));
        r.set("cacert", ca);
    }
    let Some(value) = r.intended("cert") else { return };
    let Some(ca) = etcd_manager_ca(&value) else { return };
    let (client_cert, client_key) = paths::KOPS.client_pair(base);
    let message = match ca {
        "etcd-clients-ca" => format!(
            "--cert {value} is kops' CA for etcd's clients (etcd-manager's etcd-clients-ca), not a client identity: with its key the command signs in as the CA itself."
        ),
        "etcd-peers-ca" => format!(
            "--cert {value} is kops' CA for etcd's peer port (etcd-manager's etcd-peers-ca), not a client identity, and the client port trusts only the etcd-clients-ca: etcd refuses it (`tls: bad certificate`)."
        ),
        _ => format!(
            "--cert {value} is etcd-manager's own CA (etcd-manager-ca, for etcd-manager's gRPC between members), not a client identity, and etcd does not trust it: etcd refuses it (`tls: bad certificate`)."
        ),
    };
    r.say(CheckFinding::new(
        CheckId::WrongClientCert,
        message,
        format!("Use kops' client pair: --cert={client_cert} --key={client_key}."),
    ));
    r.set("cert", client_cert);
    r.set("key", client_key);
}

/// What the files themselves say, where the host can read them.
fn rules_for_files(r: &mut Review<'_>, host: &dyn FileHost, now: OffsetDateTime) {
    let in_container = matches!(r.runs_in, RunsIn::Pod | RunsIn::Container);
    let (layout, _) = r.layout();
    let mounts = if layout.pod_mounts.is_empty() {
        paths::KUBEADM.pod_mounts
    } else {
        layout.pod_mounts
    };
    let docker = r.site.exec.as_ref().is_some_and(|e| {
        r.site
            .outer
            .get(e.program_word)
            .is_some_and(|w| w.value.ends_with("docker"))
    });
    // A placeholder (`<trusted-ca-file>`) or what the shell fills in (`$(echo $CACERT)`) is no
    // path to look up, and the files of another host (ssh) are not this machine's to read.
    let unknowable = |path: &str| path.contains(['<', '>', '$', '`']);
    let ask = |path: &str| -> FileFact {
        if docker || unknowable(path) || r.runs_in == RunsIn::Remote || (in_container && !paths::inside(path, mounts)) {
            FileFact::Unknown
        } else {
            host.file(path)
        }
    };
    let (cacert, cert, key) = (r.intended("cacert"), r.intended("cert"), r.intended("key"));
    let home = format!(
        "{} keeps etcd's files in {}{}",
        layout.name,
        r.layout().1,
        layout.etcd_dir
    );
    let facts = TlsFiles {
        home: &home,
        cacert: cacert.as_deref().map(|p| (p, ask(p))),
        cert: cert.as_deref().map(|p| (p, ask(p))),
        key: key.as_deref().map(|p| (p, ask(p))),
    };
    let as_root = r.site.sudo.is_some() || in_container;
    let mut found = Vec::new();
    files::review_files(&facts, host, as_root, now, &mut found);
    for f in found {
        if r.has(f.id)
            && matches!(
                f.id,
                CheckId::WrongCa | CheckId::ServerCertAsClient | CheckId::WrongClientCert
            )
        {
            continue;
        }
        match f.id {
            CheckId::WrongCa if f.severity == Severity::Error => {
                if let Some(p) = r.placed("cacert").filter(|p| !p.is_etcd_ca()) {
                    r.set("cacert", p.etcd_file(p.layout.etcd_ca));
                }
            }
            CheckId::ServerCertAsClient
                if r.has(CheckId::WrongClientCert) || r.placed("cert").is_some_and(|p| !r.client_pair_at_hand(&p)) =>
            {
                continue;
            }
            CheckId::ServerCertAsClient | CheckId::WrongClientCert => {
                if let Some(p) = r.placed("cert") {
                    let (c, k) = p.client_pair();
                    if Some(&c) != cert.as_ref() {
                        r.set("cert", c);
                        r.set("key", k);
                    }
                }
            }
            _ => {}
        }
        r.say(f);
    }
}

/// What the command does, in words, and where.
fn describe(r: &Review<'_>) -> String {
    // `watch KEY -- sh -c …`: the words after `--` are the command etcdctl runs on each event
    // (watch_command.go parseWatchArgs), not keys.
    let dashes = r.args.iter().position(|a| a == "--");
    let args: Vec<&str> = (r.parsed.positionals.iter().skip(r.parsed.command_words))
        .filter(|(j, _)| dashes.is_none_or(|d| *j < d))
        .map(|(_, s)| s.as_str())
        .collect();
    let exec_command = dashes
        .filter(|_| r.parsed.command.is_some_and(|c| c.path == ["watch"]))
        .map(|d| {
            (r.args[d + 1..].iter())
                .map(|a| shell::quote(a))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|c| !c.is_empty());
    let flag = |n: &str| r.parsed.value(n).and_then(|f| f.value.as_deref()) == Some("true");
    let what = match r.parsed.command {
        Some(c) if r.asks_help() => {
            let short = r.parsed.value("help").is_some_and(|f| f.written.len() == 1);
            format!(
                "prints the help of `{}` and does nothing ({})",
                c.path.join(" "),
                if short { "-h" } else { "--help" }
            )
        }
        // A v2 command (the v2 finding is an error); any other word is an unknown v3 command,
        // v3 being etcdctl 3.4's default.
        None if r
            .findings
            .iter()
            .any(|f| f.id == CheckId::EtcdctlApiV2 && f.severity == Severity::Error)
            && r.plan.command.is_some() =>
        {
            "runs a v2 API command (v2 does not see Kubernetes' data)".to_string()
        }
        None if r.v2_mode => {
            "runs a v2 API command, as ETCDCTL_API=2 asks (v2 does not see Kubernetes' data)".to_string()
        }
        None if r.parsed.forwarded && r.parsed.path.is_empty() => {
            "runs the etcdctl command its caller gives".to_string()
        }
        None if r.parsed.positionals.is_empty() || !r.parsed.path.is_empty() => {
            "prints etcdctl's help and does nothing (no command)".to_string()
        }
        None => "fails: etcdctl does not know the command".to_string(),
        Some(c) => {
            let subject = match c.path {
                ["get"] | ["del"] | ["watch"] => {
                    let key = args.first().copied().unwrap_or("");
                    let range = if flag("prefix") {
                        if key.is_empty() || key == "\"\"" {
                            "every key".to_string()
                        } else {
                            format!("every key starting with {key}")
                        }
                    } else if flag("from-key") {
                        format!("every key from {key} on")
                    } else if let Some(end) = args.get(1) {
                        format!("the keys from {key} up to {end}")
                    } else {
                        format!("the key {key}")
                    };
                    let detail = if flag("keys-only") {
                        " (names only)"
                    } else if flag("count-only") {
                        " (only how many)"
                    } else {
                        ""
                    };
                    format!("{range}{detail}")
                }
                ["put"] => args.first().map(|k| format!("the key {k}")).unwrap_or_default(),
                _ => args.join(" "),
            };
            let does = c.does.replace("{args}", subject.trim());
            match &exec_command {
                Some(command) => format!("{does}, running `{command}` on each change"),
                None => does,
            }
        }
    };
    let place = match (r.runs_in, r.site.target()) {
        (RunsIn::Pod, Some(t)) => format!(
            ", inside pod {}{} (through {})",
            t.namespace.as_deref().map(|n| format!("{n}/")).unwrap_or_default(),
            t.name,
            t.via
        ),
        (RunsIn::Container, Some(t)) if t.via.ends_with(" compose run") => {
            format!(", inside a new container of the compose service {} ({})", t.name, t.via)
        }
        (RunsIn::Container, Some(t)) if t.via.ends_with(" run") => {
            format!(", inside a new container of {} on this node ({})", t.name, t.via)
        }
        (RunsIn::Container, Some(t)) => match &t.started_here {
            Some(image) => format!(
                ", inside container {} ({image}, which the snippet starts) on this node",
                t.name
            ),
            None => format!(", inside container {} on this node", t.name),
        },
        (RunsIn::Remote, Some(t)) => format!(", on host {} (through ssh; its files, not this machine's)", t.name),
        _ => ", from this host".to_string(),
    };
    let endpoints = r
        .get("endpoints")
        .map(|s| s.value.clone())
        .unwrap_or_else(|| "127.0.0.1:2379".into());
    let towards = if r.connects() {
        format!(" against {endpoints}")
    } else {
        String::new()
    };
    let run_time = if args.iter().any(|a| shell::substitutions_shown(a).is_some()) {
        " (`$(…)` in its words is filled in by the shell when the command runs)"
    } else {
        ""
    };
    let elided = if r.parsed.elided {
        " (the notes leave words out as `...`: what they hold is not checked)"
    } else if r.parsed.forwarded && !r.parsed.path.is_empty() {
        " (with more from the script's own arguments, `$@`: what its caller gives is not checked)"
    } else {
        ""
    };
    format!("{what}{towards}{place}{run_time}{elided}")
}

/// The corrected command.
fn render(r: &Review<'_>) -> String {
    let site = r.site;
    let in_shell = site.shell.is_some();
    // In `sh -c "…"`, the outer shell expands `$X` before sh reads the script: kept words are
    // written as they were inside the quotes, and new ones escaped for them.
    let double_quoted = (site.shell.as_ref())
        .and_then(|(at, _, inner)| shell::in_double_quotes(&site.outer[*at], inner))
        .filter(|dq| dq.words.len() == site.words.len());
    let mut words: Vec<Word> = match &double_quoted {
        Some(dq) => (site.words.iter().zip(&dq.words))
            .map(|(w, raw)| Word {
                raw: raw.clone(),
                value: w.value.clone(),
            })
            .collect(),
        None => site.words.clone(),
    };
    for &j in &r.plan.unescape {
        if let Some(w) = words.get_mut(site.call + 1 + j) {
            w.raw = w.raw.trim_start_matches('\\').trim_start().to_string();
        }
    }
    let fresh = |raw: String| match &double_quoted {
        Some(_) => shell::escape_in_double_quotes(&raw),
        None => raw,
    };
    let mut out: Vec<String> = Vec::new();
    // `docker run -e ETCDCTL_CACERT=…` (`--env`) whose setting is now a flag: the option goes
    // with its value, or `-e` would take the next word for its own.
    let dropped_env: Vec<usize> = (0..site.outer.len())
        .filter_map(|i| {
            let (first, text) = site.container_env(i)?;
            let (name, _) = assignment(text)?;
            let replaced = name.starts_with("ETCDCTL_")
                && flag_of_env(name).is_some_and(|f| r.plan.set.iter().any(|(n, _)| *n == f));
            replaced.then_some(first..=i)
        })
        .flatten()
        .collect();
    // `docker exec -e NAME=…` sets a kept variable where no shell reads an assignment (crictl
    // and kubectl have no -e: `env` sets it there).
    let docker_env = !in_shell
        && site.exec.as_ref().is_some_and(|e| {
            e.target.runs_in == RunsIn::Container
                && e.target.via.ends_with(" exec")
                && !e.target.via.starts_with("crictl")
        });
    let mut docker_opts: Vec<String> = (r.plan.set.iter())
        .filter(|(n, _)| docker_env && r.plan.env_kept.contains(n))
        .map(|(n, v)| format!("-e {}", Word::new(format!("{}={v}", env_name(n))).raw))
        .collect();
    // An image whose etcdctl speaks v2 by default gets the API in its environment.
    if r.plan.api3 && !in_shell && old_etcdctl_image(site).is_some() {
        docker_opts.push("-e ETCDCTL_API=3".into());
    }
    // Words before etcdctl in its own segment.
    for (i, w) in words[..site.call].iter().enumerate() {
        if r.plan.drop_lead.contains(&i) || (!in_shell && dropped_env.contains(&i)) {
            continue;
        }
        // A variable docker sets in the container reaches etcdctl (ETCDCTL_API=3 included).
        if !in_shell && site.container_env(i).is_some() {
            out.push(w.raw.clone());
            continue;
        }
        if let Some((name, _)) = assignment(&w.value) {
            // Settings now written as flags; the API variable is decided below.
            // `kubectl exec … -- env ETCDCTL_API=3 etcdctl`: env reads it, so it stays.
            let env_reads_it = words[..i].iter().any(|w| w.value.rsplit('/').next() == Some("env"));
            if name == "ETCDCTL_API" && (r.plan.api3 || (site.exec_without_shell() && !env_reads_it)) {
                continue;
            }
            if name.starts_with("ETCDCTL_")
                && flag_of_env(name).is_some_and(|f| r.plan.set.iter().any(|(n, _)| *n == f))
            {
                continue;
            }
        }
        if !in_shell && let Some(e) = &site.exec {
            if i == e.command_start && r.plan.dashes {
                out.push("--".into());
            }
            if i == e.target_word
                && let Some(p) = &r.plan.pod
            {
                out.push(p.clone());
                continue;
            }
            if i == e.program_word && r.plan.namespace {
                out.push(w.raw.clone());
                out.push("-n kube-system".into());
                continue;
            }
            if i == e.verb_word && !docker_opts.is_empty() {
                out.push(w.raw.clone());
                out.extend(docker_opts.iter().cloned());
                if r.plan.host_network {
                    out.push("--network host".into());
                }
                for dir in &r.plan.mounts {
                    out.push(format!("-v {}", Word::new(format!("{dir}:{dir}:ro")).raw));
                }
                continue;
            }
            if i == e.verb_word && (r.plan.host_network || !r.plan.mounts.is_empty()) {
                out.push(w.raw.clone());
                if r.plan.host_network {
                    out.push("--network host".into());
                }
                for dir in &r.plan.mounts {
                    out.push(format!("-v {}", Word::new(format!("{dir}:{dir}:ro")).raw));
                }
                continue;
            }
        }
        out.push(w.raw.clone());
    }
    // A flag's name as the corrected command writes it (renamed, or as it was).
    let written_as =
        |j: usize| (r.plan.rename.iter().find(|(k, _)| *k == j).map(|(_, t)| *t)).or_else(|| r.parsed.flags[j].name());
    // A flag dropped beside its variable is not written again, unless the variable is exported:
    // then its value goes before etcdctl (one the command or the pod sets is the one meant).
    let existing = |name: &str| {
        (0..r.parsed.flags.len()).any(|j| {
            written_as(j) == Some(name)
                && !(r.plan.remove.contains(&j) && (r.exported.contains(&name) || r.plan.env_kept.contains(&name)))
        })
    };
    let mut added: Vec<&(&'static str, String)> = r.plan.set.iter().filter(|(n, _)| !existing(n)).collect();
    crate::order::sort_by_key(&mut added, |(n, _)| SETTINGS.iter().position(|s| s == n));
    // Settings whose variable is exported are given as variables before etcdctl: a flag beside
    // the exported variable would make etcdctl stop.
    let (assigned, added): (Vec<_>, Vec<_>) = added
        .into_iter()
        .partition(|(n, _)| r.exported.contains(n) || r.plan.env_kept.contains(n));
    let assigned: Vec<_> = assigned
        .into_iter()
        .filter(|(n, _)| !(docker_env && r.plan.env_kept.contains(n)))
        .collect();
    let mut assignments: Vec<String> = Vec::new();
    if r.plan.api3 && matches!(r.runs_in, RunsIn::Host | RunsIn::Remote) {
        assignments.push("ETCDCTL_API=3".into());
    }
    assignments.extend(
        assigned
            .iter()
            .map(|(name, value)| fresh(Word::new(format!("{}={value}", env_name(name))).raw)),
    );
    // After a program that runs etcdctl (`timeout 10`, `nohup`, `chroot /host`, `systemd-run`),
    // an assignment is no longer in the shell's place to read it: `env` sets it.
    let runner = words[..site.call].iter().enumerate().any(|(i, w)| {
        !r.plan.drop_lead.contains(&i)
            && (matches!(
                w.value.as_str(),
                "timeout" | "watch" | "nohup" | "command" | "exec" | "xargs"
            ) || matches!(w.value.rsplit('/').next(), Some("nsenter" | "chroot" | "systemd-run")))
    });
    let has_env = words[..site.call]
        .iter()
        .any(|w| w.value.rsplit('/').next() == Some("env"));
    // `bash /opt/bin/etcdctl.sh …`: the assignments go before the shell that runs the script
    // (after it, the shell would take the first for its script's name).
    let script_shell =
        (site.call > 0 && !r.plan.drop_lead.contains(&(site.call - 1)) && super::is_shell(&words[site.call - 1].value))
            .then(|| out.pop())
            .flatten();
    // Ansible's command module (its default) runs the program without a shell.
    let ansible_command = site.target().is_some_and(|t| t.via == "ansible");
    if !assignments.is_empty() && (runner || site.exec_without_shell() || ansible_command) && !has_env {
        out.push("env".into());
    }
    // A systemd unit's `ExecStart=/usr/bin/etcdctl …`: systemd starts the program without a
    // shell, so the variables go through env after the key (`ExecStart=/usr/bin/env
    // ETCDCTL_API=3 /usr/bin/etcdctl …`).
    let call_raw = words[site.call].raw.clone();
    let unit_key = call_raw.split_once('=').filter(|(k, v)| {
        k.starts_with("Exec")
            && k.chars().all(|c| c.is_ascii_alphabetic())
            && v.trim_start_matches(['-', '@', ':', '+', '!']).starts_with('/')
    });
    let call_word = match unit_key {
        Some((key, program)) if !assignments.is_empty() => {
            let bare = program.trim_start_matches(['-', '@', ':', '+', '!']);
            let prefix = &program[..program.len() - bare.len()];
            out.push(format!("{key}={prefix}/usr/bin/env"));
            out.extend(std::mem::take(&mut assignments));
            bare.to_string()
        }
        _ => call_raw,
    };
    out.extend(assignments);
    out.extend(script_shell);
    if r.plan.dashes && !in_shell && site.exec.as_ref().is_some_and(|e| e.command_start >= site.call) {
        out.push("--".into());
    }
    out.push(call_word);
    // New flags right after etcdctl; existing ones rewritten where they are.
    for (name, value) in added {
        out.push(fresh(Word::new(format!("--{name}={value}")).raw));
    }
    let args = &words[site.call + 1..];
    // A rewritten command's words keep what was literal literal: a `$x` written in single
    // quotes (`ls '/registry/$x'`) stays in single quotes (`get '/registry/$x/' --prefix`),
    // where the shell does not fill it in.
    let literal: Vec<&str> = (args.iter())
        .filter(|w| w.raw.starts_with('\'') && w.value.contains(['$', '`']))
        .map(|w| w.value.as_str())
        .collect();
    let command_word = |s: &str| -> String {
        if literal.iter().any(|l| s.contains(l))
            && let Ok(q) = shlex::try_quote(s)
        {
            return fresh(q.into_owned());
        }
        fresh(Word::new(s).raw)
    };
    let replaced = r.plan.command.as_ref().map(|(n, _)| *n).unwrap_or(0);
    let command_positions: Vec<usize> = r.parsed.positionals.iter().take(replaced).map(|(j, _)| *j).collect();
    let mut command_written = false;
    let last_of = |name: &str| -> Option<usize> { (0..r.parsed.flags.len()).rfind(|&j| written_as(j) == Some(name)) };
    let mut skip_word = Vec::new();
    for (fi, f) in r.parsed.flags.iter().enumerate() {
        if r.plan.remove.contains(&fi) {
            skip_word.push(f.word);
            skip_word.extend(f.value_word);
        }
    }
    for (j, w) in args.iter().enumerate() {
        if skip_word.contains(&j) {
            continue;
        }
        if let Some((fi, f)) = r.parsed.flags.iter().enumerate().find(|(_, f)| f.word == j) {
            let renamed = r.plan.rename.iter().find(|(k, _)| *k == fi).map(|(_, t)| *t);
            let name = renamed.or(f.name());
            if let Some(name) = name
                && let Some((_, value)) = r.plan.set.iter().find(|(n, _)| *n == name)
            {
                if last_of(name) == Some(fi) {
                    out.push(fresh(Word::new(format!("--{name}={value}")).raw));
                }
                if let Some(v) = f.value_word {
                    skip_word.push(v);
                }
                continue;
            }
            if let Some(to) = renamed {
                match (&f.value, f.value_word) {
                    (Some(v), None) if w.value.contains('=') => out.push(fresh(Word::new(format!("--{to}={v}")).raw)),
                    _ => out.push(format!("--{to}")),
                }
                continue;
            }
            out.push(w.raw.clone());
            continue;
        }
        if command_positions.contains(&j)
            && let Some((_, command)) = &r.plan.command
        {
            if !command_written {
                out.extend(command.iter().map(|s| command_word(s)));
                command_written = true;
            }
            continue;
        }
        out.push(w.raw.clone());
    }
    if let Some((_, command)) = &r.plan.command
        && !command_written
    {
        out.extend(command.iter().map(|s| command_word(s)));
    }
    let mut segment = out.join(" ");
    let Some((string_word, script, inner)) = &site.shell else {
        return segment;
    };
    for within in inner.redirections_within(script) {
        segment.push(' ');
        segment.push_str(within.trim());
    }
    let script = match &double_quoted {
        Some(dq) => {
            let raw = &site.outer[*string_word].raw;
            format!(
                "{}{}{}",
                raw.get(..dq.start).unwrap_or(""),
                segment,
                raw.get(dq.end..).unwrap_or("")
            )
        }
        None => {
            let script = format!(
                "{}{}{}",
                script.get(..inner.start).unwrap_or(""),
                segment,
                script.get(inner.end..).unwrap_or("")
            );
            // The script is the inner shell's code, its `$x` and `$(…)` the inner shell's to
            // fill in: quoted for the outer shell to pass on as it is (single quotes), never in
            // double quotes, where the outer shell would expand them first.
            shlex::try_quote(&script).map_or_else(|_| Word::new(script.clone()).raw, |q| q.into_owned())
        }
    };
    let mut outer = Vec::new();
    for (i, w) in site.outer.iter().enumerate() {
        if dropped_env.contains(&i) {
            continue;
        }
        if i == *string_word {
            outer.push(script.clone());
            continue;
        }
        if let Some(e) = &site.exec {
            if i == e.target_word
                && let Some(p) = &r.plan.pod
            {
                outer.push(p.clone());
                continue;
            }
            if i == e.program_word && r.plan.namespace {
                outer.push(w.raw.clone());
                outer.push("-n kube-system".into());
                continue;
            }
            if i == e.verb_word && (r.plan.host_network || !r.plan.mounts.is_empty()) {
                outer.push(w.raw.clone());
                if r.plan.host_network {
                    outer.push("--network host".into());
                }
                for dir in &r.plan.mounts {
                    outer.push(format!("-v {}", Word::new(format!("{dir}:{dir}:ro")).raw));
                }
                continue;
            }
        }
        if let Some((name, _)) = assignment(&w.value)
            && name.starts_with("ETCDCTL_")
            && i < site.exec.as_ref().map(|e| e.program_word).unwrap_or(0)
        {
            continue;
        }
        outer.push(w.raw.clone());
    }
    outer.join(" ")
}
