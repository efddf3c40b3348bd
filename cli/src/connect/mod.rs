//! Connecting to etcd the way etcdctl does, with the reason when it fails.
//!
//! The TLS handshake is ours (rustls through tokio-rustls), handed to etcd-client's gRPC as a
//! ready stream. That is what lets every failure be named: the verifier records the server's
//! chain, the certificate resolver records whether the server asked for a client certificate
//! and which CAs it trusts, and a refused or silent port is told apart from a TLS alert.

pub mod credentials;
pub mod diagnosis;
pub mod nearby;
pub mod probe;
pub mod target;

use std::io;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use etcd_client::{Channel, Client, ConnectOptions};
use hyper_util::rt::TokioIo;

use crate::cli::GlobalFlags;
use crate::exit::{ExitStatus, Failure};
use credentials::Credentials;
use diagnosis::{Diagnosis, DiagnosisId};
use probe::TlsSetup;
use target::Target;

/// Everything needed to dial: etcdctl's global flags, parsed and checked.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `--endpoints`, in order.
    pub targets: Vec<Target>,
    /// TLS settings, when any endpoint uses TLS.
    pub tls: Option<TlsSetup>,
    /// `--dial-timeout`.
    pub dial_timeout: Duration,
    /// `--command-timeout`.
    pub command_timeout: Duration,
    /// The deadline starts before the dial (etcdctl's commands that make their context
    /// before their client), rather than with each request.
    pub deadline_covers_dial: bool,
    /// `--user` and `--password`.
    pub user: Option<(String, String)>,
    /// The moment to judge certificates at.
    pub now: time::OffsetDateTime,
}

impl Settings {
    /// Reads etcdctl's global flags. Local problems with the files come back as a failure
    /// naming the file, before anything is dialled.
    pub fn from_flags(g: &GlobalFlags) -> Result<Settings, Failure> {
        // etcdctl's reading (`etcdctl/main.go`), for etcdtls's own commands (`doctor`);
        // etcdctl's commands are answered before their command line is read.
        if let Some(api) = crate::api_version::from_env()
            && !crate::api_version::speaks_v3(Some(&api))
        {
            return Err(Failure::new(
                ExitStatus::BadArgs,
                format!("ETCDCTL_API={api}: etcdtls speaks only etcd's v3 API; set ETCDCTL_API=3 or unset it"),
            ));
        }
        let now = time::OffsetDateTime::now_utc();
        let has_tls_files = g.cacert.is_some() || g.cert.is_some() || g.key.is_some();
        // etcdctl's `newClientCfg` makes a TLS configuration only for a file flag or
        // `--insecure-transport=false`, and `--insecure-skip-tls-verify` changes that
        // configuration without making one: alone, it leaves an endpoint without a scheme
        // plaintext and an `https://` one verified against the system's CAs (clientv3's
        // `processCreds`; v3.4.23 `etcdctl/ctlv3/command/global.go`, `clientv3/client.go`).
        let tls_by_default = has_tls_files || !g.insecure_transport;
        let mut targets = g
            .endpoints
            .iter()
            .filter(|e| !e.trim().is_empty())
            .map(|e| Target::parse(e, tls_by_default))
            .collect::<Result<Vec<_>, _>>()
            // etcdctl takes any endpoint (`unix:///x`, `ftp://h:1`, `h:abc`) and fails to dial
            // it: `context deadline exceeded`, exit 1. etcdtls says why at once, with that code.
            .map_err(|e| Failure::new(ExitStatus::Error, e))?;
        // pflag reads `--endpoints ""` as no endpoints at all (clientv3 then refuses with
        // "etcdclient: no available endpoints", see [`no_endpoints`]); `--endpoints=,` is two
        // empty ones, which etcdctl dials until its deadline.
        if targets.is_empty() && g.endpoints.len() > 1 {
            targets.push(Target::empty());
        }
        let any_tls = targets.iter().any(|t| t.scheme == target::Scheme::Https);
        let tls = if any_tls || has_tls_files {
            let creds = Credentials::load(&g.cacert, &g.cert, &g.key, now).map_err(|d| {
                // etcdctl exits with ExitBadArgs when it cannot load the files.
                let mut f = diagnosis_failure(d);
                f.status = ExitStatus::BadArgs;
                f
            })?;
            Some(TlsSetup {
                creds: Arc::new(creds),
                insecure_skip_verify: g.insecure_skip_tls_verify && tls_by_default,
            })
        } else {
            None
        };
        let user = match (&g.user, &g.password) {
            // etcdctl logs in only with a non-empty --user.
            (Some(u), _) if u.is_empty() => None,
            // etcdctl's authCfgFromCmd: an empty --password is no password, so a name:password
            // --user is split (a --user without one has been asked for it by now).
            (Some(u), Some(p)) if !p.is_empty() || !u.contains(':') => Some((u.clone(), p.clone())),
            (Some(u), _) => match u.split_once(':') {
                Some((name, pass)) => Some((name.to_string(), pass.to_string())),
                None => {
                    return Err(Failure::new(
                        ExitStatus::BadArgs,
                        "--user without a password: give --user=name:password or --password",
                    ));
                }
            },
            // etcdctl ignores --password without --user.
            (None, _) => None,
        }
        // clientv3 logs in only `if c.Username != "" && c.Password != ""`: otherwise the
        // request comes from the client certificate's identity.
        .filter(|(name, password)| !name.is_empty() && !password.is_empty());
        Ok(Settings {
            targets,
            tls,
            // clientv3 bounds the dial only `if c.cfg.DialTimeout > 0` (`clientv3/client.go`
            // `dial`, v3.4.23 lines 355-359): `--dial-timeout=0` (or negative) leaves the dial
            // to the command's own deadline.
            dial_timeout: if g.dial_timeout.is_zero() {
                NO_DEADLINE
            } else {
                g.dial_timeout
            },
            command_timeout: match g.deadline {
                crate::cli::Deadline::Unbounded => NO_DEADLINE,
                _ => g.command_timeout,
            },
            deadline_covers_dial: g.deadline == crate::cli::Deadline::BeforeClient,
            user,
            now,
        })
    }

