//! Distinguished names exactly as OpenSSL prints them by default (`openssl x509 -noout
//! -subject` and `-text`: the `oneline` name option, OpenSSL 1.1 and 3.x), so that a name
//! etcdtls shows reads as the one in `openssl x509` output: `C = US, O = etcd, CN = etcd-ca`.
//!
//! Hand-written rather than a general RFC 4514 crate to keep the web page's wasm small; the
//! rules are OpenSSL's `do_name_ex`/`do_print_ex`/`do_buf`/`do_esc_char` (crypto/asn1/a_strex.c)
//! with `XN_FLAG_ONELINE` (`esc_2253,esc_ctrl,esc_msb,utf8,dump_unknown,dump_der,esc_quote,
//! sep_comma_plus_space,space_eq,sname`):
//!
//! - RDNs in encoded order joined by `, `; the values of a multi-valued RDN by ` + `; ` = `
//!   between an attribute's type and its value.
//! - The attribute type by OpenSSL's short name ([`ATTRIBUTE_ARCS`]), or its dotted OID.
//! - The value by its string type: a UTF8String byte by byte; BMPString (UCS-2),
//!   UniversalString (UCS-4) and the one-byte types (read as Latin-1) character by character,
//!   each written as UTF-8. Any other type is dumped: `#` and the hex of its DER.
//! - Escapes: every byte above 0x7F, control characters and DEL as `\XX` (upper-case hex),
//!   so `Zürich` prints `Z\C3\BCrich`; `"` and `\` with a backslash; a value holding `, + ;
//!   < >`, or starting with `#` or a space, or ending with a space, is put in double quotes.
//!
//! The system CA bundle test (`tests/openssl_names.rs`) holds this to OpenSSL's output.

use x509_parser::x509::{AttributeTypeAndValue, X509Name};

/// OpenSSL's short names for the attribute types names use (`openssl list -objects`, OpenSSL
/// 3.0), by arc: X.520 `2.5.4.n`, PKCS #9 `1.2.840.113549.1.9.n`, RFC 4519/1274
/// `0.9.2342.19200300.100.1.n` and the EV jurisdiction `1.3.6.1.4.1.311.60.2.1.n`. Other OIDs
/// print dotted, as OpenSSL prints the ones it does not know. Keyed by the last arc to keep the
/// web page's wasm small.
const ATTRIBUTE_ARCS: &[(&str, &[(u8, &str)])] = &[
    ("2.5.4.", X520),
    ("1.2.840.113549.1.9.", PKCS9),
    ("0.9.2342.19200300.100.1.", PILOT),
    ("1.3.6.1.4.1.311.60.2.1.", JURISDICTION),
];

const X520: &[(u8, &str)] = &[
    (3, "CN"),
    (4, "SN"),
    (5, "serialNumber"),
    (6, "C"),
    (7, "L"),
    (8, "ST"),
    (9, "street"),
    (10, "O"),
    (11, "OU"),
    (12, "title"),
    (13, "description"),
    (14, "searchGuide"),
    (15, "businessCategory"),
    (16, "postalAddress"),
    (17, "postalCode"),
    (18, "postOfficeBox"),
    (19, "physicalDeliveryOfficeName"),
    (20, "telephoneNumber"),
    (21, "telexNumber"),
    (22, "teletexTerminalIdentifier"),
    (23, "facsimileTelephoneNumber"),
    (24, "x121Address"),
    (25, "internationaliSDNNumber"),
    (26, "registeredAddress"),
    (27, "destinationIndicator"),
    (28, "preferredDeliveryMethod"),
    (29, "presentationAddress"),
    (30, "supportedApplicationContext"),
    (31, "member"),
    (32, "owner"),
    (33, "roleOccupant"),
    (34, "seeAlso"),
    (35, "userPassword"),
    (36, "userCertificate"),
    (37, "cACertificate"),
    (38, "authorityRevocationList"),
    (39, "certificateRevocationList"),
    (40, "crossCertificatePair"),
    (41, "name"),
    (42, "GN"),
    (43, "initials"),
    (44, "generationQualifier"),
    (45, "x500UniqueIdentifier"),
    (46, "dnQualifier"),
    (47, "enhancedSearchGuide"),
    (48, "protocolInformation"),
    (49, "distinguishedName"),
    (50, "uniqueMember"),
    (51, "houseIdentifier"),
    (52, "supportedAlgorithms"),
    (53, "deltaRevocationList"),
    (54, "dmdName"),
    (65, "pseudonym"),
    (72, "role"),
    (97, "organizationIdentifier"),
    (98, "c3"),
    (99, "n3"),
    (100, "dnsName"),
];

