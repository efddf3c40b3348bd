//! Reading private keys, only to learn their kind and their public half.
//!
//! The secret bytes live in zeroizing buffers and are never copied into anything shown: a
//! [`PrivateKeyInfo`] holds the format, the algorithm and the public key, nothing else. A key
//! whose file does not carry its public half (an EC key without the optional public point, an
//! Ed25519 key) holds a [`KeyDerivation`] instead, its secret in a zeroizing buffer, until the
//! analysis derives the public half (with the core's own arithmetic, or by handing it to the
//! host's WebCrypto: see [`crate::signature::Verdicts`]) and drops it. Encrypted keys are
//! recognised and never decrypted (etcd cannot load them, and etcdtls never asks for passwords).

use pkcs1::der::Decode;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::model::{KeyAlgorithm, KeyFormat, PrivateKeyInfo, PublicKeyInfo, PublicKeyMaterial};
use crate::x509::{self, MalformedDer, OID_EC, OID_ED25519, OID_P256, OID_P384, OID_RSA, OID_RSA_PSS, curve_name};

const WHAT: &str = "private key";

fn malformed(detail: impl ToString) -> MalformedDer {
    MalformedDer {
        what: WHAT,
        detail: detail.to_string(),
    }
}

/// Parses a PKCS#1 `RSAPrivateKey`.
pub fn parse_pkcs1(der: &[u8]) -> Result<PrivateKeyInfo, MalformedDer> {
    let key = pkcs1::RsaPrivateKeyRef::from_der(der).map_err(|e| malformed(x509::der_words(&e)))?;
    let public = x509::rsa_public_key_info(key.modulus.as_bytes(), key.public_exponent.as_bytes());
    Ok(PrivateKeyInfo {
        format: KeyFormat::Pkcs1,
        algorithm: Some(public.algorithm.clone()),
        public_key: Some(public),
        derivation: None,
    })
}

/// Parses a SEC1 `ECPrivateKey`. `curve_hint` is the curve OID from an enclosing PKCS#8
/// structure, for keys that omit their own parameters.
pub fn parse_sec1(der: &[u8]) -> Result<PrivateKeyInfo, MalformedDer> {
    parse_sec1_with(der, None, KeyFormat::Sec1)
}

fn parse_sec1_with(der: &[u8], curve_hint: Option<String>, format: KeyFormat) -> Result<PrivateKeyInfo, MalformedDer> {
    let key = sec1::EcPrivateKey::from_der(der).map_err(|e| malformed(x509::der_words(&e)))?;
    let curve_oid = key
        .parameters
        .as_ref()
        .and_then(|p| p.named_curve())
        .map(|o| o.to_string())
        .or(curve_hint)
        .unwrap_or_default();
    let curve = curve_name(&curve_oid);
    // Like OpenSSL, the public point the file carries is used as it is when it is there in
    // uncompressed form (what certificates hold); otherwise it is computed from the scalar.
    // For curves that cannot be computed on, a compressed point is still better than none.
    let carried = key.public_key.map(<[u8]>::to_vec);
    let uncompressed = carried.clone().filter(|p| p.first() == Some(&0x04));
    let derivation = match (uncompressed.is_some(), curve_oid.as_str()) {
        (false, OID_P256 | OID_P384) => Some(KeyDerivation::new(
            DerivedAlgorithm::Ec {
                curve: if curve_oid == OID_P256 { "P-256" } else { "P-384" },
            },
            key.private_key,
            carried.clone(),
        )),
        _ => None,
    };
    let algorithm = KeyAlgorithm::Ec { curve: curve.clone() };
    let point = if derivation.is_some() {
        None
    } else {
        uncompressed.or(carried)
    };
    let public_key = point.map(|point| public_key_info(PublicKeyMaterial::Ec { curve, point }));
    Ok(PrivateKeyInfo {
        format,
        algorithm: Some(algorithm),
        public_key,
        derivation,
    })
}

/// The public key facts of derived or carried key material.
fn public_key_info(material: PublicKeyMaterial) -> PublicKeyInfo {
    let algorithm = match &material {
        PublicKeyMaterial::Ec { curve, .. } => KeyAlgorithm::Ec { curve: curve.clone() },
        PublicKeyMaterial::Ed25519(_) => KeyAlgorithm::Ed25519,
        PublicKeyMaterial::Rsa { .. } | PublicKeyMaterial::Other { .. } => {
            KeyAlgorithm::Other { name: "unknown".into() }
        }
    };
    PublicKeyInfo {
        algorithm,
        spki_sha256: x509::spki_sha256(&material),
        material,
    }
}

