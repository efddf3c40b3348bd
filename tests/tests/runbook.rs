//! Command lines copied from real runbooks, documentation, blog posts and answers, run through
//! `bash -c` as written, once with the real etcdctl 3.4 as `etcdctl` on PATH and once with
//! etcdtls there, against the same real etcd (a one-member lab, a three-member lab for the
//! `--cluster` and member cases, and a one-member plaintext lab for etcd's own guides). Standard output must be the same once what the server makes
//! per run is normalised (IDs, revisions, durations, the per-tool scratch folder); the exit
//! code must be the same; standard error must say something when etcdctl's does (and nothing
//! when etcdctl says nothing, its gRPC JSON log lines aside), and etcdctl's `Error:` line must
//! be etcdtls's first line unless the line is on README's list of differences (a failed
//! connection explained, an unknown command naming etcdtls).
//!
//! Each line keeps its source's shape: flags before or after the command, `=` or a space,
//! `-w`, `ETCDCTL_API=3` in front, `ETCDCTL_*` variables, pipes. Only the certificate paths
//! (`{pki}` is the lab's `/etc/kubernetes/pki`), the endpoints (`{ep}` the first member's
//! client URL, `{eps}` all of them, `{hostport}`/`{hostports}` the same without the scheme,
//! `{port}` the first member's port), scratch files (`{tmp}`, a folder per tool) and key names
//! become the lab's. A mutating line works on names of its own per tool: `ccc` in the line
//! becomes `ttt` for etcdtls, and etcdtls's output reads `ttt` as `ccc` again (also in hex and
//! base64). Some lines change more (a member's peer URL) with `swap`. A line may have a setup
//! and a cleanup, run by the same tool and not compared (adding the member a `member remove`
//! line removes; `{added}` is its ID, `{rev}` the revision the setup wrote at). Lines run in
//! order, etcdctl first, in one process with three labs; every member a line adds is removed
//! again. Refusals (offline commands) must exit 128 and name the etcdctl command to use.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Read as _;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use etcdtls::lab::{ClientSecurity, Lab};
use etcdtls_e2e::{etcdtls_bin, lab};
use serde_json::Value;

/// Which lab a line runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cluster {
    /// One member.
    One,
    /// Three members.
    Three,
    /// One member serving plaintext, as etcd's own guides assume (`--endpoints=:2379`).
    Plain,
}

/// What may differ, beyond what the server makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Nothing else.
    Same,
    /// etcdtls deliberately explains a failed connection or names itself: standard error's
    /// wording may differ (both must still say something there, with the same exit code).
    Explained,
    /// etcdtls refuses with exit 128 and names the etcdctl command to use (offline commands).
    Refused(&'static str),
    /// etcdctl waits forever (`snapshot save` without `--command-timeout` to an endpoint it
    /// cannot dial) and is stopped after the line's deadline; etcdtls must end on its own with
    /// etcdctl's exit code for a failed save (5) and say why on standard error.
    EtcdctlHangs,
}

/// How much of standard output the server makes differently per run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Norm {
    /// Byte for byte (after the per-tool names and folder).
    Exact,
    /// IDs, revisions, raft indexes and terms, sizes and durations.
    Server,
    /// Every number (tables whose widths follow them).
    Numbers,
}

/// Where a line's connection settings come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Env {
    /// Only what the line says.
    Line,
    /// `ETCDCTL_ENDPOINTS`, `ETCDCTL_CACERT`, `ETCDCTL_CERT` and `ETCDCTL_KEY` are exported, as
    /// in OpenShift's etcdctl container, RKE's etcd container or after a runbook's `export`s.
    Exported,
    /// Only the files are exported: the line names its endpoints itself.
    Files,
}

/// One command line and where it comes from.
#[derive(Debug, Clone)]
struct Line {
    source: &'static str,
    cmd: &'static str,
    cluster: Cluster,
    env: Env,
    norm: Norm,
    expect: Expect,
    /// Run by the same tool before the line, not compared (`{added}` is the member it adds).
    setup: &'static str,
    /// Run by the same tool after the line, not compared.
    cleanup: &'static str,
    /// More names that differ per tool, besides `ccc`/`ttt`.
    swap: &'static [(&'static str, &'static str)],
    /// Lines in any order (etcdctl prints `endpoint health` results as they arrive).
    any_order: bool,
    /// How long the line may run before its process group is killed.
    deadline: Duration,
}

fn line(source: &'static str, cmd: &'static str) -> Line {
    Line {
        source,
        cmd,
        cluster: Cluster::One,
        env: Env::Line,
        norm: Norm::Exact,
        expect: Expect::Same,
        setup: "",
        cleanup: "",
        swap: &[],
        any_order: false,
        deadline: Duration::from_secs(120),
    }
}

impl Line {
    fn plain(mut self) -> Line {
        self.cluster = Cluster::Plain;
        self
    }
    fn three(mut self) -> Line {
        self.cluster = Cluster::Three;
        self
    }
    fn exported(mut self) -> Line {
        self.env = Env::Exported;
        self
    }
    fn files(mut self) -> Line {
        self.env = Env::Files;
        self
    }
    fn server(mut self) -> Line {
        self.norm = Norm::Server;
        self
    }
    fn numbers(mut self) -> Line {
        self.norm = Norm::Numbers;
        self
    }
    fn expect(mut self, e: Expect) -> Line {
        self.expect = e;
        self
    }
    fn setup(mut self, s: &'static str) -> Line {
        self.setup = s;
        self
    }
    fn cleanup(mut self, s: &'static str) -> Line {
        self.cleanup = s;
        self
    }
    fn swap(mut self, s: &'static [(&'static str, &'static str)]) -> Line {
        self.swap = s;
        self
    }
    fn any_order(mut self) -> Line {
        self.any_order = true;
        self
    }
    fn hangs(mut self) -> Line {
        self.expect = Expect::EtcdctlHangs;
        self.deadline = Duration::from_secs(20);
        self
    }
}

