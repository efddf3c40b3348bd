//! Checking that a key really signed a certificate, CSR or CRL.
//!
//! Issuers are linked by signature, never by name alone: a rebuilt cluster has a new
//! "kubernetes" CA with the same name and a different key, and only the signature tells the
//! two apart.
//!
//! Who does the arithmetic depends on the build:
//!
//! - With the cargo feature `pure-crypto` (on by default: the CLI and the tests), the RustCrypto
//!   crates check signatures inside the core ([`verify`]). Natively, the feature
//!   `native-crypto` (the CLI turns it on) lets ring confirm a signature first: its assembly is
//!   several times faster than the pure-Rust arithmetic, which matters when a bundle holds
//!   thousands of certificates. Only ring's "valid" is taken as the answer; anything ring
//!   refuses (a key size or salt length outside its limits, a compressed point, a bad
//!   signature) goes through the pure-Rust path, so the verdict and its reasons are the same
//!   with and without the feature. ring is never compiled for wasm32.
//! - Without it (the web page, whose browser has WebCrypto), the core carries no crypto crate.
//!   The analysis is given the [`Verdicts`] known so far and reports each check it could not
//!   decide as a [`SignatureCheck`] in [`Pending`]: the issuer's SubjectPublicKeyInfo, the
//!   scheme, the signed bytes and the signature, ready for SubtleCrypto's `importKey('spki')`
//!   and `verify()`. The host checks them and runs the analysis again with the verdicts. A
//!   check without a verdict is "not checked", never "valid".
//!
//! What the core decides without arithmetic is decided the same in both builds: an algorithm
//! that does not fit the key is invalid, an algorithm the core does not know is not checked.

use sha2::{Digest, Sha256};

use crate::keys::KeyDerivation;
use crate::map::{Map, Set};
use crate::model::{HashAlgorithm, PublicKeyMaterial, SignatureAlgorithm, Signed};

/// The outcome of a signature check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    /// The key made this signature.
    Valid,
    /// The key did not make this signature (or the signature is corrupt).
    Invalid,
    /// The core cannot check this combination; the reason says which part.
    Unsupported(String),
}

impl Verification {
    /// `Some(true)` for valid, `Some(false)` for invalid, `None` when not checked.
    pub fn known(&self) -> Option<bool> {
        match self {
            Verification::Valid => Some(true),
            Verification::Invalid => Some(false),
            Verification::Unsupported(_) => None,
        }
    }
}

/// Checks `signed` against the candidate signer's public key.
#[cfg(feature = "pure-crypto")]
pub fn verify(signed: &Signed, key: &PublicKeyMaterial) -> Verification {
    #[cfg(all(feature = "native-crypto", not(target_arch = "wasm32")))]
    if native::confirms(signed, key) {
        return Verification::Valid;
    }
    verify_pure(signed, key)
}

