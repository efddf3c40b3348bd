//! The outer structure of DER: tag, length, contents.
//!
//! Certificates, CRLs and CSRs are walked with this reader, and x509-parser parses the parts the
//! core reads (names, algorithms, public keys, times and six extensions). x509-parser's own
//! certificate, CRL and CSR parsers decode every extension and attribute they know, which would
//! put about forty parsers the core never reads into the web page's wasm. Private keys
//! (PKCS#1, SEC1, PKCS#8), RSA public keys and ECDSA signatures are read with it too, and the
//! few structures the core writes (SubjectPublicKeyInfo, PKCS#8 for WebCrypto) written with
//! [`encode`]: one small reader and writer instead of a second DER library in the page.

/// Why DER could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TlvError {
    /// The data stops inside an element.
    EndsEarly,
    /// A length is not a valid DER length.
    BadLength,
    /// An element is not the one the structure has there.
    Unexpected,
}

/// One element: its tag byte, its contents, and the whole encoding (header and contents).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tlv<'a> {
    pub tag: u8,
    pub contents: &'a [u8],
    pub whole: &'a [u8],
}

pub(crate) const SEQUENCE: u8 = 0x30;
pub(crate) const SET: u8 = 0x31;
pub(crate) const INTEGER: u8 = 0x02;
pub(crate) const BIT_STRING: u8 = 0x03;
pub(crate) const OCTET_STRING: u8 = 0x04;
pub(crate) const OID: u8 = 0x06;
pub(crate) const BOOLEAN: u8 = 0x01;
pub(crate) const UTC_TIME: u8 = 0x17;
pub(crate) const GENERALIZED_TIME: u8 = 0x18;

/// The tag of a constructed context-specific element `[n]`.
pub(crate) const fn context(n: u8) -> u8 {
    0xa0 | n
}

/// Reads the first element of `input`; the element and what follows it.
pub(crate) fn read(input: &[u8]) -> Result<(Tlv<'_>, &[u8]), TlvError> {
    let (&tag, rest) = input.split_first().ok_or(TlvError::EndsEarly)?;
    if tag & 0x1f == 0x1f {
        // Multi-byte tag numbers do not occur in the structures read here.
        return Err(TlvError::Unexpected);
    }
    let (&first, mut rest) = rest.split_first().ok_or(TlvError::EndsEarly)?;
    let len = if first < 0x80 {
        usize::from(first)
    } else {
        let count = usize::from(first & 0x7f);
        // 0x80 is BER's indefinite length; more than four length bytes is no certificate.
        if count == 0 || count > 4 {
            return Err(TlvError::BadLength);
        }
        if rest.len() < count {
            return Err(TlvError::EndsEarly);
        }
        let (bytes, after) = rest.split_at(count);
        rest = after;
        bytes.iter().fold(0usize, |n, &b| (n << 8) | usize::from(b))
    };
    if rest.len() < len {
        return Err(TlvError::EndsEarly);
    }
    let header = input.len() - rest.len();
    let (contents, after) = rest.split_at(len);
    Ok((
        Tlv {
            tag,
            contents,
            whole: &input[..header + len],
        },
        after,
    ))
}

/// Reads the next element of `input`, which must have tag `tag`, and moves past it.
pub(crate) fn take<'a>(input: &mut &'a [u8], tag: u8) -> Result<Tlv<'a>, TlvError> {
    let (tlv, rest) = read(input)?;
    if tlv.tag != tag {
        return Err(TlvError::Unexpected);
    }
    *input = rest;
    Ok(tlv)
}

/// Reads the next element of `input` if it has tag `tag`.
pub(crate) fn take_optional<'a>(input: &mut &'a [u8], tag: u8) -> Result<Option<Tlv<'a>>, TlvError> {
    if input.first() == Some(&tag) {
        take(input, tag).map(Some)
    } else {
        Ok(None)
    }
}

