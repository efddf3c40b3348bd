//! Distinguished names exactly as OpenSSL prints them with
//! `-nameopt sep_comma_plus_space,esc_2253,esc_ctrl,utf8,sname` (OpenSSL 3's default), so that
//! a name etcdtls shows can be pasted into a search of `openssl x509 -noout -subject` output.
//!
//! Hand-written rather than a general RFC 4514 crate to keep the web page's wasm small; the
//! rules are OpenSSL's `do_name_ex`/`do_buf`/`do_esc_char` (crypto/asn1/a_strex.c):
//!
//! - RDNs in encoded order joined by `, `; the values of a multi-valued RDN by ` + `.
//! - The attribute type by OpenSSL's short name ([`ATTRIBUTE_NAMES`]), or its dotted OID.
//! - The value decoded by its string type: UTF8String as is; BMPString (UCS-2) and
//!   UniversalString (UCS-4) converted to UTF-8; every other type one byte per character,
//!   read as Latin-1.
//! - Escapes: `\` before `, + " \ < > ;` anywhere, before `#` or a space that starts the value
//!   and a space that ends it (a one-character value counts only as the end); control
//!   characters and DEL as `\XX` in upper-case hex. Nothing else is escaped, not even `=`.
//!
//! The system CA bundle test (`tests/openssl_names.rs`) holds this to OpenSSL's output.

use x509_parser::x509::{AttributeTypeAndValue, X509Name};