/// The pure-Rust check: the whole answer on wasm32, the deciding one natively.
#[cfg(feature = "pure-crypto")]
pub fn verify_pure(signed: &Signed, key: &PublicKeyMaterial) -> Verification {
    use pure::{digest, outcome, pss, rsa_key, unsupported_hash};
    use sha1::Sha1;
    use sha2::{Sha224, Sha384, Sha512};
    match (&signed.algorithm, key) {
        (SignatureAlgorithm::RsaPkcs1 { hash }, PublicKeyMaterial::Rsa { modulus, exponent }) => {
            let Some(digest) = digest(*hash, &signed.message) else {
                return unsupported_hash(*hash);
            };
            let scheme = match hash {
                HashAlgorithm::Sha1 => rsa::Pkcs1v15Sign::new::<Sha1>(),
                HashAlgorithm::Sha224 => rsa::Pkcs1v15Sign::new::<Sha224>(),
                HashAlgorithm::Sha256 => rsa::Pkcs1v15Sign::new::<Sha256>(),
                HashAlgorithm::Sha384 => rsa::Pkcs1v15Sign::new::<Sha384>(),
                HashAlgorithm::Sha512 => rsa::Pkcs1v15Sign::new::<Sha512>(),
                HashAlgorithm::Md5 => return unsupported_hash(*hash),
            };
            match rsa_key(modulus, exponent) {
                Some(key) => outcome(key.verify(scheme, &digest, &signed.signature).is_ok()),
                None => Verification::Unsupported("the RSA key is outside 512 to 16384 bits".into()),
            }
        }
        (SignatureAlgorithm::RsaPss { hash }, PublicKeyMaterial::Rsa { modulus, exponent }) => {
            let Some(digest) = digest(*hash, &signed.message) else {
                return unsupported_hash(*hash);
            };
            let Some(key) = rsa_key(modulus, exponent) else {
                return Verification::Unsupported("the RSA key is outside 512 to 16384 bits".into());
            };
            // Salt length: detected from the signature, as the parameters allow any.
            let ok = match hash {
                // RSA-PSS with SHA-1 or SHA-224 is vanishingly rare; not checking it keeps the
                // web page small.
                HashAlgorithm::Sha1 | HashAlgorithm::Sha224 => return unsupported_hash(*hash),
                HashAlgorithm::Sha256 => key.verify(pss::<Sha256>(), &digest, &signed.signature),
                HashAlgorithm::Sha384 => key.verify(pss::<Sha384>(), &digest, &signed.signature),
                HashAlgorithm::Sha512 => key.verify(pss::<Sha512>(), &digest, &signed.signature),
                HashAlgorithm::Md5 => return unsupported_hash(*hash),
            };
            outcome(ok.is_ok())
        }
        (SignatureAlgorithm::Ecdsa { hash }, PublicKeyMaterial::Ec { curve, point }) => {
            use p256::ecdsa::signature::hazmat::PrehashVerifier;
            let Some(digest) = digest(*hash, &signed.message) else {
                return unsupported_hash(*hash);
            };
            match curve.as_str() {
                "P-256" => {
                    let (Ok(key), Ok(sig)) = (
                        p256::ecdsa::VerifyingKey::from_sec1_bytes(point),
                        p256::ecdsa::Signature::from_der(&signed.signature),
                    ) else {
                        return Verification::Invalid;
                    };
                    outcome(key.verify_prehash(&digest, &sig).is_ok())
                }
                "P-384" => {
                    let (Ok(key), Ok(sig)) = (
                        p384::ecdsa::VerifyingKey::from_sec1_bytes(point),
                        p384::ecdsa::Signature::from_der(&signed.signature),
                    ) else {
                        return Verification::Invalid;
                    };
                    outcome(key.verify_prehash(&digest, &sig).is_ok())
                }
                // etcd's own auto-TLS certificates (`--auto-tls`, `--peer-auto-tls`) are P-521.
                "P-521" => {
                    let (Ok(key), Ok(sig)) = (
                        p521::ecdsa::VerifyingKey::from_sec1_bytes(point),
                        p521::ecdsa::Signature::from_der(&signed.signature),
                    ) else {
                        return Verification::Invalid;
                    };
                    outcome(key.verify_prehash(&digest, &sig).is_ok())
                }
                other => Verification::Unsupported(format!("ECDSA on {other} is not checked")),
            }
        }
        (SignatureAlgorithm::Ed25519, PublicKeyMaterial::Ed25519(key)) => {
            use ed25519_dalek::Verifier;
            let Ok(key_bytes) = <[u8; 32]>::try_from(key.as_slice()) else {
                return Verification::Invalid;
            };
            let (Ok(key), Ok(sig)) = (
                ed25519_dalek::VerifyingKey::from_bytes(&key_bytes),
                ed25519_dalek::Signature::from_slice(&signed.signature),
            ) else {
                return Verification::Invalid;
            };
            outcome(key.verify(&signed.message, &sig).is_ok())
        }
        (SignatureAlgorithm::Other { oid }, _) => {
            Verification::Unsupported(format!("signature algorithm {oid} is not checked"))
        }
        (_, PublicKeyMaterial::Other { oid, .. }) => {
            Verification::Unsupported(format!("keys of type {oid} are not checked"))
        }
        // The algorithm does not fit the key (an ECDSA signature against an RSA key): this
        // key cannot have made it.
        _ => Verification::Invalid,
    }
}

