//! `check`: reviews pasted etcdctl and `kubectl exec … -- etcdctl` commands before they run.
//!
//! People copy etcd commands from notes, blog posts and runbooks, and the commands are often
//! wrong in ways that cost an hour: a typo in a path, a `--cert` without `--key`, no verb, the
//! Kubernetes CA where the etcd CA belongs, the peer port, or files that do not exist inside the
//! etcd pod. [`check`] reads a snippet as a shell would (fences, prompts, `\` continuations,
//! `export ETCDCTL_*` lines, `VAR=value` prefixes, `sudo`, `kubectl exec`, `sh -c "…"`), finds
//! each etcdctl invocation, and says what it will do, where it runs, what is wrong (findings with
//! stable ids) and a corrected command.
//!
//! The core does no I/O: facts about files (existence, permissions, contents) come from the
//! host through [`FileHost`]. The CLI answers with real files, the web page with nothing or
//! the files pasted beside the command. A corrected command is itself clean: no error or
//! warning is left that a change to its text could fix.

mod etcdctl;
mod files;
mod paths;
mod rules;
pub mod shell;
pub mod v2;

use std::fmt;

use serde::Serialize;
use time::OffsetDateTime;

use crate::finding::{FindingId, Severity};
use shell::{Segment, Word};

pub use files::{FileFact, FileHost, FileMap, NoFiles};

macro_rules! check_ids {
    ($( $(#[$doc:meta])* $variant:ident = $id:literal, $severity:ident; )*) => {
        /// What `check` can say about a command. The id strings are stable.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum CheckId {
            $( $(#[$doc])* $variant, )*
            /// A finding of the certificate review about one of the command's files (`expired`,
            /// `key-mismatch`, ...), with the review's id.
            Certificate(FindingId),
        }

        impl CheckId {
            /// Every id of `check`'s own (the review's are in [`FindingId::ALL`]).
            pub const ALL: &'static [CheckId] = &[ $( CheckId::$variant, )* ];

            /// The stable id.
            pub fn id(self) -> &'static str {
                match self { $( CheckId::$variant => $id, )* CheckId::Certificate(f) => f.id() }
            }

            /// The usual severity.
            pub fn severity(self) -> Severity {
                match self { $( CheckId::$variant => Severity::$severity, )* CheckId::Certificate(f) => f.severity() }
            }
        }
    };
}

check_ids! {
    /// A path one or two edits away from a well-known one.
    PathTypo = "path-typo", Error;
    /// `--cert` without `--key`.
    CertWithoutKey = "cert-without-key", Error;
    /// `--key` without `--cert`.
    KeyWithoutCert = "key-without-cert", Error;
    /// `--cert` names the key file and `--key` its certificate.
    CertKeySwapped = "cert-key-swapped", Error;
    /// Flags but no command: etcdctl prints its help and does nothing.
    NoCommand = "no-command", Error;
    /// A word where a command belongs that etcdctl does not know.
    UnknownCommand = "unknown-command", Error;
    /// A flag etcdctl 3.4 does not know (or an `ETCDCTL_*` variable it ignores).
    UnknownFlag = "unknown-flag", Error;
    /// `--cacert= /x`: a space after `=` leaves the flag empty and its value an argument.
    EmptyFlagValue = "empty-flag-value", Error;
    /// A CA that cannot have signed etcd's certificates (kubeadm's `pki/ca.crt`).
    WrongCa = "wrong-ca", Error;
    /// etcd's server or peer certificate used as the client identity.
    ServerCertAsClient = "server-cert-as-client", Warning;
    /// A client identity etcd will refuse, or a CA used as one.
    WrongClientCert = "wrong-client-cert", Error;
    /// An endpoint pasted as a Markdown link, `[https://h:2379](https://h:2379)`.
    MarkdownLink = "markdown-link", Error;
    /// An endpoint on the peer port 2380.
    PeerPort = "peer-port", Error;
    /// An endpoint on kube-apiserver's port 6443.
    ApiserverPort = "apiserver-port", Error;
    /// A documentation placeholder (`--cacert=<trusted-ca-file>`) left in a file flag.
    Placeholder = "placeholder", Error;
    /// `http://` with certificate flags: TLS is off.
    PlaintextEndpoint = "plaintext-endpoint", Error;
    /// `--insecure-skip-tls-verify`: the server is not checked.
    InsecureSkipVerify = "insecure-skip-verify", Warning;
    /// TLS without `--cacert`: the system's CAs do not know etcd's CA.
    MissingCacert = "missing-cacert", Error;
    /// TLS without a client certificate: kubeadm's etcd requires one.
    MissingClientCert = "missing-client-cert", Warning;
    /// What `kubectl exec` really does.
    KubectlExecInPod = "kubectl-exec-in-pod", Info;
    /// A file the etcd pod does not mount.
    FileNotInPod = "file-not-in-pod", Error;
    /// etcdctl before 3.4 speaks the v2 API unless `ETCDCTL_API=3`; or the command is v2's.
    EtcdctlApiV2 = "etcdctl-api-v2", Info;
    /// `etcdctl snapshot restore` / `status`: etcd 3.5 moved them to etcdutl, 3.6 removed them.
    SnapshotMovedToEtcdutl = "snapshot-moved-to-etcdutl", Info;
    /// A pod name from a tutorial or a placeholder.
    PodName = "pod-name", Info;
    /// `kubectl exec etcd-…` without `-n kube-system`.
    NamespaceMissing = "namespace-missing", Error;
    /// `ETCDCTL_*` set on this host does not reach etcdctl in the pod.
    EnvNotInPod = "env-not-in-pod", Error;
    /// `kubectl exec … -- VAR=value etcdctl`: no shell reads the assignment.
    EnvPrefixInExec = "env-prefix-in-exec", Error;
    /// `VAR=value` on its own line without `export`: etcdctl does not see it.
    VariableNotExported = "variable-not-exported", Warning;
    /// `sudo` resets the environment: exported `ETCDCTL_*` are dropped.
    SudoDropsEnv = "sudo-drops-env", Warning;
    /// A named file does not exist.
    FileMissing = "file-missing", Error;
    /// A named file cannot be read (permissions), or is not PEM.
    FileUnreadable = "file-unreadable", Error;
    /// A private key readable by others than its owner.
    KeyTooOpen = "key-too-open", Info;
    /// `snapshot save` inside the pod to a folder the pod does not share with the node.
    SnapshotInPod = "snapshot-in-pod", Info;
    /// `docker run IMAGE etcdctl` without `--network host`, dialling 127.0.0.1: the container's
    /// own loopback, where no etcd listens.
    ContainerNetwork = "container-network", Error;
    /// In kops' etcd-manager pod, an endpoint other than its etcd's client port (4001 for
    /// etcd-manager-main, 4002 for etcd-manager-events).
    EtcdManagerPort = "etcd-manager-port", Error;
    /// A command given a number of arguments etcdctl refuses (`snapshot save` takes one file).
    WrongArguments = "wrong-arguments", Error;
    /// `snapshot save` with more than one endpoint: etcdctl refuses, a snapshot is one
    /// member's.
    SnapshotMultipleEndpoints = "snapshot-multiple-endpoints", Error;
    /// `kubectl exec POD etcdctl …` without `--`: kubectl refuses it.
    ExecWithoutDashes = "exec-without-dashes", Error;
    /// A global flag given while its `ETCDCTL_*` variable is set too: etcdctl stops.
    EnvFlagConflict = "env-flag-conflict", Error;
    /// An etcdctl line without a trailing `\` followed by lines of its flags: the shell runs
    /// the first line alone.
    MissingContinuation = "missing-continuation", Error;
    /// A quote opened and never closed: bash runs nothing (`unexpected EOF while looking for
    /// matching`).
    UnclosedQuote = "unclosed-quote", Error;
    /// A line ending with `\` and a space: no continuation in bash, the command ends there
    /// with a stray " " argument.
    BackslashSpace = "backslash-space", Error;
    /// `kubectl exec` into an etcd pod with k3s's files: k3s runs etcd inside its own server
    /// process, so there is no etcd pod, and it ships no etcdctl.
    NoEtcdPod = "no-etcd-pod", Error;
    /// A program the distribution does not ship where the command runs it: RKE2's
    /// `/var/lib/rancher/rke2/bin/etcdctl` (gone from 1.31), a shell in RKE2's etcd image.
    MissingProgram = "missing-program", Warning;
    /// A pasted line that runs etcdctl in a way `check` cannot read: nothing on it was checked.
    UnreadCommand = "unread-command", Warning;
    /// `ETCDCTL_*=… /opt/bin/etcdctl.sh`: etcdadm's wrapper exports its own value over it.
    WrapperOverridesEnv = "wrapper-overrides-env", Warning;
    /// `put` or `del` on Kubernetes' keys (`/registry`, OpenShift's `/kubernetes.io`), or on
    /// every key: a change behind the API server's back.
    WritesKubernetesData = "writes-kubernetes-data", Warning;
}

impl fmt::Display for CheckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for CheckId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// One thing `check` says about a command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckFinding {
    /// What kind of finding.
    pub id: CheckId,
    /// How much it matters.
    pub severity: Severity,
    /// What is wrong, in a sentence or two.
    pub message: String,
    /// What to do about it.
    pub fix: String,
}

impl CheckFinding {
    /// A finding with its id's usual severity.
    pub fn new(id: CheckId, message: impl Into<String>, fix: impl Into<String>) -> Self {
        CheckFinding {
            id,
            severity: id.severity(),
            message: message.into(),
            fix: fix.into(),
        }
    }

    /// The same finding at another severity.
    pub fn at(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}

/// Where etcdctl runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RunsIn {
    /// On the machine where the command is typed.
    Host,
    /// Inside a pod, through `kubectl exec`.
    Pod,
    /// Inside a container, through `crictl exec` or `docker exec` on the node.
    Container,
    /// On another host, through `ssh`: its files, not this machine's.
    Remote,
}

/// One etcdctl invocation, reviewed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommandCheck {
    /// The command as written (continuations joined).
    pub command: String,
    /// Where etcdctl runs.
    pub runs_in: RunsIn,
    /// The pod or container, when not on this host (`kube-system/etcd-node-1`).
    pub target: Option<String>,
    /// What it will do, in words.
    pub does: String,
    /// What is wrong or worth knowing, most severe first.
    pub findings: Vec<CheckFinding>,
    /// The command with every correctable finding fixed; `None` when nothing needs changing.
    pub corrected: Option<String>,
}

impl CommandCheck {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// Every etcdctl invocation found in a snippet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// One per invocation, in order.
    pub commands: Vec<CommandCheck>,
}

impl CheckReport {
    /// Whether any command has an error.
    pub fn has_errors(&self) -> bool {
        self.commands.iter().any(CommandCheck::has_errors)
    }
}

/// Whether a text looks like an etcd command someone pasted (for the web page, which must tell
/// commands from certificates and error messages).
pub fn looks_like_command(text: &str) -> bool {
    // An etcd manifest can hold an etcdctl probe, and a PEM bundle never holds a command.
    // Besides etcdctl, check reads the distributions' own etcd commands: `k3s etcd-snapshot`,
    // `rke2 etcd-snapshot` and `talosctl etcd`.
    let names_a_tool = ["etcdctl", "etcd-snapshot", "talosctl"]
        .iter()
        .any(|tool| text.contains(tool));
    if text.contains("-----BEGIN") || text.contains("apiVersion:") || !names_a_tool {
        return false;
    }
    !check(text, &NoFiles, OffsetDateTime::UNIX_EPOCH).commands.is_empty()
}

