//! Reading certificates, signing requests, revocation lists and public keys from DER.
//!
//! x509-parser does the ASN.1; this module turns its borrowed views into the owned facts of
//! [`crate::model`], in the words a reviewer uses (serials and names as OpenSSL prints them
//! ([`crate::dn`]), key sizes, SANs).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use sha2::{Digest, Sha256};
use x509_parser::certificate::X509Certificate;
use x509_parser::certification_request::X509CertificationRequest;
use x509_parser::error::X509Error;
use x509_parser::extensions::{GeneralName, ParsedExtension};
use x509_parser::prelude::FromDer;
use x509_parser::public_key::PublicKey as ParsedPublicKey;
use x509_parser::revocation_list::CertificateRevocationList;
use x509_parser::x509::{AlgorithmIdentifier, SubjectPublicKeyInfo, X509Name};

use crate::dn::{self, name_string};
use crate::model::{
    BasicConstraints, Certificate, Crl, Csr, ExtendedKeyUsage, HashAlgorithm, KeyAlgorithm, Name, PublicKeyInfo,
    PublicKeyMaterial, San, SignatureAlgorithm, Signed,
};
#[cfg(feature = "pure-crypto")]
use crate::signature::{self, Verification};

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

/// What a `der` crate error (keys) means, in words.
pub(crate) fn der_words(e: &pkcs1::der::Error) -> String {
    use pkcs1::der::ErrorKind;
    match e.kind() {
        ErrorKind::Incomplete { .. } => ENDS_EARLY.into(),
        ErrorKind::TrailingData { .. } => "unexpected bytes after the end".into(),
        ErrorKind::Length { .. } | ErrorKind::Overlength => "a length in its DER data is wrong".into(),
        ErrorKind::Noncanonical { .. } => "its data is BER, not the DER it must be".into(),
        _ => "its DER data does not have the expected structure".into(),
    }
}

/// Parses a DER certificate. Trailing bytes after the certificate are an error: they mean the
/// bytes were something else that happened to start like a certificate.
pub fn parse_certificate(der: &[u8]) -> Result<Certificate, MalformedDer> {
    const WHAT: &str = "certificate";
    let (rest, cert) = X509Certificate::from_der(der).map_err(|e| parse_failure(WHAT, e))?;
    if !rest.is_empty() {
        return Err(malformed(
            WHAT,
            format!("{} unexpected bytes after the end", rest.len()),
        ));
    }
    let der = cert.as_raw().to_vec();
    let tbs = &cert.tbs_certificate;

    let mut sans = Vec::new();
    let mut basic_constraints = None;
    let mut key_usage = None;
    let mut extended_key_usage = None;
    let mut subject_key_id = None;
    let mut authority_key_id = None;
    for ext in tbs.extensions() {
        match ext.parsed_extension() {
            ParsedExtension::SubjectAlternativeName(san) => {
                sans.extend(san.general_names.iter().map(general_name));
            }
            ParsedExtension::BasicConstraints(bc) => {
                basic_constraints = Some(BasicConstraints {
                    ca: bc.ca,
                    path_len: bc.path_len_constraint,
                });
            }
            ParsedExtension::KeyUsage(ku) => key_usage = Some(key_usage_names(ku.flags)),
            ParsedExtension::ExtendedKeyUsage(eku) => {
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
                extended_key_usage = Some(list);
            }
            ParsedExtension::SubjectKeyIdentifier(id) => subject_key_id = Some(hex(id.0, "")),
            ParsedExtension::AuthorityKeyIdentifier(aki) => {
                authority_key_id = aki.key_identifier.as_ref().map(|id| hex(id.0, ""));
            }
            _ => {}
        }
    }

    let public_key = public_key_info(&tbs.subject_pki);
    let signed = Signed {
        message: tbs.as_ref().to_vec(),
        algorithm: signature_algorithm(&cert.signature_algorithm),
        signature: cert.signature_value.data.to_vec(),
    };
    let subject = name(&tbs.subject);
    let issuer = name(&tbs.issuer);
    // Without the core's own cryptography, the analysis settles this with the host's verdicts.
    #[cfg(feature = "pure-crypto")]
    let self_signed =
        subject.der == issuer.der && signature::verify(&signed, &public_key.material) == Verification::Valid;
    #[cfg(not(feature = "pure-crypto"))]
    let self_signed = false;

    Ok(Certificate {
        fingerprint_sha256: hex(&Sha256::digest(&der), ":").to_uppercase(),
        der,
        subject,
        issuer,
        serial: serial_text(tbs.raw_serial()),
        not_before: tbs.validity.not_before.to_datetime(),
        not_after: tbs.validity.not_after.to_datetime(),
        sans,
        basic_constraints,
        key_usage,
        extended_key_usage,
        subject_key_id,
        authority_key_id,
        public_key,
        signed,
        self_signed,
    })
}