/// ring's verification, for the algorithms and sizes it supports.
#[cfg(all(feature = "native-crypto", not(target_arch = "wasm32")))]
mod native {
    use ring::signature::{self as ring_sig, RsaPublicKeyComponents, UnparsedPublicKey, VerificationAlgorithm};

    use crate::model::{HashAlgorithm, PublicKeyMaterial, SignatureAlgorithm, Signed};

    /// Checks below this many are not worth another thread.
    const PER_THREAD: usize = 64;

    /// [`super::verify`] of every pair, shared among up to `threads` threads (each taking at
    /// least [`PER_THREAD`] checks), in the order given.
    pub(super) fn verify_all(checks: &[(&Signed, &PublicKeyMaterial)], threads: usize) -> Vec<super::Verification> {
        let threads = threads.min(checks.len() / PER_THREAD).max(1);
        let share = checks.len().div_ceil(threads).max(1);
        let verify =
            |part: &[(&Signed, &PublicKeyMaterial)]| part.iter().map(|(s, k)| super::verify(s, k)).collect::<Vec<_>>();
        if threads == 1 {
            return verify(checks);
        }
        std::thread::scope(|scope| {
            let mut parts = checks.chunks(share);
            let first = parts.next().unwrap_or_default();
            let started: Vec<_> = parts
                .map(|part| {
                    (
                        part,
                        std::thread::Builder::new().spawn_scoped(scope, move || verify(part)),
                    )
                })
                .collect();
            let mut all = verify(first);
            for (part, thread) in started {
                // A thread the system would not start, or that failed, leaves its share here.
                match thread.map_err(drop).and_then(|t| t.join().map_err(drop)) {
                    Ok(verdicts) => all.extend(verdicts),
                    Err(()) => all.extend(verify(part)),
                }
            }
            all
        })
    }

    /// Whether ring confirms that `key` made the signature. `false` means "ring cannot say":
    /// not supported by ring, or not valid.
    pub(super) fn confirms(signed: &Signed, key: &PublicKeyMaterial) -> bool {
        match (&signed.algorithm, key) {
            (SignatureAlgorithm::RsaPkcs1 { hash }, PublicKeyMaterial::Rsa { modulus, exponent }) => {
                let params = match hash {
                    HashAlgorithm::Sha1 => &ring_sig::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY,
                    HashAlgorithm::Sha256 => &ring_sig::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
                    HashAlgorithm::Sha384 => &ring_sig::RSA_PKCS1_2048_8192_SHA384,
                    HashAlgorithm::Sha512 => &ring_sig::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY,
                    HashAlgorithm::Sha224 | HashAlgorithm::Md5 => return false,
                };
                rsa(params, modulus, exponent, signed)
            }
            (SignatureAlgorithm::RsaPss { hash }, PublicKeyMaterial::Rsa { modulus, exponent }) => {
                let params = match hash {
                    HashAlgorithm::Sha256 => &ring_sig::RSA_PSS_2048_8192_SHA256,
                    HashAlgorithm::Sha384 => &ring_sig::RSA_PSS_2048_8192_SHA384,
                    HashAlgorithm::Sha512 => &ring_sig::RSA_PSS_2048_8192_SHA512,
                    _ => return false,
                };
                rsa(params, modulus, exponent, signed)
            }
            (SignatureAlgorithm::Ecdsa { hash }, PublicKeyMaterial::Ec { curve, point }) => {
                let algorithm = match (curve.as_str(), hash) {
                    ("P-256", HashAlgorithm::Sha256) => &ring_sig::ECDSA_P256_SHA256_ASN1,
                    ("P-256", HashAlgorithm::Sha384) => &ring_sig::ECDSA_P256_SHA384_ASN1,
                    ("P-384", HashAlgorithm::Sha256) => &ring_sig::ECDSA_P384_SHA256_ASN1,
                    ("P-384", HashAlgorithm::Sha384) => &ring_sig::ECDSA_P384_SHA384_ASN1,
                    _ => return false,
                };
                unparsed(algorithm, point, signed)
            }
            (SignatureAlgorithm::Ed25519, PublicKeyMaterial::Ed25519(key)) => unparsed(&ring_sig::ED25519, key, signed),
            _ => false,
        }
    }