/// Reviews every etcdctl invocation in `text`. `files` answers questions about the files the
/// commands name; `now` judges certificate validity.
pub fn check(text: &str, files: &dyn FileHost, now: OffsetDateTime) -> CheckReport {
    let mut end = text.len().min(crate::limits::MAX_INPUT_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let text = &text[..end];
    let mut env = Environment::default();
    let mut commands = Vec::new();
    let mut queue: std::collections::VecDeque<_> = with_orphaned_flags(lines_with_breaks(text)).into();
    // Lines already taken from a `$(…)`, against a line nesting them without end.
    let mut nested = 0usize;
    // A quote a line leaves open with none after it to close it: bash reads to the end of the
    // snippet for its match and runs nothing (`unexpected EOF while looking for matching`).
    // On the command's own line, the stray quote is left out of the reading and the
    // correction; on a line before, the commands after it are inside the quote.
    let unclosed = |line: &str| -> Option<usize> {
        let at = shell::unclosed_quote(line)?;
        let quote = &line[at..=at];
        let mut tail_from = line.len().saturating_sub(40);
        while !line.is_char_boundary(tail_from) {
            tail_from -= 1;
        }
        let tail = &line[tail_from..];
        let closed_later = text.find(tail).is_some_and(|p| text[p + tail.len()..].contains(quote));
        (!closed_later).then_some(at)
    };
    let mut swallowed_by: Option<String> = None;
    while let Some((line, breaks, orphans)) = queue.pop_front() {
        // `E="etcdctl --endpoints=…"; $E role add x` on one line: the shell sets E before it
        // reads the next command's words, so the statement is read first, on its own.
        let line = match leading_statement(&line) {
            Some(at) if queue.len() < crate::limits::MAX_COMMAND_WORDS => {
                queue.push_front((line[at..].to_string(), breaks, orphans));
                (line[..at].to_string(), Vec::new(), None)
            }
            _ => (line, breaks, orphans),
        };
        let (line, breaks, orphans) = line;
        let line = env.expand_command_words(&line);
        let stray = if swallowed_by.is_none() { unclosed(&line) } else { None };
        let (line, written) = match stray {
            Some(at) => (format!("{}{}", &line[..at], &line[at + 1..]), Some((line, at))),
            None => (line, None),
        };
        let first = commands.len();
        let segments = shell::segments(&line);
        // The segment each command of this line was found in.
        let mut found_in: Vec<usize> = Vec::new();
        for (k, segment) in segments.iter().enumerate() {
            let before = commands.len();
            // Talos notes: etcd's files are Talos's, not kubeadm's, wherever etcdctl runs.
            env.talos |= (segment.words.iter()).any(|w| w.value.rsplit('/').next() == Some("talosctl"));
            if env.read_statement(&segment.words) {
                continue;
            }
            // `sh -c "… --cacert='/etc/… …"`: a quote the script leaves open stops sh before it
            // runs anything. The script is read without it, and said.
            let (script_repaired, stray) = repaired_script(segment);
            let segment = script_repaired.as_ref().unwrap_or(segment);
            if let Some(site) = locate(&line, segment, &env) {
                let host = files::Written {
                    host: files,
                    paths: &env.written,
                };
                let mut c = rules::review(&site, &env, &host, now);
                if let Some((quote, word)) = stray {
                    c.findings.insert(0, CheckFinding::new(
                        CheckId::UnclosedQuote,
                        format!("The `{quote}` in `{word}` is never closed inside the `sh -c` script: sh stops before it runs anything (`Syntax error: Unterminated quoted string`, bash: `unexpected EOF while looking for matching `{quote}'`)."),
                        format!("Remove the stray `{quote}`, or close it where the quoted text ends (the corrected command removes it)."),
                    ));
                    if c.corrected.is_none() {
                        c.corrected = Some(shell::join(&segment.words));
                    }
                }
                commands.push(c);
            } else if let Some(talos) = rules::talosctl(&line, segment) {
                commands.push(talos);
            } else if let Some(etcdutl) = rules::etcdutl(&line, segment) {
                commands.push(etcdutl);
            } else if let Some(snapshot) = rules::distribution_snapshot(&line, segment) {
                commands.push(snapshot);
            } else {
                env.note_shell_entry(&segment.words);
            }
            if commands.len() > before {
                found_in.push(k);
            }
            env.note_writes(segment);
            env.note_container(segment);
        }
        // A line whose etcdctl runs only inside a `$(…)`: the substitution's command is read
        // as a line of its own, next.
        if commands.len() == first && nested < crate::limits::MAX_COMMAND_WORDS {
            let inner: Vec<String> = substitutions(&line)
                .into_iter()
                .filter(|s| s.split_whitespace().any(|w| w.contains("etcdctl")))
                .collect();
            nested += inner.len();
            let read_inside = !inner.is_empty();
            for s in inner.into_iter().rev() {
                queue.push_front((s, Vec::new(), None));
            }
            // A line that runs etcdctl but was not read is said, not left out in silence.
            if !read_inside && let Some(unread) = unread_command(&line, &segments) {
                commands.push(unread);
            }
        }
        if let Some((end, next)) = breaks.first() {
            for c in commands.iter_mut().skip(first) {
                c.findings.insert(0, CheckFinding::new(
                    CheckId::BackslashSpace,
                    format!("The line ending `{end}` has a space after its `\\`: bash reads `\\ ` as an escaped space, not a line continuation, so the command ends there with a stray \" \" argument, and the lines after it run as commands of their own (`{next}: command not found`)."),
                    "Remove the spaces after each `\\` at the end of a line, or write the command on one line (the corrected command does).",
                ));
                if c.corrected.is_none() {
                    c.corrected = Some(c.command.clone());
                }
            }
        }
        if let Some((whole, at)) = &written {
            let quote = &whole[*at..=*at];
            let word_end = whole[*at..].find([' ', '\t']).map_or(whole.len(), |e| at + e);
            let start = whole[..*at].rfind([' ', '\t']).map_or(0, |s| s + 1);
            let word = &whole[start..word_end];
            for c in commands.iter_mut().skip(first) {
                c.findings.insert(0, CheckFinding::new(
                    CheckId::UnclosedQuote,
                    format!("The `{quote}` in `{word}` is never closed: bash reads on through the lines after it for its match, finds none, and runs nothing (`unexpected EOF while looking for matching `{quote}'`)."),
                    format!("Remove the stray `{quote}`, or close it where the quoted text ends (the corrected command removes it)."),
                ));
                if c.corrected.is_none() {
                    c.corrected = Some(c.command.clone());
                }
                // The command as written, with its quote.
                if let Some(p) = line.find(c.command.as_str())
                    && p <= *at
                    && *at <= p + c.command.len()
                {
                    c.command = whole[p..=p + c.command.len()].to_string();
                }
            }
            // Only a line that is shell (an assignment, `export`, `echo`…), not a sentence of
            // the notes around the commands ("Don't forget…"), swallows the lines after it.
            let first_word = whole.split_whitespace().next().unwrap_or("");
            let shell_line = assignment(first_word).is_some()
                || matches!(
                    first_word,
                    "export" | "echo" | "printf" | "cd" | "alias" | "source" | "." | "local" | "readonly" | "declare"
                );
            if commands.len() == first && shell_line {
                swallowed_by = Some(word.to_string());
            }
        } else if let Some(word) = &swallowed_by {
            for c in commands.iter_mut().skip(first) {
                let quote = if word.contains('"') { "\"" } else { "'" };
                c.findings.insert(0, CheckFinding::new(
                    CheckId::UnclosedQuote,
                    format!("A line before this command leaves a `{quote}` open (`{word}`) and none closes it: bash reads this command as part of that quoted text, looks to the end for its match, and runs nothing (`unexpected EOF while looking for matching `{quote}'`)."),
                    format!("Remove the stray `{quote}` from `{word}`, or close it; this command itself is as it should be."),
                ));
            }
        }
        if let Some((written, flags)) = orphans {
            for c in commands.iter_mut().skip(first) {
                c.findings.insert(0, CheckFinding::new(
                    CheckId::MissingContinuation,
                    format!("The lines after `{written}` hold its flags ({}), but the lines end without `\\`: the shell runs `{written}` alone, without them, and then each of those lines as a command of its own (`{}: command not found`).", flags.join(", "), flags[0]),
                    "End every line but the last with ` \\`, or write the command on one line (the corrected command does).",
                ));
                if c.corrected.is_none() {
                    c.corrected = Some(c.command.clone());
                }
            }
        }
        // What follows the command up to the next one found (its redirections, `| hexdump -C`,
        // `|| true`, `; echo done`) stays in its correction as written, and so does a pipe that
        // feeds it (`… | head -1 | xargs kubectl exec {} -- etcdctl …`).
        // Each command's text as written and as corrected (without what feeds it), and what
        // feeds it.
        let mut bodies: Vec<(String, Option<String>, String)> = Vec::new();
        for (n, &k) in found_in.iter().enumerate() {
            let until = found_in.get(n + 1).copied().unwrap_or(segments.len());
            let end = segments[k..until].iter().map(|s| s.full_end).max().unwrap_or(0);
            let mut tail = line.get(segments[k].end..end).unwrap_or("").trim().to_string();
            // v2's `cluster-health | grep -q 'cluster is healthy'` (Kubespray's check before
            // 2.14): corrected to v3's `endpoint health`, which prints `<endpoint> is healthy:
            // …` for each endpoint and never that line, the grep would fail on a healthy
            // cluster. `endpoint health` exits 1 when an endpoint is unhealthy (`Error:
            // unhealthy cluster`): the grep goes.
            let c = &mut commands[first + n];
            if c.command.contains("cluster-health")
                && c.corrected.as_deref().is_some_and(|f| f.contains("endpoint health"))
                && let Some(g) = (k + 1..until).find(|&g| {
                    segments[g].words.first().is_some_and(|w| w.value == "grep")
                        && segments[g].words.iter().any(|w| w.value.contains("cluster is healthy"))
                })
                && line
                    .get(segments[g - 1].full_end..segments[g].start)
                    .is_some_and(|op| op.trim() == "|")
            {
                let grep = line
                    .get(segments[g].start..segments[g].full_end)
                    .unwrap_or("")
                    .trim()
                    .to_string();
                let cut_from = segments[g - 1].full_end.max(segments[k].end) - segments[k].end;
                let cut_to = segments[g].full_end - segments[k].end;
                let raw_tail = line.get(segments[k].end..end).unwrap_or("");
                tail = format!("{}{}", &raw_tail[..cut_from], &raw_tail[cut_to..])
                    .trim()
                    .to_string();
                c.findings.push(CheckFinding::new(
                    CheckId::EtcdctlApiV2,
                    format!("`| {grep}` looks for the last line of v2's cluster-health; v3's `endpoint health` prints `<endpoint> is healthy: successfully committed proposal` for each endpoint and never that line, so the grep fails on a healthy cluster."),
                    "Rely on `endpoint health`'s exit status: it is 1 when an endpoint is unhealthy (`Error: unhealthy cluster`). The corrected command drops the grep.",
                ).at(Severity::Warning));
            }
            let tail = tail.as_str();
            let earlier = n.checked_sub(1).map_or(0, |p| found_in[p] + 1);
            let mut from = k;
            while from > earlier
                && line
                    .get(segments[from - 1].full_end..segments[from].start)
                    .is_some_and(|op| op.trim() == "|")
            {
                from -= 1;
            }
            // A pipe feeds the command through xargs: a correction that no longer runs xargs
            // (k3s's etcdctl on the host instead of `xargs -I{} kubectl exec`) drops it too.
            let fed_through_xargs = segments[k].words.first().is_some_and(|w| w.value == "xargs");
            if fed_through_xargs
                && (commands[first + n].corrected.as_deref()).is_some_and(|c| !c.trim_start().starts_with("xargs"))
            {
                from = k;
            }
            let head: String = (segments[from..k].iter())
                .map(|s| format!("{} | ", line.get(s.start..s.full_end).unwrap_or("").trim()))
                .collect();
            let mut fixed_body = None;
            if let Some(fixed) = &mut commands[first + n].corrected {
                // A correction is written from the command's words: a redirection among them
                // goes after the last, where it does the same.
                for within in segments[k].redirections_within(&line) {
                    fixed.push(' ');
                    fixed.push_str(within.trim());
                }
                if !tail.is_empty() {
                    fixed.push(' ');
                    fixed.push_str(tail);
                }
                fixed_body = Some(fixed.clone());
                fixed.insert_str(0, &head);
            }
            let as_written = line
                .get(segments[k].start..end.max(segments[k].end))
                .unwrap_or("")
                .trim();
            bodies.push((as_written.to_string(), fixed_body, head));
        }
        // Commands piped into each other (`etcdctl get … | xargs -I{} etcdctl del {}`): each
        // correction is the whole pipeline, every command in it corrected, so that none is
        // left out of what is copied.
        let piped = |a: usize, b: usize| {
            (a..b).all(|g| {
                line.get(segments[g].full_end..segments[g + 1].start)
                    .is_some_and(|op| op.trim() == "|")
            })
        };
        let mut n = 0;
        while n < found_in.len() {
            let mut m = n;
            while m + 1 < found_in.len() && piped(found_in[m], found_in[m + 1]) {
                m += 1;
            }
            if m > n && bodies[n..=m].iter().any(|b| b.1.is_some()) {
                let pipeline: Vec<&str> = bodies[n..=m]
                    .iter()
                    .map(|(written, fixed, _)| fixed.as_deref().unwrap_or(written))
                    .collect();
                let whole = format!("{}{}", bodies[n].2, pipeline.join(" | "));
                for c in &mut commands[first + n..=first + m] {
                    if let Some(fixed) = &mut c.corrected {
                        fixed.clone_from(&whole);
                    }
                }
            }
            n = m + 1;
        }
    }
    once_per_snippet(&mut commands);
    CheckReport { commands }
}

/// Where the rest of a line starts after a statement that sets variables (`export A=1`,
/// `E="etcdctl …"`) and `;` or `&&`, when a later command's name is a variable (`$E …`), which
/// the statement may set.
fn leading_statement(line: &str) -> Option<usize> {
    let segments = shell::segments(line);
    let (first, second) = (segments.first()?, segments.get(1)?);
    let words = &first.words;
    let statement = matches!(words.first()?.value.as_str(), "export" | "alias")
        || words.iter().all(|w| assignment(&w.value).is_some());
    let separator = line.get(first.full_end..second.start)?.trim();
    let variable_command = segments[1..]
        .iter()
        .any(|s| s.words.first().is_some_and(|w| w.raw.starts_with('$')));
    (statement && matches!(separator, ";" | "&&") && variable_command).then_some(second.start)
}

/// A segment running `sh -c SCRIPT` (bash, ash…) whose script leaves a quote open, with that
/// quote left out of the script (its value and as written), and the quote with the word it
/// opens. A quote of the other kind than the script's own maps one to one between the value
/// and the text as written, so the same occurrence is taken out of both.
fn repaired_script(segment: &Segment) -> (Option<Segment>, Option<(char, String)>) {
    let Some(c) = (segment.words.iter()).position(|w| w.value == "-c") else {
        return (None, None);
    };
    if c == 0 || !is_shell(&segment.words[c - 1].value) {
        return (None, None);
    }
    let Some(script) = segment.words.get(c + 1) else {
        return (None, None);
    };
    let Some(at) = shell::unclosed_quote(&script.value) else {
        return (None, None);
    };
    let quote = script.value.as_bytes()[at] as char;
    if script.raw.starts_with(quote) {
        return (None, None);
    }
    let nth = script.value[..at].matches(quote).count();
    let Some((raw_at, _)) = script.raw.match_indices(quote).nth(nth) else {
        return (None, None);
    };
    let start = script.value[..at].rfind(char::is_whitespace).map_or(0, |s| s + 1);
    let end = script.value[at..]
        .find(char::is_whitespace)
        .map_or(script.value.len(), |e| at + e);
    let word = script.value[start..end].to_string();
    let mut repaired = segment.clone();
    let w = &mut repaired.words[c + 1];
    w.value.remove(at);
    w.raw.remove(raw_at);
    (Some(repaired), Some((quote, word)))
}

/// The note that an etcdctl older than 3.4 speaks v2 unless told otherwise is about the host's
/// etcdctl, not a command: said on the first command that needs it, not on each.
fn once_per_snippet(commands: &mut [CommandCheck]) {
    let generic = |f: &CheckFinding| {
        f.id == CheckId::EtcdctlApiV2 && f.severity == Severity::Info && f.message.starts_with("If this host's etcdctl")
    };
    let with_note = commands.iter().filter(|c| c.findings.iter().any(generic)).count();
    let mut first = true;
    for c in commands.iter_mut() {
        let Some(at) = c.findings.iter().position(generic) else {
            continue;
        };
        if first {
            first = false;
            if with_note > 1 {
                c.findings[at]
                    .message
                    .push_str(" (So for the other commands below that run etcdctl on a host without ETCDCTL_API=3.)");
            }
        } else {
            c.findings.remove(at);
        }
    }
}

/// A line with etcdctl as a command word (not a file `cp`, `chmod` or `curl` handle, nor text
/// `echo` prints) that no rule read: said as unread, so the report does not drop it.
fn unread_command(line: &str, segments: &[Segment]) -> Option<CommandCheck> {
    let segment = segments.iter().find(|s| {
        let first = s
            .words
            .first()
            .map(|w| w.value.rsplit('/').next().unwrap_or(""))
            .unwrap_or("");
        let handles_files = matches!(
            first,
            "cp" | "mv"
                | "install"
                | "chmod"
                | "chown"
                | "ln"
                | "rm"
                | "ls"
                | "which"
                | "type"
                | "file"
                | "tar"
                | "curl"
                | "wget"
                | "echo"
                | "printf"
                | "cat"
                | "alias"
                | "unalias"
                | "sha256sum"
                | "md5sum"
                | "command"
                | "hash"
                | "whereis"
                | "apt"
                | "apt-get"
                | "yum"
                | "dnf"
                | "brew"
                | "unzip"
                | "scp"
                | "rsync"
        ) || (matches!(first, "docker" | "kubectl" | "oc" | "podman" | "crictl")
            && !s
                .words
                .iter()
                .any(|w| matches!(w.value.as_str(), "exec" | "debug" | "run" | "rsh")));
        // `ETCDCTL_PATH=/usr/local/bin/etcdctl`, `export E=…/etcdctl`: a path set, nothing run.
        let statement = matches!(first, "export" | "alias" | "unset" | "local" | "readonly" | "declare");
        // A sentence of the notes that names etcdctl ("When the Kubernetes CA is given instead,
        // etcdctl waits…", "- Client commands follow etcdctl 3.4", "`version`. A snapshot…"):
        // no program starts it.
        let raw_first = s.words.first().map(|w| w.raw.as_str()).unwrap_or("");
        let prose = raw_first.starts_with(['`', '(', '"', '\'', '*', '-', '+', '>', '|'])
            || raw_first.ends_with(['.', ':', ',', ';', ')'])
            || (raw_first.starts_with(|c: char| c.is_ascii_uppercase())
                && raw_first.contains(|c: char| c.is_ascii_lowercase())
                && !raw_first.contains(['=', '/', '$']))
            || raw_first.bytes().all(|b| b.is_ascii_digit());
        !handles_files
            && !statement
            && !prose
            && s.words
                .iter()
                .any(|w| is_etcdctl(&w.value) && assignment(&w.value).is_none())
    })?;
    Some(CommandCheck {
        command: segment.text(line).to_string(),
        runs_in: RunsIn::Host,
        target: None,
        does: "not read: etcdctl runs here in a way check does not follow, so nothing on this line was checked".into(),
        findings: vec![CheckFinding::new(
            CheckId::UnreadCommand,
            format!(
                "This line runs etcdctl, but check cannot read how (`{}` before it is not a program it follows), so none of its flags, files or endpoints were checked.",
                segment.words.first().map(|w| w.raw.as_str()).unwrap_or("")
            ),
            "Check the etcdctl command on its own: paste it as the program would run it (`etcdctl …`, or `kubectl exec POD -- etcdctl …`).",
        )],
        corrected: None,
    })
}

/// Logical lines with the lines of flags that follow an etcdctl line without a `\` joined to
/// it, as the notes meant (`etcdctl snapshot save x.db` then `    --endpoints …` on lines of
/// their own): each joined line with the line as written and the flags that were cut off.
#[allow(clippy::type_complexity)]
fn with_orphaned_flags(lines: Vec<(String, Vec<Break>)>) -> Vec<(String, Vec<Break>, Option<(String, Vec<String>)>)> {
    let flag_line = |l: &str| {
        let t = l.trim_start();
        t.strip_prefix("--")
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_alphabetic()))
    };
    let mut out: Vec<(String, Vec<Break>, Option<(String, Vec<String>)>)> = Vec::new();
    for (line, breaks) in lines {
        if flag_line(&line)
            && let Some((last, last_breaks, orphans)) = out.last_mut()
            && (orphans.is_some() || last.split_whitespace().any(|w| w.rsplit('/').next() == Some("etcdctl")))
        {
            let flag = line.split_whitespace().next().unwrap_or("");
            let flag = flag.split_once('=').map_or(flag, |(f, _)| f).to_string();
            let (_, flags) = orphans.get_or_insert_with(|| (last.trim().to_string(), Vec::new()));
            flags.push(flag);
            last.push(' ');
            last.push_str(line.trim());
            last_breaks.extend(breaks);
            continue;
        }
        out.push((line, breaks, None));
    }
    out
}