const PKCS9: &[(u8, &str)] = &[
    (1, "emailAddress"),
    (2, "unstructuredName"),
    (3, "contentType"),
    (4, "messageDigest"),
    (5, "signingTime"),
    (6, "countersignature"),
    (7, "challengePassword"),
    (8, "unstructuredAddress"),
    (9, "extendedCertificateAttributes"),
    (14, "extReq"),
    (15, "SMIME-CAPS"),
    (16, "SMIME"),
    (20, "friendlyName"),
    (21, "localKeyID"),
];

const PILOT: &[(u8, &str)] = &[
    (1, "UID"),
    (2, "textEncodedORAddress"),
    (3, "mail"),
    (4, "info"),
    (5, "favouriteDrink"),
    (6, "roomNumber"),
    (7, "photo"),
    (8, "userClass"),
    (9, "host"),
    (10, "manager"),
    (11, "documentIdentifier"),
    (12, "documentTitle"),
    (13, "documentVersion"),
    (14, "documentAuthor"),
    (15, "documentLocation"),
    (20, "homeTelephoneNumber"),
    (21, "secretary"),
    (22, "otherMailbox"),
    (23, "lastModifiedTime"),
    (24, "lastModifiedBy"),
    (25, "DC"),
    (26, "aRecord"),
    (27, "pilotAttributeType27"),
    (28, "mXRecord"),
    (29, "nSRecord"),
    (30, "sOARecord"),
    (31, "cNAMERecord"),
    (37, "associatedDomain"),
    (38, "associatedName"),
    (39, "homePostalAddress"),
    (40, "personalTitle"),
    (41, "mobileTelephoneNumber"),
    (42, "pagerTelephoneNumber"),
    (43, "friendlyCountryName"),
    (44, "uid"),
    (45, "organizationalStatus"),
    (46, "janetMailbox"),
    (47, "mailPreferenceOption"),
    (48, "buildingName"),
    (49, "dSAQuality"),
    (50, "singleLevelQuality"),
    (51, "subtreeMinimumQuality"),
    (52, "subtreeMaximumQuality"),
    (53, "personalSignature"),
    (54, "dITRedirect"),
    (55, "audio"),
    (56, "documentPublisher"),
];

const JURISDICTION: &[(u8, &str)] = &[(1, "jurisdictionL"), (2, "jurisdictionST"), (3, "jurisdictionC")];

/// The name OpenSSL prints for an attribute type.
pub(crate) fn attribute_name(oid: &str) -> &str {
    ATTRIBUTE_ARCS
        .iter()
        .find_map(|(prefix, names)| {
            let arc: u8 = oid.strip_prefix(prefix)?.parse().ok()?;
            names.iter().find(|(n, _)| *n == arc).map(|(_, name)| *name)
        })
        .unwrap_or(oid)
}

/// ASN.1 universal tags of the string types.
const UTF8_STRING: u32 = 12;
const UNIVERSAL_STRING: u32 = 28;
const BMP_STRING: u32 = 30;

/// An attribute's value as characters, the way OpenSSL decodes it before escaping. `None` when
/// a BMPString or UniversalString has a length that is not a whole number of characters
/// (OpenSSL then refuses to print the name).
fn decode_value(tag: u32, bytes: &[u8]) -> Option<String> {
    let from_units = |units: &mut dyn Iterator<Item = u32>| {
        // Surrogates and values past U+10FFFF are no characters: they vanish (OpenSSL refuses
        // to load such a certificate at all).
        units.filter_map(char::from_u32).collect::<String>()
    };
    match tag {
        // OpenSSL passes a UTF8String's bytes through; invalid UTF-8 (which it would print as
        // is) reads here as Latin-1, one character per byte, rather than pulling in a lossy
        // decoder.
        UTF8_STRING => Some(match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
        }),
        BMP_STRING => bytes.len().is_multiple_of(2).then(|| {
            from_units(
                &mut bytes
                    .chunks_exact(2)
                    .map(|c| u32::from(u16::from_be_bytes([c[0], c[1]]))),
            )
        }),
        UNIVERSAL_STRING => bytes.len().is_multiple_of(4).then(|| {
            from_units(
                &mut bytes
                    .chunks_exact(4)
                    .map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]])),
            )
        }),
        _ => Some(bytes.iter().map(|&b| char::from(b)).collect()),
    }
}

