//! `etcdtls doctor`: walk the connection to each endpoint step by step (files, reach, TLS, the
//! server's certificate, the client certificate, etcd itself), say exactly which step fails,
//! why, and what to change; then audit what the server lets through.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use etcdtls_core::humanize;
use etcdtls_core::{Input, ItemKind, Options, Role, analyze};
use serde::Serialize;

use crate::cli::{DoctorArgs, DoctorFormat, GlobalFlags};
use crate::connect::credentials::Credentials;
use crate::connect::diagnosis::{Diagnosis, DiagnosisId};
use crate::connect::probe::{self, Step, TlsSetup};
use crate::connect::target::{Scheme, Target};
use crate::connect::{self, Settings};
use crate::exit::{ExitStatus, Failure};

/// One endpoint's walk.
#[derive(Debug, Serialize)]
pub struct EndpointReport {
    /// The endpoint as given.
    pub endpoint: String,
    /// The verdict.
    pub diagnosis: DiagnosisId,
    /// The verdict in words.
    pub summary: String,
    /// What to do.
    pub fix: String,
    /// The file at fault.
    pub file: Option<PathBuf>,
    /// Each step.
    pub steps: Vec<Step>,
    /// Audit findings (what the server lets through).
    pub audit: Vec<AuditFinding>,
    /// Milliseconds to the verdict.
    pub took_ms: u128,
}

/// Something the server allows that it should not.
#[derive(Debug, Serialize)]
pub struct AuditFinding {
    /// The diagnosis id.
    pub diagnosis: DiagnosisId,
    /// What it means.
    pub summary: String,
    /// What to change.
    pub fix: String,
}

/// The whole report.
#[derive(Debug, Serialize)]
pub struct DoctorReport {
    /// Where the files came from (`--pki`), if anywhere.
    pub pki: Option<PathBuf>,
    /// The files step.
    pub files: Vec<Step>,
    /// A problem with the files that stopped everything, if any.
    pub files_diagnosis: Option<Diagnosis>,
    /// One walk per endpoint.
    pub endpoints: Vec<EndpointReport>,
    /// `ok`, or the first problem's id.
    pub diagnosis: DiagnosisId,
}

/// `--cacert`, `--cert` and `--key`, as picked from a PKI folder.
type Picked = (Option<PathBuf>, Option<PathBuf>, Option<PathBuf>);

/// Picks the etcd CA and the least-privileged client pair from a kubeadm layout.
fn pick_from_pki(dir: &Path) -> Result<Picked, Failure> {
    let gathered = crate::inputs::gather(&[dir.to_path_buf()]);
    if let Some(u) = gathered.unreadable.first() {
        return Err(Failure::new(
            ExitStatus::Error,
            format!("--pki {}: {}", u.name, u.reason),
        ));
    }
    let inputs: Vec<Input<'_>> = gathered.files.iter().map(|f| Input::new(&f.name, &f.bytes)).collect();
    let report = analyze(&inputs, &Options::at(time::OffsetDateTime::now_utc()));
    // The distribution profiles have named every file; the recipes put the etcd CA with the
    // least-privileged client pair it signed first (kubeadm: etcd/ca.crt with
    // etcd/healthcheck-client; k3s: server/tls/etcd/server-ca.crt with server/tls/etcd/client.crt).
    // An expired client pair is still the one the layout means: the steps then say so.
    let recipes = etcdtls_core::intended_connection_recipes(&report);
    let path_of = |id: &str| {
        report
            .items
            .iter()
            .find(|i| i.id.0 == id)
            .map(|i| PathBuf::from(&i.source.path))
    };
    let (ca, cert, key) = match recipes.first() {
        Some(r) => (path_of(&r.ca), path_of(&r.cert), path_of(&r.key)),
        None => (
            report
                .items
                .iter()
                .find(|i| i.role == Role::EtcdCa && i.kind() == ItemKind::Certificate && i.source.locator.is_none())
                .map(|i| PathBuf::from(&i.source.path)),
            None,
            None,
        ),
    };
    if ca.is_none() {
        let layout = report
            .distribution
            .map(|d| format!(" ({} keeps it in {})", d.name, d.pki_dirs.join(" or ")))
            .unwrap_or_else(|| " (kubeadm keeps it in pki/etcd/ca.crt)".into());
        return Err(Failure::new(
            ExitStatus::Error,
            format!(
                "--pki {}: no etcd CA found{layout}; give --cacert instead",
                dir.display()
            ),
        ));
    }
    Ok((ca, cert, key))
}

