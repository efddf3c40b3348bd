//! Reading private keys, only to learn their kind and their public half.
//!
//! The secret bytes live in zeroizing buffers and are never copied into anything shown: a
//! [`PrivateKeyInfo`] holds the format, the algorithm and the public key, nothing else. A key
//! whose file does not carry its public half (an EC key without the optional public point, an
//! Ed25519 key) holds a [`KeyDerivation`] instead, its secret in a zeroizing buffer, until the
//! analysis derives the public half (with the core's own arithmetic, or by handing it to the
//! host's WebCrypto: see [`crate::signature::Verdicts`]) and drops it. Encrypted keys are
//! recognised and never decrypted (etcd cannot load them, and etcdtls never asks for passwords).

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::model::{KeyAlgorithm, KeyFormat, PrivateKeyInfo, PublicKeyInfo, PublicKeyMaterial};
use crate::tlv::{self, TlvError};
use crate::x509::{
    self, MalformedDer, OID_EC, OID_ED25519, OID_P256, OID_P384, OID_RSA, OID_RSA_PSS, curve_name, oid_der,
};

const WHAT: &str = "private key";

fn malformed(detail: impl ToString) -> MalformedDer {
    MalformedDer {
        what: WHAT,
        detail: detail.to_string(),
    }
}

/// The fields of the one SEQUENCE `der` holds, read by `read`; what went wrong in words.
fn fields<'a, T>(der: &'a [u8], read: fn(&'a [u8]) -> Result<T, TlvError>) -> Result<T, MalformedDer> {
    read(x509::outer(WHAT, der)?.contents).map_err(|e| x509::tlv_failure(WHAT, e, x509::STRUCTURE))
}

/// Parses a PKCS#1 `RSAPrivateKey`: `SEQUENCE { version, modulus, publicExponent,
/// privateExponent, prime1, prime2, exponent1, exponent2, coefficient, otherPrimeInfos
/// OPTIONAL }`, all INTEGERs but the last. Only the public half is kept.
pub fn parse_pkcs1(der: &[u8]) -> Result<PrivateKeyInfo, MalformedDer> {
    let (modulus, exponent) = fields(der, |mut f| {
        let version = tlv::take_unsigned(&mut f)?;
        let modulus = tlv::take_unsigned(&mut f)?;
        let exponent = tlv::take_unsigned(&mut f)?;
        for _secret in 0..6 {
            tlv::take_unsigned(&mut f)?;
        }
        match version {
            [0] => {}
            // Version 1 is a multi-prime key, with its other primes after the coefficient.
            [1] => drop(tlv::take(&mut f, tlv::SEQUENCE)?),
            _ => return Err(TlvError::Unexpected),
        }
        tlv::end(f)?;
        Ok((modulus, exponent))
    })?;
    let public = x509::rsa_public_key_info(modulus, exponent);
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
    parse_sec1_with(der, None, None, KeyFormat::Sec1)
}

/// The fields of a SEC1 `ECPrivateKey`: `SEQUENCE { version 1, privateKey OCTET STRING,
/// [0] namedCurve OID OPTIONAL, [1] publicKey BIT STRING OPTIONAL }`.
struct EcPrivateKey<'a> {
    private_key: &'a [u8],
    named_curve: Option<String>,
    /// The parameters' DER when they spell the curve out.
    explicit_parameters: Option<&'a [u8]>,
    public_key: Option<&'a [u8]>,
}

