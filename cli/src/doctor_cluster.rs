//! `etcdtls doctor --cluster`: every member's certificates in one table.
//!
//! A cluster fails member by member: one member's certificate expires a month before the
//! others', another was reissued without its own IP and only the clients that dial it by name
//! still work. Asking one endpoint hides both. So this lists the members (etcd's member list),
//! dials each member's advertised client URL and, given a peer certificate, its peer URL, and
//! checks the certificate each one serves: who issued it (proven by signature against the CA
//! given), whether its SANs cover the address the member advertises, and how long it has left.
//! The dialling is `doctor`'s own step-by-step walk, so a handshake that fails is named the
//! same way.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use etcdtls_core::humanize;
use etcdtls_core::model::Certificate;
use etcdtls_core::signature::{Verification, verify};
use etcdtls_core::{Input, ItemKind, Options, Role, analyze};
use serde::Serialize;

use crate::cli::{DoctorArgs, DoctorFormat, GlobalFlags};
use crate::connect::credentials::Credentials;
use crate::connect::diagnosis::{Diagnosis, DiagnosisId};
use crate::connect::probe::{self, TlsSetup};
use crate::connect::target::{Scheme, Target};
use crate::connect::{self, Settings};
use crate::exit::{ExitStatus, Failure};

/// Which of a member's URLs a row is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UrlKind {
    /// The client URL (`--advertise-client-urls`), served with `--cert-file`.
    Client,
    /// The peer URL (`--initial-advertise-peer-urls`), served with `--peer-cert-file`.
    Peer,
}

impl UrlKind {
    fn as_str(self) -> &'static str {
        match self {
            UrlKind::Client => "client",
            UrlKind::Peer => "peer",
        }
    }
}

/// How a row came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RowStatus {
    /// Nothing wrong.
    Ok,
    /// Works today; needs attention soon (expires within the warning window).
    Warn,
    /// Nothing answered at the URL.
    Unreachable,
    /// Something is wrong now.
    Fail,
}

impl RowStatus {
    fn as_str(self) -> &'static str {
        match self {
            RowStatus::Ok => "ok",
            RowStatus::Warn => "warn",
            RowStatus::Unreachable => "unreachable",
            RowStatus::Fail => "FAIL",
        }
    }
}

/// Something wrong with one certificate or its URL.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// The diagnosis id.
    pub diagnosis: DiagnosisId,
    /// `warn` (works today) or `fail`.
    pub severity: &'static str,
    /// What is wrong.
    pub summary: String,
    /// What to do.
    pub fix: String,
}

/// The SAN check of one served certificate against the address dialled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SanCheck {
    /// The SANs cover the host of the URL the member advertises.
    Covers,
    /// They do not.
    Missing,
    /// No certificate was seen.
    Unknown,
}

/// One URL of one member, and the certificate it serves.
#[derive(Debug, Clone, Serialize)]
pub struct CertificateRow {
    /// The member's name (empty for a member that has not started).
    pub member: String,
    /// The member's id, hex as etcdctl prints it.
    pub member_id: String,
    /// The URL dialled.
    pub url: String,
    /// Client or peer URL.
    pub kind: UrlKind,
    /// The served certificate's subject.
    pub subject: Option<String>,
    /// Its issuer.
    pub issuer: Option<String>,
    /// Whether the CA given (`--cacert`, or `--peer-cacert` for peer URLs) signed it; `None`
    /// when no CA was given or no certificate was seen.
    pub signed_by_given_ca: Option<bool>,
    /// Its end of validity, RFC 3339.
    pub not_after: Option<String>,
    /// Whole days left (negative once expired).
    pub days_left: Option<i64>,
    /// Its SANs.
    pub sans: Vec<String>,
    /// The SANs against the host dialled.
    pub san_check: SanCheck,
    /// Whether the handshake was made with a certificate of ours: `accepted`, `refused`,
    /// `not-tried` (a peer URL without peer credentials: the certificate was only read).
    pub handshake: &'static str,
    /// The row's verdict.
    pub status: RowStatus,
    /// What is wrong, worst first.
    pub problems: Vec<Problem>,
}