const K8S: &str = "https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/ (Operating etcd clusters for Kubernetes)";
const ETCDCTL_README: &str = "https://github.com/etcd-io/etcd/blob/release-3.4/etcdctl/README.md";
const INTERACTING: &str = "https://etcd.io/docs/v3.4/dev-guide/interacting_v3/ (Interacting with etcd)";
const MAINTENANCE: &str = "https://etcd.io/docs/v3.4/op-guide/maintenance/ (Maintenance: space quota, defragmentation)";
const DEMO: &str = "https://etcd.io/docs/v3.4/demo/ (etcd demo)";
const SAVE_DB: &str = "https://etcd.io/docs/v3.6/tutorials/how-to-save-database/";
const OCP_DEFRAG: &str = "https://docs.openshift.com/container-platform/4.5/scalability_and_performance/recommended-host-practices.html#etcd-defrag (Defragmenting etcd data)";
const OCP_GIST: &str =
    "https://gist.github.com/luckylittle/89754ce68f27122e44c0534d277a2b40 (Check etcd status on OCP 4.6.1)";
const OCP_DEFRAG_GIST: &str =
    "https://gist.github.com/alaypatel07/32c6206da9c1361f811d50c78800c547 (defrag-cluster-etcd.sh)";
const OCP_KEYS_GIST: &str = "https://gist.github.com/strigie (oc debug node, etcdctl get --keys-only --prefix)";
const K3S_GIST: &str = "https://gist.github.com/superseb/0c06164eef5a097c66e810fe91a9d408 (k3s etcd commands)";
const RKE_CHECK: &str = "https://gist.github.com/leopay/9c082be6c5b5bfe74321e772936975d0 (check-etcd.sh, RKE)";
const RKE_BLOG: &str = "https://loverhythm1990.github.io/2022/06/01/etcd-double-live (RKE etcd cluster status)";
const KUBERMATIC: &str = "https://docs.kubermatic.com/kubermatic/v2.21/cheat-sheets/etcd/replace-a-member/";
const ONEUPTIME: &str = "https://oneuptime.com/blog/post/2026-02-09-etcd-member-replacement-no-data-loss/view";
const SKYNET_GIST: &str = "https://gist.github.com/skynet86/d755697d7b178b600fc69d1c76f2edf5 (Backup Command)";
const SKYNET_GIST2: &str = "https://gist.github.com/skynet86/1609d38f5f8de2b99d03e962905b3b25 (Backup Command)";
const KIND_BACKUP: &str = "https://github.com/mevijays/training-k8s/blob/main/kubernetes/kind/etcd-bkp-restore.md";
const CTR_GIST: &str = "https://gist.github.com/rafzei/31fb9af0c90ede46a8676e90c9d258b3 (ctr commands: etcd snapshot)";
const KARIMI: &str = "https://github.com/karimi-devops/learning-kubernetes/blob/main/scenario/back-restore-etcd.md";
const HANDBOOK: &str =
    "https://github.com/rootsongjc/kubernetes-handbook/blob/master/guide/using-etcdctl-to-access-kubernetes-data.md";
const NAKAMASATO: &str = "https://www.nakamasato.com/kubernetes-training/kubernetes-components/etcd/";
const JAVASHUO: &str = "http://hk.javashuo.com/article/p-gllohcni-br.html (etcdctl get / --prefix --keys-only)";
const ETCD_UI: &str = "https://github.com/wanyuqin/etcd-ui (README)";
const CKE: &str = "https://github.com/cybozu-go/cke/blob/main/docs/etcd.md";
const CSDN_DEFRAG: &str =
    "https://blog.csdn.net/qq_19661477/article/details/134047726 (defrag context deadline exceeded)";
const PREFIX_ARTICLE: &str = "https://adhdecode-articles-1.pages.dev/articles/etcd/etcd-prefix-range-queries/";
const ISSUE_8117: &str = "https://github.com/etcd-io/etcd/issues/8117";
const DEEPWIKI: &str = "https://deepwiki.com/grafana/etcd/4.3-cluster-management (member add --learner)";
/// Not copied: forms the notes use (duplicated flags, `--insecure-skip-tls-verify`,
/// `--dial-timeout`, `-w fields`), written for this corpus.
const WRITTEN: &str = "written for this corpus in the notes' forms";
const KODEKLOUD: &str = "https://github.com/kodekloudhub/community-faq/blob/main/docs/etcd-faq.md";
/// A Go program that shells out to etcdctl with `get`'s flags before the command (cobra parses
/// them with `get`'s flag set); found in public code, the key prefix made the lab's.
const GO_SHELL_OUT: &str = "public Go code running `etcdctl --prefix --keys-only get '' | grep -i <kw>` through sh -c";
const SYSNET4ADMIN: &str = "https://github.com/sysnet4admin/_Lecture_k8s_starter.kit (A/A.003/.cmd)";

/// Captures the member a line or its setup added, for `{added}`.
const ADD_MEMBER: &str = "etcdctl member add ccc-spare --peer-urls=http://10.0.0.6:2380";
const SPARE: &[(&str, &str)] = &[("10.0.0.6", "10.0.0.7")];

