//! The files a client connects with (`--cacert`, `--cert`, `--key`): read, checked by the core
//! before anything is dialled, and turned into a rustls configuration that records what the
//! handshake saw, so that a failure can be explained.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use etcdtls_core::model::ItemBody;
use etcdtls_core::{ClientFiles, FindingId, Input, ItemKind, Options, Report, analyze};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::{ResolvesClientCert, WebPkiServerVerifier};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::sign::CertifiedKey;
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use rustls_pki_types::pem::PemObject;

use super::diagnosis::{Diagnosis, DiagnosisId};

/// One of the three files.
#[derive(Debug, Clone)]
pub struct GivenFile {
    /// `--cacert`, `--cert` or `--key`.
    pub flag: &'static str,
    /// The path as given.
    pub path: PathBuf,
    /// Its contents.
    pub bytes: Vec<u8>,
}

impl GivenFile {
    /// The path as text.
    pub fn name(&self) -> String {
        self.path.to_string_lossy().into_owned()
    }
}

/// The client's files, read and checked.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// `--cacert`.
    pub cacert: Option<GivenFile>,
    /// `--cert`.
    pub cert: Option<GivenFile>,
    /// `--key`.
    pub key: Option<GivenFile>,
    /// The moment the certificates are judged at.
    now: time::OffsetDateTime,
    /// What the core says about them: the full analysis, made when first asked for (files
    /// that pass the core's quick look are dialled without it).
    report: OnceLock<Report>,
    roots: Vec<CertificateDer<'static>>,
    /// Certificates in `--cacert` that are not CAs: Go trusts one of them as the server's
    /// certificate itself (below, [`Pinned`]).
    pinned: Vec<Pinned>,
    chain: Vec<CertificateDer<'static>>,
    key_der: Option<Arc<PrivateKeyDer<'static>>>,
}

/// A certificate of `--cacert` that is not a CA, as Go's `x509.Certificate.Verify` trusts it:
/// when the server presents that very certificate (`opts.Roots.contains(leaf)`), the chain is
/// the leaf alone, checked for its validity period, the server's name and the server-auth
/// usage. webpki trusts CAs only, so the verifier does this itself, as etcdctl would connect.
#[derive(Debug, Clone)]
struct Pinned {
    der: Vec<u8>,
    not_before: time::OffsetDateTime,
    not_after: time::OffsetDateTime,
    server_auth: bool,
}

impl Pinned {
    /// Go's checks of a chain that is the pinned leaf alone.
    fn verify(
        &self,
        end_entity: &CertificateDer<'_>,
        server_name: &ServerName<'_>,
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        use rustls::CertificateError as E;
        let now =
            time::OffsetDateTime::from_unix_timestamp(now.as_secs() as i64).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
        if now < self.not_before {
            return Err(rustls::Error::InvalidCertificate(E::NotValidYet));
        }
        if now > self.not_after {
            return Err(rustls::Error::InvalidCertificate(E::Expired));
        }
        let parsed = rustls::server::ParsedCertificate::try_from(end_entity)?;
        rustls::client::verify_server_name(&parsed, server_name)?;
        if !self.server_auth {
            return Err(rustls::Error::InvalidCertificate(E::InvalidPurpose));
        }
        Ok(ServerCertVerified::assertion())
    }
}

/// What a handshake saw: filled in by the verifier and the certificate resolver below.
#[derive(Debug, Clone, Default)]
pub struct Trace {
    /// The server's certificates, leaf first.
    pub server_chain: Vec<Vec<u8>>,
    /// Why the server's chain was refused, if it was.
    pub server_verify_error: Option<rustls::Error>,
    /// The server asked for a client certificate.
    pub client_cert_requested: bool,
    /// The CA names the server said it trusts for client certificates.
    pub acceptable_client_cas: Vec<Vec<u8>>,
    /// A client certificate was sent.
    pub client_cert_sent: bool,
}

