//! Checking that a key really signed a certificate, CSR or CRL.
//!
//! Issuers are linked by signature, never by name alone: a rebuilt cluster has a new
//! "kubernetes" CA with the same name and a different key, and only the signature tells the
//! two apart. The RustCrypto crates do the arithmetic; they are pure Rust, so this works the
//! same in the browser.
//!
//! Natively, the cargo feature `native-crypto` (the CLI turns it on) lets ring confirm a
//! signature first: its assembly is several times faster than the pure-Rust arithmetic, which
//! matters when a bundle holds thousands of certificates. Only ring's "valid" is taken as the
//! answer; anything ring refuses (a key size or salt length outside its limits, a compressed
//! point, a bad signature) goes through the pure-Rust path, so the verdict and its reasons are
//! the same with and without the feature. The feature is ignored on wasm32, where the page
//! keeps the pure-Rust path and ring is never compiled.

use rsa::{BoxedUint, PublicKey as RsaPublicKey};
use sha1::Sha1;
use sha2::{Digest, Sha224, Sha256, Sha384, Sha512};

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

/// Checks `signed` against the candidate signer's public key.
pub fn verify(signed: &Signed, key: &PublicKeyMaterial) -> Verification {
    #[cfg(all(feature = "native-crypto", not(target_arch = "wasm32")))]
    if native::confirms(signed, key) {
        return Verification::Valid;
    }
    verify_pure(signed, key)
}

/// The pure-Rust check: the whole answer on wasm32, the deciding one natively.
pub fn verify_pure(signed: &Signed, key: &PublicKeyMaterial) -> Verification {
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

fn outcome(ok: bool) -> Verification {
    if ok { Verification::Valid } else { Verification::Invalid }
}

fn unsupported_hash(hash: HashAlgorithm) -> Verification {
    Verification::Unsupported(format!("{hash} signatures are not checked"))
}

fn pss<D: Digest + sha2::digest::FixedOutputReset>() -> rsa::Pss<D> {
    rsa::Pss {
        blinded: false,
        digest: D::new(),
        salt_len: None,
    }
}

fn rsa_key(modulus: &[u8], exponent: &[u8]) -> Option<RsaPublicKey> {
    let bits = |b: &[u8]| u32::try_from(b.len().max(1) * 8).ok();
    let n = BoxedUint::from_be_slice(modulus, bits(modulus)?).ok()?;
    let e = BoxedUint::from_be_slice(exponent, bits(exponent)?).ok()?;
    RsaPublicKey::new_with_size_limits(n, e, 512..=16384).ok()
}

fn digest(hash: HashAlgorithm, message: &[u8]) -> Option<Vec<u8>> {
    Some(match hash {
        HashAlgorithm::Sha1 => Sha1::digest(message).to_vec(),
        HashAlgorithm::Sha224 => Sha224::digest(message).to_vec(),
        HashAlgorithm::Sha256 => Sha256::digest(message).to_vec(),
        HashAlgorithm::Sha384 => Sha384::digest(message).to_vec(),
        HashAlgorithm::Sha512 => Sha512::digest(message).to_vec(),
        HashAlgorithm::Md5 => return None,
    })
}