/// OpenSSL's short names for the attribute types names use (`openssl list -objects`,
/// OpenSSL 3.0, the arcs X.520 `2.5.4`, PKCS #9 `1.2.840.113549.1.9`, RFC 4519/1274
/// `0.9.2342.19200300.100.1` and the EV jurisdiction `1.3.6.1.4.1.311.60.2.1`). Other OIDs print
/// dotted, as OpenSSL prints the ones it does not know.
const ATTRIBUTE_NAMES: &[(&str, &str)] = &[
    ("0.9.2342.19200300.100.1.1", "UID"),
    ("0.9.2342.19200300.100.1.2", "textEncodedORAddress"),
    ("0.9.2342.19200300.100.1.3", "mail"),
    ("0.9.2342.19200300.100.1.4", "info"),
    ("0.9.2342.19200300.100.1.5", "favouriteDrink"),
    ("0.9.2342.19200300.100.1.6", "roomNumber"),
    ("0.9.2342.19200300.100.1.7", "photo"),
    ("0.9.2342.19200300.100.1.8", "userClass"),
    ("0.9.2342.19200300.100.1.9", "host"),
    ("0.9.2342.19200300.100.1.10", "manager"),
    ("0.9.2342.19200300.100.1.11", "documentIdentifier"),
    ("0.9.2342.19200300.100.1.12", "documentTitle"),
    ("0.9.2342.19200300.100.1.13", "documentVersion"),
    ("0.9.2342.19200300.100.1.14", "documentAuthor"),
    ("0.9.2342.19200300.100.1.15", "documentLocation"),
    ("0.9.2342.19200300.100.1.20", "homeTelephoneNumber"),
    ("0.9.2342.19200300.100.1.21", "secretary"),
    ("0.9.2342.19200300.100.1.22", "otherMailbox"),
    ("0.9.2342.19200300.100.1.23", "lastModifiedTime"),
    ("0.9.2342.19200300.100.1.24", "lastModifiedBy"),
    ("0.9.2342.19200300.100.1.25", "DC"),
    ("0.9.2342.19200300.100.1.26", "aRecord"),
    ("0.9.2342.19200300.100.1.27", "pilotAttributeType27"),
    ("0.9.2342.19200300.100.1.28", "mXRecord"),
    ("0.9.2342.19200300.100.1.29", "nSRecord"),
    ("0.9.2342.19200300.100.1.30", "sOARecord"),
    ("0.9.2342.19200300.100.1.31", "cNAMERecord"),
    ("0.9.2342.19200300.100.1.37", "associatedDomain"),
    ("0.9.2342.19200300.100.1.38", "associatedName"),
    ("0.9.2342.19200300.100.1.39", "homePostalAddress"),
    ("0.9.2342.19200300.100.1.40", "personalTitle"),
    ("0.9.2342.19200300.100.1.41", "mobileTelephoneNumber"),
    ("0.9.2342.19200300.100.1.42", "pagerTelephoneNumber"),
    ("0.9.2342.19200300.100.1.43", "friendlyCountryName"),
    ("0.9.2342.19200300.100.1.44", "uid"),
    ("0.9.2342.19200300.100.1.45", "organizationalStatus"),
    ("0.9.2342.19200300.100.1.46", "janetMailbox"),
    ("0.9.2342.19200300.100.1.47", "mailPreferenceOption"),
    ("0.9.2342.19200300.100.1.48", "buildingName"),
    ("0.9.2342.19200300.100.1.49", "dSAQuality"),
    ("0.9.2342.19200300.100.1.50", "singleLevelQuality"),
    ("0.9.2342.19200300.100.1.51", "subtreeMinimumQuality"),
    ("0.9.2342.19200300.100.1.52", "subtreeMaximumQuality"),
    ("0.9.2342.19200300.100.1.53", "personalSignature"),
    ("0.9.2342.19200300.100.1.54", "dITRedirect"),
    ("0.9.2342.19200300.100.1.55", "audio"),
    ("0.9.2342.19200300.100.1.56", "documentPublisher"),
    ("1.2.840.113549.1.9.1", "emailAddress"),
    ("1.2.840.113549.1.9.2", "unstructuredName"),
    ("1.2.840.113549.1.9.3", "contentType"),
    ("1.2.840.113549.1.9.4", "messageDigest"),
    ("1.2.840.113549.1.9.5", "signingTime"),
    ("1.2.840.113549.1.9.6", "countersignature"),
    ("1.2.840.113549.1.9.7", "challengePassword"),
    ("1.2.840.113549.1.9.8", "unstructuredAddress"),
    ("1.2.840.113549.1.9.9", "extendedCertificateAttributes"),
    ("1.2.840.113549.1.9.14", "extReq"),
    ("1.2.840.113549.1.9.15", "SMIME-CAPS"),
    ("1.2.840.113549.1.9.16", "SMIME"),
    ("1.2.840.113549.1.9.20", "friendlyName"),
    ("1.2.840.113549.1.9.21", "localKeyID"),
    ("1.3.6.1.4.1.311.60.2.1.1", "jurisdictionL"),
    ("1.3.6.1.4.1.311.60.2.1.2", "jurisdictionST"),
    ("1.3.6.1.4.1.311.60.2.1.3", "jurisdictionC"),
    ("2.5.4.3", "CN"),
    ("2.5.4.4", "SN"),
    ("2.5.4.5", "serialNumber"),
    ("2.5.4.6", "C"),
    ("2.5.4.7", "L"),
    ("2.5.4.8", "ST"),
    ("2.5.4.9", "street"),
    ("2.5.4.10", "O"),
    ("2.5.4.11", "OU"),
    ("2.5.4.12", "title"),
    ("2.5.4.13", "description"),
    ("2.5.4.14", "searchGuide"),
    ("2.5.4.15", "businessCategory"),
    ("2.5.4.16", "postalAddress"),
    ("2.5.4.17", "postalCode"),
    ("2.5.4.18", "postOfficeBox"),
    ("2.5.4.19", "physicalDeliveryOfficeName"),
    ("2.5.4.20", "telephoneNumber"),
    ("2.5.4.21", "telexNumber"),
    ("2.5.4.22", "teletexTerminalIdentifier"),
    ("2.5.4.23", "facsimileTelephoneNumber"),
    ("2.5.4.24", "x121Address"),
    ("2.5.4.25", "internationaliSDNNumber"),
    ("2.5.4.26", "registeredAddress"),
    ("2.5.4.27", "destinationIndicator"),
    ("2.5.4.28", "preferredDeliveryMethod"),
    ("2.5.4.29", "presentationAddress"),
    ("2.5.4.30", "supportedApplicationContext"),
    ("2.5.4.31", "member"),
    ("2.5.4.32", "owner"),
    ("2.5.4.33", "roleOccupant"),
    ("2.5.4.34", "seeAlso"),
    ("2.5.4.35", "userPassword"),
    ("2.5.4.36", "userCertificate"),
    ("2.5.4.37", "cACertificate"),
    ("2.5.4.38", "authorityRevocationList"),
    ("2.5.4.39", "certificateRevocationList"),
    ("2.5.4.40", "crossCertificatePair"),
    ("2.5.4.41", "name"),
    ("2.5.4.42", "GN"),
    ("2.5.4.43", "initials"),
    ("2.5.4.44", "generationQualifier"),
    ("2.5.4.45", "x500UniqueIdentifier"),
    ("2.5.4.46", "dnQualifier"),
    ("2.5.4.47", "enhancedSearchGuide"),
    ("2.5.4.48", "protocolInformation"),
    ("2.5.4.49", "distinguishedName"),
    ("2.5.4.50", "uniqueMember"),
    ("2.5.4.51", "houseIdentifier"),
    ("2.5.4.52", "supportedAlgorithms"),
    ("2.5.4.53", "deltaRevocationList"),
    ("2.5.4.54", "dmdName"),
    ("2.5.4.65", "pseudonym"),
    ("2.5.4.72", "role"),
    ("2.5.4.97", "organizationIdentifier"),
    ("2.5.4.98", "c3"),
    ("2.5.4.99", "n3"),
    ("2.5.4.100", "dnsName"),
];