/// Which kind of key a [`KeyDerivation`] derives the public half of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DerivedAlgorithm {
    /// An EC key on a named curve (`P-256`, `P-384`); the public half is the uncompressed point.
    Ec {
        /// The curve, as WebCrypto names it.
        curve: &'static str,
    },
    /// An Ed25519 key; the public half is its 32 bytes.
    Ed25519,
}

/// A private key whose file does not carry its public half, and what deriving it takes. Its
/// `Debug` shows no key bytes; the secret is wiped when it is dropped.
#[derive(Clone)]
pub struct KeyDerivation {
    /// Names the derivation in [`crate::signature::Verdicts`]: the same key gives the same id
    /// in every analysis. A one-way hash; it is never shown.
    pub id: String,
    /// The kind of key.
    pub algorithm: DerivedAlgorithm,
    /// The private scalar (EC) or seed (Ed25519).
    secret: Zeroizing<Vec<u8>>,
    /// A compressed point the file carries, for when the derivation cannot be done.
    pub(crate) fallback: Option<Vec<u8>>,
}

impl std::fmt::Debug for KeyDerivation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyDerivation")
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}

impl KeyDerivation {
    fn new(algorithm: DerivedAlgorithm, secret: &[u8], fallback: Option<Vec<u8>>) -> Self {
        let mut id = Sha256::new();
        id.update(b"etcdtls public key derivation\0");
        id.update(format!("{algorithm:?}").as_bytes());
        id.update(secret);
        KeyDerivation {
            id: x509::hex(&id.finalize(), ""),
            algorithm,
            secret: Zeroizing::new(secret.to_vec()),
            fallback,
        }
    }

