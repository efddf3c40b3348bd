//! Reading certificates, signing requests, revocation lists and public keys from DER.
//!
//! x509-parser does the ASN.1; this module turns its borrowed views into the owned facts of
//! [`crate::model`], in the words a reviewer uses (serials and names as OpenSSL prints them
//! ([`crate::dn`]), key sizes, SANs).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use sha2::{Digest, Sha256};
use x509_parser::error::X509Error;
use x509_parser::extensions::{AuthorityKeyIdentifier, GeneralName, KeyIdentifier, KeyUsage, SubjectAlternativeName};
use x509_parser::prelude::FromDer;
use x509_parser::public_key::PublicKey as ParsedPublicKey;
use x509_parser::time::ASN1Time;
use x509_parser::x509::{AlgorithmIdentifier, SubjectPublicKeyInfo, X509Name};

use crate::dn::{self, name_string};
use crate::model::{
    BasicConstraints, Certificate, Crl, Csr, ExtendedKeyUsage, HashAlgorithm, KeyAlgorithm, Name, NameConstraint,
    NameConstraints, PublicKeyInfo, PublicKeyMaterial, Revocation, San, SignatureAlgorithm, Signed,
};
#[cfg(feature = "pure-crypto")]
use crate::signature::{self, Verification};
use crate::tlv::{self, Tlv, TlvError};

pub(crate) const OID_RSA: &str = "1.2.840.113549.1.1.1";
pub(crate) const OID_RSA_PSS: &str = "1.2.840.113549.1.1.10";
pub(crate) const OID_EC: &str = "1.2.840.10045.2.1";
pub(crate) const OID_ED25519: &str = "1.3.101.112";
pub(crate) const OID_P256: &str = "1.2.840.10045.3.1.7";
pub(crate) const OID_P384: &str = "1.3.132.0.34";
pub(crate) const OID_P521: &str = "1.3.132.0.35";

/// Why DER bytes are not the structure they were taken for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} is malformed: {detail}")]
pub struct MalformedDer {
    /// What was expected (`certificate`, `certificate signing request`, ...).
    pub what: &'static str,
    /// What the parser said.
    pub detail: String,
}

fn malformed(what: &'static str, detail: impl ToString) -> MalformedDer {
    MalformedDer {
        what,
        detail: detail.to_string(),
    }
}

/// What x509-parser's complaint means, in words: "Parsing requires 1 bytes/chars" is nom's
/// way of saying the data stops in the middle.
fn parse_failure(what: &'static str, e: x509_parser::nom::Err<X509Error>) -> MalformedDer {
    use x509_parser::der_parser::error::BerError;
    use x509_parser::nom::Err;
    let error = match e {
        Err::Incomplete(_) => return malformed(what, ENDS_EARLY),
        Err::Error(e) | Err::Failure(e) => e,
    };
    use x509_parser::nom::error::ErrorKind;
    // Fixed words, not the parser's Display: the web page's wasm leaves its texts out.
    let words = match error {
        X509Error::Der(BerError::Incomplete(_) | BerError::NomError(ErrorKind::Eof))
        | X509Error::NomError(ErrorKind::Eof) => ENDS_EARLY,
        X509Error::Der(BerError::InvalidLength) => "a length in its DER data is wrong",
        X509Error::Der(_) => "its DER data is not valid ASN.1",
        X509Error::InvalidVersion => "its version field is not 1, 2 or 3",
        X509Error::InvalidSerial => "its serial number is not a valid integer",
        X509Error::InvalidX509Name => "its subject or issuer name is invalid",
        X509Error::InvalidDate => "its validity dates are invalid",
        X509Error::InvalidSPKI => "its public key is invalid",
        X509Error::InvalidExtensions | X509Error::DuplicateExtensions => "its extensions are invalid",
        _ => "its DER data does not have the expected structure",
    };
    malformed(what, words)
}

/// The words for a truncated structure: the most common damage, from a copy that lost its end.
pub(crate) const ENDS_EARLY: &str =
    "its DER data ends early: the file was cut short or copied incompletely (a PEM block missing lines?)";

/// What went wrong where in a structure walked with [`tlv`], in the parser's words.
pub(crate) fn tlv_failure(what: &'static str, e: TlvError, otherwise: &'static str) -> MalformedDer {
    malformed(
        what,
        match e {
            TlvError::EndsEarly => ENDS_EARLY,
            TlvError::BadLength => "a length in its DER data is wrong",
            TlvError::Unexpected => otherwise,
        },
    )
}

/// The outer element of a certificate, CRL or CSR: a SEQUENCE with nothing after it.
pub(crate) fn outer<'a>(what: &'static str, der: &'a [u8]) -> Result<Tlv<'a>, MalformedDer> {
    let (whole, rest) = tlv::read(der).map_err(|e| tlv_failure(what, e, STRUCTURE))?;
    if whole.tag != tlv::SEQUENCE {
        return Err(malformed(what, STRUCTURE));
    }
    if !rest.is_empty() {
        return Err(malformed(
            what,
            format!("{} unexpected bytes after the end", rest.len()),
        ));
    }
    Ok(whole)
}

/// The words for a structure that is not the one expected.
pub(crate) const STRUCTURE: &str = "its DER data does not have the expected structure";

/// Runs one of x509-parser's parsers on the start of `input` and moves past what it read.
fn part<'a, T: FromDer<'a, X509Error>>(what: &'static str, input: &mut &'a [u8]) -> Result<T, MalformedDer> {
    let (rest, value) = T::from_der(input).map_err(|e| parse_failure(what, e))?;
    *input = rest;
    Ok(value)
}

/// Signed data: the signed part, then its algorithm and signature. The signed part (its
/// elements) and the signature facts.
fn signed_parts<'a>(what: &'static str, whole: Tlv<'a>) -> Result<(Tlv<'a>, Signed), MalformedDer> {
    let mut body = whole.contents;
    let signed_part = tlv::take(&mut body, tlv::SEQUENCE).map_err(|e| tlv_failure(what, e, STRUCTURE))?;
    let algorithm: AlgorithmIdentifier = part(what, &mut body)?;
    let signature = tlv::take(&mut body, tlv::BIT_STRING)
        .and_then(tlv::bits)
        .map_err(|e| tlv_failure(what, e, "its signature is not a BIT STRING"))?;
    Ok((
        signed_part,
        Signed {
            message: signed_part.whole.to_vec(),
            algorithm: signature_algorithm(&algorithm),
            signature: signature.to_vec(),
        },
    ))
}

/// A time (UTCTime or GeneralizedTime).
fn time(what: &'static str, input: &mut &[u8]) -> Result<time::OffsetDateTime, MalformedDer> {
    let t: ASN1Time = part(what, input)?;
    Ok(t.to_datetime())
}

/// An extension's OID (contents), whether it is critical, and value (the OCTET STRING's
/// contents).
fn extension(e: Tlv<'_>) -> Result<(&[u8], bool, &[u8]), TlvError> {
    if e.tag != tlv::SEQUENCE {
        return Err(TlvError::Unexpected);
    }
    let mut fields = e.contents;
    let oid = tlv::take(&mut fields, tlv::OID)?;
    let critical =
        tlv::take_optional(&mut fields, tlv::BOOLEAN)?.is_some_and(|b| b.contents.first().is_some_and(|&v| v != 0));
    let value = tlv::take(&mut fields, tlv::OCTET_STRING)?;
    Ok((oid.contents, critical, value.contents))
}

/// The extensions Go's crypto/x509 handles when they are marked critical (parser.go
/// `processExtensions`): key and subject key identifiers, key usage, alternative names, basic and
/// name constraints, CRL distribution points, certificate policies, extended key usage, and
/// authority information access. Any other critical extension makes every `Verify` fail
/// (`x509: unhandled critical extension`).
const GO_HANDLES_CRITICAL: &[&[u8]] = &[
    &[0x55, 0x1d, 0x0e],
    &[0x55, 0x1d, 0x0f],
    &[0x55, 0x1d, 0x11],
    &[0x55, 0x1d, 0x13],
    &[0x55, 0x1d, 0x1e],
    &[0x55, 0x1d, 0x1f],
    &[0x55, 0x1d, 0x20],
    &[0x55, 0x1d, 0x23],
    &[0x55, 0x1d, 0x25],
    &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01],
];

