//! Dialling an endpoint step by step, and saying which step failed and why.
//!
//! The same dial serves the client commands (where it hands the TLS stream to gRPC) and the
//! diagnosis (where it stops after each step to look). Every failure class answers at once:
//! a refused port, a handshake error, a TLS alert all arrive in milliseconds, so nothing waits
//! for a timeout but a dial into silence.

use std::io;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use etcdtls_core::humanize;
use etcdtls_core::model::Certificate;
use rustls::pki_types::ServerName;
use rustls::{AlertDescription, CertificateError};
use serde::Serialize;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

use super::credentials::{Credentials, SharedTrace, Trace};
use super::diagnosis::{Diagnosis, DiagnosisId};
use super::target::{Scheme, Target};

/// A byte stream gRPC can run over: plain TCP or TLS.
pub trait AsyncIo: AsyncRead + AsyncWrite + Send + Unpin {}
impl<T: AsyncRead + AsyncWrite + Send + Unpin> AsyncIo for T {}

/// A boxed stream.
pub type Io = Box<dyn AsyncIo>;

/// TLS settings for dialling.
#[derive(Debug, Clone)]
pub struct TlsSetup {
    /// The checked files.
    pub creds: Arc<Credentials>,
    /// `--insecure-skip-tls-verify`.
    pub insecure_skip_verify: bool,
}

/// A connected stream and what its handshake saw.
#[allow(missing_debug_implementations)]
pub struct Dialed {
    /// The stream.
    pub io: Io,
    /// The handshake's record (empty for plaintext).
    pub trace: Trace,
    /// The TLS version, for TLS.
    pub tls_version: Option<String>,
    /// The ALPN protocol the server chose, for TLS.
    pub alpn: Option<String>,
}

/// Why a dial failed.
#[derive(Debug)]
pub enum DialError {
    /// The name did not resolve.
    Dns(String),
    /// Connection refused.
    Refused(String),
    /// No route, network down, and the like.
    Unreachable(String),
    /// No answer in time: no TCP connection, or no name lookup.
    Timeout(Duration),
    /// TCP connected, but the TLS handshake got no answer in time: something holds the port
    /// and does not speak (a stopped or starved member).
    Stalled(Duration),
    /// The TLS handshake failed.
    Tls {
        /// rustls' error, when the failure came from rustls.
        error: Option<rustls::Error>,
        /// The I/O error otherwise.
        io: Option<String>,
        /// What the handshake saw before failing.
        trace: Trace,
    },
    /// A local configuration problem.
    Local(Diagnosis),
}

impl std::fmt::Display for DialError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DialError::Dns(e) => write!(f, "name lookup failed: {e}"),
            DialError::Refused(e) => write!(f, "connection refused: {e}"),
            DialError::Unreachable(e) => write!(f, "unreachable: {e}"),
            DialError::Timeout(d) => write!(f, "no answer within {d:?}"),
            DialError::Stalled(d) => write!(f, "no TLS answer within {d:?}"),
            DialError::Tls { error: Some(e), .. } => write!(f, "TLS handshake failed: {e}"),
            DialError::Tls { io: Some(e), .. } => write!(f, "TLS handshake failed: {e}"),
            DialError::Tls { .. } => f.write_str("TLS handshake failed"),
            DialError::Local(d) => write!(f, "{}", d.summary),
        }
    }
}

impl std::error::Error for DialError {}

/// Opens TCP to the target, trying each address, within `timeout`.
pub async fn tcp(target: &Target, timeout: Duration) -> Result<TcpStream, DialError> {
    let deadline = Instant::now() + timeout;
    // An endpoint without a port, or with one that is no port (`Target::parse` leaves port
    // 0): Go's dialer refuses the address before any lookup ("missing port in address",
    // "invalid port").
    if target.port == 0 && !target.host.is_empty() {
        return Err(DialError::Dns(match &target.bad_port {
            Some(p) => format!("address {p}: invalid port"),
            None => format!("address {}: missing port in address", target.host),
        }));
    }
    let addrs: Vec<std::net::SocketAddr> =
        match tokio::time::timeout(timeout, tokio::net::lookup_host(target.authority())).await {
            Err(_) => return Err(DialError::Timeout(timeout)),
            Ok(Err(e)) => return Err(DialError::Dns(e.to_string())),
            Ok(Ok(a)) => a.collect(),
        };
    if addrs.is_empty() {
        return Err(DialError::Dns(format!("{} has no addresses", target.host)));
    }
    let mut last = DialError::Unreachable("no address answered".into());
    for addr in addrs {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, TcpStream::connect(addr)).await {
            Err(_) => return Err(DialError::Timeout(timeout)),
            Ok(Ok(s)) => {
                let _ = s.set_nodelay(true);
                return Ok(s);
            }
            Ok(Err(e)) if e.kind() == io::ErrorKind::ConnectionRefused => last = DialError::Refused(format!("{addr}")),
            Ok(Err(e)) => last = DialError::Unreachable(format!("{addr}: {e}")),
        }
    }
    Err(last)
}

fn rustls_error(e: &io::Error) -> Option<rustls::Error> {
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        .cloned()
}

/// Dials the target: TCP, then TLS for `https`. Returns the stream ready for gRPC.
pub async fn dial(target: &Target, tls: Option<&TlsSetup>, timeout: Duration) -> Result<Dialed, DialError> {
    // Go's dial context has expired before a dial under a millisecond begins (etcdctl: "context
    // deadline exceeded"), where tokio's timer, a millisecond fine, would still let it through.
    if timeout < TIMER_RESOLUTION {
        return Err(DialError::Timeout(timeout));
    }
    let started = Instant::now();
    let tcp = tcp(target, timeout).await?;
    let Some(setup) = tls.filter(|_| target.scheme == Scheme::Https) else {
        return Ok(Dialed {
            io: Box::new(tcp),
            trace: Trace::default(),
            tls_version: None,
            alpn: None,
        });
    };
    let trace: SharedTrace = Arc::new(Mutex::new(Trace::default()));
    let config = setup
        .creds
        .client_config(setup.insecure_skip_verify, trace.clone())
        .map_err(DialError::Local)?;
    if target.host.is_empty() {
        // Go's TLS refuses a handshake without a server name, so etcdctl never connects.
        return Err(DialError::Tls {
            error: None,
            io: Some(format!(
                "{} names no host, so there is no server name to check the server's certificate against (etcdctl cannot connect either): write https://127.0.0.1:{} or a name in the server's certificate",
                target.original, target.port
            )),
            trace: Trace::default(),
        });
    }
    let name = ServerName::try_from(verified_name(&target.host)).map_err(|e| {
        DialError::Local(Diagnosis::new(
            DiagnosisId::Unreachable,
            format!("{} is not a valid host name: {e}", target.host),
        ))
    })?;
    let left = timeout.saturating_sub(started.elapsed());
    let handshake = TlsConnector::from(Arc::new(config)).connect(name, tcp);
    let take = |t: &SharedTrace| t.lock().map(|t| t.clone()).unwrap_or_default();
    match tokio::time::timeout(left, handshake).await {
        Err(_) => Err(DialError::Stalled(timeout)),
        Ok(Err(e)) => Err(DialError::Tls {
            error: rustls_error(&e),
            io: Some(e.to_string()),
            trace: take(&trace),
        }),
        Ok(Ok(stream)) => {
            let (_, conn) = stream.get_ref();
            let tls_version = conn
                .protocol_version()
                .map(|v| format!("{v:?}").replace("TLSv1_", "TLS 1."));
            let alpn = conn.alpn_protocol().map(|p| String::from_utf8_lossy(p).into_owned());
            Ok(Dialed {
                io: Box::new(stream),
                trace: take(&trace),
                tls_version,
                alpn,
            })
        }
    }
}

