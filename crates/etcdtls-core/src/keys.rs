//! Reading private keys, only to learn their kind and their public half.
//!
//! The secret bytes live in zeroizing buffers for the length of one function call and are
//! never copied into anything that outlives it: a [`PrivateKeyInfo`] holds the format, the
//! algorithm and the derived public key, nothing else. Encrypted keys are recognised and never
//! decrypted (etcd cannot load them, and etcdtls never asks for passwords).

use pkcs1::der::Decode;

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
    let carried = key.public_key.filter(|p| p.first() == Some(&0x04)).map(<[u8]>::to_vec);
    let derived = || match curve_oid.as_str() {
        OID_P256 => p256::SecretKey::from_slice(key.private_key)
            .ok()
            .map(|k| p256_point(&k.public_key())),
        OID_P384 => p384::SecretKey::from_slice(key.private_key)
            .ok()
            .map(|k| p384_point(&k.public_key())),
        _ => None,
    };
    // For curves the core cannot compute on, a compressed point is still better than none.
    let point = carried.or_else(derived).or_else(|| key.public_key.map(<[u8]>::to_vec));
    let algorithm = KeyAlgorithm::Ec { curve: curve.clone() };
    let public_key = point.map(|point| {
        let material = PublicKeyMaterial::Ec { curve, point };
        PublicKeyInfo {
            algorithm: algorithm.clone(),
            spki_sha256: x509::spki_sha256(&material),
            material,
        }
    });
    Ok(PrivateKeyInfo {
        format,
        algorithm: Some(algorithm),
        public_key,
    })
}

fn p256_point(key: &p256::PublicKey) -> Vec<u8> {
    use p256::elliptic_curve::sec1::ToSec1Point;
    key.as_affine().to_sec1_point(false).as_bytes().to_vec()
}

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
            let seed = zeroize::Zeroizing::new(seed);
            let signing = ed25519_dalek::SigningKey::from_bytes(&seed);
            let material = PublicKeyMaterial::Ed25519(signing.verifying_key().to_bytes().to_vec());
            Ok(PrivateKeyInfo {
                format: KeyFormat::Pkcs8,
                algorithm: Some(KeyAlgorithm::Ed25519),
                public_key: Some(PublicKeyInfo {
                    algorithm: KeyAlgorithm::Ed25519,
                    spki_sha256: x509::spki_sha256(&material),
                    material,
                }),
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