/// The bits of a BIT STRING's contents (after the count of unused bits).
pub(crate) fn bits(tlv: Tlv<'_>) -> Result<&[u8], TlvError> {
    match tlv.contents.split_first() {
        Some((&unused, bits)) if unused < 8 => Ok(bits),
        _ => Err(TlvError::Unexpected),
    }
}

/// The elements of a SEQUENCE or SET's contents, in order.
pub(crate) fn elements(mut contents: &[u8]) -> impl Iterator<Item = Result<Tlv<'_>, TlvError>> + '_ {
    std::iter::from_fn(move || {
        if contents.is_empty() {
            return None;
        }
        Some(read(contents).map(|(tlv, rest)| {
            contents = rest;
            tlv
        }))
    })
    .scan(false, |failed, r| {
        // Stop after the first error: the rest cannot be found.
        if *failed {
            return None;
        }
        *failed = r.is_err();
        Some(r)
    })
}

/// The magnitude of a non-negative INTEGER, without the zero byte that keeps its top bit clear
/// (the big-endian bytes of a modulus, an exponent, an ECDSA `r` or `s`). DER writes integers
/// in their shortest form: a negative number or a needless leading zero is refused.
pub(crate) fn unsigned(tlv: Tlv<'_>) -> Result<&[u8], TlvError> {
    match tlv.contents {
        _ if tlv.tag != INTEGER => Err(TlvError::Unexpected),
        [] => Err(TlvError::Unexpected),
        [top, ..] if top & 0x80 != 0 => Err(TlvError::Unexpected),
        [0, next, ..] if next & 0x80 == 0 => Err(TlvError::Unexpected),
        [0, rest @ ..] if !rest.is_empty() => Ok(rest),
        all => Ok(all),
    }
}

/// Reads the next element of `input`, which must be a non-negative INTEGER: its magnitude.
pub(crate) fn take_unsigned<'a>(input: &mut &'a [u8]) -> Result<&'a [u8], TlvError> {
    take(input, INTEGER).and_then(unsigned)
}

/// An OBJECT IDENTIFIER in its dotted form (`1.2.840.10045.2.1`).
pub(crate) fn oid(tlv: Tlv<'_>) -> Result<String, TlvError> {
    if tlv.tag != OID || tlv.contents.is_empty() {
        return Err(TlvError::Unexpected);
    }
    Ok(x509_parser::der_parser::oid::Oid::new(tlv.contents.into()).to_id_string())
}

/// Fails when a structure's contents go on after its last field.
pub(crate) fn end(rest: &[u8]) -> Result<(), TlvError> {
    if rest.is_empty() {
        Ok(())
    } else {
        Err(TlvError::Unexpected)
    }
}

/// Writes one element: `tag`, the DER length of `contents`, `contents`.
pub(crate) fn encode(tag: u8, contents: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = contents.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len.to_be_bytes().into_iter().skip_while(|&b| b == 0).collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(contents);
    out
}