/// A shared trace for one connection.
pub type SharedTrace = Arc<Mutex<Trace>>;

fn read(flag: &'static str, path: &Option<PathBuf>) -> Result<Option<GivenFile>, Diagnosis> {
    let Some(path) = path else { return Ok(None) };
    match fs::read(path) {
        Ok(bytes) => Ok(Some(GivenFile {
            flag,
            path: path.clone(),
            bytes,
        })),
        Err(e) => {
            let why = crate::inputs::describe(&e, path);
            // Missing or unreadable, it is the file that is wrong (`file-unreadable`);
            // `permission-denied` is etcd refusing a request.
            let denied = e.kind() == std::io::ErrorKind::PermissionDenied;
            Err(Diagnosis::new(
                DiagnosisId::FileUnreadable,
                format!("{flag} {}: {why}.", path.display()),
            )
            .with_fix(if denied {
                format!(
                    "Run as a user who can read {} (kubeadm's PKI is root-only: use sudo).",
                    path.display()
                )
            } else {
                let tilde = path.to_str().and_then(|p| p.strip_prefix("~/"));
                match closest_name(path, flag == "--key") {
                    // `--cacert=~/ca.crt`: the shell expands `~` only at a word's start.
                    _ if let Some(rest) = tilde => format!(
                        "The shell left the `~` as it was: it expands `~` only at the start of a word, not after `{flag}=`. Write {flag} ~/{rest} (with a space), or {flag}=$HOME/{rest}."
                    ),
                    Some(near) => format!("Did you mean {flag}={}? It is the closest name in that folder.", near.display()),
                    None if path.parent().is_some_and(|d| !d.as_os_str().is_empty() && !d.is_dir()) => format!(
                        "Check the path given to {flag}: its folder {} does not exist on this machine (kubeadm keeps etcd's files in /etc/kubernetes/pki/etcd/).",
                        path.parent().unwrap_or(path).display()
                    ),
                    None => format!("Check the path given to {flag}; kubeadm keeps etcd's files in /etc/kubernetes/pki/etcd/."),
                }
            })
            .with_file(path))
        }
    }
}

/// The file in a missing file's folder whose name is closest to it: a typo (`healtcheck`), or
/// the same name with another extension (`client.pem` for `client.crt`). For `--key`, only
/// key-like names (`.key`, `-key.pem`); for the certificates, only the others.
fn closest_name(missing: &Path, key: bool) -> Option<PathBuf> {
    let dir = missing
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = missing.file_name()?.to_str()?;
    // cfssl's `client-key.pem` and kubeadm's `client.key` name the same pair.
    let stem = |n: &str| {
        let s = n.rsplit_once('.').map_or(n, |(s, _)| s);
        s.strip_suffix("-key").unwrap_or(s).to_string()
    };
    let entries = fs::read_dir(dir).ok()?;
    entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        // Only names that can hold a certificate or key (not `ca.csr`, `ca-csr.json`).
        .filter(|n| {
            let ext = n.rsplit_once('.').map_or("", |(_, e)| e);
            matches!(ext, "crt" | "pem" | "cer" | "cert" | "key") && n.contains("key") == key
        })
        .map(|n| {
            let d = if stem(&n) == stem(name) {
                1
            } else {
                strsim::osa_distance(&n, name)
            };
            (d, n)
        })
        .filter(|(d, n)| *d <= 3.min(n.len() / 3))
        .min()
        .map(|(_, n)| missing.with_file_name(n))
}