/// Handled when critical only from Go 1.22 (policy mappings, policy constraints, inhibit
/// anyPolicy): etcd 3.4 and the 3.5 releases built with older Go refuse them.
const GO_1_22_HANDLES_CRITICAL: &[&[u8]] = &[&[0x55, 0x1d, 0x21], &[0x55, 0x1d, 0x24], &[0x55, 0x1d, 0x36]];

/// Extensions RFC 5280 says a CA must not mark critical, which Go's parser refuses when they are
/// from Go 1.23 (parser.go `processExtensions` and `parseAuthorityKeyIdentifier`: "Conforming
/// CAs MUST mark this extension as non-critical"; x509_test.go TestRejectCriticalAKI, ...AIA
/// and ...SKI, added after TestGob of Go 1.22's go.dev/issue/65633). Go 1.19 (etcd 3.4.23)
/// loads a CA with a critical subject key identifier. Its name and Go's error.
fn go_1_23_refuses_critical(oid: &[u8]) -> Option<(&'static str, &'static str)> {
    match oid {
        EXT_SUBJECT_KEY_ID => Some((
            "subject key identifier",
            "x509: subject key identifier incorrectly marked critical",
        )),
        EXT_AUTHORITY_KEY_ID => Some((
            "authority key identifier",
            "x509: authority key identifier incorrectly marked critical",
        )),
        [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01] => Some((
            "authority information access",
            "x509: authority info access incorrectly marked critical",
        )),
        _ => None,
    }
}

/// An OID's contents in dotted form, for a sentence.
pub(crate) fn dotted(oid: &[u8]) -> String {
    tlv::oid(Tlv {
        tag: tlv::OID,
        contents: oid,
        whole: oid,
    })
    .unwrap_or_else(|_| hex(oid, ""))
}

/// The extensions the core reads, by the contents of their OIDs (2.5.29.n).
const EXT_SUBJECT_KEY_ID: &[u8] = &[0x55, 0x1d, 0x0e];
const EXT_KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x0f];
const EXT_SUBJECT_ALT_NAME: &[u8] = &[0x55, 0x1d, 0x11];
const EXT_BASIC_CONSTRAINTS: &[u8] = &[0x55, 0x1d, 0x13];
const EXT_NAME_CONSTRAINTS: &[u8] = &[0x55, 0x1d, 0x1e];
const EXT_AUTHORITY_KEY_ID: &[u8] = &[0x55, 0x1d, 0x23];
const EXT_EXTENDED_KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x25];
/// PKCS #9 extensionRequest (1.2.840.113549.1.9.14), a CSR's requested extensions.
const ATTR_EXTENSION_REQUEST: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x0e];

/// Parses one extension's value with x509-parser, if it is whole; a value that does not
/// parse is left out, as x509-parser's own certificate parser leaves it unparsed.
fn ext_value<'a, T: FromDer<'a, X509Error>>(value: &'a [u8]) -> Option<T> {
    T::from_der(value).ok().map(|(_, v)| v)
}