fn corpus() -> Vec<Line> {
    vec![
        // --- Kubernetes documentation: Operating etcd clusters for Kubernetes.
        line(K8S, "ETCDCTL_API=3 etcdctl --endpoints={ep} --cacert={pki}/etcd/ca.crt --cert={pki}/etcd/server.crt --key={pki}/etcd/server.key snapshot save {tmp}/snapshot.db"),
        line(K8S, "ETCDCTL_API=3 etcdctl --write-out=table snapshot status {tmp}/snapshot.db").numbers(),
        line(K8S, "ETCDCTL_API=3 etcdctl --endpoints={eps} member list").three().files(),
        line(K8S, "etcdctl member add ccc-member4 --peer-urls=http://10.0.0.4:2380")
            .three().exported().server().swap(&[("10.0.0.4", "10.0.0.5")])
            .cleanup("etcdctl member remove {added} >/dev/null"),
        line(K8S, "etcdctl member remove {added}").three().exported().server().setup(ADD_MEMBER).swap(SPARE),
        line(K8S, "ETCDCTL_API=3 etcdctl --endpoints {hostport} snapshot restore {tmp}/snapshot.db")
            .exported().expect(Expect::Refused("etcdctl snapshot restore")),
        // --- etcd's own docs and etcdctl's README (release-3.4).
        line(INTERACTING, "etcdctl put ccc/foo bar").exported(),
        line(INTERACTING, "etcdctl put ccc/foo1 bar1 && etcdctl put ccc/foo2 bar2 && etcdctl put ccc/foo3 bar3").exported(),
        line(INTERACTING, "etcdctl get ccc/foo").exported(),
        line(INTERACTING, "etcdctl get ccc/foo --hex").exported(),
        line(INTERACTING, "etcdctl get ccc/foo --print-value-only").exported(),
        line(INTERACTING, "etcdctl get ccc/foo ccc/foo3").exported(),
        line(INTERACTING, "etcdctl get --prefix ccc/foo").exported(),
        line(INTERACTING, "etcdctl get --prefix --limit=2 ccc/foo").exported(),
        line(INTERACTING, "etcdctl get --prefix --rev=2 ccc/foo").exported().server(),
        line(INTERACTING, "etcdctl put ccc/foo bar1 --prev-kv").exported(),
        line(INTERACTING, "etcdctl del ccc/foo").exported(),
        line(INTERACTING, "etcdctl del ccc/foo ccc/foo9").exported(),
        line(INTERACTING, "etcdctl watch --rev=1 ccc/foo & sleep 4; kill %1").exported(),
        line(INTERACTING, "etcdctl lease grant 60").exported().server(),
        line(ETCDCTL_README, "./etcdctl put ccc/foo bar --lease=1234abcd").exported(),
        line(ETCDCTL_README, "./etcdctl put ccc/foo \"bar1 2 3\"").exported(),
        line(ETCDCTL_README, "./etcdctl put ccc/key val && ./etcdctl del --prev-kv ccc/key").exported(),
        line(ETCDCTL_README, "./etcdctl put ccc/zoo val && ./etcdctl put ccc/zoo1 val1 && ./etcdctl del --prefix ccc/zoo && ./etcdctl get ccc/zoo2").exported(),
        line(ETCDCTL_README, "./etcdctl put ccc/neg -- -5 && ./etcdctl put -- ccc/neg2 -6 && ./etcdctl get --prefix ccc/neg").exported(),
        line(ETCDCTL_README, "ETCDCTL_WATCH_KEY=ccc/foo ./etcdctl watch --rev=1 & sleep 4; kill %1").exported().server(),
        line(ETCDCTL_README, "./etcdctl -w json member list").three().exported().server(),
        line(ETCDCTL_README, "./etcdctl -w table member list").three().exported(),
        line(ETCDCTL_README, "./etcdctl endpoint health").three().exported().server().any_order()
            // A member added and not yet started has no client URLs: the cut leaves an empty item.
            .setup(ADD_MEMBER).cleanup("etcdctl member remove {added} >/dev/null").swap(SPARE),
        line(ETCDCTL_README, "./etcdctl endpoint --cluster health").three().exported().server().any_order(),
        line(ETCDCTL_README, "./etcdctl endpoint status").three().exported().server(),
        line(ETCDCTL_README, "./etcdctl -w json endpoint status").three().exported().server(),
        line(ETCDCTL_README, "./etcdctl -w table endpoint --cluster status").three().exported().numbers(),
        line(ETCDCTL_README, "./etcdctl endpoint hashkv").three().exported().server(),
        line(ETCDCTL_README, "./etcdctl -w table endpoint --cluster hashkv").three().exported().numbers(),
        line(ETCDCTL_README, "./etcdctl alarm list").three().exported(),
        line(ETCDCTL_README, "./etcdctl alarm disarm").three().exported(),
        line(ETCDCTL_README, "./etcdctl --endpoints=localhost:{port},badendpoint:2379 defrag")
            .files().expect(Expect::Explained),
        line(ETCDCTL_README, "./etcdctl defrag --cluster").three().exported(),
        line(ETCDCTL_README, "./etcdctl snapshot status {tmp}/snapshot.db").numbers(),
        line(ETCDCTL_README, "./etcdctl -write-out=json snapshot status {tmp}/snapshot.db"),
        line(ETCDCTL_README, "./etcdctl lease grant 500").exported().server().cleanup("etcdctl lease revoke {added} >/dev/null"),
        line(ETCDCTL_README, "./etcdctl lease list").exported().server(),
        line(ETCDCTL_README, "./etcdctl member add ccc-newMember --peer-urls=https://10.0.0.8:12345")
            .three().exported().server().swap(&[("10.0.0.8", "10.0.0.9")])
            .cleanup("etcdctl member remove {added} >/dev/null"),
        line(ETCDCTL_README, "./etcdctl member update {added} --peer-urls=https://10.0.0.10:11112")
            .three().exported().server().setup(ADD_MEMBER).swap(&[("10.0.0.6", "10.0.0.7"), ("10.0.0.10", "10.0.0.11")])
            .cleanup("etcdctl member remove {added} >/dev/null"),
        line(ETCDCTL_README, "./etcdctl compaction {rev}").exported().numbers().setup("etcdctl put ccc/rev x -w json"),
        line(ETCDCTL_README, "./etcdctl defrag --data-dir default.etcd")
            .exported().expect(Expect::Refused("etcdctl defrag --data-dir")),
        line(ETCDCTL_README, "./etcdctl lock ccc-mylock echo lock acquired").exported(),
        line(MAINTENANCE, "rev=$(ETCDCTL_API=3 etcdctl --endpoints=:{port} endpoint status --write-out=\"json\" | egrep -o '\"revision\":[0-9]*' | egrep -o '[0-9].*'); ETCDCTL_API=3 etcdctl compact $rev")
            .exported().numbers().setup("etcdctl put ccc/rev y >/dev/null"),
        line(MAINTENANCE, "rev=$(ETCDCTL_API=3 etcdctl --endpoints=:{port} endpoint status --write-out=\"json\" | egrep -o '\"revision\":[0-9]*' | egrep -o '[0-9].*'); ETCDCTL_API=3 etcdctl --endpoints=:{port} compact $rev")
            .plain().numbers().setup("etcdctl --endpoints=:{port} put ccc/rev z >/dev/null"),
        line(MAINTENANCE, "ETCDCTL_API=3 etcdctl --endpoints=:{port} --write-out=table endpoint status").plain().numbers(),
        line(MAINTENANCE, "ETCDCTL_API=3 etcdctl --endpoints=:{port} put ccc/key v").plain(),
        line(MAINTENANCE, "ETCDCTL_API=3 etcdctl --endpoints=:{port} defrag").plain(),
        line(MAINTENANCE, "ETCDCTL_API=3 etcdctl defrag").exported(),
        line(MAINTENANCE, "ETCDCTL_API=3 etcdctl --write-out=table endpoint status").exported().numbers(),
        line(MAINTENANCE, "ETCDCTL_API=3 etcdctl alarm list").exported(),
        line(DEMO, "ENDPOINTS={hostports}; etcdctl --endpoints=$ENDPOINTS put ccc/foo \"Hello World!\"").three().files(),
        line(DEMO, "ENDPOINTS={hostports}; etcdctl --endpoints=$ENDPOINTS --write-out=\"json\" get ccc/foo").three().files().server(),
        line(DEMO, "ENDPOINTS={hostports}; etcdctl --write-out=table --endpoints=$ENDPOINTS endpoint status").three().files().numbers(),
        line(DEMO, "ENDPOINTS={hostports}; timeout 4 etcdctl --endpoints=$ENDPOINTS watch ccc/foo --prefix --rev=1").three().files().server(),
        line(ETCDCTL_README, "ETCDCTL_DIAL_TIMEOUT=3s ETCDCTL_CACERT={pki}/etcd/ca.crt ETCDCTL_CERT={pki}/etcd/healthcheck-client.crt ETCDCTL_KEY={pki}/etcd/healthcheck-client.key etcdctl --endpoints={ep} get ccc/foo1 --hex -w json").server(),
        line(DEMO, "ENDPOINTS={hostports}; etcdctl --endpoints=$ENDPOINTS endpoint health").three().files().server().any_order(),
        line(SAVE_DB, "ENDPOINTS={hostport}; etcdctl --endpoints=$ENDPOINTS snapshot save {tmp}/my.db").files(),
        // --- OpenShift.
        line(OCP_GIST, "etcdctl member list -w table").three().exported(),
        line(OCP_GIST, "etcdctl endpoint health --cluster").three().exported().server().any_order(),
        line(OCP_GIST, "etcdctl endpoint health -w table").three().exported().server().any_order(),
        line(OCP_GIST, "etcdctl endpoint status -w table --cluster").three().exported().numbers(),
        line(OCP_DEFRAG, "unset ETCDCTL_ENDPOINTS; etcdctl --command-timeout=30s --endpoints=https://localhost:{port} defrag").exported(),
        line(OCP_DEFRAG, "etcdctl alarm list").three().exported(),
        line(OCP_DEFRAG_GIST, "for m in $(etcdctl member list); do [[ $m =~ \"{port}\" ]] && echo \"Defragmenting endpoint $m\" && etcdctl --endpoints=$m defrag; sleep 1; done").exported(),
        line(OCP_KEYS_GIST, "etcdctl get --keys-only --prefix \"\"").exported(),
        // --- k3s, RKE, Kubermatic, kind and others.
        line(K3S_GIST, "ETCDCTL_ENDPOINTS='{ep}' ETCDCTL_CACERT='{pki}/etcd/ca.crt' ETCDCTL_CERT='{pki}/etcd/healthcheck-client.crt' ETCDCTL_KEY='{pki}/etcd/healthcheck-client.key' ETCDCTL_API=3 etcdctl endpoint status").server(),
        line(K3S_GIST, "ETCDCTL_ENDPOINTS='{ep}' ETCDCTL_CACERT='{pki}/etcd/ca.crt' ETCDCTL_CERT='{pki}/etcd/healthcheck-client.crt' ETCDCTL_KEY='{pki}/etcd/healthcheck-client.key' ETCDCTL_API=3 etcdctl check perf")
            .expect(Expect::Refused("etcdctl check perf")),
        line(RKE_CHECK, "etcdctl member list").three().exported(),
        line(RKE_CHECK, "ETCDCTL_ENDPOINTS=$(etcdctl member list | cut -d, -f5 | sed -e 's/ //g' | paste -sd ',') etcdctl endpoint status --write-out table").three().exported().numbers()
            // A member added and not yet started has no client URLs: the cut leaves an empty item.
            .setup(ADD_MEMBER).cleanup("etcdctl member remove {added} >/dev/null").swap(SPARE),
        line(RKE_CHECK, "ETCDCTL_ENDPOINTS=$(etcdctl member list | cut -d, -f5 | sed -e 's/ //g' | paste -sd ',') etcdctl endpoint health").three().exported().server().any_order()
            // A member added and not yet started has no client URLs: the cut leaves an empty item.
            .setup(ADD_MEMBER).cleanup("etcdctl member remove {added} >/dev/null").swap(SPARE),
        line(RKE_BLOG, "etcdctl --endpoints={eps} --cert={pki}/apiserver-etcd-client.crt --key={pki}/apiserver-etcd-client.key --cacert={pki}/etcd/ca.crt endpoint status --write-out=table").three().numbers(),
        line(KUBERMATIC, "export ETCDCTL_API=3; export ETCD_ARGS='--cacert {pki}/etcd/ca.crt --cert {pki}/apiserver-etcd-client.crt --key {pki}/apiserver-etcd-client.key --endpoints https://localhost:{port}'; etcdctl ${ETCD_ARGS} member list"),
        line(ONEUPTIME, "export ETCDCTL_API=3; export ETCDCTL_ENDPOINTS={ep}; export ETCDCTL_CACERT={pki}/etcd/ca.crt; export ETCDCTL_CERT={pki}/etcd/server.crt; export ETCDCTL_KEY={pki}/etcd/server.key; etcdctl endpoint health --cluster").three().server().any_order(),
        line(ONEUPTIME, "etcdctl member list -w json | jq '.'").three().exported().server(),
        line(ONEUPTIME, "for endpoint in {hostports_spaced}; do echo \"Checking $endpoint\"; etcdctl --endpoints=$endpoint endpoint health || echo \"$endpoint is down\"; done").three().files().server(),
        line(SKYNET_GIST, "ETCDCTL_API=3 etcdctl --endpoints https:{hostport} --cacert={pki}/etcd/ca.crt --cert={pki}/etcd/server.crt --key={pki}/etcd/server.key snapshot save {tmp}/snapshot-backup.db")
            .hangs(),
        line(SKYNET_GIST, "ETCDCTL_API=3 etcdctl --command-timeout=3s --endpoints https:{hostport} --cacert={pki}/etcd/ca.crt --cert={pki}/etcd/server.crt --key={pki}/etcd/server.key snapshot save {tmp}/snapshot-backup.db")
            .expect(Expect::Explained),
        line(SKYNET_GIST2, "ETCDCTL_API=3 etcdctl --endpoints {ep} --cacert={pki}/etcd/ca.crt --cert={pki}/etcd/server.crt --key={pki}/etcd/server.key snapshot save {tmp}/snapshot-backup.db"),
        line(KIND_BACKUP, "ETCDCTL_API=3 etcdctl --endpoints {ep} snapshot save {tmp}/kind.backup --cacert=\"{pki}/etcd/ca.crt\" --cert=\"{pki}/etcd/server.crt\" --key=\"{pki}/etcd/server.key\""),
        line(CTR_GIST, "ETCDCTL_API=3 etcdctl --endpoints {ep} --cacert {pki}/etcd/ca.crt --cert {pki}/etcd/healthcheck-client.crt --key {pki}/etcd/healthcheck-client.key snapshot save {tmp}/etcd-snapshot.db"),
        line(KARIMI, "flags=\"--cacert={pki}/etcd/ca.crt --cert={pki}/etcd/server.crt --key={pki}/etcd/server.key\"; endpoints={eps}; ETCDCTL_API=3 etcdctl $flags --endpoints=${endpoints} member list").three(),
        line(KARIMI, "flags=\"--cacert={pki}/etcd/ca.crt --cert={pki}/etcd/server.crt --key={pki}/etcd/server.key\"; endpoints={eps}; ETCDCTL_API=3 etcdctl $flags --endpoints=${endpoints} endpoint health").three().server().any_order(),
        line(KARIMI, "flags=\"--cacert={pki}/etcd/ca.crt --cert={pki}/etcd/server.crt --key={pki}/etcd/server.key\"; endpoints={eps}; ETCDCTL_API=3 etcdctl $flags --endpoints=${endpoints} alarm list").three(),
        line(KARIMI, "flags=\"--cacert={pki}/etcd/ca.crt --cert={pki}/etcd/server.crt --key={pki}/etcd/server.key\"; endpoint={ep}; etcdctl endpoint status $flags --endpoints=${endpoint} --write-out=table").three().numbers(),
        line(HANDBOOK, "ETCDCTL_API=3 etcdctl --cacert={pki}/etcd/ca.crt --cert={pki}/etcd/peer.crt --key={pki}/etcd/peer.key get /registry/namespaces/default -w=json | jq .").exported().server(),
        line(HANDBOOK, "ETCDCTL_API=3 etcdctl get /registry/namespaces --prefix -w=json|python3 -m json.tool").exported().server(),
        line(NAKAMASATO, "etcdctl get /registry/ --prefix --keys-only").exported(),
        line(JAVASHUO, "etcdctl get / --prefix --keys-only").exported(),
        line(JAVASHUO, "etcdctl get /registry/apiregistration.k8s.io/apiservices/v1.").exported(),
        line(ETCD_UI, "etcdctl --endpoints={ep} --cacert={pki}/etcd/ca.crt --key={pki}/etcd/peer.key --cert={pki}/etcd/peer.crt get /registry/namespaces --prefix -w=json").server(),
        line(CKE, "export ETCDCTL_CACERT={pki}/etcd/ca.crt; export ETCDCTL_CERT={pki}/etcd/healthcheck-client.crt; export ETCDCTL_KEY={pki}/etcd/healthcheck-client.key; etcdctl --endpoints={hostport} member list"),
        line(CSDN_DEFRAG, "etcdctl --command-timeout=30s defrag").exported(),
        line(PREFIX_ARTICLE, "ETCDCTL_API=3 etcdctl put /ccc/config/app1/v1 \"config_v1_data\" && ETCDCTL_API=3 etcdctl get --prefix /ccc/config/app1").exported(),
        line(PREFIX_ARTICLE, "ETCDCTL_API=3 etcdctl get / --rev=$(ETCDCTL_API=3 etcdctl get / --limit=1 -w simple | grep revision | cut -d: -f2)")
            .exported(),
        line(ISSUE_8117, "ETCDCTL_API=3 etcdctl cluster health -w table").exported().expect(Expect::Explained).any_order(),
        line(DEEPWIKI, "etcdctl member add ccc-newMember --peer-urls=https://10.0.0.12:12345 --learner")
            .three().exported().server().swap(&[("10.0.0.12", "10.0.0.13")])
            .cleanup("etcdctl member remove {added} >/dev/null"),
        line(KODEKLOUD, "export ETCDCTL_API=3; etcdctl snapshot save {tmp}/kodekloud.db").exported(),
        line(GO_SHELL_OUT, "etcdctl --prefix --keys-only get 'ccc/' | grep -i foo").exported(),
        line(GO_SHELL_OUT, "etcdctl --prefix --keys-only get 'ccc/' | grep -i foo | xargs -I {} etcdctl --prefix --print-value-only get {}").exported(),
        line(SYSNET4ADMIN, "ETCDCTL_API=3 etcdctl --endpoints=https://[127.0.0.1]:{port} --cacert={pki}/etcd/ca.crt --cert={pki}/etcd/server.crt --key={pki}/etcd/server.key get --prefix=true \"ccc/\" > {tmp}/prefix; cat {tmp}/prefix | nl | tail"),
        // Output through the same pipes as the notes use.
        line(NAKAMASATO, "etcdctl get /registry/ --prefix --keys-only | head -n 3").exported(),
        line(OCP_GIST, "etcdctl endpoint status -w table --cluster | head -3").three().exported().numbers(),
        line(WRITTEN, "./etcdctl --write-out=fields endpoint status").exported().server(),
        line(WRITTEN, "./etcdctl get ccc/foo1 --write-out=fields").exported().server(),
        line(WRITTEN, "ETCDCTL_API=3 etcdctl --endpoints={ep} --cacert={pki}/etcd/ca.crt --cacert={pki}/etcd/ca.crt --cert={pki}/etcd/server.crt --key={pki}/etcd/server.key member list"),
        line(WRITTEN, "etcdctl --endpoints={ep} --insecure-skip-tls-verify --cert={pki}/etcd/healthcheck-client.crt --key={pki}/etcd/healthcheck-client.key endpoint health").server().any_order(),
        line(WRITTEN, "etcdctl --dial-timeout=10s --endpoints={ep} --cacert={pki}/etcd/ca.crt --cert={pki}/etcd/healthcheck-client.crt --key={pki}/etcd/healthcheck-client.key get ccc/foo1"),
    ]
}