/// The whole report.
#[derive(Debug, Serialize)]
pub struct ClusterReport {
    /// The endpoint the member list came from.
    pub listed_by: Option<String>,
    /// Whether peer URLs were shaken hands with (peer credentials were given).
    pub peer_credentials: bool,
    /// The warning window in days.
    pub warn_days: u32,
    /// One row per member URL.
    pub certificates: Vec<CertificateRow>,
    /// `ok`, or the worst problem's id.
    pub diagnosis: DiagnosisId,
    /// The verdict in words.
    pub summary: String,
    /// What to do first.
    pub fix: String,
}

/// The peer credentials, picked from `--pki` or given with `--peer-*`.
#[derive(Debug, Default)]
struct PeerFiles {
    cacert: Option<PathBuf>,
    cert: Option<PathBuf>,
    key: Option<PathBuf>,
}

/// kubeadm's peer pair in a PKI folder: the certificate the core calls `etcd-peer`, and its key.
fn peer_from_pki(dir: &Path) -> PeerFiles {
    let gathered = crate::inputs::gather(&[dir.to_path_buf()]);
    let inputs: Vec<Input<'_>> = gathered.files.iter().map(|f| Input::new(&f.name, &f.bytes)).collect();
    let report = analyze(&inputs, &Options::at(time::OffsetDateTime::now_utc()));
    let file_of = |role: Role, kind: ItemKind| {
        report
            .items
            .iter()
            .find(|i| i.role == role && i.kind() == kind && i.source.locator.is_none())
            .map(|i| PathBuf::from(&i.source.path))
    };
    PeerFiles {
        cacert: file_of(Role::EtcdCa, ItemKind::Certificate),
        cert: file_of(Role::EtcdPeer, ItemKind::Certificate),
        key: file_of(Role::EtcdPeer, ItemKind::PrivateKey),
    }
}

/// Runs `doctor --cluster`; `global` already carries what `--pki` picked for the client side.
pub fn run(args: &DoctorArgs, global: &GlobalFlags) -> Result<ExitStatus, Failure> {
    let format = args.output.unwrap_or(match global.write_out.as_deref() {
        Some("json") => DoctorFormat::Json,
        _ => DoctorFormat::Text,
    });
    // Files that cannot be used are a misconfiguration: doctor's exit 1, not etcdctl's 128.
    let settings = Settings::from_flags(global).map_err(|mut f| {
        f.status = ExitStatus::Error;
        f
    })?;
    let picked = args.pki.as_deref().map(peer_from_pki).unwrap_or_default();
    let peer_cert = args.peer_cert.clone().or(picked.cert);
    let peer_key = args.peer_key.clone().or(picked.key);
    let peer_cacert = args
        .peer_cacert
        .clone()
        .or(picked.cacert)
        .or_else(|| global.cacert.clone());
    let peer_tls = if peer_cert.is_some() && peer_key.is_some() {
        let creds = Credentials::load(&peer_cacert, &peer_cert, &peer_key, settings.now).map_err(|d| {
            let mut f = connect::diagnosis_failure(d);
            f.message = format!("peer credentials: {}", f.message);
            f
        })?;
        Some(TlsSetup {
            creds: Arc::new(creds),
            insecure_skip_verify: false,
        })
    } else {
        None
    };
    let report = crate::runtime()?.block_on(diagnose(&settings, peer_tls, peer_cacert, args.warn_days))?;
    let rendered = match format {
        DoctorFormat::Json => format!("{}\n", serde_json::to_string_pretty(&report).unwrap_or_default()),
        DoctorFormat::Text => render(&report),
    };
    crate::exit::write_stdout(rendered.as_bytes())?;
    Ok(exit_status(&report))
}

