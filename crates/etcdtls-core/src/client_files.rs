//! The quick look at a client's three files (`--cacert`, `--cert`, `--key`) before it dials:
//! is each what its flag asks for, is the key the certificate's, is the CA a CA? It reads the
//! files and nothing else (no issuer links, no roles, no profiles, no findings, no text), so a
//! client that is about to connect pays for the parsing only.
//!
//! The quick look only ever says "plainly sound" or "look closer": it never names a problem.
//! When it cannot be sure that the full analysis ([`crate::analyze`]) would find none of the
//! problems a client checks before dialling (a file of the wrong kind, `--cert` and `--key`
//! swapped, a password-protected or SSH key, a key from another pair, a leaf as `--cacert`),
//! it answers `None`, and the host runs the full analysis and explains from that. So every
//! diagnosis comes from the full analysis, exactly as before.

use crate::Input;
use crate::decode::{Decoded, decode};
use crate::model::{ItemBody, KeyFormat};

/// The files an etcd client connects with, as etcdctl's flags name them.
#[derive(Debug, Clone, Copy)]
pub struct ClientFiles<'a> {
    /// `--cacert`: the CA that signed the server's certificate.
    pub cacert: Input<'a>,
    /// `--cert`: the client certificate.
    pub cert: Input<'a>,
    /// `--key`: the client certificate's private key.
    pub key: Input<'a>,
}

/// What a client needs from files that passed the quick look: the certificates, as DER.
#[derive(Debug, Clone)]
pub struct PlainlySound {
    /// The certificates of `--cacert`, in file order: the trust anchors.
    pub ca_certificates: Vec<Vec<u8>>,
    /// The certificates of `--cert`, in file order: the chain the client presents.
    pub chain: Vec<Vec<u8>>,
}

impl ClientFiles<'_> {
    /// The quick look: `Some` when the three files are plainly sound, `None` when the full
    /// analysis must decide (which it may well find sound too).
    ///
    /// Plainly sound means: three different files (not in one folder under one name, so that
    /// no other pairing is implied), each of plain PEM or DER that reads without an error;
    /// `--cacert` holds only certificates, every one a CA; `--cert` holds exactly
    /// one certificate; `--key` holds exactly one private key, not protected by a password,
    /// not an SSH key, carrying its public half, and that half is the certificate's public key.
    pub fn plainly_sound(&self) -> Option<PlainlySound> {
        let names = [self.cacert.name, self.cert.name, self.key.name];
        if names[0] == names[1] || names[0] == names[2] || names[1] == names[2] {
            return None;
        }
        let ca = plain(self.cacert)?;
        let cert = plain(self.cert)?;
        let key = plain(self.key)?;
        // The review pairs a key with the certificates of its folder that share its name
        // (`ca.crt` with `ca.key`): a `--cacert` so named is for the full analysis.
        if same_folder_and_stem(&ca, &key) {
            return None;
        }
        let ca_certificates: Vec<Vec<u8>> = ca
            .items
            .iter()
            .map(|i| match &i.body {
                ItemBody::Certificate(c) => Some(c.der.clone()),
                _ => None,
            })
            .collect::<Option<_>>()?;
        // A leaf among them (a bundle of a CA and a server's certificate) is one Go trusts as
        // the server's certificate itself: the full analysis decides.
        let all_ca = ca
            .items
            .iter()
            .all(|i| matches!(&i.body, ItemBody::Certificate(c) if c.is_ca()));
        if ca_certificates.is_empty() || !all_ca {
            return None;
        }
        let [client] = cert.items.as_slice() else { return None };
        let ItemBody::Certificate(client) = &client.body else {
            return None;
        };
        let [private] = key.items.as_slice() else { return None };
        let ItemBody::PrivateKey(private) = &private.body else {
            return None;
        };
        if private.format.is_encrypted() || private.format == KeyFormat::OpenSsh || private.derivation.is_some() {
            return None;
        }
        let public = private.public_key.as_ref()?;
        (public.material == client.public_key.material).then(|| PlainlySound {
            ca_certificates,
            chain: vec![client.der.clone()],
        })
    }
}

/// An input decoded, when it is plain: certificates or keys with no error, and no
/// configuration (which would name other files and pair things by flag).
fn plain(input: Input<'_>) -> Option<Decoded> {
    let decoded = decode(input);
    let plain = decoded.errors.is_empty()
        && decoded.usages.is_empty()
        && decoded.members.is_empty()
        && decoded.settings.is_empty()
        && !decoded.items.is_empty()
        && decoded
            .items
            .iter()
            .all(|i| matches!(i.body, ItemBody::Certificate(_) | ItemBody::PrivateKey(_)));
    plain.then_some(decoded)
}

/// Whether two single-file inputs are in one folder under one name (`ca.crt`, `ca.key`).
fn same_folder_and_stem(a: &Decoded, b: &Decoded) -> bool {
    let place = |d: &Decoded| {
        d.items.first().map(|i| {
            (
                i.source.folder().to_string(),
                crate::profile::stem(i.source.file_name()),
            )
        })
    };
    place(a) == place(b)
}