/// Per tool: where it runs and what stands for `etcdctl`.
struct Side {
    dir: PathBuf,
    bin: PathBuf,
}

impl Side {
    fn new(root: &Path, name: &str, program: &Path) -> Side {
        let dir = root.join(name);
        let bin = dir.join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        std::os::unix::fs::symlink(program, bin.join("etcdctl")).unwrap();
        // etcdctl's README runs `./etcdctl` from the release folder.
        std::os::unix::fs::symlink(program, dir.join("etcdctl")).unwrap();
        Side { dir, bin }
    }
}

#[derive(Debug)]
struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `script` with bash, `etcdctl` on PATH being `side`'s, in `side`'s folder; killed
/// (its whole process group) after `deadline`.
fn bash(side: &Side, script: &str, env: &[(String, String)], deadline: Duration) -> Out {
    let path = format!("{}:{}", side.bin.display(), std::env::var("PATH").unwrap_or_default());
    let mut cmd = Command::new("bash");
    cmd.arg("-c").arg(script).current_dir(&side.dir);
    for (k, _) in std::env::vars() {
        if k.starts_with("ETCDCTL_") || k.starts_with("ETCDTLS_") {
            cmd.env_remove(k);
        }
    }
    cmd.env("PATH", path).env("NO_COLOR", "1").env("ETCDCTL_API", "3");
    cmd.envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd.process_group(0);
    let mut child = cmd.spawn().expect("bash");
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let o = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let e = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > deadline {
            let pgid = nix::unistd::Pid::from_raw(i32::try_from(child.id()).unwrap());
            let _ = nix::sys::signal::killpg(pgid, nix::sys::signal::Signal::SIGKILL);
            break child.wait().unwrap();
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Out {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&e.join().unwrap()).into_owned(),
    }
}