/// Shell variables known at a point of the snippet.
#[derive(Debug, Clone, Default)]
pub(crate) struct Environment {
    /// Exported variables, in order of export.
    pub exported: Vec<(String, String)>,
    /// Variables set without `export`.
    pub shell_only: Vec<(String, String)>,
    /// An interactive `kubectl exec -it … -- sh` before: later commands are typed in the pod.
    pub inside: Option<Target>,
    /// talosctl appeared before: the cluster is Talos's.
    pub talos: bool,
    /// Variables `unset` in the pod's shell entered before (OpenShift's `unset
    /// ETCDCTL_ENDPOINTS`): what the pod sets is gone for the commands after.
    pub unset_inside: Vec<String>,
    /// `alias e='etcdctl …'`: names and what they stand for.
    aliases: Vec<(String, String)>,
    /// The files earlier commands of the snippet write (`… | base64 -d > /tmp/ca.crt`), expanded.
    pub written: Vec<String>,
    /// Containers earlier commands of the snippet start (`docker run --name NAME IMAGE`): name
    /// and image.
    pub started: Vec<(String, String)>,
    /// How many bytes `$NAME` expansions have produced so far, against
    /// [`limits::MAX_EXPANSION_BYTES`](crate::limits::MAX_EXPANSION_BYTES).
    expanded: std::cell::Cell<usize>,
}