/// Parses a DER certificate. Trailing bytes after the certificate are an error: they mean the
/// bytes were something else that happened to start like a certificate.
pub fn parse_certificate(der: &[u8]) -> Result<Certificate, MalformedDer> {
    const WHAT: &str = "certificate";
    let whole = outer(WHAT, der)?;
    let (tbs, signed) = signed_parts(WHAT, whole)?;
    let der = whole.whole.to_vec();
    let mut fields = tbs.contents;
    // Absent: version 1. Go reads extensions only from a version 3 certificate.
    let mut version_3 = false;
    let mut version = 1;
    if let Some(version_field) =
        tlv::take_optional(&mut fields, tlv::context(0)).map_err(|e| tlv_failure(WHAT, e, STRUCTURE))?
    {
        let mut v = version_field.contents;
        match tlv::take(&mut v, tlv::INTEGER) {
            Ok(n) => {
                version_3 = n.contents == [2];
                version = match n.contents {
                    [1] => 2,
                    [2] => 3,
                    _ => 1,
                };
            }
            Err(_) => return Err(malformed(WHAT, "its version field is not an integer")),
        }
    }
    let serial = tlv::take(&mut fields, tlv::INTEGER)
        .map_err(|e| tlv_failure(WHAT, e, "its serial number is not a valid integer"))?;
    let mut go_refuses = Vec::new();
    match serial.contents {
        // DER's minimal encoding, which Go's parser insists on.
        [0x00, next, ..] if next & 0x80 == 0 => go_refuses.push("its serial number is not minimally encoded (Go: `x509: malformed serial number`)".to_string()),
        [0xff, next, ..] if next & 0x80 != 0 => go_refuses.push("its serial number is not minimally encoded (Go: `x509: malformed serial number`)".to_string()),
        [first, ..] if first & 0x80 != 0 => go_refuses.push(
            "its serial number is negative, which Go refuses since 1.23 (`x509: negative serial number`; etcd and Kubernetes built with older Go accept it)".to_string(),
        ),
        _ => {}
    }
    let _inner_algorithm: AlgorithmIdentifier = part(WHAT, &mut fields)?;
    let issuer_name: X509Name = part(WHAT, &mut fields)?;
    let validity =
        tlv::take(&mut fields, tlv::SEQUENCE).map_err(|e| tlv_failure(WHAT, e, "its validity dates are invalid"))?;
    let mut dates = validity.contents;
    let not_before = time(WHAT, &mut dates)?;
    let not_after = time(WHAT, &mut dates)?;
    let subject_name: X509Name = part(WHAT, &mut fields)?;
    let spki: SubjectPublicKeyInfo = part(WHAT, &mut fields)?;

    let mut sans = Vec::new();
    let mut basic_constraints = None;
    let mut name_constraints = None;
    let mut key_usage = None;
    let mut extended_key_usage = None;
    let mut subject_key_id = None;
    let mut authority_key_id = None;
    // The unique identifiers [1] and [2] (rare, and not read), then the extensions [3].
    for element in tlv::elements(fields) {
        let element = element.map_err(|e| tlv_failure(WHAT, e, STRUCTURE))?;
        match element.tag {
            0x81 | 0x82 | 0xa1 | 0xa2 => continue,
            tag if tag == tlv::context(3) => {}
            _ => return Err(malformed(WHAT, "its extensions are invalid")),
        }
        let list = tlv::take(&mut { element.contents }, tlv::SEQUENCE)
            .map_err(|e| tlv_failure(WHAT, e, "its extensions are invalid"))?;
        let mut seen: Vec<&[u8]> = Vec::new();
        for e in tlv::elements(list.contents) {
            let (oid, critical, value) = e
                .and_then(extension)
                .map_err(|e| tlv_failure(WHAT, e, "its extensions are invalid"))?;
            if !version_3 {
                // Read as OpenSSL reads them, but Go skips the extensions of a version 1 or 2
                // certificate.
                if seen.is_empty() {
                    go_refuses.push(
                        "it is not a version 3 certificate, so Go ignores its extensions: its names, usages and CA flag do not count there".to_string(),
                    );
                }
            } else if seen.contains(&oid) {
                go_refuses.push(format!(
                    "it holds the extension {} twice (Go: `x509: certificate contains duplicate extensions`)",
                    dotted(oid)
                ));
            }
            seen.push(oid);
            if version_3 && critical && !GO_HANDLES_CRITICAL.contains(&oid) {
                go_refuses.push(if GO_1_22_HANDLES_CRITICAL.contains(&oid) {
                    format!(
                        "its critical extension {} is one Go handles only from 1.22: etcd 3.4 and other builds with older Go refuse it (`x509: unhandled critical extension`)",
                        dotted(oid)
                    )
                } else {
                    format!(
                        "its critical extension {} is one Go does not handle, so Go refuses it in every chain (`x509: unhandled critical extension`)",
                        dotted(oid)
                    )
                });
            }
            if version_3
                && critical
                && let Some((name, error)) = go_1_23_refuses_critical(oid)
            {
                go_refuses.push(format!(
                    "its {name} extension is marked critical, which RFC 5280 forbids: Go's parser refuses it from Go 1.23 on (`{error}`), so etcd, etcdctl and Kubernetes built with Go 1.23 or later cannot load it, while older builds (etcd 3.4.23, built with Go 1.19) accept it"
                ));
            }
            match oid {
                EXT_SUBJECT_ALT_NAME => {
                    if let Some(san) = ext_value::<SubjectAlternativeName>(value) {
                        for name in &san.general_names {
                            // Go's parser takes 4 or 16 bytes only.
                            if let GeneralName::IPAddress(bytes) = name
                                && !matches!(bytes.len(), 4 | 16)
                            {
                                let len = bytes.len();
                                go_refuses.push(format!(
                                    "an IP address name of {len} bytes (Go: `x509: cannot parse IP address of length {len}`)"
                                ));
                            }
                        }
                        sans.extend(san.general_names.iter().map(general_name));
                    }
                }
                EXT_BASIC_CONSTRAINTS => {
                    if let Some(bc) = ext_value::<x509_parser::extensions::BasicConstraints>(value) {
                        basic_constraints = Some(BasicConstraints {
                            ca: bc.ca,
                            path_len: bc.path_len_constraint,
                        });
                    }
                }
                EXT_NAME_CONSTRAINTS => {
                    if let Some(nc) = ext_value::<x509_parser::extensions::NameConstraints>(value) {
                        let (permitted, unhandled_p) = name_constraint_list(nc.permitted_subtrees.as_deref());
                        let (excluded, unhandled_e) = name_constraint_list(nc.excluded_subtrees.as_deref());
                        // A kind Go does not check (a directory name, an other name) makes the
                        // extension unhandled, and a critical one fails every chain through it
                        // (parser.go processExtensions: `e.Critical && unhandled`).
                        if version_3 && critical && (unhandled_p || unhandled_e) {
                            go_refuses.push(
                                "its critical name constraints hold a kind of name Go does not check (a directory name or another name), so Go refuses every chain through it (`x509: unhandled critical extension`)".to_string(),
                            );
                        }
                        name_constraints = Some(NameConstraints { permitted, excluded });
                    }
                }
                EXT_KEY_USAGE => {
                    if let Some(ku) = ext_value::<KeyUsage>(value) {
                        key_usage = Some(key_usage_names(ku.flags));
                    }
                }
                EXT_EXTENDED_KEY_USAGE => {
                    if let Some(eku) = ext_value::<x509_parser::extensions::ExtendedKeyUsage>(value) {
                        // An empty list names no usage, and Go (checkChainForKeyUsage) takes a
                        // certificate without any as good for every purpose, as if the
                        // extension were absent (OpenSSL refuses it).
                        let usages = extended_key_usages(&eku);
                        extended_key_usage = (!usages.is_empty()).then_some(usages);
                    }
                }
                EXT_SUBJECT_KEY_ID => {
                    if let Some(id) = ext_value::<KeyIdentifier>(value) {
                        subject_key_id = Some(hex(id.0, ""));
                    }
                }
                EXT_AUTHORITY_KEY_ID => {
                    if let Some(aki) = ext_value::<AuthorityKeyIdentifier>(value) {
                        authority_key_id = aki.key_identifier.as_ref().map(|id| hex(id.0, ""));
                    }
                }
                _ => {}
            }
        }
    }

    let public_key = public_key_info(&spki);
    match &public_key.algorithm {
        // Go reads a named curve only (x509.go parsePublicKey).
        KeyAlgorithm::Ec { curve } if curve == crate::keys::EXPLICIT_CURVE => go_refuses.push(
            "its key's curve is spelled out as explicit parameters instead of named, which Go refuses (`x509: failed to parse ECDSA parameters as named curve`)".to_string(),
        ),
        KeyAlgorithm::Ec { curve } if !public_key.algorithm.go_loads() => go_refuses.push(format!(
            "its key is on the curve {curve}, which Go does not know (`x509: unsupported elliptic curve`)"
        )),
        // DSA, Ed448, RSA-PSS keys, X25519: loaded as an unknown key at best.
        KeyAlgorithm::Other { name } => go_refuses.push(format!(
            "its key is {name}, which Go can neither use for TLS nor check signatures with"
        )),
        _ => {}
    }
    let subject = name(&subject_name);
    let issuer = name(&issuer_name);
    // A root as OpenSSL decides, or anything else self-issued whose own key verifies its
    // signature (without the core's own cryptography, the analysis settles that with the
    // host's verdicts).
    let looks_self_signed = names_own_key_with_its_algorithm(
        subject_key_id.as_deref(),
        authority_key_id.as_deref(),
        &signed,
        &public_key,
    );
    let self_signed = subject.der == issuer.der
        && ((basic_constraints.is_some_and(|b| b.ca) && looks_self_signed)
            || match own_key_verifies(&signed, &public_key) {
                Some(valid) => valid,
                // A signature the core does not compute (MD5, SHA-224, Ed448, DSA): OpenSSL's
                // rule, as for a root (its EXFLAG_SS never checks the signature), rather than
                // calling the certificate's own name an issuer missing from the inputs.
                None => looks_self_signed,
            });

    Ok(Certificate {
        fingerprint_sha256: hex(&Sha256::digest(&der), ":").to_ascii_uppercase(),
        der,
        version,
        subject,
        issuer,
        serial: serial_text(serial.contents),
        not_before,
        not_after,
        sans,
        basic_constraints,
        name_constraints,
        key_usage,
        extended_key_usage,
        subject_key_id,
        authority_key_id,
        public_key,
        signed,
        self_signed,
        go_refuses,
    })
}

/// Whether a certificate's own key verifies its signature: `None` for a signature the core
/// does not compute; never known here without the core's own cryptography (the analysis asks
/// the host).
fn own_key_verifies(signed: &Signed, key: &PublicKeyInfo) -> Option<bool> {
    #[cfg(feature = "pure-crypto")]
    return match signature::verify(signed, &key.material) {
        Verification::Valid => Some(true),
        Verification::Invalid => Some(false),
        Verification::Unsupported(_) => None,
    };
    // Without it (the web page) the analysis settles what its host can check; what no one here
    // computes (MD5, SHA-224, Ed448, DSA: `SignatureCheck::of` says "not checked" without
    // arithmetic) is decided as the pure-Rust build decides it, by OpenSSL's rule.
    #[cfg(not(feature = "pure-crypto"))]
    return match crate::signature::SignatureCheck::of(signed, &key.material) {
        Err(crate::signature::Verification::Unsupported(_)) => None,
        Err(_) | Ok(_) => Some(false),
    };
}

/// Whether a self-issued certificate (subject and issuer the same name) looks self-signed as
/// OpenSSL decides its "self-signed" flag, without the RSA or ECDSA arithmetic: its authority
/// key identifier is absent or names its own key, and it is signed with an algorithm of its own
/// key's type. For a CA (CA:TRUE) that is enough: TLS libraries never check a trust anchor's
/// own signature (OpenSSL, Go's crypto/x509 and webpki trust a root for its name and key), so
/// neither does etcdtls: a system bundle's 144 mostly 4096-bit roots would cost more than the
/// rest of the explanation. Everything else self-issued (a leaf, a CA naming another key, or
/// one without key identifiers that is not a CA) is still called self-signed only once its own
/// key verifies its signature, where the core can compute it: a server certificate named like
/// the CA that signed it is not a root.
fn names_own_key_with_its_algorithm(
    subject_key_id: Option<&str>,
    authority_key_id: Option<&str>,
    signed: &Signed,
    key: &PublicKeyInfo,
) -> bool {
    let names_own_key = match (authority_key_id, subject_key_id) {
        (None, _) => true,
        (Some(aki), Some(ski)) => aki == ski,
        (Some(_), None) => false,
    };
    let algorithm_fits_key = matches!(
        (&signed.algorithm, &key.material),
        (
            SignatureAlgorithm::RsaPkcs1 { .. } | SignatureAlgorithm::RsaPss { .. },
            PublicKeyMaterial::Rsa { .. }
        ) | (SignatureAlgorithm::Ecdsa { .. }, PublicKeyMaterial::Ec { .. })
            | (SignatureAlgorithm::Ed25519, PublicKeyMaterial::Ed25519(_))
    ) || match (&signed.algorithm, &key.material) {
        // Algorithms the core does not compute, matched to their keys as OpenSSL matches
        // them: Ed448 to Ed448, DSA with any hash to DSA.
        (SignatureAlgorithm::Other { oid }, PublicKeyMaterial::Other { oid: key_oid, .. }) => {
            oid == key_oid || (key_oid == OID_DSA && dsa_signature_hash(oid).is_some())
        }
        _ => false,
    };
    names_own_key && algorithm_fits_key
}