/// The lab's values for the placeholders.
fn fill(text: &str, lab: &Lab, side: &Side, added: &str) -> String {
    let urls: Vec<String> = lab.members.iter().map(|m| m.client_url.clone()).collect();
    let hostports: Vec<String> = urls
        .iter()
        .map(|u| {
            u.trim_start_matches("https://")
                .trim_start_matches("http://")
                .to_string()
        })
        .collect();
    let port = hostports[0].rsplit(':').next().unwrap().to_string();
    text.replace("{eps}", &urls.join(","))
        .replace("{ep}", &urls[0])
        .replace("{hostports_spaced}", &hostports.join(" "))
        .replace("{hostports}", &hostports.join(","))
        .replace("{hostport}", &hostports[0])
        .replace("{port}", &port)
        .replace("{pki}", &lab.path("pki").display().to_string())
        .replace("{tmp}", &side.dir.display().to_string())
        .replace("{added}", added)
}

fn exported(lab: &Lab) -> Vec<(String, String)> {
    lab.env().into_iter().filter(|(k, _)| k != "ETCDCTL_API").collect()
}

/// The names a line swaps per tool, etcdctl's first.
fn swaps(l: &Line) -> Vec<(String, String)> {
    let mut v = vec![("ccc".to_string(), "ttt".to_string())];
    v.extend(l.swap.iter().map(|(a, b)| (a.to_string(), b.to_string())));
    v
}

fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("\\x{b:02x}")).collect()
}

/// etcdtls's names read as etcdctl's, in text, hex, and base64 inside JSON.
fn retag(text: &str, pairs: &[(String, String)]) -> String {
    let mut t = text.to_string();
    for (c, tt) in pairs {
        t = t.replace(&hex(tt), &hex(c)).replace(tt.as_str(), c);
    }
    t
}

fn retag_json(v: &mut Value, pairs: &[(String, String)]) {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD;
    match v {
        Value::String(s) => {
            if let Some(text) = b64.decode(s.as_bytes()).ok().and_then(|b| String::from_utf8(b).ok())
                && pairs.iter().any(|(_, t)| text.contains(t.as_str()))
            {
                *s = b64.encode(retag(&text, pairs));
            } else {
                *s = retag(s, pairs);
            }
        }
        Value::Object(map) => map.values_mut().for_each(|v| retag_json(v, pairs)),
        Value::Array(items) => items.iter_mut().for_each(|v| retag_json(v, pairs)),
        _ => {}
    }
}

/// Server-made numbers in JSON become 0.
fn normalise_json(v: &mut Value) {
    const SERVER: &[&str] = &[
        "revision",
        "raft_term",
        "raft_index",
        "raftIndex",
        "raftTerm",
        "raftAppliedIndex",
        "ID",
        "id",
        "member_id",
        "memberID",
        "cluster_id",
        "create_revision",
        "mod_revision",
        "version",
        "hash",
        "dbSize",
        "dbSizeInUse",
        "leader",
        "compact_revision",
        "TTL",
        "ttl",
        "grantedTTL",
    ];
    match v {
        Value::Object(map) => {
            for (k, val) in map.iter_mut() {
                if SERVER.contains(&k.as_str()) && val.is_number() {
                    *val = Value::from(0);
                } else if k == "took" && val.is_string() {
                    *val = Value::from("<d>");
                } else {
                    normalise_json(val);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(normalise_json),
        _ => {}
    }
}

/// Hexadecimal IDs become `<ID:width>` (`etcdtls_e2e::normalise_ids`), Go
/// durations `<d>`, and `"Field" : N` lines of `-w fields` that the server makes `<N>`.
fn normalise_text(s: &str) -> String {
    let mut out = String::new();
    for line in s.split_inclusive('\n') {
        let server_field = [
            "\"Revision\" :",
            "\"RaftTerm\" :",
            "\"MemberID\" :",
            "\"ClusterID\" :",
            "\"ID\" :",
            "\"RaftIndex\" :",
            "\"RaftAppliedIndex\" :",
            "\"DBSize\" :",
            "\"DBSizeInUse\" :",
            "\"Leader\" :",
            "\"CreateRevision\" :",
            "\"ModRevision\" :",
            "\"Version\" :",
            "\"Hash\" :",
            "\"HashRevision\" :",
            "\"CompactRevision\" :",
        ]
        .iter()
        .find(|f| line.starts_with(*f));
        if let Some(f) = server_field {
            out.push_str(&format!("{f} <N>\n"));
            continue;
        }
        out.push_str(&etcdtls_e2e::normalise_ids(line));
    }
    // A member list in ETCD_INITIAL_CLUSTER follows the members' IDs: sort it.
    let out: Vec<String> = out
        .lines()
        .map(|l| {
            match l
                .strip_prefix("ETCD_INITIAL_CLUSTER=\"")
                .and_then(|r| r.strip_suffix('"'))
            {
                Some(list) => {
                    let mut items: Vec<&str> = list.split(',').collect();
                    items.sort();
                    format!("ETCD_INITIAL_CLUSTER=\"{}\"", items.join(","))
                }
                None => l.to_string(),
            }
        })
        .collect();
    let mut text = out.join("\n");
    if s.ends_with('\n') {
        text.push('\n');
    }
    mask_durations(&text)
}

/// Go durations (`1.2ms`, `850.3µs`, `2s`) become `<d>`; runs of spaces and dashes become
/// one, since a table's widths follow its longest cell.
fn mask_durations(s: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        if chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_alphanumeric()) {
            let mut j = i;
            while j < chars.len() && (chars[j].is_ascii_digit() || chars[j] == '.') {
                j += 1;
            }
            let rest: String = chars[j..chars.len().min(j + 2)].iter().collect();
            let unit = ["ms", "µs", "us", "ns"]
                .iter()
                .find(|u| rest.starts_with(*u))
                .map(|u| u.chars().count())
                .or_else(|| {
                    (rest.starts_with('s') && !rest[1..].starts_with(|c: char| c.is_alphanumeric())).then_some(1)
                });
            if let Some(n) = unit {
                out.push_str("<d>");
                i = j + n;
                continue;
            }
            i = start;
        }
        out.push(chars[i]);
        i += 1;
    }
    collapse(&out)
}

fn collapse(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if (c == ' ' || c == '-') && out.ends_with(c) {
            continue;
        }
        out.push(c);
    }
    out
}