fn describe_files(creds: &Credentials, now: time::OffsetDateTime) -> Vec<Step> {
    let mut steps = Vec::new();
    let given = [
        (&creds.cacert, "--cacert"),
        (&creds.cert, "--cert"),
        (&creds.key, "--key"),
    ];
    for (file, flag) in given {
        let Some(f) = file else {
            if flag == "--cacert" {
                steps.push(Step::warn(
                    "files",
                    "no --cacert: the server is checked against the system's CA store",
                ));
            }
            continue;
        };
        let name = f.name();
        let item = creds
            .report()
            .items
            .iter()
            .find(|i| i.source.path == name && (flag != "--key" || i.kind() == ItemKind::PrivateKey));
        let Some(item) = item else { continue };
        let mut detail = format!("{flag} {name}: {}", item.role.title());
        if let Some(c) = item.certificate() {
            detail.push_str(&format!(
                " ({}), valid until {}",
                c.subject.text,
                humanize::date(c.not_after)
            ));
            if c.not_after < now {
                steps.push(
                    Step::fail(
                        "files",
                        format!("{detail}: EXPIRED {} ago", humanize::between(now, c.not_after)),
                    )
                    .with_id(if flag == "--cert" {
                        DiagnosisId::ClientCertExpired
                    } else {
                        DiagnosisId::ServerCertExpired
                    }),
                );
                continue;
            }
            if flag == "--cert" && !c.allows_client_auth() {
                steps.push(
                    Step::fail("files", format!("{detail}: lacks clientAuth"))
                        .with_id(DiagnosisId::ClientCertNoClientAuth),
                );
                continue;
            }
            if flag == "--cacert" && !c.is_ca() {
                steps.push(Step::warn(
                    "files",
                    format!("{detail}: not a CA; only a server presenting this very certificate is trusted"),
                ));
                continue;
            }
            if flag == "--cert" {
                let cas = creds.ca_certificates();
                let chained = cas.iter().any(|ca| item.chain.contains(&ca.id));
                // A --cacert of certificates that are not CAs says nothing of the client's CA.
                let any_ca = cas.iter().any(|ca| ca.certificate().is_some_and(|c| c.is_ca()));
                if !chained && any_ca {
                    steps.push(Step::warn(
                        "files",
                        format!(
                            "{detail}: not issued by --cacert (issued by {}); etcd must trust that CA instead",
                            c.issuer.text
                        ),
                    ));
                    continue;
                }
                detail.push_str(if chained {
                    ", clientAuth, issued by --cacert"
                } else {
                    ", clientAuth"
                });
            }
        } else if let Some(k) = &item.key.as_ref().or(item.certificate.as_ref()) {
            detail.push_str(&format!(", pairs with {k}"));
        }
        steps.push(Step::pass("files", detail));
    }
    steps
}

/// Runs `doctor`.
pub fn run(args: &DoctorArgs, global: &GlobalFlags) -> Result<ExitStatus, Failure> {
    let mut global = global.clone();
    if let Some(dir) = &args.pki {
        let (ca, cert, key) = pick_from_pki(dir)?;
        global.cacert = global.cacert.or(ca);
        global.cert = global.cert.or(cert);
        global.key = global.key.or(key);
    }
    if args.cluster {
        return crate::doctor_cluster::run(args, &global);
    }
    let format = args.output.unwrap_or(match global.write_out.as_deref() {
        Some("json") => DoctorFormat::Json,
        _ => DoctorFormat::Text,
    });
    let report = crate::runtime()?.block_on(diagnose(&global, args.pki.clone()));
    let rendered = match format {
        DoctorFormat::Json => format!("{}\n", serde_json::to_string_pretty(&report).unwrap_or_default()),
        DoctorFormat::Text => render(&report),
    };
    crate::exit::write_stdout(rendered.as_bytes())?;
    Ok(exit_status(&report))
}

/// 0 healthy; 2 when every failing endpoint is unreachable; 1 for any misconfiguration.
pub fn exit_status(report: &DoctorReport) -> ExitStatus {
    if report.files_diagnosis.is_some() {
        return ExitStatus::Error;
    }
    let failing: Vec<&EndpointReport> = report
        .endpoints
        .iter()
        .filter(|e| e.diagnosis != DiagnosisId::Ok || !e.audit.is_empty())
        .collect();
    if failing.is_empty() {
        ExitStatus::Success
    } else if failing
        .iter()
        .all(|e| matches!(e.diagnosis, DiagnosisId::Unreachable | DiagnosisId::Timeout))
    {
        ExitStatus::BadConnection
    } else {
        ExitStatus::Error
    }
}