    fn rsa(params: &'static ring_sig::RsaParameters, n: &[u8], e: &[u8], signed: &Signed) -> bool {
        RsaPublicKeyComponents { n, e }
            .verify(params, &signed.message, &signed.signature)
            .is_ok()
    }

    fn unparsed(algorithm: &'static dyn VerificationAlgorithm, key: &[u8], signed: &Signed) -> bool {
        UnparsedPublicKey::new(algorithm, key)
            .verify(&signed.message, &signed.signature)
            .is_ok()
    }
}

/// The pure-Rust helpers of [`verify_pure`].
#[cfg(feature = "pure-crypto")]
mod pure {
    use rsa::{BoxedUint, PublicKey as RsaPublicKey};
    use sha1::Sha1;
    use sha2::{Digest, Sha224, Sha256, Sha384, Sha512};

    use super::Verification;
    pub(super) use super::unsupported_hash;
    use crate::model::HashAlgorithm;

    pub(super) fn outcome(ok: bool) -> Verification {
        if ok { Verification::Valid } else { Verification::Invalid }
    }

    pub(super) fn pss<D: Digest + sha2::digest::FixedOutputReset>() -> rsa::Pss<D> {
        rsa::Pss {
            blinded: false,
            digest: D::new(),
            salt_len: None,
        }
    }

    pub(super) fn rsa_key(modulus: &[u8], exponent: &[u8]) -> Option<RsaPublicKey> {
        let bits = |b: &[u8]| u32::try_from(b.len().max(1) * 8).ok();
        let n = BoxedUint::from_be_slice(modulus, bits(modulus)?).ok()?;
        let e = BoxedUint::from_be_slice(exponent, bits(exponent)?).ok()?;
        RsaPublicKey::new_with_size_limits(n, e, 512..=16384).ok()
    }

    pub(super) fn digest(hash: HashAlgorithm, message: &[u8]) -> Option<Vec<u8>> {
        Some(match hash {
            HashAlgorithm::Sha1 => Sha1::digest(message).to_vec(),
            HashAlgorithm::Sha224 => Sha224::digest(message).to_vec(),
            HashAlgorithm::Sha256 => Sha256::digest(message).to_vec(),
            HashAlgorithm::Sha384 => Sha384::digest(message).to_vec(),
            HashAlgorithm::Sha512 => Sha512::digest(message).to_vec(),
            HashAlgorithm::Md5 => return None,
        })
    }
}

fn unsupported_hash(hash: HashAlgorithm) -> Verification {
    Verification::Unsupported(format!("{hash} signatures are not checked"))
}

/// Why a signature without a verdict counts as not checked.
pub const NOT_CHECKED: &str = "no cryptography was available to check it";

/// A signature scheme as WebCrypto names it, with its parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// `RSASSA-PKCS1-v1_5` with a hash.
    RsaPkcs1 {
        /// The hash.
        hash: HashAlgorithm,
    },
    /// `RSA-PSS` with a hash. The salt length is not in the signed data's parameters the core
    /// keeps; a verifier tries the hash's length, 20 (RFC 4055's default) and 0.
    RsaPss {
        /// The hash.
        hash: HashAlgorithm,
    },
    /// `ECDSA` on a named curve (`P-256`, `P-384`, `P-521`) with a hash.
    Ecdsa {
        /// The curve, as WebCrypto names it.
        curve: &'static str,
        /// The hash.
        hash: HashAlgorithm,
    },
    /// `Ed25519`.
    Ed25519,
}

