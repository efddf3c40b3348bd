//! From an input's bytes to items: which format is it, and what does it hold?
//!
//! An input is bytes plus a name hint (usually the path). The decoder recognises PEM text in
//! any surroundings, DER, bare base64 of either, and the configuration formats of
//! [`crate::config`]. Every problem becomes an [`InputError`] naming the input (and the line,
//! or the field) while the rest of the input is still read.

use std::fmt;

use base64::Engine as _;
use serde::Serialize;
use zeroize::Zeroizing;

use crate::config::{self, ConfigFormat, EmbeddedData, EtcdMember, Reference, ReferenceKind, SettingsFile, Usage};
use crate::keys;
use crate::limits;
use crate::model::{ItemBody, KeyFormat, PrivateKeyInfo, Source};
use crate::pem::{self, LENIENT_BASE64, PemError};
use crate::tlv;
use crate::x509::{self, MalformedDer};

/// One input: bytes and a name.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The name hint: a path as the user gave it, `-` for stdin, `pasted` for the web page.
    /// File and folder names help classify (`pki/etcd/peer.crt`), and pair certificates
    /// with keys (`server.crt` and `server.key`).
    pub name: &'a str,
    /// The contents.
    pub bytes: &'a [u8],
}

impl<'a> Input<'a> {
    /// An input from a name and bytes.
    pub fn new(name: &'a str, bytes: &'a [u8]) -> Self {
        Input { name, bytes }
    }
}

/// What an input turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputFormat {
    /// PEM text.
    Pem,
    /// Binary DER.
    Der,
    /// Bare base64 of PEM or DER.
    Base64,
    /// A configuration file.
    Config(ConfigFormat),
    /// Nothing at all.
    Empty,
    /// Nothing etcdtls reads.
    Unrecognized,
}

impl fmt::Display for InputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputFormat::Pem => f.write_str("PEM"),
            InputFormat::Der => f.write_str("DER"),
            InputFormat::Base64 => f.write_str("base64"),
            InputFormat::Config(c) => c.fmt(f),
            InputFormat::Empty => f.write_str("empty"),
            InputFormat::Unrecognized => f.write_str("unrecognized"),
        }
    }
}

/// Something in an input that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputError {
    /// The input, and where inside it.
    pub source: Source,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// What went wrong.
    #[serde(flatten)]
    pub kind: InputErrorKind,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.source)?;
        if let Some(line) = self.line {
            write!(f, " line {line}")?;
        }
        write!(f, ": {}", self.kind)
    }
}

impl std::error::Error for InputError {}

/// The ways an input can fail to read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum InputErrorKind {
    /// The input is larger than [`limits::MAX_INPUT_BYTES`].
    #[error("{size} bytes is more than the {limit}-byte limit; is this really a certificate file?")]
    TooLarge {
        /// The input's size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The input has no bytes (or only white space).
    #[error("the input is empty")]
    Empty,
    /// Nothing etcdtls knows was found.
    #[error("{hint}")]
    Unrecognized {
        /// What the input looked like and what to give instead.
        hint: String,
    },
    /// A PEM block could not be decoded.
    #[error("{error}")]
    Pem {
        /// The PEM problem.
        #[serde(serialize_with = "display")]
        error: PemError,
    },
    /// The bytes are not the structure their label or shape promised.
    #[error("{error}")]
    Malformed {
        /// The parser's complaint.
        #[serde(serialize_with = "display")]
        error: MalformedDer,
    },
    /// A PEM block of a type etcdtls does not read.
    #[error("{message}")]
    UnsupportedPem {
        /// The label.
        label: String,
        /// What to do.
        message: String,
    },
    /// The text looks like YAML or JSON configuration but does not parse.
    #[error("not valid YAML/JSON: {message}")]
    Yaml {
        /// The parser's message.
        message: String,
    },
    /// Base64 data (a kubeconfig `*-data` field, a Secret value) does not decode.
    #[error("not valid base64: {detail}")]
    Base64 {
        /// The decoder's message.
        detail: String,
    },
    /// Base64 decoded, but to neither PEM nor DER.
    #[error("decodes to neither PEM nor DER data")]
    NotCertificateData,
    /// More PEM blocks than [`limits::MAX_BLOCKS_PER_INPUT`]; the rest were not read.
    #[error("more than {limit} PEM blocks; only the first {limit} were read")]
    TooManyBlocks {
        /// The limit.
        limit: usize,
    },
    /// A configuration file says something unusable.
    #[error("{message}")]
    Config {
        /// What is wrong.
        message: String,
    },
    /// A file the input names could not be read by the host (the CLI), so it is not explained.
    #[error("{path} ({named_by}) cannot be read: {reason}")]
    ReferenceUnreadable {
        /// The path, as the host tried it.
        path: String,
        /// The program and flag that name it, e.g. `etcd --cert-file`.
        named_by: String,
        /// Why, in the host's words (`no such file or directory`).
        reason: String,
    },
}