/// Parses a DER PKCS#10 request.
pub fn parse_csr(der: &[u8]) -> Result<Csr, MalformedDer> {
    const WHAT: &str = "certificate signing request";
    const ATTRIBUTES: &str = "its attributes are invalid";
    let whole = outer(WHAT, der)?;
    let (info, signed) = signed_parts(WHAT, whole)?;
    let mut fields = info.contents;
    tlv::take(&mut fields, tlv::INTEGER).map_err(|e| tlv_failure(WHAT, e, "its version field is not an integer"))?;
    let subject_name: X509Name = part(WHAT, &mut fields)?;
    let spki: SubjectPublicKeyInfo = part(WHAT, &mut fields)?;
    let attributes = tlv::take(&mut fields, tlv::context(0)).map_err(|e| tlv_failure(WHAT, e, ATTRIBUTES))?;
    let mut sans = Vec::new();
    let mut extended_key_usage = None;
    let mut asks_ca = false;
    for attribute in tlv::elements(attributes.contents) {
        let attribute = attribute.map_err(|e| tlv_failure(WHAT, e, ATTRIBUTES))?;
        let mut parts = attribute.contents;
        let (oid, values) = match (
            attribute.tag,
            tlv::take(&mut parts, tlv::OID),
            tlv::take(&mut parts, tlv::SET),
        ) {
            (tlv::SEQUENCE, Ok(oid), Ok(values)) => (oid, values),
            _ => return Err(malformed(WHAT, ATTRIBUTES)),
        };
        if oid.contents != ATTR_EXTENSION_REQUEST {
            continue;
        }
        for value in tlv::elements(values.contents) {
            let value = value.map_err(|e| tlv_failure(WHAT, e, ATTRIBUTES))?;
            if value.tag != tlv::SEQUENCE {
                return Err(malformed(WHAT, ATTRIBUTES));
            }
            for e in tlv::elements(value.contents) {
                let (oid, _, value) = e.and_then(extension).map_err(|e| tlv_failure(WHAT, e, ATTRIBUTES))?;
                match oid {
                    EXT_SUBJECT_ALT_NAME => {
                        if let Some(san) = ext_value::<SubjectAlternativeName>(value) {
                            sans.extend(san.general_names.iter().map(general_name));
                        }
                    }
                    EXT_EXTENDED_KEY_USAGE => {
                        if let Some(eku) = ext_value::<x509_parser::extensions::ExtendedKeyUsage>(value) {
                            extended_key_usage = Some(extended_key_usages(&eku));
                        }
                    }
                    EXT_BASIC_CONSTRAINTS => {
                        asks_ca = ext_value::<x509_parser::extensions::BasicConstraints>(value).is_some_and(|bc| bc.ca);
                    }
                    _ => {}
                }
            }
        }
    }
    let public_key = public_key_info(&spki);
    // Without the core's own cryptography, the analysis settles this with the host's verdicts.
    #[cfg(feature = "pure-crypto")]
    let signature_valid = signature::verify(&signed, &public_key.material).known();
    #[cfg(not(feature = "pure-crypto"))]
    let signature_valid = None;
    Ok(Csr {
        der: whole.whole.to_vec(),
        subject: name(&subject_name),
        sans,
        extended_key_usage,
        asks_ca,
        public_key,
        signed,
        signature_valid,
    })
}

/// Parses a DER CRL.
pub fn parse_crl(der: &[u8]) -> Result<Crl, MalformedDer> {
    const WHAT: &str = "certificate revocation list";
    const REVOKED: &str = "its list of revoked certificates is invalid";
    let whole = outer(WHAT, der)?;
    let (tbs, signed) = signed_parts(WHAT, whole)?;
    let mut fields = tbs.contents;
    tlv::take_optional(&mut fields, tlv::INTEGER).map_err(|e| tlv_failure(WHAT, e, STRUCTURE))?;
    let _inner_algorithm: AlgorithmIdentifier = part(WHAT, &mut fields)?;
    let issuer_name: X509Name = part(WHAT, &mut fields)?;
    let this_update = time(WHAT, &mut fields)?;
    let next_update = match fields.first() {
        Some(&(tlv::UTC_TIME | tlv::GENERALIZED_TIME)) => Some(time(WHAT, &mut fields)?),
        _ => None,
    };
    let mut revoked = Vec::new();
    if let Some(list) = tlv::take_optional(&mut fields, tlv::SEQUENCE).map_err(|e| tlv_failure(WHAT, e, REVOKED))? {
        for entry in tlv::elements(list.contents) {
            let entry = entry.map_err(|e| tlv_failure(WHAT, e, REVOKED))?;
            let mut parts = entry.contents;
            match (entry.tag, tlv::take(&mut parts, tlv::INTEGER)) {
                (tlv::SEQUENCE, Ok(serial)) => {
                    let date = time(WHAT, &mut parts)?;
                    revoked.push(Revocation {
                        serial: serial_text(serial.contents),
                        date,
                        reason: crl_reason(parts),
                    });
                }
                _ => return Err(malformed(WHAT, REVOKED)),
            }
        }
    }
    Ok(Crl {
        der: whole.whole.to_vec(),
        issuer: name(&issuer_name),
        this_update,
        next_update,
        revoked,
        signed,
    })
}

/// An entry's CRLReason extension (2.5.29.21), by RFC 5280's name; `None` without one.
fn crl_reason(mut extensions: &[u8]) -> Option<&'static str> {
    const REASONS: [&str; 11] = [
        "unspecified",
        "keyCompromise",
        "cACompromise",
        "affiliationChanged",
        "superseded",
        "cessationOfOperation",
        "certificateHold",
        "",
        "removeFromCRL",
        "privilegeWithdrawn",
        "aACompromise",
    ];
    let list = tlv::take(&mut extensions, tlv::SEQUENCE).ok()?;
    tlv::elements(list.contents).find_map(|e| match extension(e.ok()?) {
        Ok(([0x55, 0x1d, 0x15], _, [0x0a, 1, code])) => {
            REASONS.get(usize::from(*code)).copied().filter(|r| !r.is_empty())
        }
        _ => None,
    })
}

/// Parses a DER SubjectPublicKeyInfo (`-----BEGIN PUBLIC KEY-----`).
pub fn parse_public_key(der: &[u8]) -> Result<PublicKeyInfo, MalformedDer> {
    const WHAT: &str = "public key";
    let (rest, spki) = SubjectPublicKeyInfo::from_der(der).map_err(|e| parse_failure(WHAT, e))?;
    if !rest.is_empty() {
        return Err(malformed(
            WHAT,
            format!("{} unexpected bytes after the end", rest.len()),
        ));
    }
    Ok(public_key_info(&spki))
}

/// Parses a DER PKCS#1 `RSAPublicKey` (`-----BEGIN RSA PUBLIC KEY-----`):
/// `SEQUENCE { modulus INTEGER, publicExponent INTEGER }`.
pub fn parse_rsa_public_key(der: &[u8]) -> Result<PublicKeyInfo, MalformedDer> {
    const WHAT: &str = "RSA public key";
    let fields = outer(WHAT, der)?.contents;
    let (modulus, exponent) = rsa_numbers(fields).map_err(|e| tlv_failure(WHAT, e, STRUCTURE))?;
    Ok(rsa_public_key_info(modulus, exponent))
}