impl Environment {
    /// Remembers a container the command starts under a name of its own (`docker run --name
    /// etcd quay.io/coreos/etcd:v3.3.10 …`, podman's and nerdctl's alike).
    fn note_container(&mut self, segment: &shell::Segment) {
        let values: Vec<&str> = segment.words.iter().map(|w| w.value.as_str()).collect();
        let Some(e) = exec_target(&values) else { return };
        if e.target.runs_in != RunsIn::Container || !e.target.via.ends_with(" run") || e.target.via.contains("compose")
        {
            return;
        }
        let name = values[..e.target_word]
            .iter()
            .enumerate()
            .find_map(|(i, w)| match w.strip_prefix("--name") {
                Some("") => values.get(i + 1).copied(),
                Some(v) => v.strip_prefix('='),
                None => None,
            });
        if let Some(name) = name
            && self.started.len() < 64
        {
            self.started.retain(|(n, _)| n != name);
            self.started.push((name.to_string(), e.target.name.clone()));
        }
    }

    /// Remembers the files a command writes: its output redirections, `tee`'s files, and the
    /// destination of `cp`, `mv`, `install`, `kubectl cp` and `docker cp` (with each source's
    /// name under it, in case it is a folder), and openssl's `-out`.
    fn note_writes(&mut self, segment: &shell::Segment) {
        let mut words: Vec<&str> = segment.words.iter().map(|w| w.value.as_str()).collect();
        if words.first() == Some(&"sudo") {
            words.remove(0);
            while words.first().is_some_and(|w| w.starts_with('-')) {
                words.remove(0);
            }
        }
        let mut targets: Vec<String> = segment.writes.clone();
        let operands: Vec<&str> = words.iter().skip(1).copied().filter(|w| !w.starts_with('-')).collect();
        match words.as_slice() {
            ["tee", ..] => targets.extend(operands.iter().map(|w| w.to_string())),
            ["cp" | "mv" | "install", ..] | ["kubectl" | "docker" | "oc", "cp", ..] => {
                let operands = if words[0] == "cp" || words[0] == "mv" || words[0] == "install" {
                    &operands[..]
                } else {
                    &operands[1..]
                };
                if let [sources @ .., dest] = operands
                    && !sources.is_empty()
                    && !dest.contains(':')
                {
                    targets.push(dest.to_string());
                    for source in sources {
                        let name = source.rsplit(['/', ':']).next().unwrap_or(source);
                        targets.push(format!("{}/{name}", dest.trim_end_matches('/')));
                    }
                }
            }
            ["openssl", ..] => {
                if let Some(i) = words.iter().position(|w| *w == "-out") {
                    targets.extend(words.get(i + 1).map(|w| w.to_string()));
                }
            }
            _ => {}
        }
        for target in targets {
            if self.written.len() < crate::limits::MAX_COMMAND_WORDS {
                let path = self.expand(&target);
                self.written.push(path);
            }
        }
    }

    /// Looks a variable up (exported or not), for `$NAME` in later words.
    pub fn lookup(&self, name: &str) -> Option<&str> {
        self.exported
            .iter()
            .chain(&self.shell_only)
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Expands `$NAME` and `${NAME}` in `value`. Once expansions have produced
    /// [`limits::MAX_EXPANSION_BYTES`](crate::limits::MAX_EXPANSION_BYTES) in this snippet,
    /// further variables stay as written: `A=$A$A` doubles a value per line, and a few dozen
    /// such lines would otherwise exhaust the memory.
    pub fn expand(&self, value: &str) -> String {
        shell::expand(value, &|name| {
            let v = self.lookup(name)?;
            let total = self.expanded.get().saturating_add(v.len());
            if total > crate::limits::MAX_EXPANSION_BYTES {
                return None;
            }
            self.expanded.set(total);
            Some(v.to_string())
        })
    }

    fn set(list: &mut Vec<(String, String)>, name: &str, value: String) {
        let before = list.len();
        list.retain(|(n, _)| n != name);
        if before >= crate::limits::MAX_VARIABLES && list.len() == before {
            return; // a new name past the limit
        }
        list.push((name.to_string(), value));
    }

    /// Reads `export A=1`, `A=1`, `unset A`; true when the statement was one of these.
    fn read_statement(&mut self, words: &[Word]) -> bool {
        let Some(first) = words.first() else {
            return true;
        };
        let expand = |w: &Word, env: &Environment| env.expand(&w.value);
        match first.value.as_str() {
            "export" => {
                for w in &words[1..] {
                    if w.value.starts_with('-') {
                        continue;
                    }
                    match w.value.split_once('=') {
                        Some((name, _)) => {
                            let value = expand(w, self);
                            let value = value.split_once('=').map(|(_, v)| v.to_string()).unwrap_or_default();
                            self.shell_only.retain(|(n, _)| n != name);
                            Environment::set(&mut self.exported, name, value);
                        }
                        None => {
                            if let Some(pos) = self.shell_only.iter().position(|(n, _)| *n == w.value) {
                                let (n, v) = self.shell_only.remove(pos);
                                Environment::set(&mut self.exported, &n, v);
                            }
                        }
                    }
                }
                true
            }
            // A systemd unit's `Environment=ETCDCTL_API=3` (`Environment="A=1" "B=2"`): the
            // variables of the service its Exec lines start.
            v if v.starts_with("Environment=") && words.len() <= 16 => {
                let first = v.trim_start_matches("Environment=").to_string();
                let rest = words[1..].iter().map(|w| w.value.clone());
                for text in std::iter::once(first).chain(rest) {
                    for item in text.split_whitespace() {
                        if let Some((name, value)) = assignment(item) {
                            self.shell_only.retain(|(n, _)| n != name);
                            Environment::set(&mut self.exported, name, value.to_string());
                        }
                    }
                }
                true
            }
            "alias" => {
                for w in &words[1..] {
                    if let Some((name, value)) = w.value.split_once('=') {
                        self.aliases.retain(|(n, _)| n != name);
                        self.aliases.push((name.to_string(), value.to_string()));
                    }
                }
                true
            }
            "unset" => {
                for w in &words[1..] {
                    self.exported.retain(|(n, _)| *n != w.value);
                    self.shell_only.retain(|(n, _)| *n != w.value);
                    if self.inside.is_some() && self.unset_inside.len() < 64 && !self.unset_inside.contains(&w.value) {
                        self.unset_inside.push(w.value.clone());
                    }
                }
                true
            }
            "exit" | "logout" if self.inside.is_some() => {
                self.inside = None;
                self.unset_inside.clear();
                true
            }
            _ if words.iter().all(|w| assignment(&w.value).is_some()) => {
                for w in words {
                    let value = expand(w, self);
                    if let Some((name, v)) = assignment(&value) {
                        if self.exported.iter().any(|(n, _)| n == name) {
                            Environment::set(&mut self.exported, name, v.to_string());
                        } else {
                            Environment::set(&mut self.shell_only, name, v.to_string());
                        }
                    }
                }
                true
            }
            _ => false,
        }
    }

    /// The line with the command word of each command replaced as the shell does before it
    /// runs: an alias by its text (`e get a` → `etcdctl get a`; an alias is not expanded inside
    /// itself, `alias etcdctl='crictl exec ID etcdctl --cert …'`), and an unquoted `$E` that
    /// holds an etcdctl command (`E="sudo etcdctl --cacert …"; $E get /`) by its words.
    fn expand_command_words(&self, line: &str) -> String {
        let mut line = line.to_string();
        // Aliases already put at a command's start (the start does not move when it is
        // replaced, nor do earlier ones).
        let mut used: Vec<(usize, &str)> = Vec::new();
        // Each round replaces one command word; a few are enough for any one line.
        'rounds: for _ in 0..16 {
            for segment in shell::segments(&line) {
                let Some(first) = segment.words.first() else { continue };
                let alias = (self.aliases.iter())
                    .find(|(n, _)| *n == first.raw && !used.contains(&(segment.start, n.as_str())))
                    .map(|(n, v)| (Some(n.as_str()), v.clone()));
                let variable = || {
                    let name = first.raw.strip_prefix('$')?;
                    let name = name.strip_prefix('{').and_then(|n| n.strip_suffix('}')).unwrap_or(name);
                    let value = self.lookup(name)?;
                    value
                        .split_whitespace()
                        .any(is_etcdctl)
                        .then(|| (None, value.to_string()))
                };
                let Some((alias_name, text)) = alias.or_else(variable) else {
                    continue;
                };
                used.extend(alias_name.map(|n| (segment.start, n)));
                let end = segment.start + first.raw.len();
                let (Some(before), Some(after)) = (line.get(..segment.start), line.get(end..)) else {
                    continue;
                };
                line = format!("{before}{text}{after}");
                continue 'rounds;
            }
            break;
        }
        // An unquoted `$FLAGS` among an etcdctl command's words, holding flags, is split into
        // words by the shell (`export flags="--cacert=… --cert=…"`, then `etcdctl member list
        // $flags`): its flags are the command's.
        'split: for _ in 0..16 {
            for segment in shell::segments(&line) {
                if !segment.words.iter().any(|w| is_etcdctl(&w.value)) {
                    continue;
                }
                for w in segment.words.iter().skip(1) {
                    let Some(flags) = self.split_flags(&w.raw) else {
                        continue;
                    };
                    let Some(text) = line.get(segment.start..segment.end) else {
                        continue;
                    };
                    // The word where it stands alone, between blanks.
                    let at = text.match_indices(w.raw.as_str()).map(|(i, _)| i).find(|&i| {
                        let end = i + w.raw.len();
                        text[..i].ends_with(char::is_whitespace)
                            && (end == text.len() || text[end..].starts_with(char::is_whitespace))
                    });
                    let Some(at) = at.map(|i| segment.start + i) else {
                        continue;
                    };
                    let (Some(before), Some(after)) = (line.get(..at), line.get(at + w.raw.len()..)) else {
                        continue;
                    };
                    line = format!("{before}{flags}{after}");
                    continue 'split;
                }
            }
            break;
        }
        line
    }

    /// The words an unquoted `$NAME` (`${NAME}`) holding flags splits into, joined by single
    /// spaces; none when its value holds what the shell would not read again after splitting
    /// (quotes, backslashes, expansions, operators), or is no list of flags.
    fn split_flags(&self, raw: &str) -> Option<String> {
        let name = raw.strip_prefix('$')?;
        let name = name.strip_prefix('{').and_then(|n| n.strip_suffix('}')).unwrap_or(name);
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return None;
        }
        let value = self.lookup(name)?;
        let words: Vec<&str> = value.split_whitespace().collect();
        let plain = !value.contains(|c: char| "'\"\\$`;|&<>(){}*?[]#~".contains(c));
        (plain && words.len() > 1 && words[0].starts_with('-')).then(|| words.join(" "))
    }

    /// `kubectl exec -it etcd-… -- sh`, or `oc rsh etcd-…` alone: the lines after it are typed
    /// inside the pod.
    fn note_shell_entry(&mut self, words: &[Word]) {
        let values: Vec<&str> = words.iter().map(|w| w.value.as_str()).collect();
        let Some(mut target) = exec_target(&values) else { return };
        target.target.resolved = self.expand(&target.target.name);
        let shell = match values.get(target.command_start) {
            Some(cmd) => is_shell(cmd) && !values[target.command_start..].contains(&"-c"),
            None => target.target.via.ends_with(" rsh"),
        };
        if shell {
            self.inside = Some(target.target);
            self.unset_inside.clear();
        }
    }
}