fn ec_private_key(mut f: &[u8]) -> Result<EcPrivateKey<'_>, TlvError> {
    if tlv::take_unsigned(&mut f)? != [1] {
        return Err(TlvError::Unexpected);
    }
    let private_key = tlv::take(&mut f, tlv::OCTET_STRING)?.contents;
    let mut explicit_parameters = None;
    let named_curve = match tlv::take_optional(&mut f, tlv::context(0))? {
        // `SEQUENCE { version, fieldID, curve, base, order, ... }`: a curve spelled out.
        Some(parameters) if parameters.contents.first() == Some(&tlv::SEQUENCE) => {
            explicit_parameters = Some(parameters.contents);
            Some(EXPLICIT_CURVE.into())
        }
        Some(parameters) => {
            let mut inner = parameters.contents;
            let curve = tlv::oid(tlv::take(&mut inner, tlv::OID)?)?;
            tlv::end(inner)?;
            Some(curve)
        }
        None => None,
    };
    let public_key = match tlv::take_optional(&mut f, tlv::context(1))? {
        Some(public) => {
            let mut inner = public.contents;
            let bits = tlv::take(&mut inner, tlv::BIT_STRING)?;
            tlv::end(inner)?;
            // A point is whole bytes: no unused bits.
            match bits.contents.split_first() {
                Some((0, point)) => Some(point),
                _ => return Err(TlvError::Unexpected),
            }
        }
        None => None,
    };
    tlv::end(f)?;
    Ok(EcPrivateKey {
        private_key,
        named_curve,
        explicit_parameters,
        public_key,
    })
}

fn parse_sec1_with(
    der: &[u8],
    curve_hint: Option<String>,
    parameters_hint: Option<&[u8]>,
    format: KeyFormat,
) -> Result<PrivateKeyInfo, MalformedDer> {
    let key = fields(der, ec_private_key)?;
    let explicit_parameters = key.explicit_parameters.or(parameters_hint);
    let curve_oid = key.named_curve.or(curve_hint).unwrap_or_default();
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
    // A curve spelled out: the SubjectPublicKeyInfo its certificate carries (and `openssl pkey
    // -pubout` writes) holds the same parameters, so the key is matched to it by its point, and
    // its key id is that SubjectPublicKeyInfo's. Another curve the core cannot write a
    // SubjectPublicKeyInfo for has no key id to show.
    let public_key = match (point, explicit_parameters) {
        (Some(point), Some(parameters)) if curve == EXPLICIT_CURVE => {
            let bits = tlv::encode(tlv::BIT_STRING, &[&[0u8][..], &point].concat());
            let algorithm = tlv::encode(tlv::SEQUENCE, &[oid_der::EC, parameters].concat());
            let spki = tlv::encode(tlv::SEQUENCE, &[algorithm, bits].concat());
            Some(PublicKeyInfo {
                algorithm: KeyAlgorithm::Ec { curve: curve.clone() },
                material: PublicKeyMaterial::Ec { curve, point },
                spki_sha256: x509::hex(&Sha256::digest(&spki), ""),
            })
        }
        (point, _) => point
            .map(|point| public_key_info(PublicKeyMaterial::Ec { curve, point }))
            .filter(|p| !p.spki_sha256.is_empty()),
    };
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
        use tlv::encode;
        let version = encode(tlv::INTEGER, &[0]);
        let (algorithm, private_key) = match self.algorithm {
            DerivedAlgorithm::Ec { curve } => {
                let curve = if curve == "P-256" { oid_der::P256 } else { oid_der::P384 };
                // ECPrivateKey { version 1, privateKey }: the curve is in the PKCS#8 wrapper.
                let sec1 = encode(
                    tlv::SEQUENCE,
                    &[
                        encode(tlv::INTEGER, &[1]).as_slice(),
                        &encode(tlv::OCTET_STRING, &self.secret),
                    ]
                    .concat(),
                );
                (encode(tlv::SEQUENCE, &[oid_der::EC, curve].concat()), sec1)
            }
            DerivedAlgorithm::Ed25519 => (
                encode(tlv::SEQUENCE, oid_der::ED25519),
                encode(tlv::OCTET_STRING, &self.secret),
            ),
        };
        let private_key = Zeroizing::new(private_key);
        let inner = Zeroizing::new([version.as_slice(), &algorithm, &encode(tlv::OCTET_STRING, &private_key)].concat());
        Zeroizing::new(encode(tlv::SEQUENCE, &inner))
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

/// The fields of a PKCS#8 `PrivateKeyInfo` the core reads: `SEQUENCE { version (0 or 1),
/// AlgorithmIdentifier, privateKey OCTET STRING, [0] attributes OPTIONAL, [1] publicKey
/// OPTIONAL }`.
struct Pkcs8<'a> {
    algorithm: String,
    /// The algorithm's parameters when they are an OID (an EC key's curve), or
    /// [`EXPLICIT_CURVE`] when they are a curve spelled out.
    parameter: Option<String>,
    /// DSA's parameters (`SEQUENCE { p, q, g }`).
    dsa_parameters: Option<&'a [u8]>,
    /// An EC key's parameters' DER when they spell the curve out.
    ec_parameters: Option<&'a [u8]>,
    /// The whole AlgorithmIdentifier, DER.
    algorithm_der: &'a [u8],
    private_key: &'a [u8],
    /// A version 2 (OneAsymmetricKey, RFC 5958) key's public half: the BIT STRING's bytes.
    public_key: Option<&'a [u8]>,
}