    /// Why etcdctl's `clientv3.New` would refuse to build a client with these settings, which it
    /// reports with ExitBadConnection before any command: no endpoints (`--endpoints ""`), or a
    /// `--dial-timeout` that has expired before the dial begins (under a millisecond).
    pub fn client_refused(&self) -> Option<Failure> {
        if self.targets.is_empty() {
            return Some(no_endpoints());
        }
        let target = self.targets.first()?;
        let d = probe::timeout_diagnosis(target, &probe::DialError::Timeout(self.dial_timeout), "--dial-timeout")
            .filter(|_| self.dial_timeout < probe::TIMER_RESOLUTION)?;
        let mut f = Failure::new(ExitStatus::BadConnection, "context deadline exceeded");
        f.detail.push(format!("  {}", d.summary));
        f.detail.push(format!("  fix: {}", d.fix));
        Some(f)
    }

    /// How long a diagnosing redial may take: `--dial-timeout`, or the command's deadline when
    /// the dial has none of its own (`--dial-timeout=0`).
    pub fn walk_timeout(&self) -> Duration {
        if self.dial_timeout == NO_DEADLINE {
            self.command_timeout
        } else {
            self.dial_timeout
        }
    }

    /// The endpoints the everyday commands fail over between, each dialled as the first one
    /// is: clientv3's balancer gives every endpoint the transport of the first endpoint's
    /// scheme (`dialWithBalancer(cfg.Endpoints[0])` and `processCreds`, v3.4.23
    /// `clientv3/client.go`), so after an `https://` endpoint an `http://` one is dialled with
    /// TLS, and after an `http://` one an `https://` one in plaintext. etcdctl's per-endpoint
    /// commands make a client per endpoint and keep each one's own.
    pub fn balancer_targets(&self) -> Vec<Target> {
        let Some(first) = self.targets.first().map(|t| t.scheme) else {
            return Vec::new();
        };
        self.targets
            .iter()
            .map(|t| Target {
                scheme: first,
                ..t.clone()
            })
            .collect()
    }

    /// A line for a failure on [`Settings::balancer_targets`], when any endpoint's own scheme
    /// was not the one it was dialled with.
    pub fn balancer_note(&self) -> Option<String> {
        let first = self.targets.first()?;
        let others: Vec<&str> = (self.targets.iter())
            .filter(|t| t.scheme != first.scheme && !t.original.is_empty())
            .map(|t| t.original.as_str())
            .collect();
        let how = match first.scheme {
            target::Scheme::Https => "with TLS",
            target::Scheme::Http => "in plaintext",
        };
        (!others.is_empty()).then(|| {
            format!(
                "  etcdctl's client dials every endpoint as it dials the first one ({}), so {} was dialled {how}; give endpoints of one scheme.",
                first.original,
                others.join(", ")
            )
        })
    }