/// `doctor`'s codes: 0 healthy, 2 when every problem is an unreachable URL, 1 otherwise
/// (a certificate about to expire counts: the point of the warning window is to act).
pub fn exit_status(report: &ClusterReport) -> ExitStatus {
    let with_problems: Vec<&CertificateRow> = report
        .certificates
        .iter()
        .filter(|r| r.status != RowStatus::Ok)
        .collect();
    if report.diagnosis == DiagnosisId::Ok && with_problems.is_empty() {
        ExitStatus::Success
    } else if !with_problems.is_empty() && with_problems.iter().all(|r| r.status == RowStatus::Unreachable) {
        ExitStatus::BadConnection
    } else {
        ExitStatus::Error
    }
}

/// A member as the member list tells it.
struct Listed {
    name: String,
    id: u64,
    client_urls: Vec<String>,
    peer_urls: Vec<String>,
}

/// Lists the members from the first endpoint that answers. When none does, the report says
/// why, with `doctor`'s diagnosis of each endpoint.
async fn list_members(settings: &Settings) -> Result<(Target, Vec<Listed>), Failure> {
    let mut failures: Vec<(Target, Diagnosis)> = Vec::new();
    for target in &settings.targets {
        match connect::connect_one(settings, target).await {
            Ok(mut client) => match tokio::time::timeout(settings.command_timeout, client.member_list()).await {
                Ok(Ok(list)) => {
                    let members = list
                        .members()
                        .iter()
                        .map(|m| Listed {
                            name: m.name().to_string(),
                            id: m.id(),
                            client_urls: m.client_urls().to_vec(),
                            peer_urls: m.peer_urls().to_vec(),
                        })
                        .collect();
                    return Ok((target.clone(), members));
                }
                Ok(Err(e)) if !connect::is_transport_error(&e) => {
                    return Err(connect::diagnosis_failure(connect::etcd_error(&e, settings)));
                }
                _ => failures.push((
                    target.clone(),
                    Diagnosis::new(
                        DiagnosisId::ServerError,
                        format!("{target} did not answer the member list in time (lost quorum?)."),
                    ),
                )),
            },
            Err(connect::ConnectError::Etcd(e)) => {
                return Err(connect::diagnosis_failure(connect::etcd_error(&e, settings)));
            }
            Err(connect::ConnectError::TimedOut(d)) => failures.push((target.clone(), d)),
            Err(connect::ConnectError::Dial(_)) => {
                let walk = probe::walk(target, settings.tls.as_ref(), settings.walk_timeout(), settings.now).await;
                failures.push((target.clone(), walk.diagnosis));
            }
        }
    }
    let unreachable = failures.iter().all(|(_, d)| d.is_unreachable());
    let mut failure = connect::all_failed(failures);
    failure.message = format!("the member list could not be read: {}", failure.message);
    if unreachable {
        failure.status = ExitStatus::BadConnection;
    }
    Err(failure)
}