impl InputErrorKind {
    /// The kind's id, as the JSON's `kind` names it (`pem`, `malformed`, ...).
    pub fn id(&self) -> &'static str {
        match self {
            Self::TooLarge { .. } => "too-large",
            Self::Empty => "empty",
            Self::Unrecognized { .. } => "unrecognized",
            Self::Pem { .. } => "pem",
            Self::Malformed { .. } => "malformed",
            Self::UnsupportedPem { .. } => "unsupported-pem",
            Self::Yaml { .. } => "yaml",
            Self::Base64 { .. } => "base64",
            Self::NotCertificateData => "not-certificate-data",
            Self::TooManyBlocks { .. } => "too-many-blocks",
            Self::Config { .. } => "config",
            Self::ReferenceUnreadable { .. } => "reference-unreadable",
        }
    }
}

fn display<T: fmt::Display, S: serde::Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(v)
}

/// An item as decoded, before linking and classification.
#[derive(Debug)]
pub(crate) struct RawItem {
    pub source: Source,
    pub line: Option<usize>,
    pub body: ItemBody,
    /// The Secret or ConfigMap it was in, by `metadata.name`.
    pub container: Option<String>,
}

/// What one input yielded.
#[derive(Debug)]
pub(crate) struct Decoded {
    pub format: InputFormat,
    pub items: Vec<RawItem>,
    pub errors: Vec<InputError>,
    pub usages: Vec<Usage>,
    pub members: Vec<EtcdMember>,
    pub etcd_servers: Vec<String>,
    pub settings: Vec<SettingsFile>,
    /// Bytes after the last DER structure: where, and how many.
    pub trailing: Vec<(Source, usize)>,
}

impl Decoded {
    fn new(format: InputFormat) -> Self {
        Decoded {
            format,
            items: Vec::new(),
            errors: Vec::new(),
            usages: Vec::new(),
            members: Vec::new(),
            etcd_servers: Vec::new(),
            settings: Vec::new(),
            trailing: Vec::new(),
        }
    }

    fn error(&mut self, source: &Source, line: Option<usize>, kind: InputErrorKind) {
        self.errors.push(InputError {
            source: source.clone(),
            line,
            kind,
        });
    }
}