/// `NAME=value` with a valid shell name.
pub(crate) fn assignment(word: &str) -> Option<(&str, &str)> {
    let (name, value) = word.split_once('=')?;
    let valid = !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    valid.then_some((name, value))
}

fn is_etcdctl(word: &str) -> bool {
    // etcdadm's wrapper `/opt/bin/etcdctl.sh`, and scripts named like it, run etcdctl with
    // their arguments.
    matches!(word.rsplit('/').next(), Some("etcdctl" | "etcdctl.sh"))
}

pub(crate) fn is_shell(word: &str) -> bool {
    matches!(
        word.rsplit('/').next().unwrap_or(word),
        "sh" | "bash" | "ash" | "dash" | "zsh"
    )
}

/// Splits a snippet into logical command lines: without Markdown fences, prompts and comment
/// lines, with `\` continuations joined. A continuation into a blank line ends the command, as
/// in a real shell.
pub fn logical_lines(text: &str) -> Vec<String> {
    lines_with_breaks(text).into_iter().map(|(line, _)| line).collect()
}

/// A line that ends with `\` and a space or tab (its end as written, and the first word of the
/// next line): meant as a continuation, but bash reads an escaped space and ends the command.
type Break = (String, String);

/// [`logical_lines`], each with the places where lines were joined as meant though bash would
/// not join them (a `\` followed by spaces).
fn lines_with_breaks(text: &str) -> Vec<(String, Vec<Break>)> {
    let mut out = Vec::new();
    let mut current: Option<(String, Vec<Break>)> = None;
    // The end of the line just joined, when it had spaces after its `\`.
    let mut pending: Option<String> = None;
    // In a Markdown page with fenced code, the commands are in the fences, in inline code, on
    // indented lines or after a prompt: a paragraph's line that names etcdctl ("etcdctl is also
    // found after…", "judged against etcdctl 3.4's") is prose, not a command.
    let fenced = text.lines().any(|l| {
        let t = l.trim();
        t.starts_with("```") || t.starts_with("~~~")
    });
    let mut in_fence = false;
    for raw in text.lines() {
        let trimmed = raw.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            out.extend(current.take());
            pending = None;
            in_fence = !in_fence;
            continue;
        }
        if let Some((mut acc, mut breaks)) = current.take() {
            if trimmed.is_empty() {
                out.push((acc, breaks));
                pending = None;
                continue;
            }
            if let Some(end) = pending.take() {
                let next = trimmed.split_whitespace().next().unwrap_or("");
                breaks.push((end, next.split('=').next().unwrap_or(next).to_string()));
            }
            // A terminal copy shows the shell's continuation prompt `> `.
            let body = raw.strip_prefix("> ").unwrap_or(raw);
            let (joined, continues) = continuation(body);
            acc.push_str(joined);
            if continues {
                pending = spaced_continuation(body);
                current = Some((acc, breaks));
            } else {
                out.push((acc, breaks));
            }
            continue;
        }
        let code = inline_code(raw);
        if !code.is_empty() {
            out.extend(code.into_iter().map(|c| (c.to_string(), Vec::new())));
            continue;
        }
        let Some(body) = strip_prompt(raw) else {
            continue;
        };
        // "etcdctl 3.4 has no such flag, so …": a sentence that starts with the tool's name.
        if body.trim_start().len() == raw.trim_start().len() && reads_as_sentence(body) {
            continue;
        }
        let prose = fenced
            && !in_fence
            && !raw.starts_with("    ")
            && !raw.starts_with('\t')
            && body.trim_start().len() == raw.trim_start().len();
        if prose {
            continue;
        }
        let (joined, continues) = continuation(body);
        if continues {
            pending = spaced_continuation(body);
            current = Some((joined.to_string(), Vec::new()));
        } else if !joined.trim().is_empty() {
            out.push((joined.to_string(), Vec::new()));
        }
    }
    out.extend(current);
    out
}

/// A line without its trailing `\` and whether it continues.
fn continuation(line: &str) -> (&str, bool) {
    let t = line.trim_end();
    let backslashes = t.len() - t.trim_end_matches('\\').len();
    if backslashes % 2 == 1 {
        (&t[..t.len() - 1], true)
    } else {
        (line, false)
    }
}

/// For a line read as continuing: its end as written (`--cert server.crt \`) when spaces or
/// tabs follow the `\`, which bash reads as an escaped space, not a continuation.
fn spaced_continuation(line: &str) -> Option<String> {
    let t = line.trim_end();
    line[t.len()..].contains([' ', '\t']).then(|| {
        let start = t.char_indices().rev().nth(40).map_or(0, |(i, _)| i);
        let end = &t[start..];
        if start > 0 {
            format!("…{}", end.trim_start())
        } else {
            end.trim_start().to_string()
        }
    })
}

/// Whether a text starts with a command word a pasted etcd command starts with.
fn starts_command(rest: &str) -> bool {
    let first = rest.split_whitespace().next().unwrap_or("");
    is_etcdctl(first)
        || assignment(first).is_some()
        || matches!(
            first,
            "kubectl" | "sudo" | "export" | "docker" | "crictl" | "env" | "oc" | "k" | "unset" | "exit" | "ssh"
        )
}

/// Whether a line that starts with etcdctl is a sentence about it ("etcdctl 3.4 has no such
/// flag, so run …", "etcdctl is the client."): the word after etcdctl is no flag, command,
/// expansion or quoted word, and the line is punctuated as prose.
fn reads_as_sentence(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let (Some(first), Some(next)) = (words.first(), words.get(1)) else {
        return false;
    };
    if !is_etcdctl(first) {
        return false;
    }
    let bare = next.trim_end_matches([',', '.', ':', ';']);
    let known = next.starts_with(['-', '$', '"', '\'', '<', '{', '`'])
        || etcdctl::COMMANDS.iter().any(|c| c.path[0] == bare)
        || v2::is_v2_only_command(bare)
        || ["help", "completion"].contains(&bare);
    let punctuated = text.trim_end().ends_with(['.', ':', '!', '?']) || words.iter().any(|w| w.ends_with(','));
    !known && punctuated && words.len() >= 4
}

/// The commands a line of Markdown prose holds in inline code (`` 3. Defragment etcd: `oc rsh
/// … etcdctl defrag` ``, a whole `` `etcdctl member list` ``): none when the line is shell,
/// where backticks are a command substitution (`` for m in `etcdctl member list`; do ``).
fn inline_code(line: &str) -> Vec<&str> {
    let t = line.trim();
    if t.starts_with("```") || !t.contains('`') {
        return Vec::new();
    }
    let parts: Vec<&str> = t.split('`').collect();
    // An odd number of backticks pairs no span.
    if parts.len() < 3 || parts.len().is_multiple_of(2) {
        return Vec::new();
    }
    let before = parts[0].trim();
    let first = before.split_whitespace().next().unwrap_or("");
    let shell_word = matches!(
        first,
        "for" | "if" | "while" | "until" | "case" | "echo" | "printf" | "eval" | "exec" | "local" | "then" | "do"
    ) || (starts_command(before) && !reads_as_sentence(before));
    let prose = before.is_empty() || !(shell_word || before.contains(['=', '$', '|', ';', '&', '<', '>', '(']));
    if !prose {
        return Vec::new();
    }
    (parts.iter().skip(1).step_by(2))
        .map(|s| s.trim())
        .filter(|s| starts_command(s) && s.split_whitespace().any(is_etcdctl))
        .collect()
}

/// The text inside each `$(…)` of a line (nested ones counted, quotes skipped), for the
/// etcdctl commands a line runs only inside one (`for e in $(docker exec etcd etcdctl member
/// list | cut -d, -f5); do`).
fn substitutions(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("$(") {
        // `$(`, the body, `)`: the shell reader's own measure of the expansion.
        let Some(len) = shell::expansion_len(&rest[at..]) else {
            break;
        };
        out.push(rest[at + 2..at + len - 1].to_string());
        rest = &rest[at + len..];
    }
    out
}

/// The command part of a line with a shell prompt (`$ `, `# `, `user@host:~$ `, `user@host ~ $ `,
/// `[root@h ~]# `, `sh-4.2# `, `controlplane $ `, `/ # `, zsh themes' `➜ `, `❯ `); `None` for a
/// comment line (`# check the health`).
fn strip_prompt(line: &str) -> Option<&str> {
    let t = line.trim_start();
    if let Some(rest) = t.strip_prefix(['➜', '❯']) {
        return strip_prompt(rest);
    }
    // Themed prompts (KodeKloud's `controlplane ~ ➜  `, `… ✖ ` after a failed command;
    // oh-my-zsh's `➜  dir git:(main) ✗ `): a few words, the arrow, then the command.
    if let Some((i, arrow)) = t.char_indices().find(|(_, c)| matches!(c, '➜' | '✖' | '❯'))
        && t[..i].split_whitespace().count() <= 3
        && !t[..i].contains(['|', ';', '&', '"', '\'', '='])
    {
        let rest = t[i + arrow.len_utf8()..].trim_start();
        let rest = rest.strip_prefix("✗ ").unwrap_or(rest).trim_start();
        if starts_command(rest) {
            return Some(rest);
        }
    }
    for prompt in ["$> ", "$ ", "# ", "% "] {
        if let Some(rest) = t.strip_prefix(prompt) {
            if prompt == "# " && !starts_command(rest) {
                return None;
            }
            return Some(rest);
        }
    }
    // zsh's, macOS' and CoreOS' `user@host dir $ cmd` (`core@master03 ~ $ `, `% `, `# `): the
    // user and host, a space, the folder, a space, the prompt's sign.
    for marker in [" $ ", " # ", " % "] {
        if let Some(i) = t.find(marker)
            && let Some((who, dir)) = t[..i].split_once(' ')
            && who.contains('@')
            && who.chars().all(|c| c.is_ascii_alphanumeric() || "@-_.".contains(c))
            && (dir.starts_with(['~', '/']) || dir.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)))
            && !dir.is_empty()
            && !dir.contains([' ', '"', '\'', '=', '$', '`'])
        {
            return Some(&t[i + marker.len()..]);
        }
    }
    // `user@host:~$ cmd`, `[root@host ~]# cmd`, `root@node:/# cmd`.
    for marker in ["$ ", "# "] {
        if let Some(i) = t.find(marker) {
            let prompt = &t[..i];
            // bash in a container without a passwd entry for its user: `I have no name!@pod:/$`.
            let one_word = !prompt.contains(char::is_whitespace)
                || prompt.starts_with('[')
                || prompt.starts_with("I have no name!@");
            let prompt_like =
                prompt.contains('@') || prompt.ends_with(']') || prompt.ends_with(':') || prompt.ends_with('~');
            if one_word && prompt_like {
                return Some(&t[i + marker.len()..]);
            }
            // Any other word when a command follows: `sh-4.2#` (no command is named so), and
            // with a space, `controlplane $` (not `echo $`) and busybox's `/ #` (a folder; after
            // another word, `#` starts a shell comment).
            let rest = &t[i + marker.len()..];
            let word = prompt.trim_end();
            let spaced = word.len() < prompt.len();
            let prompt_word = match marker {
                _ if !spaced => true,
                "$ " => !matches!(word, "echo" | "printf"),
                _ => word.starts_with(['/', '~']),
            };
            if prompt_word && !word.is_empty() && !word.contains(char::is_whitespace) && starts_command(rest) {
                return Some(rest);
            }
        }
    }
    // A REPL-style prompt of one word (`127.0.0.1:2379> `, `etcd-0> `) before a command.
    if let Some((word, rest)) = t.split_once("> ")
        && !word.is_empty()
        && !word.contains(char::is_whitespace)
        && starts_command(rest)
    {
        return Some(rest);
    }
    if t.starts_with('#') {
        return None;
    }
    Some(line)
}