impl Scheme {
    /// The algorithm's name for WebCrypto's `importKey` and `verify`.
    pub fn webcrypto_name(self) -> &'static str {
        match self {
            Scheme::RsaPkcs1 { .. } => "RSASSA-PKCS1-v1_5",
            Scheme::RsaPss { .. } => "RSA-PSS",
            Scheme::Ecdsa { .. } => "ECDSA",
            Scheme::Ed25519 => "Ed25519",
        }
    }

    /// The hash, as WebCrypto names it (`SHA-256`); `None` for Ed25519.
    pub fn hash(self) -> Option<&'static str> {
        let hash = match self {
            Scheme::RsaPkcs1 { hash } | Scheme::RsaPss { hash } | Scheme::Ecdsa { hash, .. } => hash,
            Scheme::Ed25519 => return None,
        };
        Some(match hash {
            HashAlgorithm::Sha1 => "SHA-1",
            HashAlgorithm::Sha256 => "SHA-256",
            HashAlgorithm::Sha384 => "SHA-384",
            // Never built for another hash (see `SignatureCheck::of`).
            _ => "SHA-512",
        })
    }

    /// The salt lengths to try for RSA-PSS, most likely first (none for other schemes).
    pub fn pss_salt_lengths(self) -> Vec<u32> {
        let Scheme::RsaPss { hash } = self else {
            return Vec::new();
        };
        let own = match hash {
            HashAlgorithm::Sha1 => 20,
            HashAlgorithm::Sha256 => 32,
            HashAlgorithm::Sha384 => 48,
            _ => 64,
        };
        let mut lengths = vec![own, 20, 0];
        lengths.dedup();
        lengths
    }
}

/// A signature check the core could not decide itself, in the form WebCrypto takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureCheck {
    /// Names the check in [`Verdicts`]: the same key, scheme, bytes and signature give the same
    /// id in every analysis.
    pub id: String,
    /// The candidate signer's SubjectPublicKeyInfo, DER (`importKey('spki', ...)`).
    pub spki: Vec<u8>,
    /// The scheme.
    pub scheme: Scheme,
    /// The signed bytes (a certificate's TBSCertificate).
    pub message: Vec<u8>,
    /// The signature as WebCrypto takes it: for ECDSA the fixed-size `r || s`, not DER.
    pub signature: Vec<u8>,
}