    /// The private key as an unencrypted PKCS#8 `PrivateKeyInfo`, for WebCrypto's
    /// `importKey('pkcs8', ..., extractable)` followed by `exportKey('jwk')`, whose `x` (and
    /// `y`) are the public half. Never to be shown or stored.
    pub fn pkcs8(&self) -> Zeroizing<Vec<u8>> {
        const EC_PUBLIC_KEY: &[u8] = &[0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
        const P256: &[u8] = &[0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
        const P384: &[u8] = &[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22];
        const ED25519: &[u8] = &[0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70];
        let version = tlv(0x02, &[0]);
        let (algorithm, private_key) = match self.algorithm {
            DerivedAlgorithm::Ec { curve } => {
                let curve = if curve == "P-256" { P256 } else { P384 };
                // ECPrivateKey { version 1, privateKey }: the curve is in the PKCS#8 wrapper.
                let sec1 = tlv(0x30, &[tlv(0x02, &[1]).as_slice(), &tlv(0x04, &self.secret)].concat());
                (tlv(0x30, &[EC_PUBLIC_KEY, curve].concat()), sec1)
            }
            DerivedAlgorithm::Ed25519 => (ED25519.to_vec(), tlv(0x04, &self.secret)),
        };
        let private_key = Zeroizing::new(private_key);
        let inner = Zeroizing::new([version.as_slice(), &algorithm, &tlv(0x04, &private_key)].concat());
        Zeroizing::new(tlv(0x30, &inner))
    }

    /// Whether `material` has the form of this key's public half (a host's answer is checked
    /// before it is used).
    pub(crate) fn fits(&self, material: &PublicKeyMaterial) -> bool {
        match (self.algorithm, material) {
            (DerivedAlgorithm::Ec { curve }, PublicKeyMaterial::Ec { curve: c, point }) => {
                let size = if curve == "P-256" { 32 } else { 48 };
                c == curve && point.len() == 1 + 2 * size && point.first() == Some(&0x04)
            }
            (DerivedAlgorithm::Ed25519, PublicKeyMaterial::Ed25519(key)) => key.len() == 32,
            _ => false,
        }
    }

    /// The public half, computed by the core.
    #[cfg(feature = "pure-crypto")]
    pub(crate) fn derive(&self) -> Option<PublicKeyMaterial> {
        match self.algorithm {
            DerivedAlgorithm::Ec { curve: "P-256" } => {
                p256::SecretKey::from_slice(&self.secret)
                    .ok()
                    .map(|k| PublicKeyMaterial::Ec {
                        curve: "P-256".into(),
                        point: p256_point(&k.public_key()),
                    })
            }
            DerivedAlgorithm::Ec { curve } => {
                p384::SecretKey::from_slice(&self.secret)
                    .ok()
                    .map(|k| PublicKeyMaterial::Ec {
                        curve: curve.into(),
                        point: p384_point(&k.public_key()),
                    })
            }
            DerivedAlgorithm::Ed25519 => {
                let seed = Zeroizing::new(<[u8; 32]>::try_from(self.secret.as_slice()).ok()?);
                let signing = ed25519_dalek::SigningKey::from_bytes(&seed);
                Some(PublicKeyMaterial::Ed25519(signing.verifying_key().to_bytes().to_vec()))
            }
        }
    }

    /// The public key facts once the public half is known: derived, given by the host, or
    /// else the compressed point the file carries.
    pub(crate) fn complete(
        fallback: Option<Vec<u8>>,
        algorithm: DerivedAlgorithm,
        derived: Option<PublicKeyMaterial>,
    ) -> Option<PublicKeyInfo> {
        let material = derived.or_else(|| match algorithm {
            DerivedAlgorithm::Ec { curve } => fallback.map(|point| PublicKeyMaterial::Ec {
                curve: curve.into(),
                point,
            }),
            DerivedAlgorithm::Ed25519 => None,
        })?;
        Some(public_key_info(material))
    }
}

/// A DER tag-length-value.
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len.to_be_bytes().into_iter().skip_while(|&b| b == 0).collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

#[cfg(feature = "pure-crypto")]
fn p256_point(key: &p256::PublicKey) -> Vec<u8> {
    use p256::elliptic_curve::sec1::ToSec1Point;
    key.as_affine().to_sec1_point(false).as_bytes().to_vec()
}

#[cfg(feature = "pure-crypto")]
fn p384_point(key: &p384::PublicKey) -> Vec<u8> {
    use p384::elliptic_curve::sec1::ToSec1Point;
    key.as_affine().to_sec1_point(false).as_bytes().to_vec()
}

/// Parses an unencrypted PKCS#8 `PrivateKeyInfo` (RSA, EC or Ed25519 inside).
pub fn parse_pkcs8(der: &[u8]) -> Result<PrivateKeyInfo, MalformedDer> {
    let info = pkcs8::PrivateKeyInfoRef::from_der(der).map_err(|e| malformed(x509::der_words(&e)))?;
    let oid = info.algorithm.oid.to_string();
    let inner = info.private_key.as_bytes();
    match oid.as_str() {
        OID_RSA | OID_RSA_PSS => {
            let mut key = parse_pkcs1(inner)?;
            key.format = KeyFormat::Pkcs8;
            Ok(key)
        }
        OID_EC => {
            let curve = info
                .algorithm
                .parameters
                .and_then(|p| p.decode_as::<pkcs8::ObjectIdentifier>().ok())
                .map(|o| o.to_string());
            parse_sec1_with(inner, curve, KeyFormat::Pkcs8)
        }
        OID_ED25519 => {
            // CurvePrivateKey ::= OCTET STRING, inside the PKCS#8 OCTET STRING.
            let seed =
                <&pkcs1::der::asn1::OctetStringRef>::from_der(inner).map_err(|e| malformed(x509::der_words(&e)))?;
            let seed: [u8; 32] = seed
                .as_bytes()
                .try_into()
                .map_err(|_| malformed("an Ed25519 key must be 32 bytes"))?;
            let seed = Zeroizing::new(seed);
            Ok(PrivateKeyInfo {
                format: KeyFormat::Pkcs8,
                algorithm: Some(KeyAlgorithm::Ed25519),
                public_key: None,
                derivation: Some(KeyDerivation::new(DerivedAlgorithm::Ed25519, seed.as_slice(), None)),
            })
        }
        other => {
            let name = match other {
                "1.3.101.113" => "Ed448",
                "1.3.101.110" => "X25519",
                "1.2.840.10040.4.1" => "DSA",
                _ => other,
            };
            Ok(PrivateKeyInfo {
                format: KeyFormat::Pkcs8,
                algorithm: Some(KeyAlgorithm::Other { name: name.to_string() }),
                public_key: None,
                derivation: None,
            })
        }
    }
}

/// Recognises a password-protected PKCS#8 `EncryptedPrivateKeyInfo` without decrypting it:
/// `SEQUENCE { AlgorithmIdentifier (PBES2 or a PKCS#12 PBE scheme), OCTET STRING }`.
pub fn parse_encrypted_pkcs8(der: &[u8]) -> Result<PrivateKeyInfo, MalformedDer> {
    use pkcs1::der::{Reader, SliceReader};
    let mut reader = SliceReader::new(der).map_err(|e| malformed(x509::der_words(&e)))?;
    let oid = reader
        .sequence(|r| {
            let alg = spki::AlgorithmIdentifierRef::decode(r)?;
            let _data = <&pkcs1::der::asn1::OctetStringRef>::decode(r)?;
            Ok::<_, pkcs1::der::Error>(alg.oid.to_string())
        })
        .map_err(|e| malformed(x509::der_words(&e)))?;
    if !reader.is_finished() {
        return Err(malformed("unexpected bytes after the end"));
    }
    let known = oid == "1.2.840.113549.1.5.13"
        || oid.starts_with("1.2.840.113549.1.12.1.")
        || oid.starts_with("1.2.840.113549.1.5.");
    if !known {
        return Err(malformed(format!("{oid} is not a password-based encryption scheme")));
    }
    Ok(PrivateKeyInfo {
        format: KeyFormat::EncryptedPkcs8,
        algorithm: None,
        public_key: None,
        derivation: None,
    })
}

/// A PKCS#1 or SEC1 PEM with `Proc-Type: 4,ENCRYPTED`: the algorithm is in the label.
pub fn legacy_encrypted(label: &str) -> PrivateKeyInfo {
    let algorithm = if label.starts_with("RSA") {
        Some(KeyAlgorithm::Rsa { bits: 0 })
    } else if label.starts_with("EC") {
        Some(KeyAlgorithm::Ec {
            curve: "unknown curve".into(),
        })
    } else {
        None
    };
    PrivateKeyInfo {
        format: KeyFormat::LegacyEncryptedPem,
        algorithm,
        public_key: None,
        derivation: None,
    }
}

/// Tries every private key encoding on DER of unknown type.
pub fn parse_any(der: &[u8]) -> Option<PrivateKeyInfo> {
    parse_pkcs8(der)
        .or_else(|_| parse_pkcs1(der))
        .or_else(|_| parse_sec1(der))
        .or_else(|_| parse_encrypted_pkcs8(der))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivations_hand_over_standard_pkcs8() {
        // Ed25519: RFC 8410's PKCS#8 v1 form.
        let seed = [7u8; 32];
        let ed = KeyDerivation::new(DerivedAlgorithm::Ed25519, &seed, None);
        let der = ed.pkcs8();
        assert_eq!(
            &der[..16],
            &[
                0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20
            ]
        );
        assert_eq!(&der[16..], &seed);
        // EC: a PKCS#8 naming the curve around an ECPrivateKey holding the scalar.
        let scalar = [9u8; 48];
        let ec = KeyDerivation::new(DerivedAlgorithm::Ec { curve: "P-384" }, &scalar, None);
        let der = ec.pkcs8();
        let info = pkcs8::PrivateKeyInfoRef::from_der(&der).unwrap();
        assert_eq!(info.algorithm.oid.to_string(), OID_EC);
        let curve = info
            .algorithm
            .parameters
            .unwrap()
            .decode_as::<pkcs8::ObjectIdentifier>()
            .unwrap();
        assert_eq!(curve.to_string(), OID_P384);
        let inner = sec1::EcPrivateKey::from_der(info.private_key.as_bytes()).unwrap();
        assert_eq!(inner.private_key, &scalar);
        // Stable ids, different per key; no key bytes in Debug.
        assert_eq!(
            ec.id,
            KeyDerivation::new(DerivedAlgorithm::Ec { curve: "P-384" }, &scalar, None).id
        );
        assert_ne!(ec.id, ed.id);
        assert!(!format!("{ec:?}").contains("9, 9"));
    }

    #[test]
    fn a_hosts_answer_must_have_the_form_of_the_public_half() {
        let ec = KeyDerivation::new(DerivedAlgorithm::Ec { curve: "P-256" }, &[1; 32], None);
        let point = |len: usize| PublicKeyMaterial::Ec {
            curve: "P-256".into(),
            point: [vec![4], vec![1; len - 1]].concat(),
        };
        assert!(ec.fits(&point(65)));
        assert!(!ec.fits(&point(97)));
        assert!(!ec.fits(&PublicKeyMaterial::Ed25519(vec![0; 32])));
    }
}