/// The attribute's value as text, unescaped (for a common name or an organisation).
pub(crate) fn value_text(attribute: &AttributeTypeAndValue<'_>) -> Option<String> {
    decode_value(attribute.attr_value().tag().0, attribute.as_slice())
}

/// OpenSSL's width for a string type (`tag2nbyte`): bytes per character, 0 for UTF-8, `None`
/// for the types it dumps in hex.
fn width(tag: u32) -> Option<u8> {
    match tag {
        UTF8_STRING => Some(0),
        18..=20 | 22..=24 | 26 => Some(1),
        UNIVERSAL_STRING => Some(4),
        BMP_STRING => Some(2),
        _ => None,
    }
}

/// A value as OpenSSL's `oneline` option writes it (quoted when it must be), or `None` when
/// OpenSSL cannot print it (a BMPString or UniversalString of a broken length).
fn value_oneline(tag: u32, bytes: &[u8]) -> Option<String> {
    // The characters as OpenSSL's `do_buf` walks them. A UTF8String is walked byte by byte
    // (it is UTF-8 already); other types are decoded, then each character is written as UTF-8.
    let units: Vec<u32> = match width(tag)? {
        0 | 1 => bytes.iter().map(|&b| u32::from(b)).collect(),
        2 if bytes.len().is_multiple_of(2) => (bytes.chunks_exact(2))
            .map(|c| u32::from(u16::from_be_bytes([c[0], c[1]])))
            .collect(),
        4 if bytes.len().is_multiple_of(4) => (bytes.chunks_exact(4))
            .map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]))
            .collect(),
        _ => return None,
    };
    let mut out = String::new();
    let mut quoted = false;
    let count = units.len();
    for (i, &unit) in units.iter().enumerate() {
        let last = i + 1 == count;
        let first = i == 0 && !last;
        if unit > 0x7f {
            let mut utf8 = [0u8; 4];
            let encoded: &[u8] = match (tag, char::from_u32(unit)) {
                (UTF8_STRING, _) => &[unit as u8],
                (_, Some(c)) => c.encode_utf8(&mut utf8).as_bytes(),
                // Surrogates and values past U+10FFFF: OpenSSL writes nothing for them.
                (_, None) => &[],
            };
            for byte in encoded {
                out.push_str(&format!("\\{byte:02X}"));
            }
            continue;
        }
        let c = char::from(unit as u8);
        match c {
            ',' | '+' | ';' | '<' | '>' => quoted = true,
            '#' if first => quoted = true,
            ' ' if first || last => quoted = true,
            '"' | '\\' => out.push('\\'),
            '\0'..='\u{1f}' | '\u{7f}' => {
                out.push_str(&format!("\\{unit:02X}"));
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    Some(if quoted { format!("\"{out}\"") } else { out })
}

/// A character that changes what a terminal or a page shows without being seen: control
/// characters, and the bidirectional marks and overrides that reorder text (U+202E makes
/// `abc\u{202E}fed` read as `abcdef`).
pub(crate) fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text from a certificate with its control characters (C0, DEL, C1) written as OpenSSL's
/// `esc_ctrl` writes them, `\XX` per UTF-8 byte, and backslashes doubled, so that
/// `good.example\0.evil.com` prints as `good.example\00.evil.com`.
pub(crate) fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| hidden(c) || c == '\\') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c == '\\' {
            out.push_str("\\\\");
        } else if hidden(c) {
            for byte in c.encode_utf8(&mut [0u8; 4]).bytes() {
                out.push_str(&format!("\\{byte:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A name as OpenSSL prints it by default: `C = US, O = "DigiCert, Inc.", CN = DigiCert
/// Global Root G2`.
pub(crate) fn name_string(name: &X509Name<'_>) -> String {
    let mut out = String::new();
    for (r, rdn) in name.iter_rdn().enumerate() {
        if r > 0 {
            out.push_str(", ");
        }
        for (a, attribute) in rdn.iter().enumerate() {
            if a > 0 {
                out.push_str(" + ");
            }
            out.push_str(attribute_name(&attribute.attr_type().to_id_string()));
            out.push_str(" = ");
            let value = attribute.attr_value();
            let tag = value.tag().0;
            match value_oneline(tag, attribute.as_slice()) {
                Some(text) => out.push_str(&text),
                None => {
                    // A type OpenSSL does not print as text: `#` and its DER in hex. A broken
                    // BMPString or UniversalString (OpenSSL gives up on the whole name) too.
                    let der = match width(tag) {
                        None => {
                            let header = &value.header;
                            let identifier =
                                (header.class() as u8) << 6 | u8::from(header.constructed()) << 5 | (tag.min(30) as u8);
                            crate::tlv::encode(identifier, attribute.as_slice())
                        }
                        Some(_) => attribute.as_slice().to_vec(),
                    };
                    out.push('#');
                    out.push_str(&crate::x509::hex(&der, "").to_ascii_uppercase());
                }
            }
        }
    }
    out
}

/// A name as OpenSSL lists it inside a general name (`X509_NAME_oneline`, as in `DirName:/CN=foo
/// bar/O=Org, Inc` of a subjectAltName): each attribute as `/`, its short name, `=` and its
/// value, a character outside printable ASCII as `\x` and its byte in hex.
pub(crate) fn name_slashed(name: &X509Name<'_>) -> String {
    let mut out = String::new();
    for attribute in name.iter_attributes() {
        out.push('/');
        out.push_str(attribute_name(&attribute.attr_type().to_id_string()));
        out.push('=');
        let text = value_text(attribute).unwrap_or_default();
        for c in text.chars() {
            if c.is_ascii() && !c.is_ascii_control() {
                out.push(c);
            } else {
                for byte in c.encode_utf8(&mut [0u8; 4]).bytes() {
                    out.push_str(&format!("\\x{byte:02X}"));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(value: &str) -> String {
        value_oneline(UTF8_STRING, value.as_bytes()).unwrap()
    }

    #[test]
    fn controls_in_other_text_are_escaped_never_dropped() {
        assert_eq!(escape_controls("good.example\0.evil.com"), "good.example\\00.evil.com");
        assert_eq!(
            escape_controls("esc\u{1b}[31m\nx\u{7f}\u{9b}a\\b"),
            "esc\\1B[31m\\0Ax\\7F\\C2\\9Ba\\\\b"
        );
        assert_eq!(escape_controls("münchen.example"), "münchen.example");
    }

    #[test]
    fn values_escape_as_openssl_does() {
        assert_eq!(escaped("DigiCert, Inc."), "\"DigiCert, Inc.\"");
        assert_eq!(escaped("#1 a+b"), "\"#1 a+b\"");
        assert_eq!(escaped(" lead and trail "), "\" lead and trail \"");
        assert_eq!(escaped("a\"b\\c=g"), "a\\\"b\\\\c=g");
        assert_eq!(escaped("tab\there\u{7f}"), "tab\\09here\\7F");
        // A one-character value is only an end: `#` stays, a space is quoted.
        assert_eq!(escaped("#"), "#");
        assert_eq!(escaped(" "), "\" \"");
        assert_eq!(escaped("#x"), "\"#x\"");
        assert_eq!(escaped("Zürich"), "Z\\C3\\BCrich");
        // A one-byte type is Latin-1, written as UTF-8; a BMPString's characters likewise.
        assert_eq!(value_oneline(20, b"M\xfcn").unwrap(), "M\\C3\\BCn");
        assert_eq!(value_oneline(BMP_STRING, &[0, b'A', 0xd8, 0x3d]).unwrap(), "A");
        assert_eq!(value_oneline(BMP_STRING, &[0, b'A', 0]), None);
        assert_eq!(value_oneline(4, b"x"), None);
    }

    #[test]
    fn string_types_decode_like_openssl() {
        assert_eq!(decode_value(BMP_STRING, &[0, b'A', 0x00, 0xe9]).as_deref(), Some("Aé"));
        assert_eq!(decode_value(BMP_STRING, &[0, b'A', 0]), None);
        assert_eq!(
            decode_value(UNIVERSAL_STRING, &[0, 0, 0x20, 0xac]).as_deref(),
            Some("€")
        );
        // T61String and friends: one byte, one Latin-1 character.
        assert_eq!(decode_value(20, &[b'M', 0xfc, b'n']).as_deref(), Some("Mün"));
        // A surrogate in a BMPString (UCS-2 has none) is dropped rather than failing the name.
        assert_eq!(decode_value(BMP_STRING, &[0xd8, 0x3d, 0, b'x']).as_deref(), Some("x"));
    }

    #[test]
    fn attribute_types_use_openssl_names() {
        assert_eq!(attribute_name("2.5.4.97"), "organizationIdentifier");
        assert_eq!(attribute_name("1.3.6.1.4.1.311.60.2.1.3"), "jurisdictionC");
        assert_eq!(attribute_name("0.9.2342.19200300.100.1.25"), "DC");
        assert_eq!(attribute_name("1.2.3.4"), "1.2.3.4");
    }
}