/// The finest timeout tokio's timer keeps.
pub const TIMER_RESOLUTION: Duration = Duration::from_millis(1);

/// What a dial that ran out of time says: nothing answered (dropped packets, a wrong address),
/// the port took the connection and said nothing (a stuck member), or the timeout (`flag`,
/// `--dial-timeout` or `--command-timeout`, whichever bounded the dial) was shorter than any
/// dial. `None` for the other failures, which [`walk`] tells apart.
pub fn timeout_diagnosis(target: &Target, e: &DialError, flag: &str) -> Option<Diagnosis> {
    let within = |d: Duration| format!("{} ({flag})", humantime::format_duration(d));
    match *e {
        DialError::Timeout(d) if d < TIMER_RESOLUTION => Some(
            Diagnosis::new(
                DiagnosisId::Timeout,
                format!(
                    "{flag} ({}) ends before any connection can be made, so nothing was sent to {} (etcdctl fails the same way, with \"context deadline exceeded\").",
                    humantime::format_duration(d),
                    target.authority()
                ),
            )
            .with_fix(format!(
                "Give {flag} a duration a connection can be made in (etcdctl's default is {}).",
                if flag == "--dial-timeout" { "2s" } else { "5s" }
            )),
        ),
        DialError::Timeout(d) => Some(
            Diagnosis::new(
                DiagnosisId::Timeout,
                format!(
                    "{} did not answer within {}: packets are dropped (a firewall, a wrong IP) or the host is down.",
                    target.authority(),
                    within(d)
                ),
            )
            .with_fix("Check the IP and port in --endpoints and any firewall between; a refused port would have answered at once."),
        ),
        DialError::Stalled(d) => Some(
            Diagnosis::new(
                DiagnosisId::Timeout,
                format!(
                    "{} accepted the TCP connection but did not answer the TLS handshake within {}: the member is stuck (stopped, or starved of CPU or disk), or a program that is not etcd holds the port.",
                    target.authority(),
                    within(d)
                ),
            )
            .with_fix("Look at the etcd member on that host (`systemctl status etcd`, or `crictl ps` and `crictl logs` for its container; its disk and CPU), and at what listens on the port (`ss -ltnp`)."),
        ),
        _ => None,
    }
}

/// The HTTP/2 connection preface and an empty SETTINGS frame.
const H2_PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00";

/// What the first bytes from a server after the HTTP/2 preface say about it.
#[derive(Debug, Clone, PartialEq)]
pub enum FirstWords {
    /// An HTTP/2 SETTINGS frame: a gRPC server.
    Http2,
    /// An HTTP/1 response: not a gRPC port (etcd's peer port answers like this).
    Http1(String),
    /// A TLS record: the port speaks TLS.
    Tls,
    /// The connection was closed or reset without a word.
    Closed,
    /// A TLS alert arrived (after a TLS 1.3 handshake: the client certificate was refused).
    Alert(rustls::Error),
    /// Nothing in time.
    Silence,
    /// Something else.
    Other(Vec<u8>),
}

/// Sends the HTTP/2 preface and reads what comes back, within `wait`.
pub async fn first_words(io: &mut Io, wait: Duration) -> FirstWords {
    if let Err(e) = io.write_all(H2_PREFACE).await {
        return match rustls_error(&e) {
            Some(r) => FirstWords::Alert(r),
            None => FirstWords::Closed,
        };
    }
    let _ = io.flush().await;
    let mut buf = [0u8; 64];
    match tokio::time::timeout(wait, io.read(&mut buf)).await {
        Err(_) => FirstWords::Silence,
        Ok(Ok(0)) => FirstWords::Closed,
        Ok(Ok(n)) => {
            let b = &buf[..n];
            if b.starts_with(b"HTTP/1") {
                FirstWords::Http1(String::from_utf8_lossy(b).lines().next().unwrap_or("").to_string())
            } else if n >= 4 && b[3] == 0x04 {
                FirstWords::Http2
            } else if matches!(b[0], 0x15 | 0x16) && n >= 3 && b[1] == 0x03 {
                FirstWords::Tls
            } else {
                FirstWords::Other(b.to_vec())
            }
        }
        Ok(Err(e)) => match rustls_error(&e) {
            Some(r) => FirstWords::Alert(r),
            None => FirstWords::Closed,
        },
    }
}

/// Whether the port answers a TLS ClientHello with TLS (used to tell a TLS port from a
/// plaintext one when the client spoke the wrong one).
pub async fn speaks_tls(target: &Target, timeout: Duration) -> bool {
    let Ok(tcp) = tcp(target, timeout).await else {
        return false;
    };
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let Ok(builder) =
        rustls::ClientConfig::builder_with_provider(provider.clone()).with_safe_default_protocol_versions()
    else {
        return false;
    };
    let config = builder
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(AcceptAnything(provider)))
        .with_no_client_auth();
    let name = ServerName::try_from("probe.invalid").map(|n| n.to_owned());
    let Ok(name) = name else { return false };
    match tokio::time::timeout(timeout, TlsConnector::from(Arc::new(config)).connect(name, tcp)).await {
        Ok(Ok(_)) => true,
        // A TLS server may refuse the unverified probe with an alert: it still speaks TLS.
        Ok(Err(e)) => matches!(rustls_error(&e), Some(rustls::Error::AlertReceived(_))),
        Err(_) => false,
    }
}

/// Whether the port answers the HTTP/2 preface in plaintext.
pub async fn speaks_h2c(target: &Target, timeout: Duration) -> bool {
    let Ok(tcp) = tcp(target, timeout).await else {
        return false;
    };
    let mut io: Io = Box::new(tcp);
    first_words(&mut io, timeout.min(Duration::from_millis(700))).await == FirstWords::Http2
}