impl SignatureCheck {
    /// The check of `signed` against `key`, or the verdict when no arithmetic is needed for
    /// it: an algorithm that does not fit the key (invalid), one WebCrypto does not offer
    /// (SHA-224, MD5, an unknown algorithm or key type: not checked), a malformed ECDSA
    /// signature or Ed25519 key (invalid, as the pure-Rust check says).
    pub fn of(signed: &Signed, key: &PublicKeyMaterial) -> Result<SignatureCheck, Verification> {
        let webcrypto_hash = |hash: HashAlgorithm| match hash {
            HashAlgorithm::Sha1 | HashAlgorithm::Sha256 | HashAlgorithm::Sha384 | HashAlgorithm::Sha512 => Ok(hash),
            HashAlgorithm::Md5 | HashAlgorithm::Sha224 => Err(unsupported_hash(hash)),
        };
        let mut signature = signed.signature.clone();
        let scheme = match (&signed.algorithm, key) {
            (SignatureAlgorithm::RsaPkcs1 { hash }, PublicKeyMaterial::Rsa { .. }) => Scheme::RsaPkcs1 {
                hash: webcrypto_hash(*hash)?,
            },
            (SignatureAlgorithm::RsaPss { hash }, PublicKeyMaterial::Rsa { .. }) => Scheme::RsaPss {
                hash: webcrypto_hash(*hash)?,
            },
            (SignatureAlgorithm::Ecdsa { hash }, PublicKeyMaterial::Ec { curve, .. }) => {
                let (curve, size) = match curve.as_str() {
                    "P-256" => ("P-256", 32),
                    "P-384" => ("P-384", 48),
                    "P-521" => ("P-521", 66),
                    other => return Err(Verification::Unsupported(format!("ECDSA on {other} is not checked"))),
                };
                let hash = webcrypto_hash(*hash)?;
                signature = ecdsa_fixed(&signed.signature, size).ok_or(Verification::Invalid)?;
                Scheme::Ecdsa { curve, hash }
            }
            (SignatureAlgorithm::Ed25519, PublicKeyMaterial::Ed25519(bytes)) => {
                if bytes.len() != 32 || signed.signature.len() != 64 {
                    return Err(Verification::Invalid);
                }
                Scheme::Ed25519
            }
            (SignatureAlgorithm::Other { oid }, _) => {
                return Err(Verification::Unsupported(format!(
                    "signature algorithm {oid} is not checked"
                )));
            }
            (_, PublicKeyMaterial::Other { oid, .. }) => {
                return Err(Verification::Unsupported(format!("keys of type {oid} are not checked")));
            }
            _ => return Err(Verification::Invalid),
        };
        let spki = crate::x509::spki_der(key)
            .ok_or_else(|| Verification::Unsupported("the key cannot be encoded for checking".into()))?;
        let mut id = Sha256::new();
        for part in [
            spki.as_slice(),
            format!("{scheme:?}").as_bytes(),
            &signed.message,
            &signature,
        ] {
            id.update((part.len() as u64).to_be_bytes());
            id.update(part);
        }
        Ok(SignatureCheck {
            id: crate::x509::hex(&id.finalize(), ""),
            spki,
            scheme,
            message: signed.message.clone(),
            signature,
        })
    }
}

/// A DER `ECDSA-Sig-Value` (`SEQUENCE { r INTEGER, s INTEGER }`) as the fixed-size `r || s`
/// WebCrypto takes. `None` when it is not one, or a number is too long for the curve.
fn ecdsa_fixed(der: &[u8], size: usize) -> Option<Vec<u8>> {
    use crate::tlv;
    let (value, rest) = tlv::read(der).ok()?;
    if value.tag != tlv::SEQUENCE || !rest.is_empty() {
        return None;
    }
    let mut fields = value.contents;
    let r = tlv::take_unsigned(&mut fields).ok()?;
    let s = tlv::take_unsigned(&mut fields).ok()?;
    tlv::end(fields).ok()?;
    let mut fixed = vec![0u8; 2 * size];
    for (bytes, half) in [r, s].into_iter().zip(fixed.chunks_mut(size)) {
        if bytes.len() > size {
            return None;
        }
        half[size - bytes.len()..].copy_from_slice(bytes);
    }
    Some(fixed)
}

/// What an analysis may take as settled: verdicts on signatures and public keys derived from
/// private keys, given by a host that checked the [`Pending`] work of an earlier analysis.
/// The default is [`Verdicts::builtin`].
#[derive(Debug, Clone)]
pub struct Verdicts {
    signatures: Map<String, Verification>,
    public_keys: Map<String, Option<PublicKeyMaterial>>,
    builtin: bool,
}

impl Verdicts {
    /// The core's own cryptography when it has it (the `pure-crypto` feature); otherwise
    /// nothing is known and every check is pending. What [`crate::analyze`] uses.
    pub fn builtin() -> Self {
        Verdicts {
            builtin: cfg!(feature = "pure-crypto"),
            ..Verdicts::external()
        }
    }

    /// Only the verdicts given: every other check is pending, whatever the build.
    pub fn external() -> Self {
        Verdicts {
            signatures: Map::new(),
            public_keys: Map::new(),
            builtin: false,
        }
    }