/// Walks every endpoint.
pub async fn diagnose(global: &GlobalFlags, pki: Option<PathBuf>) -> DoctorReport {
    let settings = match Settings::from_flags(global) {
        Ok(s) => s,
        Err(f) => {
            // The files themselves are at fault: say so and stop.
            let now = time::OffsetDateTime::now_utc();
            let d = Credentials::load(&global.cacert, &global.cert, &global.key, now)
                .err()
                .unwrap_or_else(|| Diagnosis::new(DiagnosisId::Internal, f.message.clone()));
            return DoctorReport {
                pki,
                files: vec![Step::fail("files", d.summary.clone()).with_id(d.id)],
                diagnosis: d.id,
                files_diagnosis: Some(d),
                endpoints: Vec::new(),
            };
        }
    };
    let files = settings
        .tls
        .as_ref()
        .map(|t| describe_files(&t.creds, settings.now))
        .unwrap_or_default();
    let mut endpoints = Vec::new();
    for target in &settings.targets {
        endpoints.push(endpoint(&settings, target).await);
    }
    let diagnosis = endpoints
        .iter()
        .map(|e| e.diagnosis)
        .find(|d| *d != DiagnosisId::Ok)
        .or_else(|| {
            endpoints
                .iter()
                .flat_map(|e| e.audit.iter().map(|a| a.diagnosis))
                .next()
        })
        .unwrap_or(DiagnosisId::Ok);
    DoctorReport {
        pki,
        files,
        files_diagnosis: None,
        endpoints,
        diagnosis,
    }
}

async fn endpoint(settings: &Settings, target: &Target) -> EndpointReport {
    let started = std::time::Instant::now();
    let walk = probe::walk(target, settings.tls.as_ref(), settings.walk_timeout(), settings.now).await;
    let mut steps = walk.steps;
    let mut diagnosis = walk.diagnosis;
    let mut audit = Vec::new();
    if diagnosis.id == DiagnosisId::Ok {
        match etcd_step(settings, target).await {
            Ok(detail) => steps.push(Step::pass("etcd", detail)),
            Err(d) => {
                steps.push(Step::fail("etcd", d.summary.clone()).with_id(d.id));
                diagnosis = d;
            }
        }
        audit = audit_step(settings, target, &walk.trace, walk.tls_version.as_deref()).await;
        for a in &audit {
            steps.push(Step::fail("audit", a.summary.clone()).with_id(a.diagnosis));
        }
        if audit.is_empty() && target.scheme == Scheme::Https {
            steps.push(Step::pass(
                "audit",
                "clients without a certificate are refused; TLS 1.0 and 1.1 are not probed (rustls speaks 1.2 and 1.3)",
            ));
        }
    }
    EndpointReport {
        endpoint: target.original.clone(),
        diagnosis: diagnosis.id,
        summary: diagnosis.summary,
        fix: diagnosis.fix,
        file: diagnosis.file,
        steps,
        audit,
        took_ms: started.elapsed().as_millis(),
    }
}

/// A status call, then a read as the client's identity (which is where etcd auth answers).
async fn etcd_step(settings: &Settings, target: &Target) -> Result<String, Diagnosis> {
    let mut client = connect::connect_one(settings, target).await.map_err(|e| match e {
        connect::ConnectError::Etcd(e) => connect::etcd_error(&e, settings),
        connect::ConnectError::Dial(e) => Diagnosis::new(DiagnosisId::TlsError, e),
        connect::ConnectError::TimedOut(d) => d,
    })?;
    let status = tokio::time::timeout(settings.command_timeout, client.status())
        .await
        .map_err(|_| {
            Diagnosis::new(
                DiagnosisId::ServerError,
                "etcd did not answer a status call in time (lost quorum?)",
            )
        })?
        .map_err(|e| connect::etcd_error(&e, settings))?;
    let member = status.header().map(|h| h.member_id()).unwrap_or(0);
    let leader = if status.leader() == 0 {
        "NO LEADER".to_string()
    } else if status.leader() == member {
        "this member leads".to_string()
    } else {
        format!("leader {:x}", status.leader())
    };
    match tokio::time::timeout(settings.command_timeout, client.get("health", None)).await {
        Err(_) => {
            return Err(Diagnosis::new(
                DiagnosisId::ServerError,
                "etcd did not answer a read in time: the cluster may have lost quorum",
            ));
        }
        Ok(Err(e)) => return Err(connect::etcd_error(&e, settings)),
        Ok(Ok(_)) => {}
    }
    Ok(format!(
        "etcd {}, member {member:x}, {leader}, raft term {}; reads work",
        status.version(),
        status.raft_term()
    ))
}