/// A pod or container etcdctl runs in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    /// kubectl exec, crictl exec or docker exec.
    pub runs_in: RunsIn,
    /// The pod or container as written.
    pub name: String,
    /// The name with the snippet's variables filled in (`$CONTAINER`, set from
    /// `kubectl get pods | grep etcd-manager-main`), to tell whose pod it is.
    pub resolved: String,
    /// The namespace, when given.
    pub namespace: Option<String>,
    /// How the command gets in, for messages: `kubectl exec`, `oc exec`, `oc rsh`, `docker run`.
    pub via: String,
    /// A new container (`docker run IMAGE …`, not `exec` into one) without the node's network
    /// (`--network host`): 127.0.0.1 there is the container itself.
    pub own_network: bool,
    /// For a new container (`docker run`): the folders mounted into it (`-v SRC:DST`,
    /// `--mount …,target=DST`), as the container sees them. It holds none of the host's files
    /// but these. `None` for anything that is not a new container.
    pub mounts: Option<Vec<String>>,
    /// The container whose network a new container shares (`--net=container:rancher`).
    pub network_of: Option<String>,
    /// The image of a container the snippet itself started (`docker run --name etcd
    /// quay.io/coreos/etcd …`, then `docker exec etcd …`): that container, not a distribution's
    /// of the same name.
    pub started_here: Option<String>,
}

/// Whose pod `kubectl exec` (`oc rsh`) reaches, as far as its name and namespace tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PodKind {
    /// A static etcd pod, `etcd-<node>` in kube-system (kubeadm's, minikube's, RKE2's;
    /// OpenShift's in openshift-etcd), or a name not known here (`$POD`) in kube-system.
    StaticEtcd,
    /// kops' etcd-manager (`etcd-manager-main-<node>`, `etcd-manager-events-<node>`): it runs
    /// etcd itself, sees the node's root at /rootfs, and its etcd serves clients on 4001 (main)
    /// and 4002 (events).
    KopsEtcdManager,
    /// An OpenShift hosted control plane's etcd (HyperShift's `etcd-0` in the hosted
    /// cluster's namespace), its files under /etc/etcd/tls.
    HostedControlPlane,
    /// Any other pod (`kubectl run` of an etcd image, an application's etcd in its own
    /// namespace): its files, variables and etcd are not known here.
    Other,
}

impl Target {
    /// Whose pod it is; `None` for a container or another host.
    pub fn pod_kind(&self) -> Option<PodKind> {
        if self.runs_in != RunsIn::Pod {
            return None;
        }
        // `kubectl run` starts a new pod: not etcd's, whatever its name.
        if self.is_new_pod() {
            return Some(PodKind::Other);
        }
        let name = self.resolved.trim_start_matches("pod/");
        if name.contains("etcd-manager") {
            return Some(PodKind::KopsEtcdManager);
        }
        let unknown = name.contains(['$', '<', '`']);
        let etcd_named = unknown || name.starts_with("etcd");
        // `etcd-0`: a StatefulSet's pod (the Kubernetes docs' example, Bitnami's chart), named
        // by its ordinal, not a static pod named after its node.
        let ordinal = name
            .strip_prefix("etcd-")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        // `xargs -I{} kubectl exec etcd-{}`: xargs fills the name in from its input, which in
        // the current namespace is a StatefulSet's ordinals as often as nodes (`echo {0..5} |
        // … | xargs -I{} kubectl exec etcd-{} -- …`, jspenger/mscthesis health_check.sh).
        let from_xargs = name.contains("{}");
        Some(match self.namespace.as_deref() {
            // A pod named by a variable alone, in the current namespace (`kubectl exec
            // ${ETCD_POD}`), is some application's etcd as often as the cluster's.
            None if name.starts_with("etcd") && !ordinal && !from_xargs => PodKind::StaticEtcd,
            Some("kube-system" | "openshift-etcd") if etcd_named && !ordinal => PodKind::StaticEtcd,
            Some(_) if etcd_named && self.via.starts_with("oc ") => PodKind::HostedControlPlane,
            _ => PodKind::Other,
        })
    }

    /// A pod that the command starts (`kubectl run NAME --image=… -- etcdctl …`): the image's
    /// files, a network of its own, no hostPath volume (unless `--overrides` adds them).
    pub fn is_new_pod(&self) -> bool {
        self.runs_in == RunsIn::Pod && self.via.ends_with(" run")
    }

    /// The etcd pod of a distribution that sets etcdctl's variables in the pod itself.
    pub fn etcd_pod(&self) -> Option<&'static paths::EtcdPod> {
        match self.runs_in {
            RunsIn::Pod if self.is_new_pod() => None,
            RunsIn::Pod => paths::etcd_pod(self.namespace.as_deref()),
            // RKE runs etcd as a Docker container named `etcd`, with etcdctl's variables set.
            RunsIn::Container if self.name == "etcd" && self.via == "docker exec" && self.started_here.is_none() => {
                Some(&paths::RKE_CONTAINER)
            }
            _ => None,
        }
    }

    /// The `ETCDCTL_*` variables that pod sets, with this pod's node (`etcd-<node>`) filled in.
    pub fn pod_variables(&self) -> Vec<(&'static str, String)> {
        let node = self.name.trim_start_matches("pod/").trim_start_matches("etcd-");
        (self.etcd_pod().map(|p| p.variables).unwrap_or_default().iter())
            .map(|(name, value)| (*name, value.replace("{node}", node)))
            .collect()
    }
}

/// Where the command after `kubectl exec … --` (or `crictl exec ID`) starts.
#[derive(Debug, Clone)]
pub(crate) struct ExecTarget {
    pub target: Target,
    /// Index of the word holding the pod or container.
    pub target_word: usize,
    /// Index of the first word of the command run inside.
    pub command_start: usize,
    /// Index of `kubectl` (or crictl/docker).
    pub program_word: usize,
    /// Index of the verb (`exec`, `rsh`, `run`).
    pub verb_word: usize,
    /// `kubectl exec POD cmd…` without `--`, which kubectl no longer accepts.
    pub without_dashes: bool,
}