    /// Whether the core's own cryptography decides (the given verdicts are then not needed).
    pub fn is_builtin(&self) -> bool {
        self.builtin
    }

    /// Records the verdict on the [`SignatureCheck`] with this id. A host that could not check
    /// it (the browser lacks the algorithm) says so with [`Verification::Unsupported`].
    pub fn insert_signature(&mut self, id: impl Into<String>, verdict: Verification) {
        self.signatures.insert(id.into(), verdict);
    }

    /// Records the public half derived for the [`KeyDerivation`] with this id (`None`: the host
    /// could not derive it).
    pub fn insert_public_key(&mut self, id: impl Into<String>, public: Option<PublicKeyMaterial>) {
        self.public_keys.insert(id.into(), public);
    }

    /// The verdict on `signed` by `key`: the core's own when it has cryptography and is asked
    /// to use it, else the given one; a check without one is added to `pending` and counts as
    /// not checked.
    pub(crate) fn signature(&self, signed: &Signed, key: &PublicKeyMaterial, pending: &mut Pending) -> Verification {
        #[cfg(feature = "pure-crypto")]
        if self.builtin {
            return verify(signed, key);
        }
        match SignatureCheck::of(signed, key) {
            Err(verdict) => verdict,
            Ok(check) => match self.signatures.get(&check.id) {
                Some(verdict) => verdict.clone(),
                None => {
                    pending.add_signature(check);
                    Verification::Unsupported(NOT_CHECKED.into())
                }
            },
        }
    }

    /// Whether [`Verdicts::settle_ahead`] works checks out on more than the caller's thread:
    /// natively, with the core's own cryptography, when the caller allows more than one.
    pub(crate) fn settles_ahead(&self, threads: usize) -> bool {
        cfg!(all(feature = "native-crypto", not(target_arch = "wasm32"))) && self.builtin && threads > 1
    }

    /// The verdicts on `checks`, worked out together on up to `threads` threads, where
    /// [`Verdicts::settles_ahead`]; `None` elsewhere (the page's checks are its host's, and
    /// wasm has no threads). Each verdict is the one [`verify`] gives.
    pub(crate) fn settle_ahead(
        &self,
        checks: &[(&Signed, &PublicKeyMaterial)],
        threads: usize,
    ) -> Option<Vec<Verification>> {
        #[cfg(all(feature = "native-crypto", not(target_arch = "wasm32")))]
        if self.settles_ahead(threads) {
            return Some(native::verify_all(checks, threads));
        }
        let _ = (checks, threads);
        None
    }

    /// The public half of a private key that does not carry it: derived by the core when it
    /// has cryptography, else the given one; without one the derivation is added to
    /// `pending` and the key has no public half in this analysis.
    pub(crate) fn public_key(&self, derivation: KeyDerivation, pending: &mut Pending) -> Option<PublicKeyMaterial> {
        #[cfg(feature = "pure-crypto")]
        if self.builtin {
            return derivation.derive();
        }
        match self.public_keys.get(&derivation.id) {
            Some(public) => public.clone().filter(|p| derivation.fits(p)),
            None => {
                pending.add_public_key(derivation);
                None
            }
        }
    }
}

impl Default for Verdicts {
    fn default() -> Self {
        Verdicts::builtin()
    }
}

/// The checks an analysis could not decide: for the host to do and give back as [`Verdicts`].
#[derive(Debug, Clone, Default)]
pub struct Pending {
    /// Signatures to check, each once.
    pub signatures: Vec<SignatureCheck>,
    /// Private keys whose public half is to be derived, each once.
    pub public_keys: Vec<KeyDerivation>,
    seen: Set<String>,
}

impl Pending {
    /// Nothing to do.
    pub fn is_empty(&self) -> bool {
        self.signatures.is_empty() && self.public_keys.is_empty()
    }

    /// Adds the work of another analysis (each check once).
    pub fn extend(&mut self, other: Pending) {
        for check in other.signatures {
            self.add_signature(check);
        }
        for derivation in other.public_keys {
            self.add_public_key(derivation);
        }
    }