#[derive(Debug)]
struct AcceptAnything(Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for AcceptAnything {
    fn verify_server_cert(
        &self,
        _: &rustls::pki_types::CertificateDer<'_>,
        _: &[rustls::pki_types::CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        m: &[u8],
        c: &rustls::pki_types::CertificateDer<'_>,
        d: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(m, c, d, &self.0.signature_verification_algorithms)
    }
    fn verify_tls13_signature(
        &self,
        m: &[u8],
        c: &rustls::pki_types::CertificateDer<'_>,
        d: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(m, c, d, &self.0.signature_verification_algorithms)
    }
    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// One step of a diagnosis, for `doctor`.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// `files`, `reach`, `tls`, `server-certificate`, `client-certificate`, `etcd`, `audit`.
    pub step: &'static str,
    /// `pass`, `fail`, `warn` or `skip`.
    pub status: &'static str,
    /// What was seen.
    pub detail: String,
    /// The step's verdict: `ok` for a passed step, the cause for a failed one.
    pub diagnosis: Option<DiagnosisId>,
}

impl Step {
    pub(crate) fn pass(step: &'static str, detail: impl Into<String>) -> Step {
        Step {
            step,
            status: "pass",
            detail: detail.into(),
            diagnosis: Some(DiagnosisId::Ok),
        }
    }
    pub(crate) fn fail(step: &'static str, detail: impl Into<String>) -> Step {
        Step {
            step,
            status: "fail",
            detail: detail.into(),
            diagnosis: None,
        }
    }
    pub(crate) fn warn(step: &'static str, detail: impl Into<String>) -> Step {
        Step {
            step,
            status: "warn",
            detail: detail.into(),
            diagnosis: None,
        }
    }
    /// Names the step's verdict.
    pub(crate) fn with_id(mut self, id: DiagnosisId) -> Step {
        self.diagnosis = Some(id);
        self
    }
}

/// The outcome of walking one endpoint's connection up to a working gRPC transport.
#[derive(Debug)]
pub struct Walk {
    /// What each step saw.
    pub steps: Vec<Step>,
    /// The verdict at the transport level: `ok` when gRPC can run.
    pub diagnosis: Diagnosis,
    /// The server's certificate, when one was seen.
    pub server_certificate: Option<Certificate>,
    /// What the handshake saw.
    pub trace: Trace,
    /// The negotiated TLS version.
    pub tls_version: Option<String>,
}

fn parse_cert(der: &[u8]) -> Option<Certificate> {
    etcdtls_core::x509::parse_certificate(der).ok()
}

fn summarize(cert: &Certificate) -> String {
    let sans: Vec<String> = cert.sans.iter().map(ToString::to_string).collect();
    format!(
        "subject {}, issuer {}, valid to {}, SANs [{}]",
        cert.subject.text,
        cert.issuer.text,
        humanize::date(cert.not_after),
        sans.join(", ")
    )
}

/// The name the server's certificate is checked against: the host, with an IPv4-mapped IPv6
/// address (`::ffff:127.0.0.1`) as its IPv4 address, since Go's `VerifyHostname` compares
/// addresses with `net.IP.Equal`, for which the two are one.
pub(crate) fn verified_name(host: &str) -> String {
    match host
        .parse::<std::net::Ipv6Addr>()
        .ok()
        .and_then(|ip| ip.to_ipv4_mapped())
    {
        Some(v4) => v4.to_string(),
        None => host.to_string(),
    }
}

/// Walks a connection step by step: reach, TLS, server certificate, client certificate,
/// first HTTP/2 words. Stops at the first broken step, with everything it learnt.
pub async fn walk(target: &Target, tls: Option<&TlsSetup>, timeout: Duration, now: time::OffsetDateTime) -> Walk {
    let mut steps = Vec::new();
    let walk_result = |mut steps: Vec<Step>, diagnosis: Diagnosis, trace: Trace, tls_version: Option<String>| {
        if let Some(last) = steps.iter_mut().rev().find(|s| s.status == "fail") {
            last.diagnosis.get_or_insert(diagnosis.id);
        }
        let server_certificate = trace.server_chain.first().and_then(|d| parse_cert(d));
        Walk {
            steps,
            diagnosis,
            server_certificate,
            trace,
            tls_version,
        }
    };
    let started = Instant::now();
    let dialed = dial(target, tls, timeout).await;
    let peer_hint = if target.port == 2380 {
        " Port 2380 is etcd's peer port; clients use 2379."
    } else {
        ""
    };
    match dialed {
        Err(DialError::Local(d)) => {
            steps.push(Step::fail("files", d.summary.clone()));
            walk_result(steps, d, Trace::default(), None)
        }
        Err(DialError::Dns(_)) if target.host.is_empty() && target.port == 0 && !target.original.trim().is_empty() => {
            steps.push(Step::fail("reach", "an endpoint with spaces around it has no address"));
            let d = Diagnosis::new(
                DiagnosisId::Unreachable,
                format!(
                    "--endpoints item {:?} has spaces around it: etcdctl's per-endpoint commands dial it as written (too many colons in address)",
                    target.original
                ),
            )
            .with_fix("Separate the endpoints with commas alone: --endpoints=https://a:2379,https://b:2379.");
            walk_result(steps, d, Trace::default(), None)
        }
        Err(DialError::Dns(_)) if target.host.is_empty() && target.port == 0 => {
            steps.push(Step::fail("reach", "an empty endpoint has no address"));
            let d = Diagnosis::new(
                DiagnosisId::Unreachable,
                "--endpoints has an empty item (a comma too many), which etcdctl tries too and cannot reach",
            )
            .with_fix("Remove the empty item: a member without client URLs (a learner not yet started) leaves one when a script cuts them from `member list`.");
            walk_result(steps, d, Trace::default(), None)
        }
        Err(DialError::Dns(_)) if target.host.starts_with("https:") || target.host.starts_with("http:") => {
            steps.push(Step::fail("reach", format!("{} is not a URL", target.original)));
            let (scheme, rest) = target.original.split_once(':').unwrap_or_default();
            let d = Diagnosis::new(
                DiagnosisId::Unreachable,
                format!(
                    "{} lacks the // after {scheme}: (etcdctl cannot dial it either, and waits).",
                    target.original
                ),
            )
            .with_fix(format!(
                "Write --endpoints {scheme}://{}.",
                rest.trim_start_matches('/')
            ));
            walk_result(steps, d, Trace::default(), None)
        }
        Err(DialError::Dns(e)) if target.port == 0 => {
            steps.push(Step::fail("reach", e.clone()));
            let d = Diagnosis::new(
                DiagnosisId::Unreachable,
                match &target.bad_port {
                    Some(p) => format!(
                        "{} has {p:?} for its port, which is no port number: etcdctl's dialer refuses it too ({e}) and waits.",
                        target.original
                    ),
                    None => format!(
                        "{} has no port: etcdctl's dialer refuses it too ({e}) and waits.",
                        target.original
                    ),
                },
            )
            .with_fix({
                let with_port = Target {
                    port: 2379,
                    bad_port: None,
                    ..target.clone()
                };
                let shown = if target.explicit_scheme {
                    with_port.url()
                } else {
                    with_port.authority()
                };
                format!("Give etcd's client port: --endpoints={shown} (etcd's --advertise-client-urls).")
            });
            walk_result(steps, d, Trace::default(), None)
        }
        Err(DialError::Dns(e)) => {
            steps.push(Step::fail("reach", format!("looking up {}: {e}", target.host)));
            let d = Diagnosis::new(
                DiagnosisId::Unreachable,
                format!("{} does not resolve: {e}.", target.host),
            )
            .with_fix("Check the host name in --endpoints, or use the member's IP address.");
            walk_result(steps, d, Trace::default(), None)
        }
        Err(DialError::Refused(addr)) => {
            steps.push(Step::fail("reach", format!("TCP connection to {addr} refused")));
            let d = Diagnosis::new(DiagnosisId::Unreachable, format!("Nothing listens on {} (connection refused).{peer_hint}", target.authority()))
                .with_fix("Check that etcd runs and that --endpoints names its client URL (etcd's --listen-client-urls; kubeadm: https://<node-ip>:2379).");
            walk_result(steps, d, Trace::default(), None)
        }
        Err(DialError::Unreachable(e)) => {
            steps.push(Step::fail("reach", e.clone()));
            let d = Diagnosis::new(
                DiagnosisId::Unreachable,
                format!("{} cannot be reached: {e}.", target.authority()),
            )
            .with_fix("Check the address and the network path (routes, firewalls).");
            walk_result(steps, d, Trace::default(), None)
        }
        Err(e @ (DialError::Timeout(_) | DialError::Stalled(_))) => {
            let diagnosis = timeout_diagnosis(target, &e, "--dial-timeout")
                .unwrap_or_else(|| Diagnosis::new(DiagnosisId::Timeout, e.to_string()));
            if let DialError::Stalled(_) = e {
                steps.push(Step::pass("reach", format!("TCP connected to {}", target.authority())));
                steps.push(Step::fail("tls", e.to_string()));
            } else {
                steps.push(Step::fail("reach", format!("{}: {e}", target.authority())));
            }
            walk_result(steps, diagnosis, Trace::default(), None)
        }
        Err(DialError::Tls { error, io, trace }) => {
            steps.push(Step::pass("reach", format!("TCP connected to {}", target.authority())));
            let cert = trace.server_chain.first().and_then(|d| parse_cert(d));
            if let Some(c) = &cert {
                steps.push(Step::pass("tls", format!("server presented: {}", summarize(c))));
            }
            let setup = tls.expect("TLS errors come from TLS dials");
            let diagnosis = classify_tls_failure(
                target,
                setup,
                error.as_ref(),
                io.as_deref(),
                &trace,
                cert.as_ref(),
                timeout,
                now,
            )
            .await;
            steps.push(Step::fail(step_of(diagnosis.id), diagnosis.summary.clone()));
            walk_result(steps, diagnosis, trace, None)
        }
        Ok(mut dialed) => {
            steps.push(Step::pass(
                "reach",
                format!("TCP connected to {} in {:.0?}", target.authority(), started.elapsed()),
            ));
            if let Some(version) = &dialed.tls_version {
                let cert = dialed.trace.server_chain.first().and_then(|d| parse_cert(d));
                let detail = match &cert {
                    Some(c) => format!(
                        "{version}, ALPN {}; server presented: {}",
                        dialed.alpn.as_deref().unwrap_or("none"),
                        summarize(c)
                    ),
                    None => version.clone(),
                };
                steps.push(Step::pass("tls", detail));
                let pinned = (dialed.trace.server_chain.first())
                    .is_some_and(|leaf| tls.is_some_and(|t| t.creds.trusts_as_itself(leaf)));
                let ca_note = if tls.is_some_and(|t| t.insecure_skip_verify) {
                    "NOT verified (--insecure-skip-tls-verify)"
                } else if pinned {
                    "trusted as itself: --cacert holds this very certificate, not its CA (as in Go; this member alone, until it is renewed)"
                } else {
                    "verified against --cacert"
                };
                steps.push(Step::pass(
                    "server-certificate",
                    format!("{ca_note}, host {} is in its SANs", target.host),
                ));
            }
            let words = first_words(&mut dialed.io, Duration::from_millis(800).min(timeout)).await;
            let tls_version = dialed.tls_version.clone();
            match (target.scheme, words) {
                (_, FirstWords::Http2) => {
                    if target.scheme == Scheme::Https {
                        let t = &dialed.trace;
                        let client = match (t.client_cert_requested, t.client_cert_sent) {
                            (true, true) => Step::pass(
                                "client-certificate",
                                "the server asked for a client certificate and accepted it",
                            ),
                            (true, false) => Step::warn(
                                "client-certificate",
                                "the server asked for a client certificate; none was sent, and it let the client in anyway",
                            ),
                            (false, _) => {
                                Step::warn("client-certificate", "the server did not ask for a client certificate")
                            }
                        };
                        steps.push(client);
                    }
                    let d = Diagnosis::new(
                        DiagnosisId::Ok,
                        format!(
                            "{} speaks gRPC over {}.",
                            target.authority(),
                            tls_version.as_deref().unwrap_or("plaintext HTTP/2")
                        ),
                    );
                    walk_result(steps, d, dialed.trace, tls_version)
                }
                (_, FirstWords::Alert(e)) => {
                    let setup = tls.expect("alerts come from TLS");
                    let diagnosis = classify_alert(target, setup, &e, &dialed.trace, now);
                    steps.push(Step::fail(step_of(diagnosis.id), diagnosis.summary.clone()));
                    walk_result(steps, diagnosis, dialed.trace, tls_version)
                }
                (_, FirstWords::Http1(line)) => {
                    let d = Diagnosis::new(
                        DiagnosisId::PeerPort,
                        format!("{} answers HTTP/1 (\"{line}\"), not gRPC: it is etcd's peer port (or another HTTP server), not the client port.", target.authority()),
                    )
                    .with_fix(format!("Use etcd's client URL: usually port 2379 (etcd's --advertise-client-urls), not {}.", target.port));
                    steps.push(Step::fail("etcd", d.summary.clone()));
                    walk_result(steps, d, dialed.trace, tls_version)
                }
                (Scheme::Http, FirstWords::Closed | FirstWords::Tls | FirstWords::Silence | FirstWords::Other(_))
                    if speaks_tls(target, timeout).await =>
                {
                    let d = Diagnosis::new(
                        DiagnosisId::TlsRequired,
                        format!("{} speaks TLS, but {} asked for plaintext; etcd logs \"tls: first record does not look like a TLS handshake\".", target.authority(), describe_plaintext_choice(target)),
                    )
                    .with_fix(match tls.map(|t| &t.creds) {
                        // The files are given already: only the scheme is wrong.
                        Some(c) if c.cacert.is_some() && c.cert.is_some() => format!(
                            "Use https://{}: the --cacert, --cert and --key given are then used.",
                            target.authority()
                        ),
                        _ => format!("Use https://{} with --cacert, --cert and --key (kubeadm: /etc/kubernetes/pki/etcd/ca.crt, healthcheck-client.crt, healthcheck-client.key).", target.authority()),
                    });
                    steps.push(Step::fail("tls", d.summary.clone()));
                    walk_result(steps, d, dialed.trace, tls_version)
                }
                (_, other) => {
                    let d = match peer_members(target, tls, timeout).await {
                        Some(client_urls) => Diagnosis::new(
                            DiagnosisId::PeerPort,
                            format!(
                                "{} is etcd's peer port (members talk to each other there, over HTTP/1), not its client port.{}",
                                target.authority(),
                                if client_urls.is_empty() { String::new() } else { format!(" This member's client URL is {}.", client_urls.join(", ")) }
                            ),
                        )
                        .with_fix(match client_urls.first() {
                            Some(url) => format!("Use --endpoints={url}."),
                            None => "Use etcd's client URL (etcd's --advertise-client-urls, usually port 2379).".into(),
                        }),
                        None => Diagnosis::new(DiagnosisId::NotEtcd, format!("{} accepted the connection but did not answer like etcd ({other:?}).", target.authority()))
                            .with_fix("Check that --endpoints names etcd's client URL."),
                    };
                    steps.push(Step::fail("etcd", d.summary.clone()));
                    walk_result(steps, d, dialed.trace, tls_version)
                }
            }
        }
    }
}

/// Asks the port for etcd's peer API `/members` over HTTP/1.1. An answer means this is a peer
/// port; the member whose peer URL was dialled tells its client URLs.
async fn peer_members(target: &Target, tls: Option<&TlsSetup>, timeout: Duration) -> Option<Vec<String>> {
    let tcp = tcp(target, timeout).await.ok()?;
    let request = format!(
        "GET /members HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        target.authority()
    );
    let mut io: Io = match (target.scheme, tls) {
        (Scheme::Https, Some(setup)) => {
            let mut config = setup
                .creds
                .client_config(setup.insecure_skip_verify, Arc::new(Mutex::new(Trace::default())))
                .ok()?;
            config.alpn_protocols = vec![b"http/1.1".to_vec()];
            let name = ServerName::try_from(verified_name(&target.host)).ok()?;
            let stream = tokio::time::timeout(timeout, TlsConnector::from(Arc::new(config)).connect(name, tcp))
                .await
                .ok()?
                .ok()?;
            Box::new(stream)
        }
        _ => Box::new(tcp),
    };
    io.write_all(request.as_bytes()).await.ok()?;
    // Read until the member list is complete; the server may keep the connection open.
    let mut response = Vec::new();
    let mut buf = [0u8; 8192];
    let deadline = Instant::now() + timeout;
    let (start, end) = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, io.read(&mut buf)).await {
            Ok(Ok(n)) if n > 0 && response.len() < 256 * 1024 => response.extend_from_slice(&buf[..n]),
            _ => return None,
        }
        let text = String::from_utf8_lossy(&response);
        if !text.starts_with("HTTP/1.1 200") && text.len() >= 12 {
            return None;
        }
        if let (Some(s), Some(e)) = (text.find('['), text.rfind(']'))
            && serde_json::from_str::<Vec<serde_json::Value>>(&text[s..=e]).is_ok()
        {
            break (s, e);
        }
    };
    let text = String::from_utf8_lossy(&response);
    let members: Vec<serde_json::Value> = serde_json::from_str(text.get(start..=end)?).ok()?;
    let urls = |m: &serde_json::Value, field: &str| -> Vec<String> {
        m[field]
            .as_array()
            .map(|a| a.iter().filter_map(|u| u.as_str().map(str::to_string)).collect())
            .unwrap_or_default()
    };
    let me = members
        .iter()
        .find(|m| urls(m, "peerURLs").iter().any(|u| u.ends_with(&target.authority())));
    Some(match me {
        Some(m) => urls(m, "clientURLs"),
        None => members.iter().flat_map(|m| urls(m, "clientURLs")).collect(),
    })
}

