//! `make-mirror [options] <destination>`: copies the keys of the source cluster (or of one
//! `--prefix`) to a destination cluster, then keeps copying every change, as etcdctl 3.4 does
//! (`etcdctl/ctlv3/command/make_mirror_command.go`, `clientv3/mirror/syncer.go`):
//!
//! - the source's current revision is read first; every key at that revision is copied with
//!   one put each (pages of 1000 keys), values as bytes, leases not kept;
//! - then a watch from the next revision: the events of one revision go to the destination in
//!   one transaction (puts and deletes, in order);
//! - every 30 seconds the number of keys copied so far (puts and deletes) is printed on its
//!   own line; nothing else goes to standard output;
//! - `--prefix` chooses the keys, `--dest-prefix` replaces the prefix in the destination
//!   (by default the prefix is kept), `--no-dest-prefix` removes it;
//! - it ends only on an error (exit 1), or when the source cancels the watch (a compacted
//!   revision: exit 1 with etcd's message).
//!
//! The destination has TLS flags of its own (`--dest-cacert`, `--dest-cert`, `--dest-key`,
//! `--dest-insecure-transport`) and no login. A destination that cannot be reached is
//! explained as the source would be, naming the `--dest-*` flag and file that is wrong.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use etcd_client::{Client, EventType, GetOptions, Txn, TxnOp, WatchOptions};

use super::args::MakeMirrorArgs;
use super::{CallError, Ctl, bad_args};
use crate::cli::GlobalFlags;
use crate::connect::Settings;
use crate::connect::target::Target;
use crate::exit::{ExitStatus, Failure};

/// How many keys one page of the initial copy reads (clientv3/mirror's batchLimit).
const PAGE: i64 = 1000;

/// How often the running count is printed.
const COUNT_EVERY: Duration = Duration::from_secs(30);

/// Runs `make-mirror`, in etcdctl's order: the argument count, the destination's settings,
/// the source's, the source's connection and revision, the prefix flags, then the
/// destination's connection.
pub fn run(a: &MakeMirrorArgs, global: &GlobalFlags) -> Result<ExitStatus, Failure> {
    if a.positional.args.len() != 1 {
        return Err(bad_args("make-mirror takes one destination argument"));
    }
    let dest_global = destination_flags(a, global)?;
    let dest_settings = Settings::from_flags(&dest_global).map_err(as_destination)?;
    let (_, settings) = crate::client::prepare(global)?;
    let source = Ctl { settings, global };
    let dest = Ctl {
        settings: dest_settings,
        global: &dest_global,
    };
    let runtime = crate::runtime()?;
    runtime.block_on(mirror(&source, &dest, a))
}

/// The destination's connection flags, as etcdctl builds its second client: the destination
/// as the only endpoint, the `--dest-*` files, the global timeouts, no login and no
/// `--insecure-skip-tls-verify`. A certificate without its key is refused as etcdctl's TLS
/// setup refuses it (exit 128).
fn destination_flags(a: &MakeMirrorArgs, global: &GlobalFlags) -> Result<GlobalFlags, Failure> {
    let file = |s: &str| (!s.is_empty()).then(|| PathBuf::from(s));
    if a.dest_cert.is_empty() != a.dest_key.is_empty() {
        let missing = if a.dest_cert.is_empty() {
            "--dest-cert"
        } else {
            "--dest-key"
        };
        return Err(bad_args(format!(
            "KeyFile and CertFile must both be present[key: {}, cert: {}]",
            a.dest_key, a.dest_cert
        ))
        .with_detail([format!(
            "  fix: give {missing} too: a client certificate and its private key always go together."
        )]));
    }
    let mut g = global.clone();
    g.endpoints = vec![a.positional.args[0].clone()];
    g.cacert = file(&a.dest_cacert);
    g.cert = file(&a.dest_cert);
    g.key = file(&a.dest_key);
    g.insecure_transport = a.dest_insecure_transport;
    g.insecure_skip_tls_verify = false;
    g.user = None;
    g.password = None;
    Ok(g)
}

/// A failure about the destination: the flags it names are the `--dest-*` ones, and its
/// first line says it is the destination.
fn as_destination(mut f: Failure) -> Failure {
    if f.message.is_empty() {
        return f;
    }
    f.message = format!("destination {}", dest_flag_names(&f.message));
    f.detail = f
        .detail
        .iter()
        .map(|line| {
            dest_flag_names(line).replace(
                "run `etcdtls doctor` with the same flags",
                "run `etcdtls doctor --endpoints <destination>` with the --dest-* files as --cacert, --cert and --key",
            )
        })
        .collect();
    f
}