/// The name OpenSSL prints for an attribute type.
pub(crate) fn attribute_name(oid: &str) -> &str {
    ATTRIBUTE_NAMES
        .iter()
        .find(|(o, _)| *o == oid)
        .map_or(oid, |(_, name)| name)
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
        UTF8_STRING => Some(String::from_utf8_lossy(bytes).into_owned()),
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

/// Escapes a value as OpenSSL's `esc_2253,esc_ctrl` do.
fn escape_into(out: &mut String, value: &str) {
    let count = value.chars().count();
    for (i, c) in value.chars().enumerate() {
        let last = i + 1 == count;
        let first = i == 0 && !last;
        match c {
            ',' | '+' | '"' | '\\' | '<' | '>' | ';' => {
                out.push('\\');
                out.push(c);
            }
            '#' if first => out.push_str("\\#"),
            ' ' if first || last => out.push_str("\\ "),
            '\0'..='\u{1f}' | '\u{7f}' => out.push_str(&format!("\\{:02X}", u32::from(c))),
            _ => out.push(c),
        }
    }
}

/// A name as OpenSSL prints it: `C=US, O=DigiCert\, Inc., CN=DigiCert Global Root G2`.
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
            out.push('=');
            match value_text(attribute) {
                Some(value) => escape_into(&mut out, &value),
                None => {
                    out.push('#');
                    out.push_str(&crate::x509::hex(attribute.as_slice(), ""));
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
        let mut out = String::new();
        escape_into(&mut out, value);
        out
    }

    #[test]
    fn values_escape_as_openssl_does() {
        assert_eq!(escaped("DigiCert, Inc."), "DigiCert\\, Inc.");
        assert_eq!(escaped("#1 a+b"), "\\#1 a\\+b");
        assert_eq!(escaped(" lead and trail "), "\\ lead and trail\\ ");
        assert_eq!(escaped("a\"b\\c<d>e;f=g"), "a\\\"b\\\\c\\<d\\>e\\;f=g");
        assert_eq!(escaped("tab\there\u{7f}"), "tab\\09here\\7F");
        // A one-character value is only an end: `#` stays, a space is escaped.
        assert_eq!(escaped("#"), "#");
        assert_eq!(escaped(" "), "\\ ");
        assert_eq!(escaped("#x"), "\\#x");
        assert_eq!(escaped("Zürich"), "Zürich");
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