fn describe_plaintext_choice(target: &Target) -> &'static str {
    if target.explicit_scheme {
        "the http:// endpoint"
    } else {
        "the endpoint without a scheme and without certificate flags"
    }
}

fn step_of(id: DiagnosisId) -> &'static str {
    match id {
        DiagnosisId::WrongCa
        | DiagnosisId::ServerNameMismatch
        | DiagnosisId::ServerCertExpired
        | DiagnosisId::ServerCertNotYetValid => "server-certificate",
        DiagnosisId::ClientCertRequired
        | DiagnosisId::ClientCertUntrusted
        | DiagnosisId::ClientCertExpired
        | DiagnosisId::ClientCertNoClientAuth => "client-certificate",
        DiagnosisId::PeerPort | DiagnosisId::NotEtcd => "etcd",
        _ => "tls",
    }
}

#[allow(clippy::too_many_arguments)]
async fn classify_tls_failure(
    target: &Target,
    setup: &TlsSetup,
    error: Option<&rustls::Error>,
    io_error: Option<&str>,
    trace: &Trace,
    server_cert: Option<&Certificate>,
    timeout: Duration,
    now: time::OffsetDateTime,
) -> Diagnosis {
    use rustls::Error as E;
    let cacert = setup.creds.cacert.as_ref();
    let cacert_name = cacert
        .map(|c| c.name())
        .unwrap_or_else(|| "the system's CA store".into());
    match error {
        Some(E::InvalidCertificate(ce)) => {
            let cert = server_cert;
            let sans = cert.map(|c| c.sans.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")).unwrap_or_default();
            match ce {
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => Diagnosis::new(
                    DiagnosisId::ServerNameMismatch,
                    format!("The server's certificate does not cover \"{}\": it is valid for [{sans}]. (Go clients say \"x509: certificate is valid for ..., not {}\".)", target.host, target.host),
                )
                .with_fix(match cert {
                    Some(c) => format!(
                        "Dial one of the names or IPs it covers. To have it cover {}: {}",
                        target.host,
                        Served::read(c, ca_file(setup.creds.cacert.as_ref()).as_ref().map(|(p, b)| (p.as_str(), *b)), now).adding_names(false, &target.host)
                    ),
                    None => "Dial one of the names or IPs the server's certificate covers.".into(),
                }),
                CertificateError::Expired | CertificateError::ExpiredContext { .. } => Diagnosis::new(
                    DiagnosisId::ServerCertExpired,
                    format!("The server's certificate expired on {}.", cert.map(|c| humanize::date(c.not_after)).unwrap_or_default()),
                )
                .with_fix(
                    cert.and_then(|c| expired_fix(c, ca_file(setup.creds.cacert.as_ref()).as_ref().map(|(p, b)| (p.as_str(), *b)), now))
                        .unwrap_or_else(|| "Renew etcd's server certificate on the member (kubeadm: `kubeadm certs renew etcd-server`, then restart etcd); check the clocks if it should not have expired.".into()),
                ),
                CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => Diagnosis::new(
                    DiagnosisId::ServerCertNotYetValid,
                    format!("The server's certificate is not valid until {}: one of the clocks is wrong, or it was issued with a future date.", cert.map(|c| humanize::date(c.not_before)).unwrap_or_default()),
                )
                .with_fix("Check this machine's clock and the member's (`timedatectl`), or reissue the certificate."),
                CertificateError::UnknownIssuer | CertificateError::BadSignature | CertificateError::BadEncoding | CertificateError::UnhandledCriticalExtension => {
                    setup.creds.leaf_as_cacert().unwrap_or_else(|| wrong_ca(setup, cert, &cacert_name))
                }
                other => Diagnosis::new(DiagnosisId::TlsError, format!("The server's certificate was refused: {other:?}.")).with_fix("Run `etcdtls explain` on the server's certificate for details."),
            }
        }
        Some(E::AlertReceived(_)) => classify_alert(target, setup, error.cloned().as_ref().unwrap_or(&E::General(String::new())), trace, now),
        Some(E::InvalidMessage(_)) | Some(E::InappropriateMessage { .. }) | Some(E::InappropriateHandshakeMessage { .. }) | None
            if speaks_h2c(target, timeout).await =>
        {
            Diagnosis::new(
                DiagnosisId::PlaintextServer,
                format!("{} serves plaintext HTTP/2, but the client spoke TLS to it ({}).", target.authority(), if target.explicit_scheme { "https://" } else { "certificate flags make a bare endpoint TLS" }),
            )
            .with_fix(format!("Use http://{} (no TLS), or configure TLS on the member (--cert-file, --key-file, --trusted-ca-file, --client-cert-auth) and keep https://.", target.authority()))
        }
        Some(other) => Diagnosis::new(DiagnosisId::TlsError, format!("The TLS handshake with {} failed: {other}.", target.authority()))
            .with_fix("Run `etcdtls doctor` with the same flags for every step."),
        None => Diagnosis::new(
            DiagnosisId::TlsError,
            format!("The TLS handshake with {} failed: {}.", target.authority(), io_error.unwrap_or("the connection was closed")),
        )
        .with_fix(if target.port == 2380 { "Port 2380 is etcd's peer port; clients use 2379." } else { "Check that --endpoints names etcd's client URL." }),
    }
}

/// The server's certificate is not signed by --cacert: say who did sign it, and which file
/// near --cacert is that CA.
fn wrong_ca(setup: &TlsSetup, server: Option<&Certificate>, cacert_name: &str) -> Diagnosis {
    let issuer = server
        .map(|c| c.issuer.text.clone())
        .unwrap_or_else(|| "an unknown CA".into());
    let given: Vec<String> = setup
        .creds
        .ca_certificates()
        .iter()
        .filter_map(|i| i.certificate())
        .map(|c| c.subject.text.clone())
        .collect();
    let given = if given.is_empty() {
        String::new()
    } else {
        format!(" ({})", given.join(", "))
    };
    let same_name = server.is_some_and(|s| {
        setup
            .creds
            .ca_certificates()
            .iter()
            .filter_map(|i| i.certificate())
            .any(|c| c.subject.der == s.issuer.der)
    });
    // The CA is looked for beside --cacert, or, without one, beside --cert.
    let anchor = (setup.creds.cacert.as_ref())
        .or(setup.creds.cert.as_ref())
        .map(|c| c.path.as_path());
    let found = server.and_then(|s| super::nearby::find_issuer(s, anchor));
    let no_certificate = (setup.creds.cacert.as_ref()).is_some_and(|c| !super::credentials::has_pem_block(&c.bytes));
    let summary = if setup.creds.cacert.is_none() {
        format!(
            "The server's certificate was signed by {issuer}, but no --cacert was given, so only this system's CA store is trusted, and {issuer} is not in it. (Go clients say \"x509: certificate signed by unknown authority\".)"
        )
    } else if no_certificate {
        format!(
            "The server's certificate was signed by {issuer}, but --cacert {cacert_name} holds no PEM certificate (empty, DER or other text), so no CA is trusted (etcdctl reads such a file as an empty CA bundle). (Go clients say \"x509: certificate signed by unknown authority\".)"
        )
    } else if same_name {
        format!(
            "The server's certificate names {issuer} as its issuer, and --cacert {cacert_name} has that name, but a different key: the CA was rebuilt, and one side has the old one. (Go clients say \"x509: certificate signed by unknown authority\".)"
        )
    } else {
        format!(
            "The server's certificate was signed by {issuer}, but --cacert {cacert_name}{given} is another CA. (Go clients say \"x509: certificate signed by unknown authority\".)"
        )
    };
    let fix = match &found {
        Some(path) => format!("Use --cacert={} (it is the CA that signed the server's certificate).", path.display()),
        None if issuer.contains("etcd-ca") => "Use the etcd CA: --cacert=/etc/kubernetes/pki/etcd/ca.crt (not /etc/kubernetes/pki/ca.crt, the Kubernetes CA).".into(),
        None => format!("Give --cacert the CA certificate of {issuer}."),
    };
    let mut d = Diagnosis::new(DiagnosisId::WrongCa, summary).with_fix(fix);
    if let Some(c) = setup.creds.cacert.as_ref() {
        d = d.with_file(&c.path);
    }
    if let Some(s) = server {
        d = d.with_detail(format!("server certificate: {}", summarize(s)));
    }
    d
}

/// A certificate a member served, read by the core beside the CA given, so that its
/// distribution is known (kubeadm, k3s, RKE2, OpenShift, Talos, cfssl, ...) and fixes are said
/// in that distribution's words.
#[derive(Debug)]
pub struct Served {
    report: etcdtls_core::Report,
}

impl Served {
    const NAME: &'static str = "the server's certificate";

    /// Reads `cert` beside the CA file given (its path and bytes: where a distribution keeps
    /// its CA tells RKE2's from k3s's, whose certificates are alike).
    pub fn read(cert: &Certificate, cacert: Option<(&str, &[u8])>, now: time::OffsetDateTime) -> Served {
        let pem = etcdtls_core::json::to_pem("CERTIFICATE", &cert.der);
        let mut inputs = vec![etcdtls_core::Input::new(Self::NAME, pem.as_bytes())];
        if let Some((path, bytes)) = cacert {
            inputs.push(etcdtls_core::Input::new(path, bytes));
        }
        Served {
            report: etcdtls_core::analyze(&inputs, &etcdtls_core::Options::at(now)),
        }
    }

    fn item(&self) -> Option<&etcdtls_core::Item> {
        self.report.items.iter().find(|i| i.source.path == Self::NAME)
    }

    /// The core's fix for the certificate's expiry: the distribution's own renewal.
    pub fn expired_fix(&self) -> Option<String> {
        let item = self.item()?;
        self.report
            .findings
            .iter()
            .find(|f| f.id == etcdtls_core::FindingId::Expired && f.items.contains(&item.id))
            .map(|f| f.fix.clone())
    }

    /// How it is renewed, where its distribution is known.
    pub fn renewal(&self) -> Option<String> {
        self.item()?.renewal()
    }

    /// How to get `host` into it as etcd's server (`peer`: peer) certificate: kubeadm's `certs
    /// renew` keeps the old names, k3s takes `tls-san`, Talos and OpenShift have no setting.
    pub fn adding_names(&self, peer: bool, host: &str) -> String {
        match self.item() {
            Some(item) => item.adding_names(peer, host),
            None => etcdtls_core::profile::by_id("etcd").map_or_else(String::new, |p| p.names.adding(peer, host)),
        }
    }
}

/// The CA file given, as [`Served::read`] takes it.
pub fn ca_file(file: Option<&super::credentials::GivenFile>) -> Option<(String, &[u8])> {
    file.map(|f| (f.path.to_string_lossy().into_owned(), f.bytes.as_slice()))
}

/// The core's fix for the server's expired certificate, read beside the CA given.
fn expired_fix(server: &Certificate, cacert: Option<(&str, &[u8])>, now: time::OffsetDateTime) -> Option<String> {
    Served::read(server, cacert, now).expired_fix()
}

/// The server sent a TLS alert: it refused us. Which part of our identity is at fault?
fn classify_alert(
    target: &Target,
    setup: &TlsSetup,
    error: &rustls::Error,
    trace: &Trace,
    now: time::OffsetDateTime,
) -> Diagnosis {
    let alert = match error {
        rustls::Error::AlertReceived(a) => *a,
        _ => AlertDescription::HandshakeFailure,
    };
    let alert_name = format!("{alert:?}");
    let creds = &setup.creds;
    let cert_path = creds.cert.as_ref().map(|c| c.path.clone());
    let acceptable: Vec<String> = trace
        .acceptable_client_cas
        .iter()
        .filter_map(|der| etcdtls_core::x509::name_text(der))
        .collect();
    let trusts = if acceptable.is_empty() {
        String::new()
    } else {
        format!(" It trusts client certificates from {}.", acceptable.join("; "))
    };
    // A client pair near the given files, signed by a CA etcd trusts: the fix names it.
    let pair_near = || {
        let ca_subjects: Vec<Vec<u8>> = creds
            .ca_certificates()
            .iter()
            .filter_map(|i| i.certificate())
            .map(|c| c.subject.der.clone())
            .collect();
        let trusted: Vec<&[u8]> = if trace.acceptable_client_cas.is_empty() {
            ca_subjects.iter().map(Vec::as_slice).collect()
        } else {
            trace.acceptable_client_cas.iter().map(Vec::as_slice).collect()
        };
        let anchors: Vec<&Path> = [&creds.cert, &creds.cacert]
            .into_iter()
            .flatten()
            .map(|f| f.path.as_path())
            .collect();
        super::nearby::Nearby::around(&anchors, now)
            .client_pair(&trusted, cert_path.as_deref())
            .map(|(c, k)| format!("--cert={c} --key={k}"))
    };
    let client_cert_missing = !trace.client_cert_sent || !creds.has_client_identity();
    if client_cert_missing || alert == AlertDescription::CertificateRequired {
        let fix = match pair_near() {
            Some(flags) => format!("Add {flags}: a client certificate signed by the CA etcd trusts, found beside the given files."),
            None => "Add --cert and --key: kubeadm's least-privileged pair is /etc/kubernetes/pki/etcd/healthcheck-client.crt and .key (or apiserver-etcd-client.crt/.key).".into(),
        };
        return Diagnosis::new(
            DiagnosisId::ClientCertRequired,
            format!(
                "etcd at {} requires a client certificate and none was given (TLS alert {alert_name}).{trusts}",
                target.authority()
            ),
        )
        .with_fix(fix);
    }
    let Some(item) = creds.client_certificate() else {
        return Diagnosis::new(
            DiagnosisId::ClientCertUntrusted,
            format!("etcd refused the client certificate (TLS alert {alert_name})."),
        );
    };
    let Some(cert) = item.certificate() else {
        return Diagnosis::new(
            DiagnosisId::ClientCertUntrusted,
            format!("etcd refused the client certificate (TLS alert {alert_name})."),
        );
    };
    let mut d = if cert.not_after < now {
        Diagnosis::new(
            DiagnosisId::ClientCertExpired,
            format!("etcd refused --cert {}: it expired on {}, {} ago (TLS alert {alert_name}).", item.source.path, humanize::date(cert.not_after), humanize::between(now, cert.not_after)),
        )
        // The core's fix knows the layout's own renewal (kubeadm, k3s, RKE2, cfssl, ...).
        .with_fix(
            creds
                .report()
                .findings
                .iter()
                .find(|f| f.id == etcdtls_core::FindingId::Expired && f.items.contains(&item.id))
                .map(|f| f.fix.clone())
                .unwrap_or_else(|| "Renew the client certificate (kubeadm: `kubeadm certs renew etcd-healthcheck-client` or `apiserver-etcd-client`) and use the new one.".into()),
        )
    } else if cert.not_before > now {
        Diagnosis::new(
            DiagnosisId::ClientCertExpired,
            format!(
                "etcd refused --cert {}: it is not valid until {} (clock skew?).",
                item.source.path,
                humanize::date(cert.not_before)
            ),
        )
        .with_fix("Check the clocks on both machines.")
    } else if !cert.allows_client_auth() {
        Diagnosis::new(
            DiagnosisId::ClientCertNoClientAuth,
            format!("etcd refused --cert {}: its extended key usage lacks clientAuth, so it cannot identify a client (etcd logs \"x509: certificate specifies an incompatible key usage\").", item.source.path),
        )
        .with_fix(match pair_near() {
            Some(flags) => format!("Use {flags}: a client certificate (clientAuth) signed by the CA etcd trusts, found beside the given files."),
            None => "Use a client certificate: /etc/kubernetes/pki/etcd/healthcheck-client.crt or /etc/kubernetes/pki/apiserver-etcd-client.crt in kubeadm's layout.".into(),
        })
    } else {
        let issuer_trusted = trace.acceptable_client_cas.contains(&cert.issuer.der);
        let why = if !acceptable.is_empty() && !issuer_trusted {
            format!(
                "it was issued by {}, and etcd trusts only {}",
                cert.issuer.text,
                acceptable.join("; ")
            )
        } else if issuer_trusted {
            format!(
                "it names {} as its issuer, which etcd trusts by name, so the CA it trusts has the same name but another key (a rebuilt CA)",
                cert.issuer.text
            )
        } else {
            format!(
                "its issuer {} is not a CA etcd trusts (--trusted-ca-file)",
                cert.issuer.text
            )
        };
        Diagnosis::new(
            DiagnosisId::ClientCertUntrusted,
            format!("etcd refused --cert {}: {why} (TLS alert {alert_name}; etcd logs \"x509: certificate signed by unknown authority\").", item.source.path),
        )
        .with_fix(match pair_near() {
            Some(flags) => format!("Use {flags}: a client certificate signed by the CA etcd trusts, found beside the given files."),
            None => "Use a client certificate signed by the etcd CA: kubeadm's /etc/kubernetes/pki/etcd/healthcheck-client.crt/.key or apiserver-etcd-client.crt/.key.".into(),
        })
    };
    if let Some(p) = cert_path {
        d = d.with_file(&p);
    }
    d
}

#[cfg(test)]
mod tests {
    use super::{Served, expired_fix, verified_name};

    /// An endpoint without a port is refused as Go's dialer refuses it ("missing port in
    /// address"), never dialled: etcdtls dialled 2379, and so answered where etcdctl cannot
    /// (`--endpoints=https://127.0.0.2` with an etcd at 127.0.0.2:2379).
    #[test]
    fn an_endpoint_without_a_port_is_not_dialled() {
        let Ok(listener) = std::net::TcpListener::bind("127.0.0.2:2379") else {
            return; // taken on this machine: nothing to show
        };
        listener.set_nonblocking(true).unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        for endpoint in ["https://127.0.0.2", "http://127.0.0.2/", "127.0.0.2"] {
            let target = super::Target::parse(endpoint, true).unwrap();
            let dialed = runtime.block_on(super::tcp(&target, std::time::Duration::from_secs(2)));
            match dialed {
                Err(super::DialError::Dns(e)) => assert_eq!(e, "address 127.0.0.2: missing port in address"),
                other => panic!("{endpoint}: {:?}", other.map(|_| "connected")),
            }
        }
        assert!(listener.accept().is_err(), "a port-less endpoint was dialled at 2379");
        let target = super::Target::parse("https://127.0.0.2:abc", true).unwrap();
        let dialed = runtime.block_on(super::tcp(&target, std::time::Duration::from_secs(2)));
        assert!(
            matches!(&dialed, Err(super::DialError::Dns(e)) if e == "address abc: invalid port"),
            "{:?}",
            dialed.map(|_| "connected")
        );
    }

    #[test]
    fn an_ipv4_mapped_address_is_checked_as_its_ipv4_address() {
        assert_eq!(verified_name("::ffff:127.0.0.1"), "127.0.0.1");
        assert_eq!(verified_name("::1"), "::1");
        assert_eq!(verified_name("10.0.0.1"), "10.0.0.1");
        assert_eq!(verified_name("etcd-0"), "etcd-0");
    }
    use etcdtls_pki::rancher::{RancherOptions, RancherPki};

    /// The first certificate of a PEM text, as the handshake hands it over.
    fn certificate(pem: &str, now: time::OffsetDateTime) -> etcdtls_core::model::Certificate {
        let report = etcdtls_core::analyze(
            &[etcdtls_core::Input::new("s", pem.as_bytes())],
            &etcdtls_core::Options::at(now),
        );
        report.items[0].certificate().unwrap().clone()
    }

    /// A member dialled by a name its certificate lacks: the fix says how that certificate's
    /// own distribution gets a name in, read off its code: kubeadm's `certs renew` keeps the
    /// old names (so the files are moved aside and made again), k3s and RKE2 take `tls-san`,
    /// OpenShift's operator has no setting, a hand-made PKI is reissued.
    #[test]
    fn a_missing_name_is_added_as_the_certificates_distribution_adds_it() {
        let now = time::OffsetDateTime::now_utc();
        let added = |cert_pem: &str, ca: (&str, &str), peer: bool| {
            Served::read(&certificate(cert_pem, now), Some((ca.0, ca.1.as_bytes())), now)
                .adding_names(peer, "etcd.example.com")
        };

        let kubeadm = etcdtls_pki::KubeadmPki::generate(&etcdtls_pki::KubeadmOptions::new(
            "cp-1",
            "10.0.0.5",
            etcdtls_pki::KeyType::EcdsaP256,
            now,
        ))
        .unwrap();
        let f = &kubeadm.files;
        let ca = ("/etc/kubernetes/pki/etcd/ca.crt", f["pki/etcd/ca.crt"].as_str());
        let server = added(&f["pki/etcd/server.crt"], ca, false);
        for said in [
            "etcd.local.serverCertSANs",
            "`kubeadm certs renew` keeps the names",
            "kubeadm init phase certs etcd-server --config kubeadm.yaml",
            "add etcd.example.com",
        ] {
            assert!(server.contains(said), "{said}: {server}");
        }
        let peer = added(&f["pki/etcd/peer.crt"], ca, true);
        assert!(peer.contains("kubeadm init phase certs etcd-peer"), "{peer}");
        assert!(peer.contains("etcd.local.peerCertSANs"), "{peer}");

        for (program, service) in [("k3s", "k3s"), ("rke2", "rke2-server")] {
            let pki = RancherPki::generate(&RancherOptions::new(program, "node-1", "10.0.0.7", now)).unwrap();
            let file = |p: &str| pki.files.get(p).unwrap_or_else(|| panic!("{p}")).clone();
            let fix = added(
                &file("server/tls/etcd/server-client.crt"),
                (
                    &format!("/var/lib/rancher/{program}/server/tls/etcd/server-ca.crt"),
                    &file("server/tls/etcd/server-ca.crt"),
                ),
                false,
            );
            assert!(
                fix.contains(&format!("`tls-san` in /etc/rancher/{program}/config.yaml")),
                "{fix}"
            );
            assert!(fix.contains(&format!("systemctl restart {service}")), "{fix}");
            assert!(!fix.contains("kubeadm"), "{fix}");
        }

        let openshift =
            etcdtls_pki::openshift::OpenShiftPki::generate(&etcdtls_pki::openshift::OpenShiftOptions::new(now))
                .unwrap();
        let all = format!("{}/secrets/etcd-all-certs", etcdtls_pki::openshift::ETCD_CERTS);
        let bundle = &openshift.files[&format!(
            "{}/configmaps/etcd-all-bundles/server-ca-bundle.crt",
            etcdtls_pki::openshift::ETCD_CERTS
        )];
        let fix = added(
            &openshift.files[&format!("{all}/etcd-serving-master-0.crt")],
            (
                "/etc/kubernetes/static-pod-certs/configmaps/etcd-serving-ca/ca-bundle.crt",
                bundle,
            ),
            false,
        );
        assert!(fix.contains("no setting for more"), "{fix}");
        assert!(
            fix.contains("oc delete secret -n openshift-etcd etcd-serving-<node>"),
            "{fix}"
        );

        // A CA nobody's distribution makes: reissue it, with the name, from its CA.
        let ca = etcdtls_pki::Ca::new(
            "my own CA",
            etcdtls_pki::KeyType::EcdsaP256,
            now - time::Duration::hours(1),
            now + time::Duration::days(30),
        )
        .unwrap();
        let leaf = ca
            .issue(
                &etcdtls_pki::LeafSpec::new("m1", etcdtls_pki::Usage::Server, now, etcdtls_pki::KeyType::EcdsaP256)
                    .sans(["m1.local"]),
            )
            .unwrap();
        let fix = added(&leaf.cert_pem, ("/etc/etcd/ca.pem", &ca.pair.cert_pem), false);
        assert!(
            fix.starts_with("Reissue it from its CA with etcd.example.com among its SANs"),
            "{fix}"
        );
    }

    /// An expired k3s etcd server certificate is renewed the k3s way, not kubeadm's.
    #[test]
    fn an_expired_server_certificate_is_renewed_as_its_distribution_renews_it() {
        let now = time::OffsetDateTime::now_utc();
        let made = now - time::Duration::days(800);
        let pki = RancherPki::generate(&RancherOptions::new("k3s", "node-1", "10.0.0.7", made)).unwrap();
        let file = |p: &str| pki.files.get(p).unwrap_or_else(|| panic!("{p}")).clone();
        let server_pem = file("server/tls/etcd/server-client.crt");
        let report = etcdtls_core::analyze(
            &[etcdtls_core::Input::new("s", server_pem.as_bytes())],
            &etcdtls_core::Options::at(now),
        );
        let server = report.items[0].certificate().unwrap();
        assert!(server.not_after < now);
        let ca = file("server/tls/etcd/server-ca.crt");
        let fix = expired_fix(
            server,
            Some(("/var/lib/rancher/k3s/server/tls/etcd/server-ca.crt", ca.as_bytes())),
            now,
        )
        .unwrap();
        assert!(fix.contains("k3s certificate rotate"), "{fix}");
        assert!(!fix.contains("kubeadm"), "{fix}");
    }
}