/// The modulus and public exponent, the fields of an `RSAPublicKey`.
fn rsa_numbers(mut fields: &[u8]) -> Result<(&[u8], &[u8]), TlvError> {
    let modulus = tlv::take_unsigned(&mut fields)?;
    let exponent = tlv::take_unsigned(&mut fields)?;
    tlv::end(fields)?;
    Ok((modulus, exponent))
}

fn public_key_info(spki: &SubjectPublicKeyInfo<'_>) -> PublicKeyInfo {
    let oid = spki.algorithm.algorithm.to_id_string();
    let spki_sha256 = hex(&Sha256::digest(spki.raw), "");
    let bits = spki.subject_public_key.data.to_vec();
    let (algorithm, material) = match (oid.as_str(), spki.parsed()) {
        (OID_RSA | OID_RSA_PSS, Ok(ParsedPublicKey::RSA(rsa))) => {
            let material = PublicKeyMaterial::Rsa {
                modulus: strip_zeros(rsa.modulus),
                exponent: strip_zeros(rsa.exponent),
            };
            (
                KeyAlgorithm::Rsa {
                    bits: rsa_bits(rsa.modulus),
                },
                material,
            )
        }
        (OID_EC, _) => {
            // A named curve is an OID; explicit parameters (`openssl ecparam -param_enc
            // explicit`) are a SEQUENCE (tag numbers 6 and 16), not to be read as one.
            let parameters = spki.algorithm.parameters.as_ref();
            let curve = match parameters {
                Some(p) if p.tag().0 == 6 => curve_name(&p.as_oid().map(|o| o.to_id_string()).unwrap_or_default()),
                Some(p) if p.tag().0 == 16 => crate::keys::EXPLICIT_CURVE.to_string(),
                _ => curve_name(""),
            };
            let point = uncompressed_point(&curve, &bits).unwrap_or(bits);
            (
                KeyAlgorithm::Ec { curve: curve.clone() },
                PublicKeyMaterial::Ec { curve, point },
            )
        }
        (OID_ED25519, _) => (KeyAlgorithm::Ed25519, PublicKeyMaterial::Ed25519(bits)),
        // An RSASSA-PSS key (`openssl genpkey -algorithm RSA-PSS`) is an RSAPublicKey under
        // another OID, which x509-parser leaves unparsed.
        (OID_RSA_PSS, _)
            if let Ok((modulus, exponent)) = tlv::read(&bits)
                .ok()
                .filter(|(outer, rest)| outer.tag == tlv::SEQUENCE && rest.is_empty())
                .ok_or(TlvError::Unexpected)
                .and_then(|(outer, _)| rsa_numbers(outer.contents)) =>
        {
            (
                // Named apart from RSA: Go's crypto/x509 (etcd, Kubernetes) does not load it.
                KeyAlgorithm::Other {
                    name: format!("RSA-PSS {}", rsa_bits(modulus)),
                },
                PublicKeyMaterial::Rsa {
                    modulus: strip_zeros(modulus),
                    exponent: strip_zeros(exponent),
                },
            )
        }
        // DSA with its size, as OpenSSL prints it (`Public-Key: (2048 bit)`), from p in the
        // parameters `SEQUENCE { p, q, g }`.
        (OID_DSA, _)
            if let Some(p) = spki
                .algorithm
                .parameters
                .as_ref()
                .filter(|p| p.tag().0 == 16)
                .and_then(|p| tlv::take_unsigned(&mut { p.data }).ok()) =>
        {
            (
                KeyAlgorithm::Other {
                    name: crate::keys::dsa_name(p),
                },
                PublicKeyMaterial::Other { oid, bits },
            )
        }
        _ => (
            KeyAlgorithm::Other {
                name: algorithm_name(&oid),
            },
            PublicKeyMaterial::Other { oid, bits },
        ),
    };
    PublicKeyInfo {
        algorithm,
        material,
        spki_sha256,
    }
}

/// Builds the facts of an RSA public key from its modulus and exponent.
pub(crate) fn rsa_public_key_info(modulus: &[u8], exponent: &[u8]) -> PublicKeyInfo {
    let material = PublicKeyMaterial::Rsa {
        modulus: strip_zeros(modulus),
        exponent: strip_zeros(exponent),
    };
    PublicKeyInfo {
        algorithm: KeyAlgorithm::Rsa {
            bits: rsa_bits(modulus),
        },
        spki_sha256: spki_sha256(&material),
        material,
    }
}

/// SHA-256 of the SubjectPublicKeyInfo DER that carries this key, as OpenSSL would write it.
pub(crate) fn spki_sha256(material: &PublicKeyMaterial) -> String {
    spki_der(material)
        .map(|der| hex(&Sha256::digest(&der), ""))
        .unwrap_or_default()
}