/// Parses a DER PKCS#10 request.
pub fn parse_csr(der: &[u8]) -> Result<Csr, MalformedDer> {
    const WHAT: &str = "certificate signing request";
    let (rest, csr) = X509CertificationRequest::from_der(der).map_err(|e| parse_failure(WHAT, e))?;
    if !rest.is_empty() {
        return Err(malformed(
            WHAT,
            format!("{} unexpected bytes after the end", rest.len()),
        ));
    }
    let info = &csr.certification_request_info;
    let mut sans = Vec::new();
    let mut extended_key_usage = None;
    if let Some(exts) = csr.requested_extensions() {
        for ext in exts {
            match ext {
                ParsedExtension::SubjectAlternativeName(san) => {
                    sans.extend(san.general_names.iter().map(general_name));
                }
                ParsedExtension::ExtendedKeyUsage(eku) => {
                    let mut list = Vec::new();
                    if eku.server_auth {
                        list.push(ExtendedKeyUsage::ServerAuth);
                    }
                    if eku.client_auth {
                        list.push(ExtendedKeyUsage::ClientAuth);
                    }
                    extended_key_usage = Some(list);
                }
                _ => {}
            }
        }
    }
    let public_key = public_key_info(&info.subject_pki);
    let signed = Signed {
        message: info.raw.to_vec(),
        algorithm: signature_algorithm(&csr.signature_algorithm),
        signature: csr.signature_value.data.to_vec(),
    };
    // Without the core's own cryptography, the analysis settles this with the host's verdicts.
    #[cfg(feature = "pure-crypto")]
    let signature_valid = signature::verify(&signed, &public_key.material).known();
    #[cfg(not(feature = "pure-crypto"))]
    let signature_valid = None;
    Ok(Csr {
        der: csr.as_raw().to_vec(),
        subject: name(&info.subject),
        sans,
        extended_key_usage,
        public_key,
        signed,
        signature_valid,
    })
}