    /// Settings for other endpoints (the cluster's members), same files and timeouts.
    pub fn with_targets(&self, targets: Vec<Target>) -> Settings {
        Settings {
            targets,
            ..self.clone()
        }
    }
}

/// A failure with a diagnosis: `Error: <summary>`, then the fix and a pointer to `doctor`.
pub fn diagnosis_failure(d: Diagnosis) -> Failure {
    // etcdctl ends a failed connection with "Error: context deadline exceeded" and ExitError.
    let status = ExitStatus::Error;
    let mut detail = Vec::new();
    if !d.fix.is_empty() {
        detail.push(format!("  fix: {}", d.fix));
    }
    for line in &d.details {
        detail.push(format!("  {line}"));
    }
    detail.push(format!(
        "  ({}; run `etcdtls doctor` with the same flags for every step)",
        d.id
    ));
    Failure::new(status, d.summary).with_detail(detail)
}

/// Why [`connect_one`] failed.
#[derive(Debug)]
pub enum ConnectError {
    /// The connection could not be made: diagnose it with [`probe::walk`].
    Dial(String),
    /// The dial ran out of time, already diagnosed: walking again would only wait as long once
    /// more.
    TimedOut(Diagnosis),
    /// etcd answered, and refused (a wrong password).
    Etcd(etcd_client::Error),
}

impl std::fmt::Display for ConnectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConnectError::Dial(e) => f.write_str(e),
            ConnectError::TimedOut(d) => f.write_str(&d.summary),
            ConnectError::Etcd(e) => write!(f, "{e}"),
        }
    }
}

/// The "timeout" of a command etcdctl runs without a deadline (`context.TODO()`): a century.
pub const NO_DEADLINE: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

/// Connects to one endpoint (and logs in, with --user).
pub async fn connect_one(settings: &Settings, target: &Target) -> Result<Client, ConnectError> {
    let last_error: Arc<Mutex<Option<String>>> = Arc::new(Mutex::new(None));
    let timed_out: Arc<Mutex<Option<Diagnosis>>> = Arc::new(Mutex::new(None));
    let uri = format!("http://{}", target.authority());
    let endpoint = tonic::transport::Endpoint::from_shared(uri)
        .map_err(|e| ConnectError::Dial(e.to_string()))?
        .connect_timeout(settings.dial_timeout)
        .timeout(settings.command_timeout);
    let tls = settings.tls.clone();
    let dial_target = target.clone();
    // etcdctl 3.4 dials lazily, inside the command's deadline: a member that takes the
    // connection and never answers holds it for --command-timeout at most.
    let timeout = settings.dial_timeout.min(settings.command_timeout);
    let flag = if settings.command_timeout < settings.dial_timeout {
        "--command-timeout"
    } else {
        "--dial-timeout"
    };
    let record = last_error.clone();
    let record_timeout = timed_out.clone();
    let connector = tower::service_fn(move |_uri: http::Uri| {
        let target = dial_target.clone();
        let tls = tls.clone();
        let record = record.clone();
        let record_timeout = record_timeout.clone();
        async move {
            match probe::dial(&target, tls.as_ref(), timeout).await {
                Ok(dialed) => Ok::<_, io::Error>(TokioIo::new(dialed.io)),
                Err(e) => {
                    if let Ok(mut slot) = record.lock() {
                        *slot = Some(e.to_string());
                    }
                    if let (Some(d), Ok(mut slot)) =
                        (probe::timeout_diagnosis(&target, &e, flag), record_timeout.lock())
                    {
                        *slot = Some(d);
                    }
                    Err(io::Error::other(e))
                }
            }
        }
    });
    let channel = match endpoint.connect_with_connector(connector).await {
        Ok(c) => c,
        Err(e) => {
            if let Some(d) = timed_out.lock().ok().and_then(|s| s.clone()) {
                return Err(ConnectError::TimedOut(d));
            }
            let recorded = last_error.lock().ok().and_then(|s| s.clone());
            return Err(ConnectError::Dial(recorded.unwrap_or_else(|| e.to_string())));
        }
    };
    let mut options = ConnectOptions::new();
    if let Some((user, password)) = &settings.user {
        options = options.with_user(user.clone(), password.clone());
    }
    match tokio::time::timeout(
        settings.command_timeout,
        Client::from_channel(Channel::Tonic(channel.clone()), Some(options)),
    )
    .await
    {
        Ok(Ok(client)) => Ok(client),
        Ok(Err(etcd_client::Error::GRpcStatus(s))) if s.message().contains("authentication is not enabled") => {
            // etcdctl logs the refusal and goes on without a token; so does etcdtls.
            use std::io::Write as _;
            let _ = writeln!(
                anstream::stderr(),
                "WARNING: --user is ignored: etcd at {target} has authentication disabled ({}); the request goes on without logging in.",
                s.message()
            );
            Client::from_channel(Channel::Tonic(channel), None)
                .await
                .map_err(|e| ConnectError::Dial(e.to_string()))
        }
        Ok(Err(e)) if !is_transport_error(&e) => Err(ConnectError::Etcd(e)),
        Ok(Err(e)) => Err(ConnectError::Dial(e.to_string())),
        Err(_) => Err(ConnectError::Dial("authentication timed out".into())),
    }
}