/// The curve of an EC key whose parameters spell the curve out instead of naming it: valid,
/// but Go (and so etcd and Kubernetes) loads only named curves.
pub(crate) const EXPLICIT_CURVE: &str = "explicit parameters";

fn pkcs8_fields(mut f: &[u8]) -> Result<Pkcs8<'_>, TlvError> {
    if !matches!(tlv::take_unsigned(&mut f)?, [0] | [1]) {
        return Err(TlvError::Unexpected);
    }
    let algorithm_tlv = tlv::take(&mut f, tlv::SEQUENCE)?;
    let (algorithm, parameters) = algorithm_identifier(algorithm_tlv.contents)?;
    let parameter = match parameters {
        Some(p) if p.tag == tlv::OID => Some(tlv::oid(p)?),
        Some(p) if p.tag == tlv::SEQUENCE && algorithm == OID_EC => Some(EXPLICIT_CURVE.into()),
        _ => None,
    };
    let dsa_parameters = parameters.filter(|p| p.tag == tlv::SEQUENCE).map(|p| p.contents);
    let ec_parameters = parameters
        .filter(|p| p.tag == tlv::SEQUENCE && algorithm == OID_EC)
        .map(|p| p.whole);
    let private_key = tlv::take(&mut f, tlv::OCTET_STRING)?.contents;
    tlv::take_optional(&mut f, tlv::context(0))?;
    // [1] IMPLICIT BIT STRING: a primitive context-specific element; a key is whole bytes.
    let public_key = match tlv::take_optional(&mut f, 0x81)? {
        Some(bits) => match bits.contents.split_first() {
            Some((0, public)) => Some(public),
            _ => return Err(TlvError::Unexpected),
        },
        None => None,
    };
    tlv::end(f)?;
    Ok(Pkcs8 {
        algorithm,
        parameter,
        dsa_parameters,
        ec_parameters,
        algorithm_der: algorithm_tlv.whole,
        private_key,
        public_key,
    })
}

/// An AlgorithmIdentifier's fields: `algorithm OID, parameters ANY OPTIONAL`.
fn algorithm_identifier(mut f: &[u8]) -> Result<(String, Option<tlv::Tlv<'_>>), TlvError> {
    let algorithm = tlv::oid(tlv::take(&mut f, tlv::OID)?)?;
    let parameters = if f.is_empty() {
        None
    } else {
        let (parameters, rest) = tlv::read(f)?;
        tlv::end(rest)?;
        Some(parameters)
    };
    Ok((algorithm, parameters))
}