/// `--cacert`, `--cert`, `--key` and `--insecure-transport` in a sentence about the
/// destination become `--dest-cacert`, `--dest-cert`, `--dest-key`,
/// `--dest-insecure-transport`; longer flags that start the same (`--cert-file`) are left.
pub fn dest_flag_names(text: &str) -> String {
    let flags = ["--cacert", "--cert", "--key", "--insecure-transport"];
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    'scan: while !rest.is_empty() {
        let before = out.chars().last();
        let joined = before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-');
        if !joined {
            for flag in flags {
                if let Some(after) = rest.strip_prefix(flag)
                    && !after
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '-')
                {
                    out.push_str("--dest-");
                    out.push_str(&flag[2..]);
                    rest = after;
                    continue 'scan;
                }
            }
        }
        let c = rest.chars().next().unwrap_or_default();
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The key in the destination: the first occurrence of `--prefix` replaced by the
/// destination prefix (Go's `strings.Replace(key, prefix, destPrefix, 1)`; an empty prefix
/// puts the destination prefix in front).
pub fn destination_key(key: &[u8], prefix: &[u8], dest_prefix: &[u8]) -> Vec<u8> {
    let at = if prefix.is_empty() {
        Some(0)
    } else {
        key.windows(prefix.len()).position(|w| w == prefix)
    };
    match at {
        Some(i) => [&key[..i], dest_prefix, &key[i + prefix.len()..]].concat(),
        None => key.to_vec(),
    }
}

/// The end of the range of keys that start with `prefix` (clientv3's GetPrefixRangeEnd):
/// `\0` (every key after it) when no key is greater than all of them.
fn prefix_range_end(prefix: &[u8]) -> Vec<u8> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < 0xff {
            end.push(last + 1);
            return end;
        }
    }
    vec![0]
}

/// A connection and the endpoint it reached.
struct Side<'c, 'g> {
    ctl: &'c Ctl<'g>,
    client: Client,
    target: Target,
}

impl Side<'_, '_> {
    /// Runs one request within `--command-timeout`, explained on failure.
    async fn call<T, F, Fut>(&self, op: F) -> Result<T, Failure>
    where
        F: Fn(Client) -> Fut,
        Fut: std::future::Future<Output = Result<T, etcd_client::Error>>,
    {
        self.ctl.call_with(&self.client, &self.target, op).await
    }
}

