//! The browser's WebCrypto (SubtleCrypto) doing what the core leaves pending: the page's wasm
//! carries no cryptography of its own (the core is built without `pure-crypto`). The core lists
//! the signatures it could not check and the private keys whose public half it could not
//! derive ([`Pending`]); [`settle`] decides each with SubtleCrypto and records the answer in
//! [`Verdicts`] for the next analysis.
//!
//! - Signatures: `importKey('spki')` and `verify()` with RSASSA-PKCS1-v1_5, RSA-PSS (the salt
//!   lengths [`etcdtls_core::signature::Scheme::pss_salt_lengths`] lists), ECDSA (the core hands
//!   over the raw `r || s`) or Ed25519.
//! - Public halves: `importKey('pkcs8', extractable)` then `exportKey('jwk')`, whose `x` (and
//!   `y`) are the public key. The key's bytes given to the browser are overwritten with zeros
//!   once imported.
//!
//! Whatever the browser cannot do (an algorithm it lacks, a page outside a secure context,
//! where browsers offer no `crypto.subtle`) is recorded as not checked, with the browser's
//! reason, never as valid.

use std::pin::Pin;
use std::task::Poll;

use base64::Engine as _;
use etcdtls_core::keys::{DerivedAlgorithm, KeyDerivation};
use etcdtls_core::model::PublicKeyMaterial;
use etcdtls_core::signature::Scheme;
use etcdtls_core::{Pending, SignatureCheck, Verdicts, Verification};
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

/// Why nothing could be checked when the page has no `crypto.subtle`.
const NO_WEBCRYPTO: &str = "this browser offers no WebCrypto here (browsers offer it only to pages served over https, from localhost or from a file)";

/// `crypto.subtle` of the window or worker, when the browser offers it.
fn subtle() -> Option<SubtleCrypto> {
    let crypto = Reflect::get(&js_sys::global(), &JsValue::from_str("crypto")).ok()?;
    let subtle = Reflect::get(&crypto, &JsValue::from_str("subtle")).ok()?;
    (!subtle.is_undefined() && !subtle.is_null()).then(|| subtle.unchecked_into())
}

/// Decides every pending check with WebCrypto, at once, and records each answer in `verdicts`.
pub async fn settle(pending: &Pending, verdicts: &mut Verdicts) {
    let Some(subtle) = subtle() else {
        for check in &pending.signatures {
            verdicts.insert_signature(check.id.clone(), Verification::Unsupported(NO_WEBCRYPTO.into()));
        }
        for derivation in &pending.public_keys {
            verdicts.insert_public_key(derivation.id.clone(), None);
        }
        return;
    };
    let checks = all(pending.signatures.iter().map(|c| verify(&subtle, c))).await;
    for (check, verdict) in pending.signatures.iter().zip(checks) {
        verdicts.insert_signature(check.id.clone(), verdict);
    }
    let derived = all(pending.public_keys.iter().map(|d| derive(&subtle, d))).await;
    for (derivation, public) in pending.public_keys.iter().zip(derived) {
        verdicts.insert_public_key(derivation.id.clone(), public);
    }
}

/// Awaits every future at once, so that the browser works on all the checks together, and
/// gives their outputs in order (what `futures::join_all` does, in a few lines of the page's
/// own instead of the futures crate's machinery).
async fn all<F: Future>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output> {
    let mut running: Vec<Option<Pin<Box<F>>>> = futures.into_iter().map(|f| Some(Box::pin(f))).collect();
    let mut outputs: Vec<Option<F::Output>> = running.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        for (slot, output) in running.iter_mut().zip(outputs.iter_mut()) {
            if let Some(future) = slot
                && let Poll::Ready(value) = future.as_mut().poll(cx)
            {
                *output = Some(value);
                *slot = None;
            }
        }
        if running.iter().all(Option::is_none) {
            Poll::Ready(outputs.drain(..).flatten().collect())
        } else {
            Poll::Pending
        }
    })
    .await
}

/// A plain object with these string properties.
fn object(properties: &[(&str, &str)]) -> Object {
    let object = Object::new();
    for (name, value) in properties {
        // Setting a property of a fresh plain object cannot fail.
        let _ = Reflect::set(&object, &JsValue::from_str(name), &JsValue::from_str(value));
    }
    object
}