/// Parses an unencrypted PKCS#8 `PrivateKeyInfo` (RSA, EC or Ed25519 inside).
pub fn parse_pkcs8(der: &[u8]) -> Result<PrivateKeyInfo, MalformedDer> {
    let info = fields(der, pkcs8_fields)?;
    let inner = info.private_key;
    match info.algorithm.as_str() {
        OID_RSA | OID_RSA_PSS => {
            let mut key = parse_pkcs1(inner)?;
            key.format = KeyFormat::Pkcs8;
            // An RSASSA-PSS key (`openssl genpkey -algorithm RSA-PSS`) is named as its
            // certificate's is: Go's ParsePKCS8PrivateKey does not take it.
            if info.algorithm == OID_RSA_PSS
                && let Some(KeyAlgorithm::Rsa { bits }) = key.algorithm
            {
                key.algorithm = Some(KeyAlgorithm::Other {
                    name: format!("RSA-PSS {bits}"),
                });
            }
            Ok(key)
        }
        OID_EC => parse_sec1_with(inner, info.parameter, info.ec_parameters, KeyFormat::Pkcs8),
        OID_ED25519 => {
            // CurvePrivateKey ::= OCTET STRING, inside the PKCS#8 OCTET STRING.
            let (seed, rest) = tlv::read(inner).map_err(|e| x509::tlv_failure(WHAT, e, x509::STRUCTURE))?;
            if seed.tag != tlv::OCTET_STRING || !rest.is_empty() {
                return Err(malformed(x509::STRUCTURE));
            }
            let seed: [u8; 32] = seed
                .contents
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
            let name = match (other, info.dsa_parameters) {
                (x509::OID_DSA, Some(mut pqg)) => dsa_name(tlv::take_unsigned(&mut pqg).unwrap_or_default()),
                _ => x509::algorithm_name(other),
            };
            // No arithmetic here for these keys; a version 2 key carries its public half, which
            // pairs it with the certificate whose SubjectPublicKeyInfo holds the same (Ed448,
            // X25519 and X448 have no parameters, so the AlgorithmIdentifier is the same too).
            let public_key = info.public_key.map(|public| {
                let bits = tlv::encode(tlv::BIT_STRING, &[&[0u8][..], public].concat());
                let spki = tlv::encode(tlv::SEQUENCE, &[info.algorithm_der, &bits].concat());
                PublicKeyInfo {
                    algorithm: KeyAlgorithm::Other { name: name.clone() },
                    material: PublicKeyMaterial::Other {
                        oid: other.to_string(),
                        bits: public.to_vec(),
                    },
                    spki_sha256: x509::hex(&Sha256::digest(&spki), ""),
                }
            });
            Ok(PrivateKeyInfo {
                format: KeyFormat::Pkcs8,
                algorithm: Some(KeyAlgorithm::Other { name }),
                public_key,
                derivation: None,
            })
        }
    }
}

/// `DSA 2048`: DSA by the size of its prime p, as OpenSSL gives it.
pub(crate) fn dsa_name(p: &[u8]) -> String {
    match x509::rsa_bits(p) {
        0 => "DSA".into(),
        bits => format!("DSA {bits}"),
    }
}

/// Parses OpenSSL's traditional `DSAPrivateKey` (`-----BEGIN DSA PRIVATE KEY-----`):
/// `SEQUENCE { version 0, p, q, g, y, x }`. It carries its public half y, so it pairs with its
/// certificate without arithmetic (Go's TLS still cannot load it).
pub fn parse_dsa(der: &[u8]) -> Result<PrivateKeyInfo, MalformedDer> {
    let (p, q, g, y) = fields(der, |mut f| {
        if tlv::take_unsigned(&mut f)? != [0] {
            return Err(TlvError::Unexpected);
        }
        let p = tlv::take_unsigned(&mut f)?;
        let q = tlv::take_unsigned(&mut f)?;
        let g = tlv::take_unsigned(&mut f)?;
        let y = tlv::take_unsigned(&mut f)?;
        let _x = tlv::take_unsigned(&mut f)?;
        tlv::end(f)?;
        Ok((p, q, g, y))
    })?;
    let algorithm = KeyAlgorithm::Other { name: dsa_name(p) };
    // The SubjectPublicKeyInfo as OpenSSL writes it (`openssl pkey -pubout`): `SEQUENCE {
    // SEQUENCE { dsa, SEQUENCE { p, q, g } }, BIT STRING { INTEGER y } }`.
    let parameters = tlv::encode(
        tlv::SEQUENCE,
        &[
            tlv::encode_unsigned(p),
            tlv::encode_unsigned(q),
            tlv::encode_unsigned(g),
        ]
        .concat(),
    );
    const DSA_OID: &[u8] = &[0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01];
    let y_der = tlv::encode_unsigned(y);
    let spki = tlv::encode(
        tlv::SEQUENCE,
        &[
            tlv::encode(tlv::SEQUENCE, &[DSA_OID, &parameters].concat()),
            tlv::encode(tlv::BIT_STRING, &[&[0u8][..], &y_der].concat()),
        ]
        .concat(),
    );
    Ok(PrivateKeyInfo {
        format: KeyFormat::Dsa,
        algorithm: Some(algorithm.clone()),
        public_key: Some(PublicKeyInfo {
            algorithm,
            material: PublicKeyMaterial::Other {
                oid: crate::x509::OID_DSA.to_string(),
                bits: y_der,
            },
            spki_sha256: crate::x509::hex(&Sha256::digest(&spki), ""),
        }),
        derivation: None,
    })
}