impl Credentials {
    /// Reads and checks the files. Problems that make any connection impossible (a file that
    /// cannot be read, a key as `--cert`, a key from another pair, a password-protected key, a
    /// leaf as `--cacert`) come back as a diagnosis before anything is dialled. Files that pass
    /// the core's quick look ([`ClientFiles::plainly_sound`]) are dialled without the full
    /// analysis; any others are checked with it, and every diagnosis comes from it.
    pub fn load(
        cacert: &Option<PathBuf>,
        cert: &Option<PathBuf>,
        key: &Option<PathBuf>,
        now: time::OffsetDateTime,
    ) -> Result<Credentials, Diagnosis> {
        let mut creds = Credentials {
            cacert: read("--cacert", cacert)?,
            cert: read("--cert", cert)?,
            key: read("--key", key)?,
            now,
            report: OnceLock::new(),
            roots: Vec::new(),
            pinned: Vec::new(),
            chain: Vec::new(),
            key_der: None,
        };
        creds.as_go_reads_them()?;
        match creds.plainly_sound() {
            Some(sound) => {
                creds.roots = sound.ca_certificates.into_iter().map(CertificateDer::from).collect();
                creds.chain = sound.chain.into_iter().map(CertificateDer::from).collect();
            }
            None => {
                creds.check()?;
                creds.roots = creds.certificates_of(&creds.cacert);
                creds.pinned = (creds.ca_certificates().iter())
                    .filter_map(|i| i.certificate())
                    .filter(|c| !c.is_ca())
                    .map(|c| Pinned {
                        der: c.der.clone(),
                        not_before: c.not_before,
                        not_after: c.not_after,
                        server_auth: c.allows_server_auth(),
                    })
                    .collect();
                creds.chain = creds.certificates_of(&creds.cert);
            }
        }
        // Go reads `--cacert` as PEM only: a file without a PEM block (a DER certificate
        // included) trusts nothing.
        if creds.cacert.as_ref().is_some_and(|c| !has_pem_block(&c.bytes)) {
            creds.roots.clear();
        }
        creds.load_key()
    }

    /// The core's quick look, when all three files are given.
    /// What Go refuses before etcdctl dials, whatever else the files hold: `--cert` or `--key`
    /// without any PEM block (`tls.X509KeyPair` reads PEM only), and a `--cacert` block that is
    /// not a bare certificate (etcd's `NewCertPool` parses every block as one: OpenSSL's
    /// `TRUSTED CERTIFICATE` carries trust settings after it).
    fn as_go_reads_them(&self) -> Result<(), Diagnosis> {
        for (file, input, convert) in [
            (
                &self.cert,
                "certificate",
                "openssl x509 -inform der -in {} -out client.crt",
            ),
            (&self.key, "key", "openssl pkey -inform der -in {} -out client.key"),
        ] {
            let Some(f) = file else { continue };
            if !has_pem_block(&f.bytes) {
                return Err(Diagnosis::new(
                    DiagnosisId::WrongFileType,
                    format!("{} {} holds no PEM block (DER, or not a {input} at all): etcdctl reads PEM only and stops (`tls: failed to find any PEM data in {input} input`).", f.flag, f.name()),
                )
                .with_fix(format!("Convert a DER file to PEM and give that: `{}`.", convert.replace("{}", &f.name())))
                .with_file(&f.path));
            }
        }
        if let Some(ca) = &self.cacert
            && ca.bytes.windows(30).any(|w| w == b"-----BEGIN TRUSTED CERTIFICATE")
        {
            return Err(Diagnosis::new(
                DiagnosisId::WrongFileType,
                format!("--cacert {} is in OpenSSL's TRUSTED CERTIFICATE form (`openssl x509 -trustout`: trust settings after the certificate), which Go does not read: etcdctl stops (`x509: trailing data`).", ca.name()),
            )
            .with_fix(format!("Write it as a plain certificate and give that: `openssl x509 -in {} -out ca.crt`.", ca.name()))
            .with_file(&ca.path));
        }
        Ok(())
    }

    fn plainly_sound(&self) -> Option<etcdtls_core::PlainlySound> {
        let (Some(cacert), Some(cert), Some(key)) = (&self.cacert, &self.cert, &self.key) else {
            return None;
        };
        let (ca_name, cert_name, key_name) = (cacert.name(), cert.name(), key.name());
        ClientFiles {
            cacert: Input::new(&ca_name, &cacert.bytes),
            cert: Input::new(&cert_name, &cert.bytes),
            key: Input::new(&key_name, &key.bytes),
        }
        .plainly_sound()
    }