async fn diagnose(
    settings: &Settings,
    peer_tls: Option<TlsSetup>,
    peer_cacert: Option<PathBuf>,
    warn_days: u32,
) -> Result<ClusterReport, Failure> {
    let (listed_by, mut members) = list_members(settings).await?;
    members.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    // Without peer credentials the peer certificate is still worth reading: the handshake
    // gets as far as the server's certificate without one of ours.
    let peer_read_only = match &peer_tls {
        Some(_) => None,
        None => Credentials::load(&peer_cacert, &None, &None, settings.now)
            .ok()
            .map(|c| TlsSetup {
                creds: Arc::new(c),
                insecure_skip_verify: false,
            }),
    };
    let mut checks = Vec::new();
    for m in &members {
        if m.client_urls.is_empty() {
            checks.push(futures::future::Either::Left(std::future::ready(not_started(m))));
            continue;
        }
        for url in &m.client_urls {
            checks.push(futures::future::Either::Right(Box::pin(check_url(
                m,
                url,
                UrlKind::Client,
                settings.tls.as_ref(),
                true,
                settings,
                warn_days,
            ))));
        }
        for url in &m.peer_urls {
            let (tls, ours) = match &peer_tls {
                Some(t) => (Some(t), true),
                None => (peer_read_only.as_ref(), false),
            };
            checks.push(futures::future::Either::Right(Box::pin(check_url(
                m,
                url,
                UrlKind::Peer,
                tls,
                ours,
                settings,
                warn_days,
            ))));
        }
    }
    let certificates = futures::future::join_all(checks).await;
    // The most urgent: what fails now before what only warns, then the soonest to expire.
    let worst = certificates
        .iter()
        .flat_map(|r| r.problems.iter().map(move |p| (r, p)))
        .min_by_key(|(r, p)| {
            (
                std::cmp::Reverse(r.status),
                p.severity != "fail",
                r.days_left.unwrap_or(i64::MAX),
            )
        });
    let with_problems = certificates.iter().filter(|r| r.status != RowStatus::Ok).count();
    let (diagnosis, summary, fix) = match worst {
        None => (
            DiagnosisId::Ok,
            format!(
                "{} members, {} certificates: every one is issued by the CA given, covers its member's address, and has more than {warn_days} days left.",
                members.len(),
                certificates.len()
            ),
            String::new(),
        ),
        Some((row, p)) => (
            p.diagnosis,
            format!(
                "{with_problems} of {} certificates need attention; the most urgent: {} ({} {}): {}",
                certificates.len(),
                row.member,
                row.kind.as_str(),
                row.url,
                p.summary
            ),
            p.fix.clone(),
        ),
    };
    Ok(ClusterReport {
        listed_by: Some(listed_by.original),
        peer_credentials: peer_tls.is_some(),
        warn_days,
        certificates,
        diagnosis,
        summary,
        fix,
    })
}

fn not_started(m: &Listed) -> CertificateRow {
    CertificateRow {
        member: m.name.clone(),
        member_id: format!("{:x}", m.id),
        url: m.peer_urls.join(","),
        kind: UrlKind::Client,
        subject: None,
        issuer: None,
        signed_by_given_ca: None,
        not_after: None,
        days_left: None,
        sans: Vec::new(),
        san_check: SanCheck::Unknown,
        handshake: "not-tried",
        status: RowStatus::Unreachable,
        problems: vec![Problem {
            diagnosis: DiagnosisId::Unreachable,
            severity: "fail",
            summary: "the member is listed but has not started (it has no client URL yet)".into(),
            fix: "Start etcd on that member with --initial-cluster-state=existing, or remove it with `etcdctl member remove`.".into(),
        }],
    }
}