/// The algorithm of an OpenSSH private key (`-----BEGIN OPENSSH PRIVATE KEY-----`), read from
/// its public key, which the format keeps unencrypted (OpenSSH's PROTOCOL.key:
/// `"openssh-key-v1\0"`, then the strings cipher, KDF and KDF options, a count of keys, and
/// each public key blob, which starts with its type). `None` for anything else.
pub fn openssh_algorithm(data: &[u8]) -> Option<KeyAlgorithm> {
    fn string<'a>(input: &mut &'a [u8]) -> Option<&'a [u8]> {
        let (len, rest) = input.split_first_chunk::<4>()?;
        let len = usize::try_from(u32::from_be_bytes(*len)).ok()?;
        let (value, rest) = (rest.get(..len)?, rest.get(len..)?);
        *input = rest;
        Some(value)
    }
    let mut rest = data.strip_prefix(b"openssh-key-v1\0")?;
    for _cipher_kdf_options in 0..3 {
        string(&mut rest)?;
    }
    let (_count, tail) = rest.split_first_chunk::<4>()?;
    rest = tail;
    let mut blob = string(&mut rest)?;
    let kind = string(&mut blob)?;
    Some(match kind {
        b"ssh-ed25519" => KeyAlgorithm::Ed25519,
        b"ssh-rsa" => {
            let _e = string(&mut blob)?;
            KeyAlgorithm::Rsa {
                bits: crate::x509::rsa_bits(string(&mut blob)?),
            }
        }
        b"ecdsa-sha2-nistp256" => KeyAlgorithm::Ec { curve: "P-256".into() },
        b"ecdsa-sha2-nistp384" => KeyAlgorithm::Ec { curve: "P-384".into() },
        b"ecdsa-sha2-nistp521" => KeyAlgorithm::Ec { curve: "P-521".into() },
        b"ssh-dss" => KeyAlgorithm::Other { name: "DSA".into() },
        other => KeyAlgorithm::Other {
            name: String::from_utf8_lossy(other).into_owned(),
        },
    })
}

/// Recognises a password-protected PKCS#8 `EncryptedPrivateKeyInfo` without decrypting it:
/// `SEQUENCE { AlgorithmIdentifier (PBES2 or a PKCS#12 PBE scheme), OCTET STRING }`.
pub fn parse_encrypted_pkcs8(der: &[u8]) -> Result<PrivateKeyInfo, MalformedDer> {
    let oid = fields(der, |mut f| {
        let (algorithm, _parameters) = algorithm_identifier(tlv::take(&mut f, tlv::SEQUENCE)?.contents)?;
        let _encrypted = tlv::take(&mut f, tlv::OCTET_STRING)?;
        tlv::end(f)?;
        Ok(algorithm)
    })?;
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
            curve: "(curve hidden by the encryption)".into(),
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
    use pkcs8::der::Decode;

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