    /// The core's full analysis of the files, with the command line that names them.
    pub fn report(&self) -> &Report {
        self.report.get_or_init(|| {
            let mut flags = String::from("etcdctl");
            for f in [&self.cacert, &self.cert, &self.key].into_iter().flatten() {
                flags.push_str(&format!(
                    " {}={}",
                    f.flag,
                    etcdtls_core::check::shell::quote(&f.path.to_string_lossy())
                ));
            }
            let names: Vec<(String, &[u8])> = [&self.cacert, &self.cert, &self.key]
                .into_iter()
                .flatten()
                .map(|f| (f.name(), f.bytes.as_slice()))
                .collect();
            let mut inputs: Vec<Input<'_>> = Vec::new();
            let mut seen = Vec::new();
            for (name, bytes) in &names {
                if !seen.contains(name) {
                    seen.push(name.clone());
                    inputs.push(Input::new(name, bytes));
                }
            }
            inputs.push(Input::new("the command line", flags.as_bytes()));
            analyze(&inputs, &Options::at(self.now))
        })
    }

    /// The items of one given file.
    fn items_of<'a>(&'a self, file: &'a Option<GivenFile>) -> impl Iterator<Item = &'a etcdtls_core::Item> + 'a {
        let name = file.as_ref().map(GivenFile::name);
        self.report()
            .items
            .iter()
            .filter(move |i| Some(&i.source.path) == name.as_ref())
    }

    fn kinds(&self, file: &Option<GivenFile>) -> Vec<ItemKind> {
        self.items_of(file).map(|i| i.kind()).collect()
    }

    /// The private key beside `--cert` (or `--key`) that pairs with `--cert`'s certificate.
    fn key_near_cert(&self) -> Option<String> {
        let cert = self.client_certificate()?.certificate()?;
        let anchors: Vec<&Path> = [&self.cert, &self.key]
            .into_iter()
            .flatten()
            .map(|f| f.path.as_path())
            .collect();
        super::nearby::Nearby::around(&anchors, self.now).key_of(cert)
    }

    /// The first certificate in `--cert`.
    pub fn client_certificate(&self) -> Option<&etcdtls_core::Item> {
        self.items_of(&self.cert).find(|i| i.kind() == ItemKind::Certificate)
    }

    /// The first private key in `--key`.
    pub fn client_key(&self) -> Option<&etcdtls_core::Item> {
        self.items_of(&self.key).find(|i| i.kind() == ItemKind::PrivateKey)
    }

    /// The certificates in `--cacert`.
    pub fn ca_certificates(&self) -> Vec<&etcdtls_core::Item> {
        self.items_of(&self.cacert)
            .filter(|i| i.kind() == ItemKind::Certificate)
            .collect()
    }

    fn describe_kinds(kinds: &[ItemKind]) -> String {
        match kinds.first() {
            Some(ItemKind::PrivateKey) => "a private key".into(),
            Some(ItemKind::Certificate) => "a certificate".into(),
            Some(ItemKind::PublicKey) => "a public key".into(),
            Some(ItemKind::Csr) => "a certificate signing request".into(),
            Some(ItemKind::Crl) => "a revocation list".into(),
            None => "nothing etcdtls can read".into(),
        }
    }

    fn unreadable_reason(&self, file: &GivenFile) -> Option<String> {
        let name = file.name();
        self.report()
            .errors
            .iter()
            .find(|e| e.source.path == name)
            .map(|e| e.kind.to_string())
    }

    fn check(&self) -> Result<(), Diagnosis> {
        let cert_kinds = self.kinds(&self.cert);
        let key_kinds = self.kinds(&self.key);
        let ca_kinds = self.kinds(&self.cacert);
        // --cert and --key swapped.
        if let (Some(cert), Some(key)) = (&self.cert, &self.key)
            && cert.path != key.path
            && cert_kinds.first() == Some(&ItemKind::PrivateKey)
            && key_kinds.first() == Some(&ItemKind::Certificate)
        {
            return Err(Diagnosis::new(
                DiagnosisId::WrongFileType,
                format!(
                    "--cert and --key are swapped: --cert {} is a private key and --key {} is a certificate.",
                    cert.name(),
                    key.name()
                ),
            )
            .with_fix(format!("--cert={} --key={}", key.name(), cert.name()))
            .with_file(&cert.path));
        }
        for (file, kinds, wanted, what) in [
            (
                &self.cacert,
                &ca_kinds,
                ItemKind::Certificate,
                "the CA certificate that signed the server's certificate (kubeadm: /etc/kubernetes/pki/etcd/ca.crt)",
            ),
            (
                &self.cert,
                &cert_kinds,
                ItemKind::Certificate,
                "the client certificate (kubeadm: /etc/kubernetes/pki/etcd/healthcheck-client.crt)",
            ),
            (
                &self.key,
                &key_kinds,
                ItemKind::PrivateKey,
                "the client certificate's private key (kubeadm: /etc/kubernetes/pki/etcd/healthcheck-client.key)",
            ),
        ] {
            let Some(f) = file else { continue };
            // Go's `NewCertPool` (etcdctl's `--cacert`) skips a file without any PEM block
            // (empty, DER, text) and trusts nothing: etcdctl then dials and fails as with a
            // wrong CA, so etcdtls explains it there, with etcdctl's exit code and output.
            if f.flag == "--cacert" && !has_pem_block(&f.bytes) {
                continue;
            }
            if !kinds.contains(&wanted) {
                let reason = self.unreadable_reason(f).map(|r| format!(" ({r})")).unwrap_or_default();
                return Err(Diagnosis::new(
                    DiagnosisId::WrongFileType,
                    format!(
                        "{} {} holds {}{reason}, not {}.",
                        f.flag,
                        f.name(),
                        Self::describe_kinds(kinds),
                        if wanted == ItemKind::PrivateKey {
                            "a private key"
                        } else {
                            "a certificate"
                        }
                    ),
                )
                .with_fix(format!("Give {} {what}.", f.flag))
                .with_file(&f.path));
            }
        }
        if let Some(key) = self.client_key()
            && let ItemBody::PrivateKey(k) = &key.body
        {
            if k.format.is_encrypted() {
                return Err(Diagnosis::new(
                    DiagnosisId::KeyEncrypted,
                    format!(
                        "--key {} is protected by a password ({}); etcd clients cannot use it.",
                        key.source.path, k.format
                    ),
                )
                .with_fix(format!(
                    "Decrypt it once with `openssl pkey -in {} -out <plain.key>` and give that file (chmod 600).",
                    key.source.path
                ))
                .with_file(Path::new(&key.source.path)));
            }
            if k.format == etcdtls_core::model::KeyFormat::OpenSsh {
                return Err(Diagnosis::new(
                    DiagnosisId::WrongFileType,
                    format!("--key {} is an SSH key, not a TLS key.", key.source.path),
                )
                .with_fix("Give the key that was made with the client certificate.")
                .with_file(Path::new(&key.source.path)));
            }
        }
        // Go pairs the first certificate of --cert (the leaf) with the first private key of
        // --key, whatever else the files hold.
        let key_public = self.client_key().and_then(|k| match &k.body {
            ItemBody::PrivateKey(k) => k.public_key.as_ref().map(|p| &p.material),
            _ => None,
        });
        let leaf = self.client_certificate().and_then(|i| i.certificate());
        let pairs = |c: &etcdtls_core::model::Certificate| key_public.is_some_and(|m| *m == c.public_key.material);
        if let Some(leaf) = leaf
            && key_public.is_some()
            && !pairs(leaf)
            && let Some((n, of_key)) =
                (self.items_of(&self.cert).filter_map(|i| i.certificate()).enumerate()).find(|(_, c)| pairs(c))
        {
            // `cat ca.crt client.crt > client.crt`: the key is the client's, the leaf the CA.
            let cert = self.cert.as_ref().map(GivenFile::name).unwrap_or_default();
            return Err(Diagnosis::new(
                DiagnosisId::KeyMismatch,
                format!("--cert {cert} starts with {} ({}), and Go takes a file's first certificate as the client's own; --key is the private key of its certificate number {} ({}). etcdctl stops: `tls: private key does not match public key`.", leaf.display_name(), if leaf.is_ca() { "a CA" } else { "another certificate" }, n + 1, of_key.display_name()),
            )
            .with_fix(format!("Put the client certificate first in {cert} (its CA after it, or only in --cacert)."))
            .with_file(Path::new(&cert)));
        }
        let mismatch = leaf.is_some_and(|leaf| key_public.is_some() && !pairs(leaf));
        if mismatch {
            let detail = (self.report().findings.iter())
                .find(|f| f.id == FindingId::KeyMismatch)
                .map(|f| f.message.clone());
            let key_path = self.key.as_ref().map(GivenFile::name).unwrap_or_default();
            let cert_path = self.cert.as_ref().map(GivenFile::name).unwrap_or_default();
            let belongs = self
                .client_key()
                .and_then(|k| k.certificate.as_ref())
                .filter(|c| c.0 != cert_path)
                .map(|c| format!(" It belongs to {c}."))
                .unwrap_or_default();
            let diagnosis = Diagnosis::new(
                DiagnosisId::KeyMismatch,
                format!("--key {key_path} is not the private key of --cert {cert_path}: they come from different pairs.{belongs}"),
            )
            .with_fix(self.key_near_cert().map_or_else(
                || {
                    format!(
                        "Give the key made with {cert_path} (in kubeadm's layout the same name with .key: {}).",
                        cert_path.strip_suffix(".crt").map(|s| format!("{s}.key")).unwrap_or_else(|| "the matching .key".into())
                    )
                },
                |key| format!("Use --key={key}: it is the private key of {cert_path}, found beside it."),
            ))
            .with_file(Path::new(&key_path))
            ;
            return Err(match detail {
                Some(d) => diagnosis.with_detail(d),
                None => diagnosis,
            });
        }
        Ok(())
    }

    /// `--cacert` holds no CA, only certificates such as a member's or a client's: Go trusts
    /// one of them only as the server's own certificate, so any other server is refused.
    /// Said after a handshake that failed on the server's certificate (etcdctl dials, and fails
    /// with exit 1); a `--cacert` holding the server's certificate connects, as in etcdctl.
    pub fn leaf_as_cacert(&self) -> Option<Diagnosis> {
        self.leaf_as_cacert_if(|_| true)
    }

    /// [`Credentials::leaf_as_cacert`] when one of `--cacert`'s certificates may serve as a
    /// pinned server certificate (it allows server authentication): the warning printed
    /// before dialling. A client certificate there can only fail, and the failure says why.
    pub fn pinned_server_certificate(&self) -> Option<String> {
        if let Some(alone) = self.leaf_as_cacert_if(|p| p.server_auth) {
            return Some(format!(
                "{} As in etcdctl, only a server that presents that very certificate is trusted: this stops working for every other member, and when it is renewed.",
                alone.summary
            ));
        }
        // A bundle: CAs, and a server's certificate among them.
        if !self.pinned.iter().any(|p| p.server_auth) {
            return None;
        }
        let ca_file = self.cacert.as_ref()?;
        let cas = self.ca_certificates();
        let (item, leaf) = cas.iter().find_map(|i| {
            i.certificate()
                .filter(|c| !c.is_ca() && c.allows_server_auth())
                .map(|c| (i, c))
        })?;
        Some(format!(
            "--cacert {} holds, beside its CA certificates, one that is not a CA: the {} of {}, issued by {}. As in etcdctl, a server that presents that very certificate is trusted as itself, whatever signed it, until it is renewed; every other server must chain to the CAs.",
            ca_file.name(),
            item.role.title(),
            leaf.display_name(),
            leaf.issuer.text
        ))
    }

    fn leaf_as_cacert_if(&self, pinnable: impl Fn(&Pinned) -> bool) -> Option<Diagnosis> {
        // Filled only when the full analysis ran, so the quick path stays quick.
        if !self.pinned.iter().any(pinnable) {
            return None;
        }
        let ca_file = self.cacert.as_ref()?;
        let cas = self.ca_certificates();
        if cas.is_empty() || cas.iter().any(|c| c.certificate().is_none_or(|c| c.is_ca())) {
            return None;
        }
        let first = cas[0];
        let issuer = first.certificate().map(|c| c.issuer.text.clone()).unwrap_or_default();
        Some(
            Diagnosis::new(
                DiagnosisId::CaNotACa,
                format!("--cacert {} is not a CA certificate: it is the {} of {}, issued by {issuer}.", ca_file.name(), first.role.title(), first.certificate().map(|c| c.display_name()).unwrap_or_default()),
            )
            .with_fix(match first.certificate().and_then(|c| super::nearby::find_issuer(c, Some(&ca_file.path))) {
                Some(ca) => format!("Use --cacert={}: it is the CA that signed {}. Check whether --cacert and --cert were swapped.", ca.display(), ca_file.name()),
                None => format!("Give --cacert the CA that signed it ({issuer}); in kubeadm's layout that is /etc/kubernetes/pki/etcd/ca.crt. Check whether --cacert and --cert were swapped."),
            })
            .with_file(&ca_file.path),
        )
    }

    /// Whether the server's certificate is one `--cacert` holds as a certificate that is not
    /// a CA: trusted as itself ([`Pinned`]), with no CA checked.
    pub fn trusts_as_itself(&self, server_leaf: &[u8]) -> bool {
        self.pinned.iter().any(|p| p.der == server_leaf)
    }

    /// The certificates of one given file, as DER.
    fn certificates_of(&self, file: &Option<GivenFile>) -> Vec<CertificateDer<'static>> {
        self.items_of(file)
            .filter_map(|i| i.certificate())
            .map(|c| CertificateDer::from(c.der.clone()))
            .collect()
    }

    fn load_key(mut self) -> Result<Credentials, Diagnosis> {
        if let Some(key) = &self.key {
            let der = PrivateKeyDer::from_pem_slice(&key.bytes)
                .or_else(|_| PrivateKeyDer::try_from(key.bytes.clone()).map_err(|e| e.to_string()));
            match der {
                Ok(der) => self.key_der = Some(Arc::new(der)),
                Err(e) => {
                    return Err(Diagnosis::new(
                        DiagnosisId::WrongFileType,
                        format!("--key {}: the key could not be loaded ({e}).", key.name()),
                    )
                    .with_fix("Give a PEM private key (PKCS#1, PKCS#8 or SEC1), as kubeadm writes them.")
                    .with_file(&key.path));
                }
            }
        }
        Ok(self)
    }

    /// Whether a client identity was given.
    pub fn has_client_identity(&self) -> bool {
        !self.chain.is_empty() && self.key_der.is_some()
    }

    /// A rustls configuration for one connection, recording into `trace`.
    pub fn client_config(&self, insecure_skip_verify: bool, trace: SharedTrace) -> Result<ClientConfig, Diagnosis> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut roots = RootCertStore::empty();
        if self.cacert.is_some() {
            for root in &self.roots {
                // A CA the verifier cannot use would already have been reported by the core.
                let _ = roots.add(root.clone());
            }
        } else {
            for cert in rustls_native_certs::load_native_certs().certs {
                let _ = roots.add(cert);
            }
        }
        let inner = if insecure_skip_verify || roots.is_empty() {
            None
        } else {
            Some(
                WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
                    .build()
                    .map_err(|e| {
                        Diagnosis::new(
                            DiagnosisId::CaNotACa,
                            format!("--cacert cannot be used as a trust anchor: {e}."),
                        )
                    })?,
            )
        };
        let verifier = Arc::new(RecordingVerifier {
            inner,
            pinned: self.pinned.clone(),
            provider: provider.clone(),
            trace: trace.clone(),
            skip: insecure_skip_verify,
        });
        let certified = match (&self.key_der, self.chain.is_empty()) {
            (Some(key), false) => {
                let signing = provider
                    .key_provider
                    .load_private_key(key.as_ref().clone_key())
                    .map_err(|e| {
                        Diagnosis::new(
                            DiagnosisId::WrongFileType,
                            format!("--key cannot be used for TLS: {e}."),
                        )
                        .with_fix("Give an RSA, ECDSA P-256/P-384 or Ed25519 key in PEM.")
                    })?;
                Some(Arc::new(CertifiedKey::new(self.chain.clone(), signing)))
            }
            _ => None,
        };
        let resolver = Arc::new(RecordingResolver { certified, trace });
        let mut config = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| Diagnosis::new(DiagnosisId::Internal, e.to_string()))?
            .dangerous()
            .with_custom_certificate_verifier(verifier)
            .with_client_cert_resolver(resolver);
        config.alpn_protocols = vec![b"h2".to_vec()];
        Ok(config)
    }
}