/// Every number becomes `N`.
fn strip_numbers(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() || (c == '.' && out.ends_with('N')) {
            if !out.ends_with('N') {
                out.push('N');
            }
        } else {
            out.push(c);
        }
    }
    collapse(&out.replace("N kB", "N B").replace("N MB", "N B"))
}

/// Standard output as compared.
fn comparable(out: &str, l: &Line, pairs: &[(String, String)], side: &Side) -> String {
    let out = out.replace(&side.dir.display().to_string(), "{tmp}");
    let lines: Vec<String> = out
        .lines()
        .map(|line| match serde_json::from_str::<Value>(line) {
            Ok(mut v) if line.starts_with('{') || line.starts_with('[') => {
                retag_json(&mut v, pairs);
                if l.norm != Norm::Exact {
                    normalise_json(&mut v);
                }
                v.to_string()
            }
            _ => retag(line, pairs),
        })
        .collect();
    let mut lines = lines;
    if l.any_order {
        lines.sort();
    }
    let text = lines.join("\n") + if out.ends_with('\n') { "\n" } else { "" };
    match l.norm {
        Norm::Exact => text,
        Norm::Server => normalise_text(&text),
        Norm::Numbers => strip_numbers(&normalise_text(&text)),
    }
}

/// etcdctl's lines on standard error that say something (not its gRPC JSON log lines).
fn said(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| !l.starts_with('{') && !l.trim().is_empty())
        .collect()
}

fn capture_member(stdout: &str) -> Option<String> {
    let first = stdout.lines().find(|l| !l.trim().is_empty())?;
    if let Some(rest) = first.strip_prefix("Member ").or_else(|| first.strip_prefix("lease ")) {
        return rest.split_whitespace().next().map(str::to_string);
    }
    let id = first.trim();
    (!id.is_empty() && id.chars().all(|c| c.is_ascii_hexdigit())).then(|| id.to_string())
}

/// Runs one line with one tool: setup, the line, cleanup.
fn run_line(l: &Line, lab: &Lab, side: &Side, theirs: bool) -> Out {
    let pairs = swaps(l);
    let for_tool = |s: &str| {
        if theirs {
            s.to_string()
        } else {
            pairs
                .iter()
                .fold(s.to_string(), |acc, (c, t)| acc.replace(c.as_str(), t))
        }
    };
    let env = match l.env {
        Env::Line => Vec::new(),
        Env::Exported => exported(lab),
        Env::Files => exported(lab)
            .into_iter()
            .filter(|(k, _)| k != "ETCDCTL_ENDPOINTS")
            .collect(),
    };
    let mut added = String::new();
    let mut rev = String::new();
    if !l.setup.is_empty() {
        let s = bash(side, &fill(&for_tool(l.setup), lab, side, ""), &env, l.deadline);
        added = capture_member(&s.stdout).unwrap_or_default();
        rev = serde_json::from_str::<Value>(s.stdout.trim())
            .ok()
            .and_then(|v| v["header"]["revision"].as_i64())
            .map(|r| r.to_string())
            .unwrap_or_default();
    }
    let cmd = fill(&for_tool(l.cmd), lab, side, &added).replace("{rev}", &rev);
    let out = bash(side, &cmd, &env, l.deadline);
    if added.is_empty() {
        added = capture_member(&out.stdout).unwrap_or_default();
    }
    if !l.cleanup.is_empty() && !added.is_empty() {
        bash(side, &fill(&for_tool(l.cleanup), lab, side, &added), &env, l.deadline);
    }
    out
}