/// Reads `kubectl [-n ns] exec [-it] [-n ns] [-c c] POD -- cmd…`, `oc rsh [-n ns] POD [cmd…]`,
/// `crictl exec [-it] ID cmd…`, `docker exec [-it] NAME cmd…` (podman's and nerdctl's alike),
/// `docker run [options] IMAGE cmd…` and `ssh [options] HOST cmd…`.
pub(crate) fn exec_target(words: &[&str]) -> Option<ExecTarget> {
    // `$KUBECTL exec`, `"$CRICTL" exec` (a script's variable for the binary) is kubectl, crictl.
    fn name_of(w: &str) -> &str {
        let bare = w.trim_start_matches('$').trim_start_matches('{').trim_end_matches('}');
        match bare {
            "KUBECTL" | "kubectl" => "kubectl",
            "OC" => "oc",
            "CRICTL" => "crictl",
            "DOCKER" => "docker",
            "PODMAN" => "podman",
            "NERDCTL" => "nerdctl",
            _ => w.rsplit('/').next().unwrap_or(w),
        }
    }
    let program_word = words.iter().position(|w| {
        matches!(
            name_of(w),
            "kubectl"
                | "oc"
                | "k"
                | "crictl"
                | "docker"
                | "podman"
                | "nerdctl"
                | "docker-compose"
                | "podman-compose"
                | "ssh"
                | "ctr"
                | "lxc"
                | "incus"
                | "multipass"
                | "ansible"
        ) || (name_of(w) == "minikube"
            && (words.iter().skip_while(|x| x != &w).skip(1))
                .take_while(|x| **x != "--")
                .any(|x| *x == "ssh"))
            // `vagrant ssh [MACHINE] -c "…"`: the command runs on a Vagrant machine, over ssh.
            || (name_of(w) == "vagrant" && (words.iter().skip_while(|x| x != &w).nth(1)) == Some(&"ssh"))
    })?;
    let program = name_of(words[program_word]);
    if program == "vagrant" {
        // `vagrant ssh [name|id] -c COMMAND` (`--command`), the command one string the
        // machine's shell reads; `-- ARGS` are ssh's own.
        let mut i = program_word + 2;
        let mut name: Option<(String, usize)> = None;
        while let Some(w) = words.get(i) {
            match *w {
                "-c" | "--command" => {
                    i += 1;
                    break;
                }
                w if w.starts_with("--command=") => break,
                w if w.starts_with('-') => {}
                w => {
                    name.get_or_insert((w.to_string(), i));
                }
            }
            i += 1;
        }
        words.get(i)?;
        let (name, target_word) = name.unwrap_or_else(|| ("the default Vagrant machine".to_string(), program_word + 1));
        return Some(ExecTarget {
            target: Target {
                runs_in: RunsIn::Remote,
                name: name.clone(),
                resolved: name,
                namespace: None,
                via: "vagrant ssh".into(),
                own_network: false,
                mounts: None,
                network_of: None,
                started_here: None,
            },
            target_word,
            command_start: i,
            program_word,
            verb_word: program_word + 1,
            without_dashes: false,
        });
    }
    // `ansible PATTERN [-m shell] -a "etcdctl …"`: the command line runs on each host the
    // pattern names, over ssh, as one string (`-a` comes before or after the pattern).
    if program == "ansible" {
        let valued: &[&str] = &[
            "-i",
            "--inventory",
            "-u",
            "--user",
            "-m",
            "--module-name",
            "-e",
            "--extra-vars",
            "-f",
            "--forks",
            "-l",
            "--limit",
            "-M",
            "--module-path",
            "-t",
            "--tree",
            "-T",
            "--timeout",
            "-c",
            "--connection",
            "-P",
            "--poll",
            "-B",
            "--background",
            "--become-user",
            "--become-method",
            "--private-key",
            "--key-file",
            "--vault-password-file",
            "--vault-id",
        ];
        let mut i = program_word + 1;
        let (mut pattern, mut args) = (None, None);
        while let Some(w) = words.get(i) {
            if matches!(*w, "-a" | "--args") {
                args = Some(i + 1);
                i += 2;
                continue;
            }
            if w.starts_with('-') {
                i += if valued.contains(w) { 2 } else { 1 };
                continue;
            }
            pattern.get_or_insert(i);
            i += 1;
        }
        let (target_word, command_start) = (pattern?, args?);
        words.get(command_start)?;
        // The default module, command, runs the program without a shell; `-m shell` with one.
        let module = (words.iter().enumerate().skip(program_word + 1))
            .find(|(_, w)| matches!(**w, "-m" | "--module-name"))
            .and_then(|(m, _)| words.get(m + 1))
            .map(|m| m.rsplit('.').next().unwrap_or(m));
        let via = match module {
            Some(m) if m != "command" => format!("ansible -m {m}"),
            _ => "ansible".to_string(),
        };
        let name = words[target_word].to_string();
        return Some(ExecTarget {
            target: Target {
                runs_in: RunsIn::Remote,
                name: name.clone(),
                resolved: name,
                namespace: None,
                via,
                own_network: false,
                mounts: None,
                network_of: None,
                started_here: None,
            },
            target_word,
            command_start,
            program_word,
            verb_word: program_word,
            without_dashes: false,
        });
    }
    // `lxc exec NAME [--] cmd…` (incus' alike) runs the command in an LXD system container on
    // this machine, without a shell and with none of this shell's variables; `multipass exec
    // NAME [--] cmd…` on a Multipass VM, over ssh, which its login shell reads.
    if matches!(program, "lxc" | "incus" | "multipass") {
        if words.get(program_word + 1) != Some(&"exec") {
            return None;
        }
        let valued: &[&str] = &[
            "--env",
            "--user",
            "--group",
            "--cwd",
            "--mode",
            "--project",
            "-d",
            "--working-directory",
        ];
        let mut i = program_word + 2;
        while let Some(w) = words.get(i).filter(|w| w.starts_with('-') && **w != "--") {
            i += if valued.contains(w) { 2 } else { 1 };
        }
        let target_word = i;
        let name = words.get(target_word)?.to_string();
        i += 1;
        if words.get(i) == Some(&"--") {
            i += 1;
        }
        let vm = program == "multipass";
        return Some(ExecTarget {
            target: Target {
                runs_in: if vm { RunsIn::Remote } else { RunsIn::Container },
                name: name.clone(),
                resolved: name,
                namespace: None,
                via: format!("{program} exec"),
                own_network: false,
                mounts: None,
                network_of: None,
                started_here: None,
            },
            target_word,
            command_start: i,
            program_word,
            verb_word: program_word + 1,
            without_dashes: false,
        });
    }
    if program == "ssh" || program == "minikube" {
        // ssh's options that take a value (`-i key`, `-p 22`, `-o Name=value`); the first other
        // word is the host, and the rest the command its shell runs, after a `--` if one is
        // there. `minikube ssh [-p profile] [-n node] -- cmd`: the command runs on minikube's
        // node, reached over ssh.
        let minikube = program == "minikube";
        let mut i = program_word + 1;
        let mut host = if minikube { Some("minikube".to_string()) } else { None };
        while let Some(w) = words
            .get(i)
            .filter(|w| (w.starts_with('-') && **w != "--") || (minikube && **w == "ssh"))
        {
            let valued = if minikube {
                matches!(*w, "-p" | "--profile" | "-n" | "--node")
            } else {
                w.len() == 2 && "BbcDEeFIiJLlmOoPpQRSWw".contains(&w[1..])
            };
            if minikube && matches!(*w, "-p" | "--profile") {
                host = words.get(i + 1).map(|p| p.to_string());
            }
            i += if valued { 2 } else { 1 };
        }
        let (name, target_word) = match host {
            Some(name) => (name, program_word + 1),
            None => (words.get(i)?.to_string(), i),
        };
        if !minikube {
            i += 1;
        }
        if words.get(i) == Some(&"--") {
            i += 1;
        }
        return Some(ExecTarget {
            target: Target {
                runs_in: RunsIn::Remote,
                name: name.clone(),
                resolved: name,
                namespace: None,
                via: if minikube { "minikube ssh" } else { "ssh" }.into(),
                own_network: false,
                mounts: None,
                network_of: None,
                started_here: None,
            },
            target_word,
            command_start: i,
            program_word,
            verb_word: program_word,
            without_dashes: false,
        });
    }
    // `docker compose exec SERVICE cmd` (`docker-compose exec`): a container of a compose
    // file's service, which is no etcd known here.
    let compose = program.ends_with("-compose") || words.get(program_word + 1) == Some(&"compose");
    let program = match program {
        "docker-compose" if compose => "docker compose",
        "podman-compose" => "podman compose",
        "docker" | "podman" if compose => {
            if program == "docker" {
                "docker compose"
            } else {
                "podman compose"
            }
        }
        _ => program,
    };
    let program_word = if compose && !name_of(words[program_word]).ends_with("-compose") {
        program_word + 1
    } else {
        program_word
    };
    let kube = matches!(program, "kubectl" | "oc" | "k");
    let valued: &[&str] = if kube {
        &[
            "-n",
            "--namespace",
            "-c",
            "--container",
            "--context",
            "--kubeconfig",
            "--cluster",
            "--user",
            "-s",
            "--server",
            "--token",
            "--as",
            "--request-timeout",
            "-f",
            "--filename",
            "--pod-running-timeout",
            "-v",
            "--shell",
            "--timeout",
            // `kubectl run`'s options with values.
            "--image",
            "--env",
            "--overrides",
            "--restart",
            "--image-pull-policy",
            "--labels",
            "--port",
            "--serviceaccount",
            "--annotations",
            // `kubectl debug`'s.
            "--target",
            "--profile",
            "--copy-to",
            "--custom",
        ]
    } else {
        &[
            "-e",
            "--env",
            "-u",
            "--user",
            "-w",
            "--workdir",
            "--timeout",
            "--env-file",
            // nerdctl's namespace (`nerdctl -n k8s.io exec`), and `run`'s options with values.
            "-n",
            "--namespace",
            "-v",
            "--volume",
            "--mount",
            "--network",
            "--net",
            "--name",
            "--entrypoint",
            "-p",
            "--publish",
            "-h",
            "--hostname",
            "--platform",
            "--pull",
            "--add-host",
            "-l",
            "--label",
            "--security-opt",
            "--cap-add",
            "--pid",
            "--ipc",
            "--user",
            "--tmpfs",
            "--device",
            // `docker compose exec --index 2 SERVICE`.
            "--index",
            // containerd's `ctr [-n ns] task exec --exec-id ID CONTAINER cmd…`.
            "--exec-id",
            "--cwd",
            "--fifo-dir",
            "-a",
            "--address",
        ]
    };
    let mut verb: Option<(usize, &str)> = None;
    let mut seen = ExecOptions::default();
    let mut i = program_word + 1;
    let mut target: Option<usize> = None;
    let found = |target_word: usize, command_start: usize, (verb_word, verb): (usize, &str), seen: ExecOptions| {
        let ExecOptions {
            namespace,
            host_network,
            mounts,
            network_of,
            overrides,
        } = seen;
        // kubectl run's pod spec of its own: `"hostNetwork": true` gives it the node's
        // network; its volumes are not read, so its files are not judged.
        let host_network = host_network
            || overrides.as_deref().is_some_and(|o| {
                o.split_whitespace()
                    .collect::<String>()
                    .contains("\"hostNetwork\":true")
            });
        Some(ExecTarget {
            target: Target {
                runs_in: if kube { RunsIn::Pod } else { RunsIn::Container },
                name: words[target_word].to_string(),
                resolved: words[target_word].to_string(),
                namespace: namespace.filter(|_| kube),
                via: if program == "ctr" {
                    format!("ctr task {verb}")
                } else {
                    format!("{program} {verb}")
                },
                // `docker compose run SERVICE`: a new container of the service, on its networks
                // and with its volumes, which the compose file says, not the command.
                own_network: verb == "run" && !host_network && !compose,
                mounts: (verb == "run" && overrides.is_none() && !compose).then_some(mounts),
                network_of: network_of.filter(|_| verb == "run"),
                started_here: None,
            },
            target_word,
            command_start,
            program_word,
            verb_word,
            without_dashes: false,
        })
    };
    while i < words.len() {
        let w = words[i];
        if w == "--" {
            return found(target?, i + 1, verb?, seen);
        }
        if let Some((flag, value)) = w.split_once('=').filter(|(f, _)| f.starts_with('-')) {
            if matches!(flag, "-n" | "--namespace") && kube {
                seen.namespace = Some(value.to_string());
            }
            if flag == "--overrides" && kube {
                seen.overrides = Some(value.to_string());
            }
            // `--net=container:etcd` shares that container's network (RKE's etcd: the host's).
            seen.host_network |=
                matches!(flag, "--network" | "--net") && (value == "host" || value.starts_with("container:"));
            if matches!(flag, "--network" | "--net") {
                seen.network_of = value.strip_prefix("container:").map(str::to_string);
            }
            if !kube {
                seen.mounts.extend(mount_target(flag, value));
            }
        } else if valued.contains(&w) {
            if !kube && let Some(value) = words.get(i + 1) {
                seen.mounts.extend(mount_target(w, value));
            }
            if kube && matches!(w, "-n" | "--namespace") {
                seen.namespace = words.get(i + 1).map(|s| s.to_string());
            }
            if kube && w == "--overrides" {
                seen.overrides = words.get(i + 1).map(|s| s.to_string());
            }
            seen.host_network |= matches!(w, "--network" | "--net")
                && words
                    .get(i + 1)
                    .is_some_and(|v| *v == "host" || v.starts_with("container:"));
            if matches!(w, "--network" | "--net") {
                seen.network_of = words
                    .get(i + 1)
                    .and_then(|v| v.strip_prefix("container:"))
                    .map(str::to_string);
            }
            i += 1;
        } else if kube && w.starts_with("-n") && w.len() > 2 && !w.starts_with("--") {
            seen.namespace = Some(w[2..].to_string());
        } else if w.starts_with('-') {
        } else if verb.is_none()
            && ((program == "ctr" && matches!(w, "task" | "tasks" | "t"))
                || (matches!(program, "docker" | "podman" | "nerdctl") && w == "container"))
        {
            // `ctr task exec`, `docker container exec`: the verb's group.
        } else if verb.is_none() && w.starts_with('$') {
            // `kubectl ${KUBECTL_ARGS} exec`: options in a variable.
        } else if verb.is_none() {
            // oc's `rsh` opens a shell in the pod, or runs the command after the pod's name;
            // docker's (podman's, nerdctl's) `run` starts a new container of an image.
            // kubectl's (oc's) `run` starts a new pod of an image, the command after `--`.
            // kubectl's `debug` adds a container of --image to the pod.
            let known = w == "exec"
                || (w == "debug" && kube)
                || (w == "rsh" && program == "oc")
                || (w == "run" && !matches!(program, "crictl" | "ctr"));
            if !known {
                return None;
            }
            verb = Some((i, w));
        } else if target.is_none() {
            target = Some(i);
            if !kube || verb.is_some_and(|(_, v)| v == "rsh") {
                // crictl, docker and oc rsh: the command follows the container directly.
                let start = if words.get(i + 1) == Some(&"--") { i + 2 } else { i + 1 };
                return found(i, start, verb?, seen);
            }
        } else {
            // `kubectl exec POD cmd` without `--`: deprecated for years, now refused.
            return found(target?, i, verb?, seen).map(|e| ExecTarget {
                without_dashes: e.target.via.ends_with(" exec"),
                ..e
            });
        }
        i += 1;
    }
    found(target?, words.len(), verb?, seen)
}