/// The algorithm object for `importKey`.
fn import_algorithm(scheme: Scheme) -> Object {
    let name = scheme.webcrypto_name();
    match scheme {
        Scheme::RsaPkcs1 { .. } | Scheme::RsaPss { .. } => {
            object(&[("name", name), ("hash", scheme.hash().unwrap_or("SHA-256"))])
        }
        Scheme::Ecdsa { curve, .. } => object(&[("name", name), ("namedCurve", curve)]),
        Scheme::Ed25519 => object(&[("name", name)]),
    }
}

/// The algorithm objects for `verify` (one per salt length for RSA-PSS).
fn verify_algorithms(scheme: Scheme) -> Vec<Object> {
    let name = scheme.webcrypto_name();
    match scheme {
        Scheme::RsaPss { .. } => scheme
            .pss_salt_lengths()
            .into_iter()
            .map(|salt| {
                let algorithm = object(&[("name", name)]);
                let _ = Reflect::set(&algorithm, &JsValue::from_str("saltLength"), &JsValue::from(salt));
                algorithm
            })
            .collect(),
        Scheme::Ecdsa { .. } => vec![object(&[("name", name), ("hash", scheme.hash().unwrap_or("SHA-256"))])],
        Scheme::RsaPkcs1 { .. } | Scheme::Ed25519 => vec![object(&[("name", name)])],
    }
}

/// The browser's error, in its own words (`NotSupportedError: ...`).
fn reason(error: &JsValue) -> String {
    let text = |name: &str| {
        Reflect::get(error, &JsValue::from_str(name))
            .ok()
            .and_then(|v| v.as_string())
    };
    match (text("name"), text("message")) {
        (Some(name), Some(message)) if !message.is_empty() => format!("{name}: {message}"),
        (Some(name), _) => name,
        _ => "an error".into(),
    }
}

/// One signature, checked by the browser.
async fn verify(subtle: &SubtleCrypto, check: &SignatureCheck) -> Verification {
    match try_verify(subtle, check).await {
        Ok(true) => Verification::Valid,
        Ok(false) => Verification::Invalid,
        Err(e) => Verification::Unsupported(format!(
            "this browser's WebCrypto could not check {} ({})",
            check.scheme.webcrypto_name(),
            reason(&e)
        )),
    }
}

async fn try_verify(subtle: &SubtleCrypto, check: &SignatureCheck) -> Result<bool, JsValue> {
    let usages = Array::of1(&JsValue::from_str("verify"));
    let spki = Uint8Array::from(check.spki.as_slice());
    let key = JsFuture::from(subtle.import_key_with_object(
        "spki",
        &spki,
        &import_algorithm(check.scheme),
        false,
        &usages,
    )?)
    .await?
    .unchecked_into::<CryptoKey>();
    for algorithm in verify_algorithms(check.scheme) {
        let promise =
            subtle.verify_with_object_and_u8_array_and_u8_array(&algorithm, &key, &check.signature, &check.message)?;
        if JsFuture::from(promise).await?.as_bool() == Some(true) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The public half of a private key, derived by the browser; `None` when it cannot.
async fn derive(subtle: &SubtleCrypto, derivation: &KeyDerivation) -> Option<PublicKeyMaterial> {
    let (algorithm, curve) = match derivation.algorithm {
        DerivedAlgorithm::Ec { curve } => (object(&[("name", "ECDSA"), ("namedCurve", curve)]), Some(curve)),
        DerivedAlgorithm::Ed25519 => (object(&[("name", "Ed25519")]), None),
    };
    let der = derivation.pkcs8();
    let bytes = Uint8Array::from(der.as_slice());
    let usages = Array::of1(&JsValue::from_str("sign"));
    let imported = match subtle.import_key_with_object("pkcs8", &bytes, &algorithm, true, &usages) {
        Ok(promise) => JsFuture::from(promise).await,
        Err(e) => Err(e),
    };
    bytes.fill(0, 0, bytes.length());
    let key = imported.ok()?.unchecked_into::<CryptoKey>();
    let jwk = JsFuture::from(subtle.export_key("jwk", &key).ok()?).await.ok()?;
    let coordinate = |name: &str| {
        let text = Reflect::get(&jwk, &JsValue::from_str(name)).ok()?.as_string()?;
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(text.trim_end_matches('='))
            .ok()
    };
    let x = coordinate("x")?;
    Some(match curve {
        Some(curve) => {
            let y = coordinate("y")?;
            PublicKeyMaterial::Ec {
                curve: curve.to_string(),
                point: [&[4u8][..], &x, &y].concat(),
            }
        }
        None => PublicKeyMaterial::Ed25519(x),
    })
}