/// Whether an etcd-client error is about the transport (diagnose the connection) rather than
/// an answer from etcd.
pub fn is_transport_error(e: &etcd_client::Error) -> bool {
    match e {
        etcd_client::Error::TransportError(_) | etcd_client::Error::IoError(_) => true,
        etcd_client::Error::GRpcStatus(s) => {
            matches!(
                s.code(),
                tonic::Code::Unavailable | tonic::Code::Unknown | tonic::Code::Cancelled
            ) && !s.message().starts_with("etcdserver:")
        }
        _ => false,
    }
}

/// etcd's answers while it elects a leader or sheds load: worth another try.
pub fn is_transient(e: &etcd_client::Error) -> bool {
    match e {
        etcd_client::Error::GRpcStatus(s) => {
            s.code() == tonic::Code::Unavailable
                && ["leader changed", "no leader", "not capable", "too many requests"]
                    .iter()
                    .any(|m| s.message().contains(m))
        }
        _ => false,
    }
}

/// The user etcd takes a request to come from when no `--user` is given: with auth on, etcd
/// 3.4 reads it from the client certificate's CN (`AuthInfoFromTLS` in its auth/store.go).
pub fn certificate_user(settings: &Settings) -> Option<String> {
    if settings.user.is_some() {
        return None;
    }
    settings
        .tls
        .as_ref()
        .and_then(|t| t.creds.client_certificate())
        .and_then(|cert| cert.certificate())
        .and_then(|c| c.subject.common_name.clone())
}

/// etcd's answer when a user it looks up does not exist (`ErrGRPCUserNotFound` in etcd 3.4's
/// rpctypes/error.go): either the user a command names, or the user a request comes from.
pub const USER_NOT_FOUND: &str = "etcdserver: user name not found";

/// An answer from etcd that explains itself: auth and permission errors.
pub fn etcd_error(e: &etcd_client::Error, settings: &Settings) -> Diagnosis {
    let message = match e {
        etcd_client::Error::GRpcStatus(s) => s.message().to_string(),
        other => other.to_string(),
    };
    let who = match (
        &settings.user,
        settings.tls.as_ref().and_then(|t| t.creds.client_certificate()),
    ) {
        (Some((u, _)), _) => format!("user {u} (--user)"),
        (None, Some(cert)) => format!(
            "user {} (the CN of --cert {})",
            cert.certificate()
                .and_then(|c| c.subject.common_name.clone())
                .unwrap_or_default(),
            cert.source.path
        ),
        _ => "an anonymous client".into(),
    };
    if message.contains("user name not found") {
        let fix = match (&settings.user, certificate_user(settings)) {
            (Some((u, _)), _) => format!(
                "Create the user and grant it a role (`etcdctl user add {u}`, `etcdctl user grant-role {u} <role>`), or give an existing user with --user."
            ),
            (None, Some(cn)) => format!(
                "Create the user and grant it a role (`etcdctl user add {cn} --no-password`, `etcdctl user grant-role {cn} <role>`), or connect with a certificate whose CN is an existing user."
            ),
            (None, None) => "Connect with a client certificate whose CN is an etcd user, or give --user.".to_string(),
        };
        Diagnosis::new(
            DiagnosisId::AuthUserNotFound,
            format!("etcd has auth enabled and no user for {who}: {message}."),
        )
        .with_fix(fix)
    } else if message.contains("permission denied") {
        Diagnosis::new(
            DiagnosisId::PermissionDenied,
            format!("etcd has auth enabled and refused the request for {who}: that user does not exist in etcd, or none of its roles covers these keys ({message})."),
        )
        .with_fix("Create the user if it is missing (`etcdctl user add <name> --no-password`) and grant it a role that covers the keys (`etcdctl role grant-permission`, `etcdctl user grant-role`).")
    } else if message.contains("authentication failed") || message.contains("invalid auth token") {
        Diagnosis::new(
            DiagnosisId::AuthFailed,
            format!("etcd refused the login of {who}: {message}."),
        )
        .with_fix("Check --user and --password.")
    } else if message.contains("user name is empty") {
        Diagnosis::new(
            DiagnosisId::AuthUserNotFound,
            format!("etcd has auth enabled but saw no user name: {message}."),
        )
        .with_fix("Connect with a client certificate whose CN is an etcd user, or give --user.")
    } else {
        Diagnosis::new(DiagnosisId::ServerError, format!("etcd answered: {message}."))
    }
}