/// The files the inputs name by path (a kubeconfig's `client-certificate`, an etcd manifest's
/// `--cert-file`, a unit's `EnvironmentFile=`) that are not themselves among the inputs, once
/// each: the host reads them and analyses them with the inputs, and asks again, since a file
/// read may name more (an environment file named by a unit names certificates). A path counts
/// as among the inputs when an input's name matches it as [`crate::analyze`] matches a flag to
/// a file: a copy of `/etc/kubernetes/pki` explained with its manifest is not read twice.
pub fn unresolved_references(inputs: &[Input<'_>]) -> Vec<Reference> {
    let mut out: Vec<Reference> = Vec::new();
    for input in inputs {
        // Only configuration names files: no certificate is parsed here.
        if input.bytes.len() > limits::MAX_INPUT_BYTES {
            continue;
        }
        let source = Source::file(input.name);
        let Some(text) = text_of(input.bytes) else {
            continue;
        };
        let TextKind::Config(parsed) = text_kind(text.trim_start_matches('\u{feff}'), &source) else {
            continue;
        };
        let material = parsed.usages.into_iter().map(|u| Reference {
            named_by: format!("{} {}", u.program, u.flag),
            path: u.path,
            declared_in: u.declared_in,
            kind: ReferenceKind::Material(u.slot),
            optional: false,
        });
        let settings = parsed.settings.into_iter().map(|s| Reference {
            named_by: s.named_by,
            path: s.path,
            declared_in: source.clone(),
            kind: ReferenceKind::Settings,
            optional: s.optional,
        });
        for reference in material.chain(settings) {
            let among_inputs = inputs
                .iter()
                .any(|i| crate::analysis::path_match(i.name, &reference.path).is_some());
            if !among_inputs && !out.iter().any(|r| r.path == reference.path) {
                out.push(reference);
            }
        }
    }
    out
}

/// Decodes one input.
pub(crate) fn decode(input: Input<'_>) -> Decoded {
    let source = Source::file(input.name);
    let bytes = input.bytes;
    if bytes.len() > limits::MAX_INPUT_BYTES {
        let mut d = Decoded::new(InputFormat::Unrecognized);
        d.error(
            &source,
            None,
            InputErrorKind::TooLarge {
                size: bytes.len(),
                limit: limits::MAX_INPUT_BYTES,
            },
        );
        return d;
    }
    match text_of(bytes) {
        Some(text) if text.trim_start_matches('\u{feff}').trim().is_empty() => {
            let mut d = Decoded::new(InputFormat::Empty);
            d.error(&source, None, InputErrorKind::Empty);
            d
        }
        Some(text) => decode_text(&text, &source),
        None if bytes.iter().all(u8::is_ascii_whitespace) => {
            let mut d = Decoded::new(InputFormat::Empty);
            d.error(&source, None, InputErrorKind::Empty);
            d
        }
        // PEM with a stray byte between its blocks (a Latin-1 comment, a NUL): OpenSSL reads
        // the blocks and ignores what lies between them, and so does etcdtls.
        None if bytes.first() != Some(&tlv::SEQUENCE) && bytes.windows(11).any(|w| w == b"-----BEGIN ") => {
            decode_text(&lossy_text(bytes), &source)
        }
        None if is_pkcs12(bytes) => {
            let mut d = Decoded::new(InputFormat::Unrecognized);
            let path = crate::check::shell::quote(&source.path);
            d.error(
                &source,
                None,
                InputErrorKind::Unrecognized {
                    hint: format!(
                        "this is a PKCS#12 bundle (.p12, .pfx: certificates and keys in one password-protected file), which etcd, etcdctl and Kubernetes cannot read: they take PEM files. Take them out with `openssl pkcs12 -in {path} -nokeys -out cert.pem` and `openssl pkcs12 -in {path} -nocerts -nodes -out key.pem` (each asks for the bundle's password; add `-legacy` with OpenSSL 3 for an old RC2-encrypted bundle), then run etcdtls on those."
                    ),
                },
            );
            d
        }
        None => {
            let mut d = Decoded::new(InputFormat::Der);
            // Concatenated DER structures each read; bytes after the last are reported, not
            // allowed to hide the certificate before them.
            let mut parts = Vec::new();
            let mut rest = bytes;
            while let Ok((element, after)) = tlv::read(rest)
                && element.tag == tlv::SEQUENCE
                && parts.len() < limits::MAX_BLOCKS_PER_INPUT
            {
                parts.push(element.whole);
                rest = after;
            }
            if parts.is_empty() || (parts.len() == 1 && rest.is_empty()) {
                decode_der(bytes, None, &source, None, &mut d);
            } else {
                for (i, part) in parts.iter().enumerate() {
                    let at = match parts.len() {
                        1 => source.clone(),
                        _ => source.within((i + 1).to_string()),
                    };
                    decode_der(part, None, &at, None, &mut d);
                }
                if !rest.is_empty() {
                    let last = d.items.last().map_or(source, |i| i.source.clone());
                    d.trailing.push((last, rest.len()));
                }
            }
            if d.items.is_empty() && d.errors.is_empty() {
                d.format = InputFormat::Unrecognized;
            }
            d
        }
    }
}

/// An input's bytes as text: UTF-16 with or without a byte order mark, or UTF-8 without NULs
/// (anything else is binary, DER perhaps).
fn text_of(bytes: &[u8]) -> Option<std::borrow::Cow<'_, str>> {
    if let Some(text) = utf16_text(bytes) {
        return Some(std::borrow::Cow::Owned(text));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) if !text.contains('\0') => Some(std::borrow::Cow::Borrowed(text)),
        _ => None,
    }
}

/// The bytes as text, each invalid UTF-8 sequence replaced by U+FFFD: what
/// `String::from_utf8_lossy` returns, built on `str::from_utf8` (which the page has anyway)
/// instead of std's second UTF-8 walker (782 B of raw wasm, 301 B gzip, for this one call).
fn lossy_text(mut bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len());
    loop {
        match std::str::from_utf8(bytes) {
            Ok(rest) => {
                text.push_str(rest);
                return text;
            }
            Err(e) => {
                let (valid, invalid) = bytes.split_at(e.valid_up_to());
                text.push_str(std::str::from_utf8(valid).unwrap_or_default());
                text.push(char::REPLACEMENT_CHARACTER);
                match e.error_len() {
                    Some(len) => bytes = &invalid[len..],
                    None => return text,
                }
            }
        }
    }
}