/// What the server lets through that it should not.
async fn audit_step(
    settings: &Settings,
    target: &Target,
    trace: &connect::credentials::Trace,
    tls_version: Option<&str>,
) -> Vec<AuditFinding> {
    let mut found = Vec::new();
    if target.scheme == Scheme::Http {
        found.push(AuditFinding {
            diagnosis: DiagnosisId::InsecurePlaintext,
            summary: format!("{} serves clients in plaintext: anyone on the network path can read every key, including every Kubernetes Secret, and write any.", target.authority()),
            fix: "Serve clients over TLS with client certificates: --cert-file, --key-file, --trusted-ca-file and --client-cert-auth=true (kubeadm's defaults).".into(),
        });
        return found;
    }
    let _ = tls_version;
    // Does the server let a client in without a certificate?
    let asked = trace.client_cert_requested;
    let cacert = settings
        .tls
        .as_ref()
        .and_then(|t| t.creds.cacert.as_ref())
        .map(|c| c.path.clone());
    let Ok(anonymous) = Credentials::load(&cacert, &None, &None, settings.now) else {
        return found;
    };
    let anon_settings = Settings {
        tls: Some(TlsSetup {
            creds: Arc::new(anonymous),
            insecure_skip_verify: settings.tls.as_ref().is_some_and(|t| t.insecure_skip_verify),
        }),
        ..settings.clone()
    };
    let let_in = match connect::connect_one(&anon_settings, target).await {
        Ok(mut c) => tokio::time::timeout(settings.command_timeout, c.status())
            .await
            .is_ok_and(|r| r.is_ok()),
        Err(_) => false,
    };
    if let_in {
        found.push(AuditFinding {
            diagnosis: DiagnosisId::InsecureNoClientAuth,
            summary: format!(
                "{} accepts clients without a certificate{}: anyone who reaches the port can read every key, including every Kubernetes Secret.",
                target.authority(),
                if asked { " (it asks for one but does not require it)" } else { "" }
            ),
            fix: "Start etcd with --client-cert-auth=true and --trusted-ca-file=<etcd CA> (kubeadm: /etc/kubernetes/pki/etcd/ca.crt).".into(),
        });
    }
    found
}

fn render(report: &DoctorReport) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let mark = |status: &str| match status {
        "pass" => format!("{}✓{}", anstyle::AnsiColor::Green.on_default(), anstyle::Reset),
        "fail" => format!("{}✗{}", anstyle::AnsiColor::Red.on_default().bold(), anstyle::Reset),
        "warn" => format!("{}!{}", anstyle::AnsiColor::Yellow.on_default().bold(), anstyle::Reset),
        _ => "·".into(),
    };
    let bold = anstyle::Style::new().bold();
    if let Some(pki) = &report.pki {
        let _ = writeln!(out, "Files picked from {}", pki.display());
    }
    let _ = writeln!(out, "{bold}Files{bold:#}");
    if report.files.is_empty() {
        let _ = writeln!(out, "  · no certificate files given (plaintext or system CAs)");
    }
    for s in &report.files {
        let _ = writeln!(out, "  {} {}", mark(s.status), s.detail);
    }
    if let Some(d) = &report.files_diagnosis {
        let _ = writeln!(out, "\n{bold}→ {}{bold:#}: {}\n  fix: {}", d.id, d.summary, d.fix);
        return out;
    }
    for e in &report.endpoints {
        let _ = writeln!(out, "\n{bold}{}{bold:#}", e.endpoint);
        for s in &e.steps {
            let _ = writeln!(out, "  {} {:<19} {}", mark(s.status), s.step, s.detail);
        }
        let verdict = if e.diagnosis == DiagnosisId::Ok && e.audit.is_empty() {
            format!(
                "{}→ ok{}: {} ({} ms)",
                anstyle::AnsiColor::Green.on_default().bold(),
                anstyle::Reset,
                e.summary,
                e.took_ms
            )
        } else if e.diagnosis == DiagnosisId::Ok {
            let a = &e.audit[0];
            format!(
                "{}→ {}{}: {}\n  fix: {}",
                anstyle::AnsiColor::Red.on_default().bold(),
                a.diagnosis,
                anstyle::Reset,
                a.summary,
                a.fix
            )
        } else {
            format!(
                "{}→ {}{}: {} ({} ms)\n  fix: {}",
                anstyle::AnsiColor::Red.on_default().bold(),
                e.diagnosis,
                anstyle::Reset,
                e.summary,
                e.took_ms,
                e.fix
            )
        };
        let _ = writeln!(out, "  {verdict}");
    }
    out
}