/// Whether Go's `pem.Decode` finds a block: a `-----BEGIN ` line with its `-----END ` after it.
pub(crate) fn has_pem_block(bytes: &[u8]) -> bool {
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    find(bytes, b"-----BEGIN ").is_some_and(|at| find(&bytes[at..], b"-----END ").is_some())
}

/// Verifies the server's chain with webpki (or not at all, with --insecure-skip-tls-verify),
/// remembering the chain and the verdict.
#[derive(Debug)]
struct RecordingVerifier {
    inner: Option<Arc<WebPkiServerVerifier>>,
    pinned: Vec<Pinned>,
    provider: Arc<rustls::crypto::CryptoProvider>,
    trace: SharedTrace,
    skip: bool,
}

impl ServerCertVerifier for RecordingVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let pinned = self.pinned.iter().find(|p| p.der == end_entity.as_ref());
        let result = match (&self.inner, self.skip) {
            (_, true) => Ok(ServerCertVerified::assertion()),
            (_, false) if let Some(pinned) = pinned => pinned.verify(end_entity, server_name, now),
            (Some(inner), false) => {
                inner.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
            }
            (None, false) => Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::UnknownIssuer,
            )),
        };
        if let Ok(mut t) = self.trace.lock() {
            t.server_chain = std::iter::once(end_entity)
                .chain(intermediates)
                .map(|c| c.to_vec())
                .collect();
            t.server_verify_error = result.as_ref().err().cloned();
        }
        result
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}

/// Offers the client certificate when the server asks, remembering that it asked and which CAs
/// it said it trusts.
#[derive(Debug)]
struct RecordingResolver {
    certified: Option<Arc<CertifiedKey>>,
    trace: SharedTrace,
}

impl ResolvesClientCert for RecordingResolver {
    fn resolve(&self, root_hint_subjects: &[&[u8]], _sigschemes: &[SignatureScheme]) -> Option<Arc<CertifiedKey>> {
        if let Ok(mut t) = self.trace.lock() {
            t.client_cert_requested = true;
            t.acceptable_client_cas = root_hint_subjects.iter().map(|s| s.to_vec()).collect();
            t.client_cert_sent = self.certified.is_some();
        }
        self.certified.clone()
    }

    fn has_certs(&self) -> bool {
        // Always let the server's request reach `resolve`, so that it is recorded.
        true
    }
}