/// UTF-16 text as Windows writes it (PowerShell's `>` and `Out-File` write UTF-16LE with a
/// byte order mark), decoded; `None` for anything else. Without a mark, text whose first two
/// characters are printable ASCII each followed by a zero byte is taken as UTF-16LE: DER never
/// starts that way.
fn utf16_text(bytes: &[u8]) -> Option<String> {
    let printable = |b: u8| b.is_ascii_graphic() || b.is_ascii_whitespace();
    let (body, little_endian) = match bytes {
        [0xff, 0xfe, rest @ ..] => (rest, true),
        [0xfe, 0xff, rest @ ..] => (rest, false),
        [a, 0, b, 0, ..] if printable(*a) && printable(*b) => (bytes, true),
        _ => return None,
    };
    let units = body.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if little_endian {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    Some(
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect(),
    )
}

/// What a text is, decided once for [`decode`] and [`unresolved_references`] alike.
enum TextKind {
    /// Configuration: YAML/JSON of a known kind, or flags and variables.
    Config(config::Parsed),
    /// It looks like YAML configuration but does not parse, and holds no PEM.
    BrokenYaml(usize, String),
    /// PEM blocks.
    Pem,
    /// Something else (bare base64, or nothing etcdtls reads).
    Other,
}

fn text_kind(text: &str, source: &Source) -> TextKind {
    if config::looks_structured(text) {
        match config::parse_structured(text, source) {
            Ok(Some(parsed)) => return TextKind::Config(parsed),
            Ok(None) => {}
            Err((line, message)) if !pem::contains_pem(text) => return TextKind::BrokenYaml(line, message),
            Err(_) => {}
        }
    }
    if pem::contains_pem(text) {
        return TextKind::Pem;
    }
    match config::parse_flags_text(text, source) {
        Some(parsed) => TextKind::Config(parsed),
        None => TextKind::Other,
    }
}

fn decode_text(text: &str, source: &Source) -> Decoded {
    let text = text.trim_start_matches('\u{feff}');
    match text_kind(text, source) {
        TextKind::Config(parsed) => {
            let mut d = Decoded::new(InputFormat::Config(parsed.format.unwrap_or(ConfigFormat::Manifest)));
            d.usages = parsed.usages;
            d.members = parsed.members;
            d.etcd_servers = parsed.etcd_servers;
            d.settings = parsed.settings;
            for (locator, message) in parsed.problems {
                d.error(&source.within(locator), None, InputErrorKind::Config { message });
            }
            for embedded in parsed.embedded {
                let at = source.within(embedded.locator);
                let first = d.items.len();
                match embedded.data {
                    EmbeddedData::Base64(b64) => decode_base64(&b64, &at, true, &mut d),
                    EmbeddedData::Text(t) => {
                        if pem::contains_pem(&t) {
                            decode_pem(&t, &at, &mut d);
                        }
                    }
                }
                for item in &mut d.items[first..] {
                    item.container = embedded.container.clone();
                }
            }
            return d;
        }
        TextKind::BrokenYaml(line, message) => {
            let mut d = Decoded::new(InputFormat::Unrecognized);
            d.error(source, Some(line), InputErrorKind::Yaml { message });
            return d;
        }
        TextKind::Pem => {
            let mut d = Decoded::new(InputFormat::Pem);
            decode_pem(text, source, &mut d);
            return d;
        }
        TextKind::Other => {}
    }
    if looks_like_base64(text) {
        let mut d = Decoded::new(InputFormat::Base64);
        decode_base64(text, source, false, &mut d);
        return d;
    }
    let mut d = Decoded::new(InputFormat::Unrecognized);
    d.error(
        source,
        None,
        InputErrorKind::Unrecognized {
            hint: unrecognized_hint(text),
        },
    );
    d
}

/// Says what an unreadable text looks like, so the user knows what to give instead.
fn unrecognized_hint(text: &str) -> String {
    if text.contains("Certificate:") && text.contains("Data:") && text.contains("Subject:") {
        "this is `openssl x509 -text -noout` output without the certificate itself; run openssl without -noout, or give the .crt file".into()
    } else if text.contains("ssh-rsa ") || text.contains("ssh-ed25519 ") {
        "this is an SSH public key, not a TLS certificate or key".into()
    } else {
        "no certificate, key, CSR, CRL, kubeconfig, Secret or etcd configuration found".into()
    }
}

/// Bare base64: one or more lines of base64 characters, no spaces inside a line (prose has
/// them), long enough to hold a key.
fn looks_like_base64(text: &str) -> bool {
    let t = text.trim();
    t.len() >= 16
        && t.lines().all(|line| {
            line.trim()
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_'))
        })
}

/// Decodes base64 that should hold PEM text or DER (a kubeconfig `*-data`, a Secret value).
/// `quiet_if_other`: a Secret holds non-certificate values too; those are skipped silently.
fn decode_base64(b64: &str, source: &Source, quiet_if_other: bool, d: &mut Decoded) {
    let compact: String = b64.chars().filter(|c| !c.is_whitespace()).collect();
    let mut bytes = Zeroizing::new(Vec::new());
    let decoded = LENIENT_BASE64.decode_vec(compact.as_bytes(), &mut bytes).or_else(|_| {
        bytes.clear();
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode_vec(compact.trim_end_matches('=').as_bytes(), &mut bytes)
    });
    if let Err(e) = decoded {
        if !quiet_if_other || looks_like_certificate_field(source) {
            d.error(source, None, InputErrorKind::Base64 { detail: e.to_string() });
        }
        return;
    }
    match std::str::from_utf8(&bytes) {
        Ok(text) if pem::contains_pem(text) => decode_pem(text, source, d),
        _ if bytes.first() == Some(&0x30) => {
            let before = d.errors.len();
            decode_der(&bytes, None, source, None, d);
            if quiet_if_other && !looks_like_certificate_field(source) {
                d.errors.truncate(before);
            }
        }
        Ok(text) if quiet_if_other && config::looks_structured(text) => decode_nested_kubeconfig(text, source, d),
        _ => {
            if !quiet_if_other || looks_like_certificate_field(source) {
                d.error(source, None, InputErrorKind::NotCertificateData);
            }
        }
    }
}

/// A kubeconfig kept in a Secret's value (Cluster API's `<cluster>-kubeconfig`, key `value`):
/// its embedded certificates and keys, located under the value (`data.value/users[0]...`).
/// Anything else structured there is not looked into.
fn decode_nested_kubeconfig(text: &str, source: &Source, d: &mut Decoded) {
    let parsed = match config::parse_structured(text, source) {
        Ok(Some(parsed)) => parsed,
        // A value that means to be a kubeconfig but does not parse is said; other structured
        // values a Secret holds are none of our business.
        Err((line, message)) if text.contains("clusters:") || text.contains("kind: Config") => {
            d.error(source, Some(line), InputErrorKind::Yaml { message });
            return;
        }
        _ => return,
    };
    if parsed.format != Some(ConfigFormat::Kubeconfig) {
        return;
    }
    let inside = source.within("/");
    for embedded in parsed.embedded {
        if let EmbeddedData::Base64(b64) = embedded.data {
            // Not quiet: a kubeconfig's `*-data` fields must hold certificates and keys (and so
            // are never looked into for another kubeconfig).
            decode_base64(&b64, &inside.within(embedded.locator), false, d);
        }
    }
}

/// Whether a Secret or kubeconfig field is one that must hold certificate material.
fn looks_like_certificate_field(source: &Source) -> bool {
    let field = source.locator.as_deref().unwrap_or("");
    [".crt", ".key", ".pem", "-data", "ca.crt", ".cert"]
        .iter()
        .any(|s| field.ends_with(s))
}

fn decode_pem(text: &str, source: &Source, d: &mut Decoded) {
    let (blocks, cut) = pem::scan(text, limits::MAX_BLOCKS_PER_INPUT);
    // Number the blocks only when there is more than one item-bearing block.
    let counted: Vec<&pem::PemBlock> = blocks.iter().filter(|b| b.label != "EC PARAMETERS").collect();
    // Only the parameters of a curve, no key (`openssl ecparam -name prime256v1` without
    // -genkey, or its -genkey output with the key cut away): said, not skipped in silence.
    if counted.is_empty()
        && let Some(first) = blocks.first()
    {
        let curve = first
            .contents
            .as_ref()
            .ok()
            .and_then(|der| crate::tlv::read(der).ok())
            .filter(|(oid, _)| oid.tag == crate::tlv::OID)
            .map_or_else(
                || "an explicit curve".to_string(),
                |(oid, _)| x509::curve_name(&x509::dotted(oid.contents)),
            );
        d.error(
            source,
            if source.locator.is_none() { Some(first.line) } else { None },
            InputErrorKind::UnsupportedPem {
                label: "EC PARAMETERS".into(),
                message: format!(
                    "it holds only EC PARAMETERS (the curve, {curve}) and no key: `openssl ecparam` writes these alone without -genkey. Given as a key file, Go (etcd, Kubernetes) stops with `tls: failed to find PEM block with type ending in \"PRIVATE KEY\" in key input after skipping PEM blocks of the following types: [EC PARAMETERS]`; make the key with `openssl ecparam -name prime256v1 -genkey -noout -out <key>` or `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256`"
                ),
            },
        );
        return;
    }
    let numbered = counted.len() > 1;
    for (index, block) in counted.iter().enumerate() {
        // `bundle.pem#2`, or `admin.conf#clusters[0].certificate-authority-data[2]`.
        let at = match (numbered, &source.locator) {
            (false, _) => source.clone(),
            (true, Some(_)) => source.within(format!("[{}]", index + 1)),
            (true, None) => source.within((index + 1).to_string()),
        };
        let line = if source.locator.is_none() {
            Some(block.line)
        } else {
            None
        };
        match &block.contents {
            Err(e) => d.error(&at, line, InputErrorKind::Pem { error: e.clone() }),
            Ok(der) => decode_der(der, Some(block), &at, line, d),
        }
    }
    if cut {
        d.error(
            source,
            None,
            InputErrorKind::TooManyBlocks {
                limit: limits::MAX_BLOCKS_PER_INPUT,
            },
        );
    }
}

/// Decodes DER whose type is given by a PEM label, or guessed when there is none.
fn decode_der(der: &[u8], block: Option<&pem::PemBlock>, source: &Source, line: Option<usize>, d: &mut Decoded) {
    let mut push = |body: ItemBody| {
        d.items.push(RawItem {
            source: source.clone(),
            line,
            body,
            container: None,
        })
    };
    let label = block.map(|b| b.label.as_str());
    let result: Result<Option<ItemBody>, InputErrorKind> = match label {
        Some("CERTIFICATE" | "X509 CERTIFICATE") => x509::parse_certificate(der)
            .map(|c| Some(ItemBody::Certificate(Box::new(c))))
            .map_err(|error| InputErrorKind::Malformed { error }),
        Some("TRUSTED CERTIFICATE") => trusted_certificate(der)
            .map(|c| Some(ItemBody::Certificate(Box::new(c))))
            .map_err(|error| InputErrorKind::Malformed { error }),
        Some("CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST") => x509::parse_csr(der)
            .map(|c| Some(ItemBody::Csr(Box::new(c))))
            .map_err(|error| InputErrorKind::Malformed { error }),
        Some("X509 CRL") => x509::parse_crl(der)
            .map(|c| Some(ItemBody::Crl(Box::new(c))))
            .map_err(|error| InputErrorKind::Malformed { error }),
        Some(l @ ("RSA PRIVATE KEY" | "EC PRIVATE KEY" | "DSA PRIVATE KEY"))
            if block.is_some_and(pem::PemBlock::is_legacy_encrypted) =>
        {
            Ok(Some(ItemBody::PrivateKey(keys::legacy_encrypted(l))))
        }
        Some("RSA PRIVATE KEY") => key_result(keys::parse_pkcs1(der)),
        Some("EC PRIVATE KEY") => key_result(keys::parse_sec1(der)),
        Some("DSA PRIVATE KEY") => key_result(keys::parse_dsa(der)),
        // Talos (siderolabs/crypto x509/key.go) writes Ed25519 keys as PKCS#8 and PKIX under
        // labels of its own: its talosconfig and secrets bundle hold such blocks.
        Some("PRIVATE KEY" | "ED25519 PRIVATE KEY") => key_result(keys::parse_pkcs8(der)),
        Some("ENCRYPTED PRIVATE KEY") => key_result(keys::parse_encrypted_pkcs8(der)),
        Some("OPENSSH PRIVATE KEY") => Ok(Some(ItemBody::PrivateKey(PrivateKeyInfo {
            format: KeyFormat::OpenSsh,
            algorithm: keys::openssh_algorithm(der),
            public_key: None,
            derivation: None,
        }))),
        Some("PUBLIC KEY" | "ED25519 PUBLIC KEY") => x509::parse_public_key(der)
            .map(|k| Some(ItemBody::PublicKey(k)))
            .map_err(|error| InputErrorKind::Malformed { error }),
        Some("RSA PUBLIC KEY") => x509::parse_rsa_public_key(der)
            .map(|k| Some(ItemBody::PublicKey(k)))
            .map_err(|error| InputErrorKind::Malformed { error }),
        Some("EC PARAMETERS") => Ok(None),
        Some(l @ ("PKCS7" | "CMS")) => Err(InputErrorKind::UnsupportedPem {
            label: l.to_string(),
            message: format!("{l} bundles are not read; list their certificates with `openssl pkcs7 -print_certs`"),
        }),
        Some(other) => Err(InputErrorKind::UnsupportedPem {
            label: other.to_string(),
            message: format!("\"{other}\" blocks are not certificates, keys, CSRs or CRLs"),
        }),
        None => guess_der(der),
    };
    match result {
        Ok(Some(body)) => push(body),
        Ok(None) => {}
        Err(kind) => d.error(source, line, kind),
    }
}

fn key_result(r: Result<PrivateKeyInfo, MalformedDer>) -> Result<Option<ItemBody>, InputErrorKind> {
    r.map(|k| Some(ItemBody::PrivateKey(k)))
        .map_err(|error| InputErrorKind::Malformed { error })
}

/// OpenSSL's `TRUSTED CERTIFICATE` is a certificate followed by trust settings.
fn trusted_certificate(der: &[u8]) -> Result<crate::model::Certificate, MalformedDer> {
    match crate::tlv::read(der) {
        Ok((certificate, _trust)) => x509::parse_certificate(certificate.whole),
        // Let the certificate parser say what is wrong, in its words.
        Err(_) => x509::parse_certificate(der),
    }
}

/// DER without a label: try each structure, most common first.
fn guess_der(der: &[u8]) -> Result<Option<ItemBody>, InputErrorKind> {
    if der.first() != Some(&0x30) {
        return Err(InputErrorKind::Unrecognized {
            hint: "binary data that is not DER: no certificate, key, CSR or CRL found".into(),
        });
    }
    if let Ok(c) = x509::parse_certificate(der) {
        return Ok(Some(ItemBody::Certificate(Box::new(c))));
    }
    if let Some(k) = keys::parse_any(der) {
        return Ok(Some(ItemBody::PrivateKey(k)));
    }
    if let Ok(c) = x509::parse_csr(der) {
        return Ok(Some(ItemBody::Csr(Box::new(c))));
    }
    if let Ok(c) = x509::parse_crl(der) {
        return Ok(Some(ItemBody::Crl(Box::new(c))));
    }
    if let Ok(k) = x509::parse_public_key(der) {
        return Ok(Some(ItemBody::PublicKey(k)));
    }
    // Most DER that reaches here is a damaged certificate: say what the parser said about it.
    match x509::parse_certificate(der) {
        Err(error) => Err(InputErrorKind::Malformed { error }),
        Ok(_) => Ok(None),
    }
}

/// A PKCS#12 `PFX` (RFC 7292): `SEQUENCE { INTEGER 3, ContentInfo { pkcs7-data, ... } ... }`.
fn is_pkcs12(bytes: &[u8]) -> bool {
    /// pkcs7-data, 1.2.840.113549.1.7.1.
    const DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];
    let Ok((pfx, _)) = tlv::read(bytes) else {
        return false;
    };
    let mut fields = pfx.contents;
    let version = tlv::take(&mut fields, tlv::INTEGER);
    let content = tlv::take(&mut fields, tlv::SEQUENCE);
    match (pfx.tag, version, content) {
        (tlv::SEQUENCE, Ok(v), Ok(c)) if v.contents == [3] => {
            tlv::take(&mut { c.contents }, tlv::OID).is_ok_and(|oid| oid.contents == DATA)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pkcs12_bundle_is_named_and_how_to_open_it_said() {
        // PFX { version 3, ContentInfo { pkcs7-data, [0] { OCTET STRING {} } } }
        let pfx = [
            0x30, 0x16, 0x02, 0x01, 0x03, 0x30, 0x11, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01,
            0xa0, 0x04, 0x04, 0x02, 0x30, 0x00,
        ];
        let d = decode(Input::new("bundle.p12", &pfx));
        assert!(d.items.is_empty());
        let message = d.errors[0].kind.to_string();
        assert!(message.starts_with("this is a PKCS#12 bundle"), "{message}");
        assert!(message.contains("openssl pkcs12 -in bundle.p12 -nokeys"), "{message}");
        // A certificate's DER is no PKCS#12.
        assert!(!is_pkcs12(&[0x30, 0x03, 0x02, 0x01, 0x02]));
    }
    use etcdtls_pki::{Ca, KeyType};
    use time::macros::datetime;

    #[test]
    fn lossy_text_is_from_utf8_lossy() {
        let cases: [&[u8]; 9] = [
            b"",
            b"plain",
            b"caf\xc3\xa9 \xe9 -----BEGIN ",
            b"\xff\xfe\xfd",
            b"a\xf0\x9f\x98",
            b"a\xf0\x9f\x98b\xe2\x82",
            b"\xed\xa0\x80 surrogate",
            b"\xc0\x80 overlong \xf4\x90\x80\x80",
            b"nul \0 and \x80\x80 tail \xe2",
        ];
        for bytes in cases {
            assert_eq!(lossy_text(bytes), String::from_utf8_lossy(bytes), "{bytes:?}");
        }
    }

    fn ca() -> Ca {
        Ca::new(
            "etcd-ca",
            KeyType::EcdsaP256,
            datetime!(2026-01-01 0:00 UTC),
            datetime!(2036-01-01 0:00 UTC),
        )
        .unwrap()
    }

    fn ca_pem() -> String {
        ca().pair.cert_pem.clone()
    }

    fn utf16(text: &str, bom: bool, little_endian: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let units = bom.then_some(0xfeff).into_iter().chain(text.encode_utf16());
        for unit in units {
            if little_endian {
                out.extend(unit.to_le_bytes());
            } else {
                out.extend(unit.to_be_bytes());
            }
        }
        out
    }

    #[test]
    fn utf16_text_reads_like_utf8() {
        // PowerShell: `Get-Content ca.crt > copy.crt` writes UTF-16LE with a BOM and CRLF.
        let pem = ca_pem().replace('\n', "\r\n");
        for (bytes, what) in [
            (utf16(&pem, true, true), "UTF-16LE with a BOM"),
            (utf16(&pem, true, false), "UTF-16BE with a BOM"),
            (utf16(&pem, false, true), "UTF-16LE without a BOM"),
            ([&[0xef, 0xbb, 0xbf][..], pem.as_bytes()].concat(), "UTF-8 with a BOM"),
        ] {
            let d = decode(Input::new("copy.crt", &bytes));
            assert!(d.errors.is_empty(), "{what}: {:?}", d.errors);
            assert_eq!(d.format, InputFormat::Pem, "{what}");
            assert_eq!(d.items.len(), 1, "{what}");
        }
        let d = decode(Input::new("blank.txt", &utf16(" \r\n", true, true)));
        assert_eq!(d.format, InputFormat::Empty);
    }

    #[test]
    fn a_truncated_certificate_says_its_data_ends_early() {
        let ca = ca();
        let (pem, der) = (ca.pair.cert_pem.clone(), ca.pair.cert_der.clone());
        for cut in [der.len() - 1, der.len() / 2, 10] {
            let d = decode(Input::new("cut.der", &der[..cut]));
            let message = d.errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
            assert!(message.contains("its DER data ends early"), "cut at {cut}: {message}");
            assert!(!message.contains("Parsing requires"), "{message}");
        }
        // A PEM block that lost its last lines.
        let lines: Vec<&str> = pem.lines().collect();
        let shortened = format!("{}\n{}\n", lines[..lines.len() - 3].join("\n"), lines[lines.len() - 1]);
        let d = decode(Input::new("cut.crt", shortened.as_bytes()));
        let message = d.errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
        assert!(message.contains("ends early"), "{message}");
    }

    #[test]
    fn references_name_what_is_not_among_the_inputs_once() {
        let manifest = "kind: Pod\nspec:\n  containers:\n  - command:\n    - etcd\n    - --cert-file=/etc/kubernetes/pki/etcd/server.crt\n    - --key-file=/etc/kubernetes/pki/etcd/server.key\n    - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n    - --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n";
        let unit = "EnvironmentFile=-/etc/default/etcd\n";
        let pem = ca_pem();
        let inputs = [
            Input::new("manifests/etcd.yaml", manifest.as_bytes()),
            Input::new("etcd.service", unit.as_bytes()),
            // A copy of the CA: the manifest's ca.crt is among the inputs.
            Input::new("backup/pki/etcd/ca.crt", pem.as_bytes()),
        ];
        let references = unresolved_references(&inputs);
        let listed: Vec<_> = references
            .iter()
            .map(|r| (r.path.as_str(), r.named_by.as_str(), r.kind, r.optional))
            .collect();
        assert_eq!(
            listed,
            vec![
                (
                    "/etc/kubernetes/pki/etcd/server.crt",
                    "etcd --cert-file",
                    ReferenceKind::Material(config::Slot::ServingCert),
                    false
                ),
                (
                    "/etc/kubernetes/pki/etcd/server.key",
                    "etcd --key-file",
                    ReferenceKind::Material(config::Slot::ServingKey),
                    false
                ),
                (
                    "/etc/default/etcd",
                    "systemd EnvironmentFile=",
                    ReferenceKind::Settings,
                    true
                ),
            ]
        );
        assert_eq!(references[0].declared_in.to_string(), "manifests/etcd.yaml");
        assert!(unresolved_references(&[Input::new("ca.crt", pem.as_bytes())]).is_empty());
    }
}