/// Dials each endpoint in turn until one works: etcdctl's failover. Transport failures are
/// diagnosed, so the error names the real cause for every endpoint tried.
pub async fn connect_any(settings: &Settings) -> Result<(Client, Target), Failure> {
    if let Some(refused) = settings.client_refused() {
        return Err(refused);
    }
    let mut diagnoses: Vec<(Target, Diagnosis)> = Vec::new();
    for target in &settings.balancer_targets() {
        match connect_one(settings, target).await {
            Ok(client) => return Ok((client, target.clone())),
            // etcdctl logs in while it builds its client and exits with ExitBadConnection when
            // etcd refuses: its `Error:` line is etcd's message, the explanation follows.
            Err(ConnectError::Etcd(e)) => {
                return Err(crate::client::etcd_failure(&e, settings, ExitStatus::BadConnection));
            }
            Err(ConnectError::TimedOut(d)) => diagnoses.push((target.clone(), d)),
            Err(ConnectError::Dial(_)) => {
                let walk = probe::walk(target, settings.tls.as_ref(), settings.walk_timeout(), settings.now).await;
                diagnoses.push((target.clone(), walk.diagnosis));
            }
        }
    }
    let mut failure = all_failed(diagnoses);
    failure.detail.extend(settings.balancer_note());
    Err(failure)
}

/// clientv3.New's refusal of a configuration without endpoints (`--endpoints ""`), which
/// etcdctl's mustClient exits with ExitBadConnection.
pub fn no_endpoints() -> Failure {
    Failure::new(ExitStatus::BadConnection, "etcdclient: no available endpoints")
        .with_detail(["  fix: give --endpoints, such as --endpoints=https://127.0.0.1:2379.".to_string()])
}

/// One failure for all endpoints: the first cause in full, the others in a line each.
pub fn all_failed(mut diagnoses: Vec<(Target, Diagnosis)>) -> Failure {
    if diagnoses.is_empty() {
        return Failure::new(ExitStatus::Error, "no endpoint could be reached");
    }
    // The most telling diagnosis first: a certificate problem beats "unreachable".
    diagnoses.sort_by_key(|(_, d)| d.is_unreachable());
    let (first_target, first) = diagnoses.remove(0);
    let mut failure = diagnosis_failure(first.clone());
    if !diagnoses.is_empty() || first.id != DiagnosisId::Ok {
        failure.message = format!("{first_target}: {}", failure.message);
    }
    for (t, d) in diagnoses {
        failure.detail.push(format!("  {t}: {} [{}]", d.summary, d.id));
    }
    failure
}

#[cfg(test)]
mod tests {
    use clap::Parser as _;

    use super::*;

    fn login(args: &[&str]) -> Option<(String, String)> {
        let mut argv = vec!["etcdtls"];
        argv.extend_from_slice(args);
        argv.extend_from_slice(&["get", "k"]);
        let cli = crate::cli::Cli::try_parse_from(argv).unwrap();
        Settings::from_flags(&cli.global).unwrap().user
    }

