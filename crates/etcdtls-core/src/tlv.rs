//! The outer structure of DER: tag, length, contents.
//!
//! Certificates, CRLs and CSRs are walked with this reader, and x509-parser parses the parts the
//! core reads (names, algorithms, public keys, times and six extensions). x509-parser's own
//! certificate, CRL and CSR parsers decode every extension and attribute they know, which would
//! put about forty parsers the core never reads into the web page's wasm.

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
}