    fn add_signature(&mut self, check: SignatureCheck) {
        if self.seen.insert(check.id.clone()) {
            self.signatures.push(check);
        }
    }

    fn add_public_key(&mut self, derivation: KeyDerivation) {
        if self.seen.insert(derivation.id.clone()) {
            self.public_keys.push(derivation);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed(algorithm: SignatureAlgorithm, signature: Vec<u8>) -> Signed {
        Signed {
            message: b"tbs".to_vec(),
            algorithm,
            signature,
        }
    }

    fn p256() -> PublicKeyMaterial {
        let mut point = vec![4u8];
        point.extend([1u8; 64]);
        PublicKeyMaterial::Ec {
            curve: "P-256".into(),
            point,
        }
    }

    #[test]
    fn ecdsa_signatures_are_handed_over_as_fixed_size_r_and_s() {
        // SEQUENCE { INTEGER 0x00ff (a leading zero keeps it positive), INTEGER 0x01 }
        let der = vec![0x30, 0x07, 0x02, 0x02, 0x00, 0xff, 0x02, 0x01, 0x01];
        let check = SignatureCheck::of(
            &signed(
                SignatureAlgorithm::Ecdsa {
                    hash: HashAlgorithm::Sha256,
                },
                der,
            ),
            &p256(),
        )
        .unwrap();
        let mut expected = vec![0u8; 64];
        expected[31] = 0xff;
        expected[63] = 0x01;
        assert_eq!(check.signature, expected);
        assert_eq!(check.scheme.hash(), Some("SHA-256"));
        // Not DER, or trailing bytes: invalid, as the pure-Rust check says.
        let bad = signed(
            SignatureAlgorithm::Ecdsa {
                hash: HashAlgorithm::Sha256,
            },
            vec![1, 2, 3],
        );
        assert_eq!(SignatureCheck::of(&bad, &p256()), Err(Verification::Invalid));
    }

    #[test]
    fn what_webcrypto_cannot_check_is_not_checked_and_a_misfit_is_invalid() {
        for hash in [HashAlgorithm::Sha224, HashAlgorithm::Md5] {
            let s = signed(SignatureAlgorithm::Ecdsa { hash }, vec![0x30, 0x06, 2, 1, 1, 2, 1, 1]);
            assert!(matches!(
                SignatureCheck::of(&s, &p256()),
                Err(Verification::Unsupported(_))
            ));
        }
        let other = signed(SignatureAlgorithm::Other { oid: "1.2.3".into() }, vec![]);
        assert!(matches!(
            SignatureCheck::of(&other, &p256()),
            Err(Verification::Unsupported(_))
        ));
        let ed = signed(SignatureAlgorithm::Ed25519, vec![0; 64]);
        assert_eq!(SignatureCheck::of(&ed, &p256()), Err(Verification::Invalid));
        let secp = PublicKeyMaterial::Ec {
            curve: "secp256k1".into(),
            point: vec![4; 65],
        };
        let s = signed(
            SignatureAlgorithm::Ecdsa {
                hash: HashAlgorithm::Sha256,
            },
            vec![0x30, 0x06, 2, 1, 1, 2, 1, 1],
        );
        assert!(matches!(
            SignatureCheck::of(&s, &secp),
            Err(Verification::Unsupported(_))
        ));
    }

    #[test]
    fn pss_salt_lengths_start_with_the_hashs_own() {
        assert_eq!(
            Scheme::RsaPss {
                hash: HashAlgorithm::Sha256
            }
            .pss_salt_lengths(),
            [32, 20, 0]
        );
        assert_eq!(
            Scheme::RsaPss {
                hash: HashAlgorithm::Sha1
            }
            .pss_salt_lengths(),
            [20, 0]
        );
        assert!(Scheme::Ed25519.pss_salt_lengths().is_empty());
    }
}