/// What the options of `kubectl exec|run`, `docker exec|run` (crictl's, podman's, nerdctl's)
/// say before the command.
#[derive(Default)]
struct ExecOptions {
    /// `-n`, `--namespace` (kubectl and oc).
    namespace: Option<String>,
    /// `--network host`, `--net=container:…` (docker run).
    host_network: bool,
    /// The folders `-v`/`--mount` put in a new container, as it sees them.
    mounts: Vec<String>,
    /// The container whose network a new container shares.
    network_of: Option<String>,
    /// `kubectl run --overrides='{…}'`: a pod spec of its own.
    overrides: Option<String>,
}

/// The folder a container sees mounted by docker's `-v SRC:DST[:OPTS]` (`--volume`) or
/// `--mount type=bind,source=SRC,target=DST` (`dst=`, `destination=`).
fn mount_target(flag: &str, value: &str) -> Option<String> {
    match flag {
        "-v" | "--volume" => {
            let mut parts = value.split(':');
            let first = parts.next()?;
            // `-v /data` alone is an anonymous volume at /data.
            Some(parts.next().unwrap_or(first).to_string())
        }
        "--mount" => value.split(',').find_map(|kv| {
            let (k, v) = kv.split_once('=')?;
            matches!(k, "target" | "dst" | "destination").then(|| v.to_string())
        }),
        _ => None,
    }
}

/// An etcdctl invocation and everything around it that decides how it runs.
#[derive(Debug, Clone)]
pub(crate) struct Site {
    /// The command as written.
    pub text: String,
    /// The segment's words (the outer command).
    pub outer: Vec<Word>,
    /// When etcdctl is inside `sh -c "…"`: the index of the string in `outer`, the string,
    /// and the segment inside it that holds etcdctl.
    pub shell: Option<(usize, String, Segment)>,
    /// The words of the segment holding etcdctl (`outer`, or the inner segment's).
    pub words: Vec<Word>,
    /// Index of `etcdctl` in `words`.
    pub call: usize,
    /// The pod or container, with where kubectl's words are in `outer`.
    pub exec: Option<ExecTarget>,
    /// Typed inside a pod entered with `kubectl exec -it … -- sh` earlier.
    pub inside: Option<Target>,
    /// Index of `sudo` in `outer`, when the command runs through sudo.
    pub sudo: Option<usize>,
    /// Whether sudo keeps the environment (`-E`, `--preserve-env`).
    pub sudo_keeps_env: bool,
}

impl Site {
    pub fn runs_in(&self) -> RunsIn {
        self.exec
            .as_ref()
            .map(|e| e.target.runs_in)
            .or(self.inside.as_ref().map(|t| t.runs_in))
            .unwrap_or(RunsIn::Host)
    }

    pub fn target(&self) -> Option<&Target> {
        self.exec.as_ref().map(|e| &e.target).or(self.inside.as_ref())
    }

    /// The value of `docker exec|run -e NAME=VALUE` (`--env NAME=VALUE`, `--env=NAME=VALUE`)
    /// at word `i` of `outer`: a variable set in the container, where etcdctl runs. With the
    /// index of the option's first word (`-e`, or `i` itself for `--env=`).
    pub fn container_env(&self, i: usize) -> Option<(usize, &str)> {
        let e = (self.exec.as_ref()).filter(|e| e.target.runs_in == RunsIn::Container || e.target.is_new_pod())?;
        if i <= e.program_word || i >= e.command_start.min(self.outer.len()) {
            return None;
        }
        let value = self.outer[i].value.as_str();
        match value.strip_prefix("--env=") {
            Some(text) => Some((i, text)),
            None => matches!(self.outer[i - 1].value.as_str(), "-e" | "--env").then_some((i - 1, value)),
        }
    }

    /// Whether the command after `kubectl exec … --` (crictl's, docker's) starts without a
    /// shell to read `VAR=value` words (ssh's remote shell reads them).
    pub fn exec_without_shell(&self) -> bool {
        self.shell.is_none() && self.exec.as_ref().is_some_and(|e| e.target.runs_in != RunsIn::Remote)
    }

    /// Whether the command is the string of `ansible PATTERN -a "…"` under Ansible's command
    /// module (its default; not `-m shell`): split into words and run without a shell, so no
    /// `VAR=value` word before the program is read as an assignment.
    pub fn ansible_command(&self) -> bool {
        self.exec.as_ref().is_some_and(|e| {
            e.target.via == "ansible" && self.shell.as_ref().is_some_and(|(at, _, _)| *at == e.command_start)
        })
    }
}

/// Finds etcdctl in a segment: directly, after `sudo`/`env`/assignments, after `kubectl exec
/// … --`, or inside `sh -c "…"`.
fn locate(line: &str, segment: &Segment, env: &Environment) -> Option<Site> {
    let values: Vec<&str> = segment.words.iter().map(|w| w.value.as_str()).collect();
    let mut exec = exec_target(&values);
    if let Some(e) = &mut exec {
        e.target.resolved = env.expand(&e.target.name);
        if e.target.runs_in == RunsIn::Container && e.target.via.ends_with(" exec") {
            e.target.started_here = (env.started.iter())
                .find(|(n, _)| *n == e.target.resolved)
                .map(|(_, image)| image.clone());
        }
    }
    let search_from = exec.as_ref().map(|e| e.command_start).unwrap_or(0);
    let mut sudo = None;
    let mut sudo_keeps_env = false;
    for (i, w) in values.iter().enumerate().take(search_from) {
        if *w == "sudo" {
            sudo = Some(i);
        }
        if sudo.is_some() && (*w == "-E" || w.starts_with("--preserve-env")) {
            sudo_keeps_env = true;
        }
    }
    let mut i = search_from;
    while i < values.len() {
        let w = values[i];
        if is_etcdctl(w) {
            return Some(Site {
                text: segment.text(line).to_string(),
                outer: segment.words.clone(),
                shell: None,
                words: segment.words.clone(),
                call: i,
                exec,
                inside: env.inside.clone(),
                sudo,
                sudo_keeps_env,
            });
        }
        if w == "sudo" && exec.is_none() {
            sudo = Some(i);
        }
        if sudo.is_some() && (w == "-E" || w.starts_with("--preserve-env")) {
            sudo_keeps_env = true;
        }
        // `sh -c "…"`, and ssh's remote command as one string, which the remote shell reads.
        let remote_string =
            i == search_from && w.contains(' ') && exec.as_ref().is_some_and(|e| e.target.runs_in == RunsIn::Remote);
        if remote_string || is_shell(w) && values.get(i + 1) == Some(&"-c") {
            let at = if remote_string { i } else { i + 2 };
            let script = segment.words.get(at)?.value.clone();
            let inner = shell::segments(&script)
                .into_iter()
                .find(|s| s.words.iter().any(|x| is_etcdctl(&x.value)))?;
            let call = inner.words.iter().position(|x| is_etcdctl(&x.value))?;
            return Some(Site {
                text: segment.text(line).to_string(),
                outer: segment.words.clone(),
                words: inner.words.clone(),
                shell: Some((at, script, inner)),
                call,
                exec,
                inside: env.inside.clone(),
                sudo,
                sudo_keeps_env,
            });
        }
        // Words that run the command after them: the shell's own (`for …; do etcdctl …`,
        // `if …; then`, `! etcdctl …`, `{ etcdctl …; }`) and runners (`timeout 10 etcdctl`,
        // `watch -n 5 etcdctl`, `nohup`).
        let before = i.checked_sub(1).map(|j| values[j]);
        // A number of seconds (`10`, `0.5`), read without float parsing (its tables would
        // weigh on the web page).
        let number = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == '.');
        let xargs = values[..i].contains(&"xargs");
        let runner_argument = match before {
            Some("timeout") => number(w.trim_end_matches(['s', 'm', 'h', 'd'])),
            Some("-n" | "--interval") if values[..i].contains(&"watch") => number(w),
            // `xargs -I {} -n 1 -P 4 etcdctl …`: xargs' options with a value apart.
            Some("-I" | "-n" | "-P" | "-L" | "-d" | "-a" | "-s" | "-E" | "--max-procs" | "--max-args") => xargs,
            _ => false,
        };
        // Programs that run the command after their own options in another setting:
        // `nsenter -t PID -m [--] etcdctl` (etcd's namespaces, this shell's variables),
        // `chroot /host etcdctl` (OpenShift's `oc debug node/…`: the node's root),
        // `systemd-run [--wait -t …] etcdctl` (a transient unit).
        if let Some(next) = runner_command_start(&values, i) {
            i = next;
            continue;
        }
        let passes = matches!(
            w,
            "sudo"
                | "env"
                | "time"
                | "command"
                | "exec"
                | "do"
                | "then"
                | "else"
                | "!"
                | "{"
                | "nohup"
                | "timeout"
                | "watch"
                | "xargs"
        ) || runner_argument
            || (w.starts_with('-') && xargs)
            // `sudo bash /opt/bin/etcdctl.sh …`: a shell running etcdadm's (or another)
            // etcdctl wrapper script, which is read as the wrapper.
            || (is_shell(w) && values.get(i + 1).is_some_and(|n| n.rsplit('/').next() == Some("etcdctl.sh")))
            || assignment(w).is_some()
            // `$ETCDCTL_API=3 etcdctl` (a `$` too many): said by the review.
            || w.strip_prefix('$').and_then(assignment).is_some()
            || (w.starts_with('-') && matches!(before, Some("sudo" | "env" | "-u")))
            || (w.starts_with('-') && values[..i].iter().any(|v| matches!(*v, "watch" | "timeout")))
            || (i > 0 && values[i - 1] == "-u" && sudo.is_some());
        if !passes {
            return None;
        }
        i += 1;
    }
    None
}

/// Where the command starts after a runner at word `i` (`nsenter`, `chroot`, `systemd-run`)
/// and its options; `None` when word `i` is no such runner.
fn runner_command_start(values: &[&str], i: usize) -> Option<usize> {
    let runner = values[i].rsplit('/').next().unwrap_or(values[i]);
    // The options that take a value as the next word (util-linux nsenter, coreutils chroot,
    // systemd-run).
    let valued: &[&str] = match runner {
        "nsenter" => &["-t", "--target", "-S", "--setuid", "-G", "--setgid"],
        "chroot" => &[],
        "systemd-run" => &[
            "-p",
            "--property",
            "-E",
            "--setenv",
            "-u",
            "--unit",
            "--uid",
            "--gid",
            "--nice",
            "--working-directory",
            "-M",
            "--machine",
            "-H",
            "--host",
            "--slice",
            "--description",
            "--service-type",
        ],
        _ => return None,
    };
    let mut j = i + 1;
    while let Some(w) = values.get(j) {
        if *w == "--" {
            return Some(j + 1);
        }
        if !w.starts_with('-') {
            break;
        }
        j += if valued.contains(w) { 2 } else { 1 };
    }
    // chroot's first operand is the new root.
    if runner == "chroot" {
        j += 1;
    }
    (j < values.len()).then_some(j)
}

#[cfg(test)]
mod tests;