/// Parses a DER CRL.
pub fn parse_crl(der: &[u8]) -> Result<Crl, MalformedDer> {
    const WHAT: &str = "certificate revocation list";
    let (rest, crl) = CertificateRevocationList::from_der(der).map_err(|e| parse_failure(WHAT, e))?;
    if !rest.is_empty() {
        return Err(malformed(
            WHAT,
            format!("{} unexpected bytes after the end", rest.len()),
        ));
    }
    Ok(Crl {
        der: crl.as_raw().to_vec(),
        issuer: name(crl.issuer()),
        this_update: crl.last_update().to_datetime(),
        next_update: crl.next_update().map(|t| t.to_datetime()),
        revoked: crl
            .iter_revoked_certificates()
            .map(|r| serial_text(r.raw_serial()))
            .collect(),
        signed: Signed {
            message: crl.tbs_cert_list.as_ref().to_vec(),
            algorithm: signature_algorithm(&crl.signature_algorithm),
            signature: crl.signature_value.data.to_vec(),
        },
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

/// Parses a DER PKCS#1 `RSAPublicKey` (`-----BEGIN RSA PUBLIC KEY-----`).
pub fn parse_rsa_public_key(der: &[u8]) -> Result<PublicKeyInfo, MalformedDer> {
    use pkcs1::der::Decode;
    let key = pkcs1::RsaPublicKeyRef::from_der(der).map_err(|e| malformed("RSA public key", der_words(&e)))?;
    Ok(rsa_public_key_info(
        key.modulus.as_bytes(),
        key.public_exponent.as_bytes(),
    ))
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
            let curve_oid = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.as_oid().ok())
                .map(|o| o.to_id_string())
                .unwrap_or_default();
            let curve = curve_name(&curve_oid);
            let point = uncompressed_point(&curve, &bits).unwrap_or(bits);
            (
                KeyAlgorithm::Ec { curve: curve.clone() },
                PublicKeyMaterial::Ec { curve, point },
            )
        }
        (OID_ED25519, _) => (KeyAlgorithm::Ed25519, PublicKeyMaterial::Ed25519(bits)),
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

/// The SubjectPublicKeyInfo DER that carries this key, as OpenSSL would write it (an RSA key
/// as `rsaEncryption`, an EC key with its named curve). `None` for keys the core cannot encode.
pub fn spki_der(material: &PublicKeyMaterial) -> Option<Vec<u8>> {
    use pkcs1::der::Encode;
    use pkcs1::der::asn1::{AnyRef, BitStringRef, ObjectIdentifier};
    use spki::{AlgorithmIdentifierRef, SubjectPublicKeyInfoRef};

    let (oid, param_oid, bits): (&str, Option<&str>, Vec<u8>) = match material {
        PublicKeyMaterial::Rsa { modulus, exponent } => {
            let (Ok(n), Ok(e)) = (pkcs1::UintRef::new(modulus), pkcs1::UintRef::new(exponent)) else {
                return None;
            };
            let Ok(der) = pkcs1::RsaPublicKeyRef {
                modulus: n,
                public_exponent: e,
            }
            .to_der() else {
                return None;
            };
            (OID_RSA, None, der)
        }
        PublicKeyMaterial::Ec { curve, point } => {
            let curve_oid = match curve.as_str() {
                "P-256" => OID_P256,
                "P-384" => OID_P384,
                "P-521" => OID_P521,
                _ => return None,
            };
            (OID_EC, Some(curve_oid), point.clone())
        }
        PublicKeyMaterial::Ed25519(key) => (OID_ED25519, None, key.clone()),
        PublicKeyMaterial::Other { .. } => return None,
    };
    let Ok(oid) = ObjectIdentifier::new(oid) else {
        return None;
    };
    let param_oid = match param_oid.map(ObjectIdentifier::new) {
        Some(Ok(p)) => Some(p),
        Some(Err(_)) => return None,
        None => None,
    };
    let param_der;
    let parameters = match (&param_oid, oid.to_string().as_str()) {
        (Some(p), _) => {
            param_der = match p.to_der() {
                Ok(d) => d,
                Err(_) => return None,
            };
            AnyRef::try_from(param_der.as_slice()).ok()
        }
        (None, OID_RSA) => Some(AnyRef::NULL),
        (None, _) => None,
    };
    let Ok(bit_string) = BitStringRef::from_bytes(&bits) else {
        return None;
    };
    let spki = SubjectPublicKeyInfoRef {
        algorithm: AlgorithmIdentifierRef { oid, parameters },
        subject_public_key: bit_string,
    };
    spki.to_der().ok()
}

fn rsa_bits(modulus: &[u8]) -> usize {
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

fn algorithm_name(oid: &str) -> String {
    match oid {
        "1.2.840.10040.4.1" => "DSA".into(),
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

/// A DER distinguished name as text (`CN=etcd-ca`), as TLS servers send them in certificate
/// requests. `None` when it does not parse.
pub fn name_text(der: &[u8]) -> Option<String> {
    let (rest, n) = X509Name::from_der(der).ok()?;
    rest.is_empty().then(|| name_string(&n))
}

fn name(n: &X509Name<'_>) -> Name {
    let text = name_string(n);
    let common_name = n.iter_common_name().next().and_then(dn::value_text);
    let organizations = n.iter_organization().filter_map(dn::value_text).collect();
    Name {
        text,
        common_name,
        organizations,
        der: n.as_raw().to_vec(),
    }
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
        GeneralName::DirectoryName(n) => San::Other(format!("DirName:{}", name_string(n))),
        GeneralName::RegisteredID(oid) => San::Other(format!("RID:{}", oid.to_id_string())),
        GeneralName::OtherName(oid, _) => San::Other(format!("othername:{}", oid.to_id_string())),
        _ => San::Other("unsupported name".into()),
    }
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
/// without the DER sign byte.
fn serial_text(raw: &[u8]) -> String {
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
            Some("O=etcd, CN=ca, OU=a + 1.2.3.4=\\00\\01")
        );
        assert_eq!(name_text(&der[..10]), None);
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

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(parse_certificate(&[0x30, 0x03, 0x02, 0x01]).is_err());
        assert!(parse_csr(b"").is_err());
        assert!(parse_crl(&[0xff; 10]).is_err());
        assert!(parse_public_key(&[0x30]).is_err());
    }
}