async fn mirror(source: &Ctl<'_>, dest: &Ctl<'_>, a: &MakeMirrorArgs) -> Result<ExitStatus, Failure> {
    let (client, target) = source.client().await?;
    let src = Side {
        ctl: source,
        client,
        target,
    };
    // The source's revision: everything up to it is copied, everything after it watched.
    // etcdctl's `SyncBase` asks for it before the prefix flags are checked and keeps an
    // error for later (v3.4.23 `clientv3/mirror/syncer.go`, `make_mirror_command.go`), and
    // its destination client dials nothing before the first put: the flag conflict is exit
    // 128 whatever the destination (a wrong --dest-cacert) or the source's answer.
    let rev = src.call(|mut c| async move { c.get("foo", None).await }).await;
    if a.no_dest_prefix && !a.dest_prefix.is_empty() {
        return Err(bad_args(
            "`--dest-prefix` and `--no-dest-prefix` cannot be set at the same time, choose one",
        ));
    }
    let rev = rev?.header().map(|h| h.revision()).unwrap_or_default();
    let (client, target) = dest.client().await.map_err(as_destination)?;
    let dst = Side {
        ctl: dest,
        client,
        target,
    };
    let prefix = a.prefix.as_bytes().to_vec();
    let dest_prefix = if !a.no_dest_prefix && a.dest_prefix.is_empty() {
        prefix.clone()
    } else {
        a.dest_prefix.as_bytes().to_vec()
    };
    let total = Arc::new(AtomicI64::new(0));
    let counter = total.clone();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(COUNT_EVERY).await;
            let line = format!("{}\n", counter.load(Ordering::Relaxed));
            if super::emit(line).is_err() {
                return;
            }
        }
    });

    // The keys as they were at `rev`, a page at a time.
    let (mut key, range_end) = if prefix.is_empty() {
        (vec![0u8], vec![0u8])
    } else {
        (prefix.clone(), prefix_range_end(&prefix))
    };
    loop {
        let options = GetOptions::new()
            .with_limit(PAGE)
            .with_revision(rev)
            .with_range(range_end.clone());
        let page = src
            .call(|mut c| {
                let (key, options) = (key.clone(), options.clone());
                async move { c.get(key, Some(options)).await }
            })
            .await?;
        for kv in page.kvs() {
            let (k, v) = (destination_key(kv.key(), &prefix, &dest_prefix), kv.value().to_vec());
            dst.call(|mut c| {
                let (k, v) = (k.clone(), v.clone());
                async move { c.put(k, v, None).await }
            })
            .await
            .map_err(as_destination)?;
            total.fetch_add(1, Ordering::Relaxed);
        }
        match page.kvs().last() {
            Some(last) if page.more() => key = [last.key(), &[0]].concat(),
            _ => break,
        }
    }

    // Every change after `rev`, one transaction per revision.
    let mut options = WatchOptions::new().with_start_revision(rev + 1);
    options = if prefix.is_empty() {
        options.with_all_keys()
    } else {
        options.with_prefix()
    };
    let opened = source
        .attempt(
            &src.client,
            &|mut c: Client| {
                let (prefix, options) = (prefix.clone(), options.clone());
                async move { c.watch(prefix, Some(options)).await }
            },
            Some(source.settings.command_timeout),
        )
        .await;
    let mut stream = match opened {
        Ok(s) => s,
        Err(e) => return Err(source.explain(e, &src.target).await),
    };
    loop {
        let resp = match stream.message().await {
            Ok(Some(r)) => r,
            // The source ended the watch: etcdctl's loop ends with no error to print.
            Ok(None) => break,
            Err(e) => return Err(source.explain(CallError::Etcd(e), &src.target).await),
        };
        if resp.compact_revision() != 0 {
            return Err(Failure::new(
                ExitStatus::Error,
                "etcdserver: mvcc: required revision has been compacted",
            ));
        }
        if resp.canceled() {
            // clientv3 closes the channel: etcdctl ends with "Error: <nil>".
            return Err(Failure::new(ExitStatus::Error, "<nil>").with_detail([format!(
                "  (the source cancelled the watch: {})",
                if resp.cancel_reason().is_empty() {
                    "no reason given"
                } else {
                    resp.cancel_reason()
                }
            )]));
        }
        let mut ops: Vec<TxnOp> = Vec::new();
        let mut last_rev = 0;
        for ev in resp.events() {
            let Some(kv) = ev.kv() else { continue };
            if last_rev != 0 && kv.mod_revision() > last_rev {
                commit(&dst, std::mem::take(&mut ops)).await?;
            }
            last_rev = kv.mod_revision();
            let k = destination_key(kv.key(), &prefix, &dest_prefix);
            ops.push(match ev.event_type() {
                EventType::Put => TxnOp::put(k, kv.value().to_vec(), None),
                EventType::Delete => TxnOp::delete(k, None),
            });
            total.fetch_add(1, Ordering::Relaxed);
        }
        if !ops.is_empty() {
            commit(&dst, ops).await?;
        }
    }
    Err(Failure::new(ExitStatus::Error, "<nil>").with_detail(["  (the source ended the watch)".to_string()]))
}

/// One revision's changes, in one transaction on the destination.
async fn commit(dst: &Side<'_, '_>, ops: Vec<TxnOp>) -> Result<(), Failure> {
    dst.call(|mut c| {
        let txn = Txn::new().and_then(ops.clone());
        async move { c.txn(txn).await }
    })
    .await
    .map(|_| ())
    .map_err(as_destination)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_move_as_go_strings_replace_moves_them() {
        assert_eq!(destination_key(b"/a/x", b"/a/", b"/b/"), b"/b/x");
        assert_eq!(destination_key(b"/a/x", b"/a/", b""), b"x");
        assert_eq!(destination_key(b"x", b"", b"/m/"), b"/m/x");
        assert_eq!(destination_key(b"x", b"", b""), b"x");
        // The first occurrence only.
        assert_eq!(destination_key(b"/a//a/", b"/a/", b"/b/"), b"/b//a/");
    }

    #[test]
    fn prefix_ranges_end_after_the_prefix() {
        assert_eq!(prefix_range_end(b"/a/"), b"/a0");
        assert_eq!(prefix_range_end(b"a\xff"), b"b");
        assert_eq!(prefix_range_end(b"\xff\xff"), b"\0");
    }

    #[test]
    fn destination_flags_are_named_as_such() {
        assert_eq!(
            dest_flag_names("but --cacert /x/ca.crt (CN=etcd-ca) is another CA; --cert=a --key b"),
            "but --dest-cacert /x/ca.crt (CN=etcd-ca) is another CA; --dest-cert=a --dest-key b"
        );
        assert_eq!(
            dest_flag_names("configure --cert-file, --key-file and --peer-cert; --insecure-transport"),
            "configure --cert-file, --key-file and --peer-cert; --dest-insecure-transport"
        );
        assert_eq!(dest_flag_names("--dest-cacert stays"), "--dest-cacert stays");
    }
}