    #[test]
    fn clientv3_logs_in_only_with_a_name_and_a_password() {
        let some = |u: &str, p: &str| Some((u.to_string(), p.to_string()));
        assert_eq!(login(&["--user", "root:secret"]), some("root", "secret"));
        assert_eq!(login(&["--user", "root", "--password", "pw"]), some("root", "pw"));
        assert_eq!(login(&["--user", "root:x", "--password", ""]), some("root", "x"));
        assert_eq!(login(&["--user", "root:"]), None);
        assert_eq!(login(&["--user", ":"]), None);
        assert_eq!(login(&["--user", "nosuch:"]), None);
        assert_eq!(login(&["--user", ":pw"]), None);
        // A --user without a password, asked for it, and the answer was empty.
        assert_eq!(login(&["--user", "root", "--password", ""]), None);
        assert_eq!(login(&["--user", ""]), None);
    }

    fn settings(args: &[&str]) -> Settings {
        let mut argv = vec!["etcdtls", "--endpoints=127.0.0.1:2379"];
        argv.extend_from_slice(args);
        argv.extend_from_slice(&["get", "k"]);
        Settings::from_flags(&crate::cli::Cli::try_parse_from(argv).unwrap().global).unwrap()
    }

    /// etcdctl's `newClientCfg`: `--insecure-skip-tls-verify` changes the TLS configuration a
    /// file flag or `--insecure-transport=false` makes, and makes none itself.
    #[test]
    fn insecure_skip_tls_verify_alone_makes_no_tls() {
        let flags = |endpoint: &str, more: &[&str]| {
            let mut argv = vec!["etcdtls".to_string(), format!("--endpoints={endpoint}")];
            argv.extend(more.iter().map(|s| s.to_string()));
            argv.extend(["get".to_string(), "k".to_string()]);
            Settings::from_flags(&crate::cli::Cli::try_parse_from(argv).unwrap().global).unwrap()
        };
        let s = flags("127.0.0.1:2379", &["--insecure-skip-tls-verify"]);
        assert_eq!(s.targets[0].scheme, target::Scheme::Http);
        assert!(s.tls.is_none());
        let s = flags("https://127.0.0.1:2379", &["--insecure-skip-tls-verify"]);
        assert!(
            !s.tls.unwrap().insecure_skip_verify,
            "verified against the system's CAs"
        );
        let s = flags(
            "127.0.0.1:2379",
            &["--insecure-skip-tls-verify", "--insecure-transport=false"],
        );
        assert_eq!(s.targets[0].scheme, target::Scheme::Https);
        assert!(s.tls.unwrap().insecure_skip_verify);
    }

    #[test]
    fn the_balancer_dials_every_endpoint_as_the_first() {
        let s = settings_for("http://127.0.0.1:1,https://127.0.0.1:2379,127.0.0.1:2");
        let schemes: Vec<target::Scheme> = s.balancer_targets().iter().map(|t| t.scheme).collect();
        assert_eq!(schemes, [target::Scheme::Http; 3]);
        let note = s.balancer_note().unwrap();
        assert!(
            note.contains("so https://127.0.0.1:2379 was dialled in plaintext"),
            "{note}"
        );
        let s = settings_for("https://127.0.0.1:2379,https://127.0.0.1:2380");
        assert!(s.balancer_note().is_none());
    }

    fn settings_for(endpoints: &str) -> Settings {
        let argv = [
            "etcdtls".to_string(),
            format!("--endpoints={endpoints}"),
            "get".into(),
            "k".into(),
        ];
        Settings::from_flags(&crate::cli::parse_from(argv, std::iter::empty()).unwrap().global).unwrap()
    }

    #[test]
    fn a_dial_timeout_of_zero_or_less_is_no_dial_deadline() {
        for zero in ["--dial-timeout=0", "--dial-timeout=0s", "--dial-timeout=-1s"] {
            let s = settings(&[zero, "--command-timeout=3s"]);
            assert_eq!(s.dial_timeout, NO_DEADLINE, "{zero}");
            assert!(s.client_refused().is_none(), "{zero}: clientv3 builds the client");
            assert_eq!(
                s.walk_timeout(),
                Duration::from_secs(3),
                "{zero}: the command's deadline"
            );
        }
        // A positive one under the timer's resolution has expired before the dial.
        assert!(settings(&["--dial-timeout=1us"]).client_refused().is_some());
        assert_eq!(settings(&["--dial-timeout=1s"]).walk_timeout(), Duration::from_secs(1));
    }
}