/// Dials one URL with `doctor`'s walk and checks the certificate it serves.
async fn check_url(
    m: &Listed,
    url: &str,
    kind: UrlKind,
    tls: Option<&TlsSetup>,
    ours: bool,
    settings: &Settings,
    warn_days: u32,
) -> CertificateRow {
    let mut row = CertificateRow {
        member: m.name.clone(),
        member_id: format!("{:x}", m.id),
        url: url.to_string(),
        kind,
        subject: None,
        issuer: None,
        signed_by_given_ca: None,
        not_after: None,
        days_left: None,
        sans: Vec::new(),
        san_check: SanCheck::Unknown,
        handshake: if ours { "refused" } else { "not-tried" },
        status: RowStatus::Ok,
        problems: Vec::new(),
    };
    let target = match Target::parse(url, true) {
        Ok(t) => t,
        Err(e) => {
            row.problems.push(fail(
                DiagnosisId::Unreachable,
                e,
                "Fix the member's advertised URL (etcd's --advertise-client-urls or --initial-advertise-peer-urls).",
            ));
            row.status = RowStatus::Fail;
            return row;
        }
    };
    let walk = probe::walk(&target, tls, settings.walk_timeout(), settings.now).await;
    let now = settings.now;
    if target.scheme == Scheme::Http {
        row.problems.push(fail(
            DiagnosisId::InsecurePlaintext,
            format!(
                "the member serves its {} URL in plaintext: no certificate, and anyone on the network path can read and change what passes",
                kind.as_str()
            ),
            match kind {
                UrlKind::Client => "Serve clients over TLS: --cert-file, --key-file, --trusted-ca-file and --client-cert-auth=true, and advertise https:// URLs.",
                UrlKind::Peer => "Serve peers over TLS: --peer-cert-file, --peer-key-file, --peer-trusted-ca-file and --peer-client-cert-auth=true, and advertise https:// peer URLs.",
            },
        ));
    }
    if let Some(cert) = &walk.server_certificate {
        row.subject = Some(cert.subject.text.clone());
        row.issuer = Some(cert.issuer.text.clone());
        row.not_after = Some(humanize::rfc3339(cert.not_after));
        row.days_left = Some((cert.not_after - now).whole_days());
        row.sans = cert.sans.iter().map(ToString::to_string).collect();
        row.signed_by_given_ca = tls.and_then(|t| signed_by(cert, &t.creds));
        let ca = probe::ca_file(tls.and_then(|t| t.creds.cacert.as_ref()));
        let served = probe::Served::read(cert, ca.as_ref().map(|(p, b)| (p.as_str(), *b)), now);
        row.problems.extend(certificate_problems(
            cert,
            &served,
            &target,
            kind,
            row.signed_by_given_ca,
            now,
            warn_days,
        ));
        row.san_check = if cert.covers_host(&target.host) {
            SanCheck::Covers
        } else {
            SanCheck::Missing
        };
    }
    let d = walk.diagnosis;
    // What the certificate checks above already say, the walk need not repeat.
    let covered = matches!(
        d.id,
        DiagnosisId::ServerNameMismatch
            | DiagnosisId::ServerCertExpired
            | DiagnosisId::ServerCertNotYetValid
            | DiagnosisId::WrongCa
    ) && walk.server_certificate.is_some();
    // etcd's peer port answers HTTP/1 (or HTTP/2 without gRPC): for a peer URL that is success.
    let accepted = match kind {
        UrlKind::Client => d.id == DiagnosisId::Ok,
        UrlKind::Peer => matches!(d.id, DiagnosisId::Ok | DiagnosisId::PeerPort | DiagnosisId::NotEtcd),
    };
    // Read without a peer certificate, a peer port refuses us: expected, and not the member's fault.
    let read_only_refusal = kind == UrlKind::Peer && !ours && d.id == DiagnosisId::ClientCertRequired;
    if accepted {
        row.handshake = if ours { "accepted" } else { "not-tried" };
    } else if d.is_unreachable() {
        row.problems.push(fail(d.id, d.summary, d.fix));
    } else if !covered && !read_only_refusal {
        let summary = match kind {
            UrlKind::Client => d.summary,
            UrlKind::Peer => format!("the peer handshake failed: {}", d.summary),
        };
        row.problems.push(fail(d.id, summary, d.fix));
    }
    row.problems.sort_by_key(|p| p.severity != "fail");
    row.status = if row
        .problems
        .iter()
        .any(|p| p.severity == "fail" && !matches!(p.diagnosis, DiagnosisId::Unreachable | DiagnosisId::Timeout))
    {
        RowStatus::Fail
    } else if row.problems.iter().any(|p| p.severity == "fail") {
        RowStatus::Unreachable
    } else if row.problems.is_empty() {
        RowStatus::Ok
    } else {
        RowStatus::Warn
    };
    row
}