/// What differs between etcdctl's run and etcdtls's, or `None`.
fn differences(l: &Line, ctl: &Out, tls: &Out, sides: (&Side, &Side)) -> Option<String> {
    let pairs = swaps(l);
    let mut problems = Vec::new();
    if ctl.code == 127 || ctl.stderr.contains("command not found") || ctl.stderr.contains("No such file or directory") {
        problems.push("the line does not run etcdctl: the corpus is broken".into());
    }
    if l.expect == Expect::EtcdctlHangs {
        if ctl.code != -1 {
            problems.push(format!("etcdctl was expected to hang, and exited {}", ctl.code));
        }
        // etcdctl's exit code had it ended (`snapshot save` with `--command-timeout`: 5).
        if tls.code != 5 || said(&tls.stderr).is_empty() {
            problems.push(format!(
                "etcdtls exits {} where it should end with 5 and say why",
                tls.code
            ));
        }
    } else if let Expect::Refused(name) = l.expect {
        if tls.code != 128 {
            problems.push(format!("exit code {} where etcdtls refuses with 128", tls.code));
        }
        if !tls.stderr.contains(name) {
            problems.push(format!("the refusal does not name `{name}`"));
        }
        if !tls.stdout.is_empty() {
            problems.push("a refusal prints nothing on standard output".into());
        }
    } else {
        let (a, b) = (
            comparable(&ctl.stdout, l, &pairs, sides.0),
            comparable(&tls.stdout, l, &pairs, sides.1),
        );
        if a != b {
            problems.push(format!("standard output differs:\n--- etcdctl\n{a}\n--- etcdtls\n{b}"));
        }
        if ctl.code != tls.code {
            problems.push(format!("exit code {} where etcdctl exits {}", tls.code, ctl.code));
        }
        let (theirs, ours) = (said(&ctl.stderr), said(&tls.stderr));
        if theirs.is_empty() != ours.is_empty() {
            problems.push("standard error says something in one tool only".into());
        } else if l.expect != Expect::Explained
            && let Some(first) = theirs.first()
            && first.starts_with("Error:")
            && retag(ours.first().copied().unwrap_or_default(), &pairs) != *first
        {
            problems.push(format!("the Error: line differs: etcdtls {:?}", ours.first()));
        }
    }
    (!problems.is_empty()).then(|| {
        format!(
            "{}\n    {}\n  from {}\n  {}\n  etcdctl: exit {}\n{}{}  etcdtls: exit {}\n{}{}",
            l.cmd,
            "-".repeat(20),
            l.source,
            problems.join("\n  "),
            ctl.code,
            indent(&ctl.stdout),
            indent(&ctl.stderr),
            tls.code,
            indent(&tls.stdout),
            indent(&tls.stderr),
        )
    })
}

fn indent(s: &str) -> String {
    s.lines().take(30).map(|l| format!("    | {l}\n")).collect()
}

fn which(program: &str) -> PathBuf {
    std::env::var("PATH")
        .unwrap_or_default()
        .split(':')
        .map(|d| Path::new(d).join(program))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("{program} is not on PATH (run scripts/setup.sh)"))
}

/// Data the notes read: a namespace and an APIService under `/registry`, as Kubernetes keeps
/// them (the values are stand-ins).
fn seed(lab: &Lab, side: &Side) {
    let env = exported(lab);
    let out = bash(
        side,
        "etcdctl put /registry/namespaces/default k8s-default >/dev/null && \
         etcdctl put /registry/namespaces/kube-system k8s-kube-system >/dev/null && \
         etcdctl put /registry/apiregistration.k8s.io/apiservices/v1. k8s-apiservice >/dev/null",
        &env,
        Duration::from_secs(120),
    );
    assert_eq!(out.code, 0, "seeding the lab: {out:?}");
}

#[test]
fn runbook_lines_run_as_etcdctl_runs_them() {
    let (one, _one_dir) = lab(1, ClientSecurity::MutualTls);
    let (three, _three_dir) = lab(3, ClientSecurity::MutualTls);
    let (plain, _plain_dir) = lab(1, ClientSecurity::Plaintext);
    let root = tempfile::tempdir().unwrap();
    let ctl = Side::new(root.path(), "etcdctl", &which("etcdctl"));
    let tls = Side::new(root.path(), "etcdtls", &etcdtls_bin());
    seed(&one, &ctl);
    seed(&three, &ctl);
    let corpus = corpus();
    let mut failures = Vec::new();
    for l in &corpus {
        let lab = match l.cluster {
            Cluster::One => &one,
            Cluster::Three => &three,
            Cluster::Plain => &plain,
        };
        let a = run_line(l, lab, &ctl, true);
        let b = run_line(l, lab, &tls, false);
        println!("etcdctl exit {:3}, etcdtls exit {:3}: {}", a.code, b.code, l.cmd);
        if let Some(d) = differences(l, &a, &b, (&ctl, &tls)) {
            failures.push(d);
        }
    }
    // Every member a line added was removed again.
    let members = bash(&ctl, "etcdctl member list", &exported(&three), Duration::from_secs(120));
    assert_eq!(members.stdout.lines().count(), 3, "members left behind: {members:?}");
    let sources: std::collections::BTreeSet<&str> = corpus.iter().map(|l| l.source).collect();
    let copied = corpus.iter().filter(|l| l.source != WRITTEN).count();
    assert!(
        copied >= 60 && sources.len() > 20,
        "the corpus keeps 60 copied lines from 20 sources"
    );
    assert!(
        failures.is_empty(),
        "{} of {} lines differ from etcdctl:\n\n{}",
        failures.len(),
        corpus.len(),
        failures.join("\n\n")
    );
}