/// The DER of the OIDs the core writes.
pub(crate) mod oid_der {
    pub const RSA: &[u8] = &[0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
    pub const EC: &[u8] = &[0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
    pub const ED25519: &[u8] = &[0x06, 0x03, 0x2b, 0x65, 0x70];
    pub const P256: &[u8] = &[0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
    pub const P384: &[u8] = &[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22];
    pub const P521: &[u8] = &[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23];
    pub const SECP256K1: &[u8] = &[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x0a];
}

/// The SubjectPublicKeyInfo DER that carries this key, as OpenSSL would write it (an RSA key
/// as `rsaEncryption` with NULL parameters, an EC key with its named curve):
/// `SEQUENCE { SEQUENCE { algorithm OID, parameters }, subjectPublicKey BIT STRING }`.
/// `None` for keys the core cannot encode.
pub fn spki_der(material: &PublicKeyMaterial) -> Option<Vec<u8>> {
    const NULL: &[u8] = &[0x05, 0x00];
    let (algorithm, key): (Vec<u8>, Vec<u8>) = match material {
        PublicKeyMaterial::Rsa { modulus, exponent } => {
            let numbers = [tlv::encode_unsigned(modulus), tlv::encode_unsigned(exponent)].concat();
            ([oid_der::RSA, NULL].concat(), tlv::encode(tlv::SEQUENCE, &numbers))
        }
        PublicKeyMaterial::Ec { curve, point } => {
            let curve = match curve.as_str() {
                "P-256" => oid_der::P256,
                "P-384" => oid_der::P384,
                "P-521" => oid_der::P521,
                "secp256k1" => oid_der::SECP256K1,
                _ => return None,
            };
            ([oid_der::EC, curve].concat(), point.clone())
        }
        PublicKeyMaterial::Ed25519(key) => (oid_der::ED25519.to_vec(), key.clone()),
        PublicKeyMaterial::Other { .. } => return None,
    };
    // A BIT STRING's contents start with the count of unused bits: none.
    let bits = tlv::encode(tlv::BIT_STRING, &[&[0u8][..], &key].concat());
    Some(tlv::encode(
        tlv::SEQUENCE,
        &[tlv::encode(tlv::SEQUENCE, &algorithm), bits].concat(),
    ))
}

pub(crate) fn rsa_bits(modulus: &[u8]) -> usize {
    let m = strip_zeros(modulus);
    match m.first() {
        Some(&top) => (m.len() - 1) * 8 + (8 - top.leading_zeros() as usize),
        None => 0,
    }
}

pub(crate) fn strip_zeros(bytes: &[u8]) -> Vec<u8> {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    bytes[start..].to_vec()
}

/// The name of a named curve, or its OID when the core does not know it.
pub(crate) fn curve_name(oid: &str) -> String {
    match oid {
        OID_P256 => "P-256".into(),
        OID_P384 => "P-384".into(),
        OID_P521 => "P-521".into(),
        "1.3.132.0.10" => "secp256k1".into(),
        "" => "unknown curve".into(),
        other => other.into(),
    }
}

/// Re-encodes an EC point uncompressed so that a compressed and an uncompressed encoding of
/// one key compare equal. `None` for curves the core cannot decode, or an invalid point, and
/// always without the `pure-crypto` feature (decompressing takes the curve arithmetic): a
/// compressed point then stays as it is.
#[cfg(feature = "pure-crypto")]
pub(crate) fn uncompressed_point(curve: &str, point: &[u8]) -> Option<Vec<u8>> {
    use p256::elliptic_curve::sec1::ToSec1Point;
    match curve {
        "P-256" => {
            let key = p256::PublicKey::from_sec1_bytes(point).ok()?;
            Some(key.as_affine().to_sec1_point(false).as_bytes().to_vec())
        }
        "P-384" => {
            let key = p384::PublicKey::from_sec1_bytes(point).ok()?;
            Some(key.as_affine().to_sec1_point(false).as_bytes().to_vec())
        }
        _ => None,
    }
}

/// Without the curve arithmetic, points stay as they are written.
#[cfg(not(feature = "pure-crypto"))]
pub(crate) fn uncompressed_point(_curve: &str, _point: &[u8]) -> Option<Vec<u8>> {
    None
}

pub(crate) const OID_DSA: &str = "1.2.840.10040.4.1";

/// The hash of a DSA signature algorithm OID (`dsa-with-SHA256`), `None` for other OIDs.
pub(crate) fn dsa_signature_hash(oid: &str) -> Option<HashAlgorithm> {
    Some(match oid {
        "1.2.840.10040.4.3" => HashAlgorithm::Sha1,
        "2.16.840.1.101.3.4.3.1" => HashAlgorithm::Sha224,
        "2.16.840.1.101.3.4.3.2" => HashAlgorithm::Sha256,
        "2.16.840.1.101.3.4.3.3" => HashAlgorithm::Sha384,
        "2.16.840.1.101.3.4.3.4" => HashAlgorithm::Sha512,
        _ => return None,
    })
}

pub(crate) fn algorithm_name(oid: &str) -> String {
    match oid {
        OID_DSA => "DSA".into(),
        "1.3.101.113" => "Ed448".into(),
        "1.3.101.110" => "X25519".into(),
        "1.3.101.111" => "X448".into(),
        other => other.into(),
    }
}

fn signature_algorithm(alg: &AlgorithmIdentifier<'_>) -> SignatureAlgorithm {
    use HashAlgorithm::*;
    let oid = alg.algorithm.to_id_string();
    match oid.as_str() {
        "1.2.840.113549.1.1.4" => SignatureAlgorithm::RsaPkcs1 { hash: Md5 },
        "1.2.840.113549.1.1.5" | "1.3.14.3.2.29" => SignatureAlgorithm::RsaPkcs1 { hash: Sha1 },
        "1.2.840.113549.1.1.14" => SignatureAlgorithm::RsaPkcs1 { hash: Sha224 },
        "1.2.840.113549.1.1.11" => SignatureAlgorithm::RsaPkcs1 { hash: Sha256 },
        "1.2.840.113549.1.1.12" => SignatureAlgorithm::RsaPkcs1 { hash: Sha384 },
        "1.2.840.113549.1.1.13" => SignatureAlgorithm::RsaPkcs1 { hash: Sha512 },
        OID_RSA_PSS => SignatureAlgorithm::RsaPss {
            hash: pss_hash(alg).unwrap_or(Sha1),
        },
        "1.2.840.10045.4.1" => SignatureAlgorithm::Ecdsa { hash: Sha1 },
        "1.2.840.10045.4.3.1" => SignatureAlgorithm::Ecdsa { hash: Sha224 },
        "1.2.840.10045.4.3.2" => SignatureAlgorithm::Ecdsa { hash: Sha256 },
        "1.2.840.10045.4.3.3" => SignatureAlgorithm::Ecdsa { hash: Sha384 },
        "1.2.840.10045.4.3.4" => SignatureAlgorithm::Ecdsa { hash: Sha512 },
        OID_ED25519 => SignatureAlgorithm::Ed25519,
        _ => SignatureAlgorithm::Other { oid },
    }
}

/// The hash named in RSASSA-PSS parameters (SHA-1 when absent, per RFC 4055).
fn pss_hash(alg: &AlgorithmIdentifier<'_>) -> Option<HashAlgorithm> {
    use x509_parser::signature_algorithm::RsaSsaPssParams;
    let params = RsaSsaPssParams::try_from(alg.parameters.as_ref()?).ok()?;
    Some(match params.hash_algorithm_oid().to_id_string().as_str() {
        "1.3.14.3.2.26" => HashAlgorithm::Sha1,
        "2.16.840.1.101.3.4.2.4" => HashAlgorithm::Sha224,
        "2.16.840.1.101.3.4.2.1" => HashAlgorithm::Sha256,
        "2.16.840.1.101.3.4.2.2" => HashAlgorithm::Sha384,
        "2.16.840.1.101.3.4.2.3" => HashAlgorithm::Sha512,
        _ => return None,
    })
}

/// A DER distinguished name as text (`CN = etcd-ca`), as TLS servers send them in certificate
/// requests. `None` when it does not parse.
pub fn name_text(der: &[u8]) -> Option<String> {
    let (rest, n) = X509Name::from_der(der).ok()?;
    rest.is_empty().then(|| name_string(&n))
}

fn name(n: &X509Name<'_>) -> Name {
    let text = name_string(n);
    // Of several CNs, the last: Go's `pkix.Name` keeps the last one it reads, and that is the
    // name etcd's auth and kube-apiserver take for the user.
    // Control characters escaped (only then backslashes too): these are printed in headlines.
    let printable = |v: String| match v.chars().any(dn::hidden) {
        true => dn::escape_controls(&v).into_owned(),
        false => v,
    };
    let common_name = n.iter_common_name().last().and_then(dn::value_text).map(printable);
    let organizations = n
        .iter_organization()
        .filter_map(dn::value_text)
        .map(printable)
        .collect();
    Name {
        text,
        common_name,
        organizations,
        der: n.as_raw().to_vec(),
    }
}

/// The subtrees of a kind Go checks, and whether any other kind was there.
fn name_constraint_list(
    subtrees: Option<&[x509_parser::extensions::GeneralSubtree<'_>]>,
) -> (Vec<NameConstraint>, bool) {
    let mut out = Vec::new();
    let mut unhandled = false;
    for subtree in subtrees.unwrap_or_default() {
        match &subtree.base {
            GeneralName::DNSName(d) => out.push(NameConstraint::Dns((*d).to_string())),
            GeneralName::RFC822Name(e) => out.push(NameConstraint::Email((*e).to_string())),
            GeneralName::URI(u) => out.push(NameConstraint::Uri((*u).to_string())),
            GeneralName::IPAddress(b) if matches!(b.len(), 8 | 32) => {
                let (addr, mask) = b.split_at(b.len() / 2);
                out.push(NameConstraint::Ip(addr.to_vec(), mask.to_vec()));
            }
            _ => unhandled = true,
        }
    }
    (out, unhandled)
}

fn general_name(g: &GeneralName<'_>) -> San {
    match g {
        GeneralName::DNSName(d) => San::Dns((*d).to_string()),
        GeneralName::RFC822Name(e) => San::Email((*e).to_string()),
        GeneralName::URI(u) => San::Uri((*u).to_string()),
        GeneralName::IPAddress(bytes) => match bytes.len() {
            4 => San::Ip(IpAddr::V4(Ipv4Addr::new(bytes[0], bytes[1], bytes[2], bytes[3]))),
            16 => {
                let mut octets = [0u8; 16];
                octets.copy_from_slice(bytes);
                San::Ip(IpAddr::V6(Ipv6Addr::from(octets)))
            }
            _ => San::Other(format!("IP:<{} bytes>", bytes.len())),
        },
        // The other kinds as `openssl x509 -text` lists them.
        GeneralName::DirectoryName(n) => San::Other(format!("DirName:{}", dn::name_slashed(n))),
        GeneralName::RegisteredID(oid) => San::Other(format!("Registered ID:{}", oid.to_id_string())),
        GeneralName::OtherName(oid, value) => San::Other(other_name(&oid.to_id_string(), value)),
        _ => San::Other("unsupported name".into()),
    }
}

/// An otherName as OpenSSL 3 lists it: `othername: UPN::user@example.com` for Microsoft's user
/// principal name, `othername: <OID>::<text>` for another held as a string, and
/// `othername: <OID>::<unsupported>` for any other value.
fn other_name(oid: &str, value: &[u8]) -> String {
    // The value is `[0] EXPLICIT`: a string inside it, when it is one.
    let text = crate::tlv::read(value)
        .ok()
        .and_then(|(outer, _)| crate::tlv::read(outer.contents).ok())
        .and_then(|(inner, _)| match inner.tag {
            // UTF8String, PrintableString, IA5String, VisibleString
            0x0c | 0x13 | 0x16 | 0x1a => std::str::from_utf8(inner.contents).ok().map(dn::escape_controls),
            _ => None,
        });
    let name = if oid == "1.3.6.1.4.1.311.20.2.3" { "UPN" } else { oid };
    match text {
        Some(text) => format!("othername: {name}::{text}"),
        None => format!("othername: {name}::<unsupported>"),
    }
}

/// The usages an extended key usage extension lists, as a certificate's or a request's: TLS
/// server and client first, then any, then the other named and numbered ones.
fn extended_key_usages(eku: &x509_parser::extensions::ExtendedKeyUsage<'_>) -> Vec<ExtendedKeyUsage> {
    let mut list = Vec::new();
    if eku.server_auth {
        list.push(ExtendedKeyUsage::ServerAuth);
    }
    if eku.client_auth {
        list.push(ExtendedKeyUsage::ClientAuth);
    }
    if eku.any {
        list.push(ExtendedKeyUsage::Any);
    }
    for (set, name) in [
        (eku.code_signing, "codeSigning"),
        (eku.email_protection, "emailProtection"),
        (eku.time_stamping, "timeStamping"),
        (eku.ocsp_signing, "OCSPSigning"),
    ] {
        if set {
            list.push(ExtendedKeyUsage::Other(name.to_string()));
        }
    }
    list.extend(eku.other.iter().map(|o| ExtendedKeyUsage::Other(o.to_id_string())));
    list
}

fn key_usage_names(flags: u16) -> Vec<&'static str> {
    const NAMES: [&str; 9] = [
        "digitalSignature",
        "nonRepudiation",
        "keyEncipherment",
        "dataEncipherment",
        "keyAgreement",
        "keyCertSign",
        "cRLSign",
        "encipherOnly",
        "decipherOnly",
    ];
    NAMES
        .iter()
        .enumerate()
        .filter(|(i, _)| flags & (1 << i) != 0)
        .map(|(_, n)| *n)
        .collect()
}

/// A serial number as OpenSSL prints it in `-text`: lower-case hex pairs joined by colons,
/// without the zero byte DER puts before a positive number whose top bit is set (`00:80` is
/// `80`); a negative number as a minus and its magnitude (`fb` is `-05`).
fn serial_text(raw: &[u8]) -> String {
    // A negative serial (RFC 5280 forbids them, yet they exist): its magnitude after a minus,
    // as `openssl x509 -serial` prints it (`-05`), so that it never reads like a positive one.
    if raw.first().is_some_and(|b| b & 0x80 != 0) {
        let mut magnitude: Vec<u8> = raw.iter().map(|b| !b).collect();
        for byte in magnitude.iter_mut().rev() {
            let (sum, carry) = byte.overflowing_add(1);
            *byte = sum;
            if !carry {
                break;
            }
        }
        let start = magnitude
            .iter()
            .position(|&b| b != 0)
            .unwrap_or(magnitude.len().saturating_sub(1));
        return format!("-{}", hex(&magnitude[start..], ":"));
    }
    let trimmed = match raw {
        [0, rest @ ..] if !rest.is_empty() => rest,
        other => other,
    };
    hex(trimmed, ":")
}

/// Hex with a separator between bytes.
const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

pub(crate) fn hex(bytes: &[u8], sep: &str) -> String {
    let mut out = String::with_capacity(bytes.len() * (2 + sep.len()));
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push(char::from(HEX_DIGITS[usize::from(b >> 4)]));
        out.push(char::from(HEX_DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_print_as_openssl_prints_them_negative_ones_with_a_minus() {
        assert_eq!(serial_text(&[0x00, 0x80]), "80");
        assert_eq!(serial_text(&[0x00]), "00");
        assert_eq!(serial_text(&[0x01, 0x00]), "01:00");
        assert_eq!(serial_text(&[0xfb]), "-05");
        assert_eq!(serial_text(&[0x80]), "-80");
        assert_eq!(serial_text(&[0xff, 0x00]), "-01:00");
        assert_ne!(serial_text(&[0xfb]), serial_text(&[0x00, 0xfb]));
    }

    #[test]
    fn names_print_in_encoded_order_like_openssl() {
        let der = [
            0x30, 0x33, // Name
            0x31, 0x0d, 0x30, 0x0b, 0x06, 0x03, 0x55, 0x04, 0x0a, 0x0c, 0x04, b'e', b't', b'c', b'd', // O=etcd
            0x31, 0x0b, 0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x03, 0x13, 0x02, b'c', b'a', // CN=ca
            0x31, 0x15, // a multi-valued RDN: OU=a + an unknown attribute holding bytes
            0x30, 0x08, 0x06, 0x03, 0x55, 0x04, 0x0b, 0x0c, 0x01, b'a', //
            0x30, 0x09, 0x06, 0x03, 0x2a, 0x03, 0x04, 0x04, 0x02, 0x00, 0x01,
        ];
        assert_eq!(
            name_text(&der).as_deref(),
            Some("O = etcd, CN = ca, OU = a + 1.2.3.4 = #04020001")
        );
        assert_eq!(name_text(&der[..10]), None);
    }

    #[test]
    fn of_several_common_names_the_last_is_the_one_go_reads() {
        let der = [
            0x30, 0x1c, // Name
            0x31, 0x0c, 0x30, 0x0a, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x03, b'o', b'n', b'e', // CN=one
            0x31, 0x0c, 0x30, 0x0a, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x03, b't', b'w', b'o', // CN=two
        ];
        let (_, parsed) = X509Name::from_der(&der).unwrap();
        let n = name(&parsed);
        assert_eq!(n.text, "CN = one, CN = two");
        assert_eq!(n.common_name.as_deref(), Some("two"));
    }

    #[test]
    fn serials_print_like_openssl() {
        assert_eq!(serial_text(&[0x00, 0x9f, 0x01]), "9f:01");
        assert_eq!(serial_text(&[0x00]), "00");
        assert_eq!(serial_text(&[0x12]), "12");
    }

    #[test]
    fn rsa_bits_ignore_sign_byte() {
        let mut m = vec![0u8];
        m.extend(std::iter::repeat_n(0xff, 256));
        assert_eq!(rsa_bits(&m), 2048);
        assert_eq!(rsa_bits(&[0x01, 0x00]), 9);
    }

    #[test]
    fn key_usage_bits_map_to_names() {
        assert_eq!(
            key_usage_names(0b1_0010_0001),
            vec!["digitalSignature", "keyCertSign", "decipherOnly"]
        );
    }

    /// The DER of every PEM block in a text.
    fn pem_blocks(text: &str) -> Vec<Vec<u8>> {
        use base64::Engine;
        let mut blocks = Vec::new();
        let mut body: Option<String> = None;
        for line in text.lines() {
            if line.starts_with("-----BEGIN") {
                body = Some(String::new());
            } else if line.starts_with("-----END") {
                let b64 = body.take().unwrap();
                blocks.push(base64::engine::general_purpose::STANDARD.decode(b64).unwrap());
            } else if let Some(b) = body.as_mut() {
                b.push_str(line.trim());
            }
        }
        blocks
    }

    /// What x509-parser's own certificate parser (which decodes every extension it knows)
    /// reads, in the core's terms.
    fn reference_certificate(der: &[u8]) -> Vec<String> {
        use x509_parser::certificate::X509Certificate;
        use x509_parser::extensions::ParsedExtension;
        let (rest, cert) = X509Certificate::from_der(der).unwrap();
        assert!(rest.is_empty());
        let tbs = &cert.tbs_certificate;
        let mut sans = Vec::new();
        let mut facts = Vec::new();
        for ext in tbs.extensions() {
            match ext.parsed_extension() {
                ParsedExtension::SubjectAlternativeName(san) => sans.extend(san.general_names.iter().map(general_name)),
                ParsedExtension::BasicConstraints(bc) => {
                    facts.push(format!("bc {} {:?}", bc.ca, bc.path_len_constraint))
                }
                ParsedExtension::KeyUsage(ku) => facts.push(format!("ku {:?}", key_usage_names(ku.flags))),
                ParsedExtension::ExtendedKeyUsage(eku) => facts.push(format!(
                    "eku {} {} {} {:?}",
                    eku.server_auth,
                    eku.client_auth,
                    eku.any,
                    eku.other.iter().map(|o| o.to_id_string()).collect::<Vec<_>>()
                )),
                ParsedExtension::SubjectKeyIdentifier(id) => facts.push(format!("ski {}", hex(id.0, ""))),
                ParsedExtension::AuthorityKeyIdentifier(aki) => {
                    facts.extend(aki.key_identifier.as_ref().map(|id| format!("aki {}", hex(id.0, ""))))
                }
                _ => {}
            }
        }
        facts.extend([
            format!("serial {}", serial_text(tbs.raw_serial())),
            format!("not before {}", tbs.validity.not_before.to_datetime()),
            format!("not after {}", tbs.validity.not_after.to_datetime()),
            format!("subject {}", hex(tbs.subject.as_raw(), "")),
            format!("issuer {}", hex(tbs.issuer.as_raw(), "")),
            format!("sans {sans:?}"),
            format!("signed {}", hex(tbs.as_ref(), "")),
            format!("signature {}", hex(&cert.signature_value.data, "")),
        ]);
        facts.sort();
        facts
    }

    /// The same facts from [`parse_certificate`].
    fn walked_certificate(der: &[u8]) -> Vec<String> {
        let c = parse_certificate(der).unwrap();
        let mut facts = Vec::new();
        if let Some(bc) = &c.basic_constraints {
            facts.push(format!("bc {} {:?}", bc.ca, bc.path_len));
        }
        if let Some(ku) = &c.key_usage {
            facts.push(format!("ku {ku:?}"));
        }
        if let Some(eku) = &c.extended_key_usage {
            let has = |u: ExtendedKeyUsage| eku.contains(&u);
            let other: Vec<String> = eku
                .iter()
                .filter_map(|u| match u {
                    ExtendedKeyUsage::Other(o) if o.contains('.') => Some(o.clone()),
                    _ => None,
                })
                .collect();
            facts.push(format!(
                "eku {} {} {} {other:?}",
                has(ExtendedKeyUsage::ServerAuth),
                has(ExtendedKeyUsage::ClientAuth),
                has(ExtendedKeyUsage::Any)
            ));
        }
        if let Some(id) = &c.subject_key_id {
            facts.push(format!("ski {id}"));
        }
        facts.extend(c.authority_key_id.as_ref().map(|id| format!("aki {id}")));
        facts.extend([
            format!("serial {}", c.serial),
            format!("not before {}", c.not_before),
            format!("not after {}", c.not_after),
            format!("subject {}", hex(&c.subject.der, "")),
            format!("issuer {}", hex(&c.issuer.der, "")),
            format!("sans {:?}", c.sans),
            format!("signed {}", hex(&c.signed.message, "")),
            format!("signature {}", hex(&c.signed.signature, "")),
        ]);
        facts.sort();
        facts
    }

    /// The walker (this module's parsers) reads what x509-parser's full parsers read: every
    /// certificate of the system CA bundle and of a kubeadm PKI (RSA and ECDSA), a CRL with
    /// revoked entries, and a CSR.
    #[test]
    #[allow(clippy::disallowed_methods)] // a test host: it reads the system bundle
    fn the_walker_reads_what_x509_parser_reads() {
        use etcdtls_pki::{Ca, KeyType, KubeadmOptions, KubeadmPki, LeafSpec, Usage};
        const BUNDLE: &str = "/etc/ssl/certs/ca-certificates.crt";
        let bundle = std::fs::read_to_string(BUNDLE)
            .unwrap_or_else(|e| panic!("{BUNDLE}: {e}; this test needs it: apt-get install ca-certificates"));
        let mut certificates = pem_blocks(&bundle);
        assert!(
            certificates.len() >= 100,
            "{} certificates in {BUNDLE}",
            certificates.len()
        );
        let now = time::macros::datetime!(2026-01-01 0:00 UTC);
        for key_type in [KeyType::EcdsaP256, KeyType::Rsa2048] {
            let pki = KubeadmPki::generate(&KubeadmOptions::new("node-1", "10.0.0.5", key_type, now)).unwrap();
            for (name, text) in &pki.files {
                if name.ends_with(".crt") {
                    certificates.extend(pem_blocks(text));
                }
            }
        }
        for der in &certificates {
            assert_eq!(walked_certificate(der), reference_certificate(der));
        }

        let ca = Ca::new_crl_signer("etcd-ca", KeyType::EcdsaP256, now, now + time::Duration::days(3650)).unwrap();
        let leaves: Vec<_> = (0..3)
            .map(|i| {
                ca.issue(&LeafSpec::new(
                    &format!("leaf-{i}"),
                    Usage::Client,
                    now,
                    KeyType::EcdsaP256,
                ))
                .unwrap()
            })
            .collect();
        let crl_pem = ca
            .crl(&[&leaves[0], &leaves[2]], now, now + time::Duration::days(7))
            .unwrap();
        let crl_der = &pem_blocks(&crl_pem)[0];
        let ours = parse_crl(crl_der).unwrap();
        let (_, theirs) = x509_parser::revocation_list::CertificateRevocationList::from_der(crl_der).unwrap();
        assert_eq!(ours.revoked.len(), 2);
        assert_eq!(
            ours.revoked.iter().map(|r| r.serial.clone()).collect::<Vec<_>>(),
            theirs
                .iter_revoked_certificates()
                .map(|r| serial_text(r.raw_serial()))
                .collect::<Vec<_>>()
        );
        assert_eq!(ours.this_update, theirs.last_update().to_datetime());
        assert_eq!(ours.next_update, theirs.next_update().map(|t| t.to_datetime()));
        assert_eq!(ours.issuer.der, theirs.issuer().as_raw());
        assert_eq!(ours.signed.message, theirs.tbs_cert_list.as_ref());
        assert_eq!(ours.signed.signature, theirs.signature_value.data.as_ref());

        let (csr_pem, _key) = etcdtls_pki::csr("kube-apiserver-etcd-client", KeyType::EcdsaP256).unwrap();
        let csr_der = &pem_blocks(&csr_pem)[0];
        let ours = parse_csr(csr_der).unwrap();
        let (_, theirs) = x509_parser::certification_request::X509CertificationRequest::from_der(csr_der).unwrap();
        let mut sans = Vec::new();
        let mut eku = None;
        for ext in theirs.requested_extensions().into_iter().flatten() {
            match ext {
                x509_parser::extensions::ParsedExtension::SubjectAlternativeName(s) => {
                    sans.extend(s.general_names.iter().map(general_name))
                }
                x509_parser::extensions::ParsedExtension::ExtendedKeyUsage(e) => {
                    eku = Some((e.server_auth, e.client_auth))
                }
                _ => {}
            }
        }
        assert_eq!(ours.sans, sans);
        let has = |u: ExtendedKeyUsage| ours.extended_key_usage.as_ref().map(|l| l.contains(&u));
        assert_eq!(
            eku,
            has(ExtendedKeyUsage::ServerAuth).zip(has(ExtendedKeyUsage::ClientAuth))
        );
        assert_eq!(ours.subject.der, theirs.certification_request_info.subject.as_raw());
        assert_eq!(ours.signed.message, theirs.certification_request_info.raw);
        assert_eq!(ours.signature_valid, Some(true));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(parse_certificate(&[0x30, 0x03, 0x02, 0x01]).is_err());
        assert!(parse_csr(b"").is_err());
        assert!(parse_crl(&[0xff; 10]).is_err());
        assert!(parse_public_key(&[0x30]).is_err());
    }
}