/// Writes a non-negative INTEGER from its big-endian magnitude (leading zeros allowed).
pub(crate) fn encode_unsigned(magnitude: &[u8]) -> Vec<u8> {
    let start = magnitude.iter().position(|&b| b != 0).unwrap_or(magnitude.len());
    let digits = &magnitude[start..];
    match digits.first() {
        None => encode(INTEGER, &[0]),
        Some(top) if top & 0x80 != 0 => encode(INTEGER, &[&[0], digits].concat()),
        Some(_) => encode(INTEGER, digits),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_short_and_long_lengths() {
        let (t, rest) = read(&[0x04, 0x02, 0xaa, 0xbb, 0xcc]).unwrap();
        assert_eq!(
            (t.tag, t.contents, t.whole.len(), rest),
            (0x04, &[0xaa, 0xbb][..], 4, &[0xcc][..])
        );
        let mut long = vec![0x30, 0x82, 0x01, 0x00];
        long.extend(std::iter::repeat_n(0u8, 256));
        let (t, rest) = read(&long).unwrap();
        assert_eq!((t.contents.len(), t.whole.len(), rest.len()), (256, 260, 0));
    }

    #[test]
    fn short_data_ends_early_and_bad_lengths_are_refused() {
        assert_eq!(read(&[]).err(), Some(TlvError::EndsEarly));
        assert_eq!(read(&[0x30]).err(), Some(TlvError::EndsEarly));
        assert_eq!(read(&[0x30, 0x05, 0x00]).err(), Some(TlvError::EndsEarly));
        assert_eq!(read(&[0x30, 0x82, 0x01]).err(), Some(TlvError::EndsEarly));
        assert_eq!(read(&[0x30, 0x80, 0x00, 0x00]).err(), Some(TlvError::BadLength));
        assert_eq!(read(&[0x30, 0x85, 1, 1, 1, 1, 1]).err(), Some(TlvError::BadLength));
        assert_eq!(read(&[0x1f, 0x01, 0x00]).err(), Some(TlvError::Unexpected));
    }

    #[test]
    fn takes_expected_and_optional_elements() {
        let data = [0x02, 0x01, 0x05, 0xa0, 0x00, 0x03, 0x02, 0x00, 0xff];
        let mut input = &data[..];
        assert_eq!(take(&mut input, INTEGER).map(|t| t.contents).ok(), Some(&[5u8][..]));
        assert!(take_optional(&mut input, context(1)).ok().flatten().is_none());
        assert!(take_optional(&mut input, context(0)).ok().flatten().is_some());
        assert_eq!(take(&mut input, SEQUENCE).err(), Some(TlvError::Unexpected));
        let bit_string = take(&mut input, BIT_STRING).unwrap();
        assert_eq!(bits(bit_string), Ok(&[0xff][..]));
        assert!(input.is_empty());
        let listed: Vec<_> = elements(&[0x05, 0x00, 0x05, 0x00, 0x30]).collect();
        assert_eq!(listed.len(), 3);
        assert_eq!(listed[2].err(), Some(TlvError::EndsEarly));
    }

    fn int(bytes: &[u8]) -> Tlv<'_> {
        read(bytes).unwrap().0
    }

    #[test]
    fn integers_and_oids_read_and_write() {
        assert_eq!(unsigned(int(&[0x02, 0x01, 0x05])), Ok(&[5u8][..]));
        assert_eq!(unsigned(int(&[0x02, 0x02, 0x00, 0x80])), Ok(&[0x80u8][..]));
        assert_eq!(unsigned(int(&[0x02, 0x01, 0x00])), Ok(&[0u8][..]));
        assert_eq!(unsigned(int(&[0x02, 0x01, 0x80])), Err(TlvError::Unexpected));
        assert_eq!(unsigned(int(&[0x02, 0x02, 0x00, 0x05])), Err(TlvError::Unexpected));
        assert_eq!(unsigned(int(&[0x02, 0x00])), Err(TlvError::Unexpected));
        assert_eq!(unsigned(int(&[0x04, 0x01, 0x05])), Err(TlvError::Unexpected));
        assert_eq!(encode_unsigned(&[0, 0, 0x80, 1]), vec![0x02, 0x03, 0x00, 0x80, 0x01]);
        assert_eq!(encode_unsigned(&[]), vec![0x02, 0x01, 0x00]);
        assert_eq!(encode_unsigned(&[0x01, 0x00, 0x01]), vec![0x02, 0x03, 0x01, 0x00, 0x01]);
        let p256 = [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
        assert_eq!(oid(int(&p256)).as_deref(), Ok("1.2.840.10045.3.1.7"));
        assert_eq!(oid(int(&[0x06, 0x00])), Err(TlvError::Unexpected));
        let long = encode(OCTET_STRING, &[7; 300]);
        assert_eq!(&long[..4], &[0x04, 0x82, 0x01, 0x2c]);
        assert_eq!(read(&long).unwrap().0.contents, &[7; 300][..]);
    }
}