fn fail(id: DiagnosisId, summary: impl Into<String>, fix: impl Into<String>) -> Problem {
    Problem {
        diagnosis: id,
        severity: "fail",
        summary: summary.into(),
        fix: fix.into(),
    }
}

/// Whether one of the CA certificates given signed `cert` (a signature check, not a name
/// match: a rebuilt CA keeps its name).
fn signed_by(cert: &Certificate, creds: &Credentials) -> Option<bool> {
    let cas: Vec<&Certificate> = creds.ca_certificates().iter().filter_map(|i| i.certificate()).collect();
    if cas.is_empty() {
        return None;
    }
    Some(
        cas.iter()
            .any(|ca| verify(&cert.signed, &ca.public_key.material) == Verification::Valid),
    )
}

/// Issuer, SANs and validity of one served certificate.
#[allow(clippy::too_many_arguments)]
fn certificate_problems(
    cert: &Certificate,
    served: &probe::Served,
    target: &Target,
    kind: UrlKind,
    signed_by_given_ca: Option<bool>,
    now: time::OffsetDateTime,
    warn_days: u32,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    // How its distribution renews it; kubeadm's command where the certificate says no more.
    let renewal = served.renewal().unwrap_or_else(|| {
        format!(
            "kubeadm: `kubeadm certs renew {}` on that node, then restart etcd.",
            match kind {
                UrlKind::Client => "etcd-server",
                UrlKind::Peer => "etcd-peer",
            }
        )
    });
    let flag = match kind {
        UrlKind::Client => "--cert-file",
        UrlKind::Peer => "--peer-cert-file",
    };
    let ca_flag = match kind {
        UrlKind::Client => "--cacert",
        UrlKind::Peer => "--peer-cacert",
    };
    if signed_by_given_ca == Some(false) {
        problems.push(fail(
            DiagnosisId::WrongCa,
            format!(
                "its certificate ({}) was signed by {}, not by the CA given with {ca_flag}: clients and peers that trust that CA refuse it (\"x509: certificate signed by unknown authority\")",
                cert.subject.text, cert.issuer.text
            ),
            format!("Reissue the member's {flag} certificate from the cluster's etcd CA, or give {ca_flag} the CA that signed it if it is the right one."),
        ));
    }
    if !cert.covers_host(&target.host) {
        let sans: Vec<String> = cert.sans.iter().map(ToString::to_string).collect();
        problems.push(fail(
            DiagnosisId::ServerNameMismatch,
            format!(
                "its certificate does not cover {}, the address the member advertises: it is valid for [{}], so everyone who dials that URL is refused (\"x509: certificate is valid for ..., not {}\")",
                target.host,
                sans.join(", "),
                target.host
            ),
            served.adding_names(kind == UrlKind::Peer, &target.host),
        ));
    }
    if cert.not_after <= now {
        problems.push(fail(
            DiagnosisId::ServerCertExpired,
            format!(
                "its certificate expired on {}, {} ago",
                humanize::date(cert.not_after),
                humanize::between(now, cert.not_after)
            ),
            format!("Renew it now. {renewal}"),
        ));
    } else if cert.not_before > now {
        problems.push(fail(
            DiagnosisId::ServerCertNotYetValid,
            format!(
                "its certificate is not valid until {} (a clock is wrong?)",
                humanize::date(cert.not_before)
            ),
            "Check the clocks on this machine and on the member (`timedatectl`).",
        ));
    } else if cert.not_after - now <= time::Duration::days(i64::from(warn_days)) {
        problems.push(Problem {
            diagnosis: DiagnosisId::CertExpiringSoon,
            severity: "warn",
            summary: format!(
                "its certificate expires on {}, in {}: within the {warn_days}-day warning window",
                humanize::date(cert.not_after),
                humanize::between(cert.not_after, now)
            ),
            fix: format!("Renew it before then. {renewal}"),
        });
    }
    problems
}

