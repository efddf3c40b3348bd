//! Checking that a key really signed a certificate, CSR or CRL.
//!
//! Issuers are linked by signature, never by name alone: a rebuilt cluster has a new
//! "kubernetes" CA with the same name and a different key, and only the signature tells the
//! two apart. The RustCrypto crates do the arithmetic; they are pure Rust, so this works the
//! same in the browser.

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
    #[cfg(feature = "ring")]
    if let Some(v) = with_ring(signed, key) {
        return v;
    }
    verify_pure(signed, key)
}

/// ring's verdict for the combinations it checks exactly as the pure-Rust path does: ECDSA
/// P-256/P-384 with SHA-256/384, and RSA PKCS#1 v1.5 with SHA-256/384/512 and a 2048- to
/// 8192-bit modulus. `None` for anything else (RSA-PSS salt rules differ, small RSA keys are
/// refused by ring).
#[cfg(feature = "ring")]
fn with_ring(signed: &Signed, key: &PublicKeyMaterial) -> Option<Verification> {
    use ring::signature as rs;
    let ok = match (&signed.algorithm, key) {
        (SignatureAlgorithm::Ecdsa { hash }, PublicKeyMaterial::Ec { curve, point }) => {
            let algorithm: &dyn rs::VerificationAlgorithm = match (curve.as_str(), hash) {
                ("P-256", HashAlgorithm::Sha256) => &rs::ECDSA_P256_SHA256_ASN1,
                ("P-256", HashAlgorithm::Sha384) => &rs::ECDSA_P256_SHA384_ASN1,
                ("P-384", HashAlgorithm::Sha256) => &rs::ECDSA_P384_SHA256_ASN1,
                ("P-384", HashAlgorithm::Sha384) => &rs::ECDSA_P384_SHA384_ASN1,
                _ => return None,
            };
            rs::UnparsedPublicKey::new(algorithm, point)
                .verify(&signed.message, &signed.signature)
                .is_ok()
        }
        (SignatureAlgorithm::RsaPkcs1 { hash }, PublicKeyMaterial::Rsa { modulus, exponent }) => {
            let significant: Vec<u8> = modulus.iter().copied().skip_while(|b| *b == 0).collect();
            let bits = significant.first().map_or(0, |first| {
                (significant.len() - 1) * 8 + (8 - first.leading_zeros() as usize)
            });
            // ring also refuses exponents the pure path takes: leave all but the usual one to it.
            let exponent: Vec<u8> = exponent.iter().copied().skip_while(|b| *b == 0).collect();
            if !(2048..=8192).contains(&bits) || exponent != [1, 0, 1] {
                return None;
            }
            let params = match hash {
                HashAlgorithm::Sha256 => &rs::RSA_PKCS1_2048_8192_SHA256,
                HashAlgorithm::Sha384 => &rs::RSA_PKCS1_2048_8192_SHA384,
                HashAlgorithm::Sha512 => &rs::RSA_PKCS1_2048_8192_SHA512,
                _ => return None,
            };
            rs::RsaPublicKeyComponents {
                n: modulus.as_slice(),
                e: exponent.as_slice(),
            }
            .verify(params, &signed.message, &signed.signature)
            .is_ok()
        }
        _ => return None,
    };
    Some(outcome(ok))
}

/// The pure-Rust check: every algorithm the core knows, on every target.
fn verify_pure(signed: &Signed, key: &PublicKeyMaterial) -> Verification {
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

#[cfg(all(test, feature = "ring"))]
mod ring_tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use etcdtls_pki::{Ca, KeyType, LeafSpec, Usage};

    /// ring and the pure-Rust path agree on real signatures, and on tampered ones.
    #[test]
    fn ring_agrees_with_the_pure_path() {
        let now = time::macros::datetime!(2026-01-01 00:00 UTC);
        for kind in [KeyType::EcdsaP256, KeyType::Rsa2048] {
            let ca = Ca::new("etcd-ca", kind, now, now + time::Duration::days(1)).unwrap();
            let leaf = ca.issue(&LeafSpec::new("leaf", Usage::Client, now, kind)).unwrap();
            let ca = crate::x509::parse_certificate(&ca.pair.cert_der).unwrap();
            let leaf = crate::x509::parse_certificate(&leaf.cert_der).unwrap();
            let key = &ca.public_key.material;
            assert!(with_ring(&leaf.signed, key).is_some(), "{kind:?} is checked by ring");
            assert_eq!(with_ring(&leaf.signed, key), Some(Verification::Valid));
            assert_eq!(verify_pure(&leaf.signed, key), Verification::Valid);
            let mut tampered = leaf.signed.clone();
            tampered.message[10] ^= 1;
            assert_eq!(with_ring(&tampered, key), Some(Verification::Invalid));
            assert_eq!(verify_pure(&tampered, key), Verification::Invalid);
            // The leaf's own key did not sign it.
            assert_eq!(
                with_ring(&leaf.signed, &leaf.public_key.material),
                Some(Verification::Invalid)
            );
        }
    }
}