fn render(report: &ClusterReport) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let bold = anstyle::Style::new().bold();
    let _ = writeln!(
        out,
        "{bold}Members' certificates{bold:#} (member list from {}; warning window {} days{})\n",
        report.listed_by.as_deref().unwrap_or("?"),
        report.warn_days,
        if report.peer_credentials {
            ""
        } else {
            "; peer URLs read without a peer certificate: give --pki or --peer-cert/--peer-key to test the peer handshake"
        }
    );
    let header = [
        "MEMBER", "URL", "KIND", "SUBJECT", "ISSUER", "EXPIRES", "SANS", "STATUS",
    ];
    let rows: Vec<[String; 8]> = report
        .certificates
        .iter()
        .map(|r| {
            let issuer = match (&r.issuer, r.signed_by_given_ca) {
                (Some(i), Some(true)) => format!("{i} ✓"),
                (Some(i), Some(false)) => format!("{i} (not the CA given)"),
                (Some(i), None) => i.clone(),
                (None, _) => "-".into(),
            };
            let expires = match (&r.not_after, r.days_left) {
                (Some(t), Some(d)) => format!("{} ({})", &t[..10.min(t.len())], days(d)),
                _ => "-".into(),
            };
            let san = match r.san_check {
                SanCheck::Covers => "ok".to_string(),
                SanCheck::Missing => format!(
                    "lacks {}",
                    Target::parse(&r.url, true).map(|t| t.host).unwrap_or_default()
                ),
                SanCheck::Unknown => "-".into(),
            };
            [
                r.member.clone(),
                r.url.clone(),
                r.kind.as_str().to_string(),
                r.subject.clone().unwrap_or_else(|| "-".into()),
                issuer,
                expires,
                san,
                r.status.as_str().to_string(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let mut l = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            if i + 1 == cells.len() {
                l.push_str(cell);
            } else {
                l.push_str(&format!("{cell:<w$}  "));
            }
        }
        l.trim_end().to_string()
    };
    let _ = writeln!(out, "{}", line(&header.map(String::from)));
    for (row, cells) in report.certificates.iter().zip(&rows) {
        let colour = match row.status {
            RowStatus::Ok => anstyle::AnsiColor::Green.on_default(),
            RowStatus::Warn => anstyle::AnsiColor::Yellow.on_default(),
            RowStatus::Unreachable | RowStatus::Fail => anstyle::AnsiColor::Red.on_default().bold(),
        };
        let text = line(cells);
        let status = cells[7].as_str();
        let (body, _) = text.split_at(text.len() - status.len());
        let _ = writeln!(out, "{body}{colour}{status}{colour:#}");
    }
    let troubled: Vec<&CertificateRow> = report.certificates.iter().filter(|r| !r.problems.is_empty()).collect();
    if !troubled.is_empty() {
        let _ = writeln!(out, "\n{bold}What is wrong{bold:#}");
        for r in troubled {
            let _ = writeln!(out, "  {} {} {}:", r.member, r.kind.as_str(), r.url);
            for p in &r.problems {
                let _ = writeln!(
                    out,
                    "    {} [{}] {}",
                    if p.severity == "fail" { "✗" } else { "!" },
                    p.diagnosis,
                    p.summary
                );
                let _ = writeln!(out, "      fix: {}", p.fix);
            }
        }
    }
    let verdict = if report.diagnosis == DiagnosisId::Ok {
        format!(
            "{}→ ok{}: {}",
            anstyle::AnsiColor::Green.on_default().bold(),
            anstyle::Reset,
            report.summary
        )
    } else {
        format!(
            "{}→ {}{}: {}\n  fix: {}",
            anstyle::AnsiColor::Red.on_default().bold(),
            report.diagnosis,
            anstyle::Reset,
            report.summary,
            report.fix
        )
    };
    let _ = writeln!(out, "\n{verdict}");
    out
}

fn days(d: i64) -> String {
    if d < 0 { "expired".into() } else { format!("{d}d") }
}
