//! A forgiving PEM scanner.
//!
//! Certificates reach etcdtls copied out of terminals, YAML files, JSON strings and chat
//! windows. Strict PEM parsers (RFC 7468) reject most of that, and stop at the first bad
//! block. This scanner finds every `-----BEGIN X-----` / `-----END X-----` pair anywhere in
//! the text, whatever surrounds it (`openssl x509 -text` output, `Bag Attributes`, YAML
//! indentation, CRLF line ends, a JSON string with literal `\n`), and returns one result per
//! block, so one truncated or corrupted block never hides the good ones.
//!
//! It never interprets the bytes: that is the caller's job. Blocks whose label names a private
//! key are decoded into zeroizing buffers.

use base64::Engine as _;
use zeroize::Zeroizing;

/// One `BEGIN`/`END` block found in a text.
#[derive(Debug)]
pub struct PemBlock {
    /// The label between `BEGIN ` and the closing dashes, e.g. `CERTIFICATE`.
    pub label: String,
    /// RFC 1421 headers such as `Proc-Type: 4,ENCRYPTED` (legacy encrypted keys).
    pub headers: Vec<(String, String)>,
    /// 1-based line of the `BEGIN` marker in the scanned text.
    pub line: usize,
    /// The decoded contents, or why they could not be decoded.
    pub contents: Result<Zeroizing<Vec<u8>>, PemError>,
}

impl PemBlock {
    /// Whether a header marks the block as encrypted with a password (legacy OpenSSL format).
    pub fn is_legacy_encrypted(&self) -> bool {
        self.headers
            .iter()
            .any(|(name, value)| name.eq_ignore_ascii_case("Proc-Type") && value.contains("ENCRYPTED"))
    }
}

/// Why one PEM block could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PemError {
    /// The `BEGIN` line has no `END` line after it: the text was cut off or a line was lost.
    #[error("\"-----BEGIN {label}-----\" has no matching END line (is the text cut off?)")]
    MissingEnd {
        /// The label of the unterminated block.
        label: String,
    },
    /// The `END` line names another label than the `BEGIN` line.
    #[error("\"-----BEGIN {begin}-----\" ends with \"-----END {end}-----\"")]
    MismatchedEnd {
        /// The label after BEGIN.
        begin: String,
        /// The label after END.
        end: String,
    },
    /// The block holds no data between its markers.
    #[error("the {label} block is empty")]
    Empty {
        /// The label of the empty block.
        label: String,
    },
    /// The text between the markers is not base64.
    #[error("the {label} block is not valid base64 ({detail})")]
    Base64 {
        /// The label of the block.
        label: String,
        /// What the base64 decoder said.
        detail: String,
    },
}

/// The base64 flavour of PEM bodies and Kubernetes `*-data` fields: standard alphabet, padding
/// optional (people trim it when they copy), trailing bits tolerated.
pub(crate) const LENIENT_BASE64: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    base64::engine::GeneralPurposeConfig::new()
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

const BEGIN: &str = "-----BEGIN ";
const END: &str = "-----END ";
const DASHES: &str = "-----";

/// Whether the text holds at least one PEM `BEGIN` marker.
pub fn contains_pem(text: &str) -> bool {
    text.contains(BEGIN)
}

/// Finds and decodes every PEM block in `text`, at most `max_blocks` of them.
///
/// Returns the blocks in order, plus whether the limit cut the scan short.
pub fn scan(text: &str, max_blocks: usize) -> (Vec<PemBlock>, bool) {
    // A PEM pasted out of a JSON string keeps its line breaks as the two characters `\n`.
    let unescaped;
    let text = if text.contains("\\n") && text.contains(BEGIN) {
        unescaped = text.replace("\\r\\n", "\n").replace("\\n", "\n");
        unescaped.as_str()
    } else {
        text
    };

    let mut blocks = Vec::new();
    let mut lines = LineCounter::default();
    let mut rest = text;
    let mut offset = 0usize;
    // Every search below stops at the next marker at the latest, and the scan resumes after
    // it, so each byte is looked at a bounded number of times: the scan is linear in the text.
    while let Some(found) = rest.find(BEGIN) {
        if blocks.len() >= max_blocks {
            return (blocks, true);
        }
        let begin_at = offset + found;
        let line = lines.line_of(text, begin_at);
        let after_begin = &text[begin_at + BEGIN.len()..];
        let Some(label_end) = after_begin.find(DASHES) else {
            // "-----BEGIN " with no closing dashes: not a marker we can use.
            blocks.push(PemBlock {
                label: String::new(),
                headers: Vec::new(),
                line,
                contents: Err(PemError::MissingEnd { label: String::new() }),
            });
            break;
        };
        let label = after_begin[..label_end].trim().to_string();
        let body_start = begin_at + BEGIN.len() + label_end + DASHES.len();
        let body_and_rest = &text[body_start..];

        // The block ends at the first END marker, unless another BEGIN comes first: then this
        // block was cut off and the next one starts there. An END marker cannot overlap a
        // BEGIN marker, so looking for END only before the next BEGIN finds the same one.
        let next_begin = body_and_rest.find(BEGIN);
        let end = body_and_rest[..next_begin.unwrap_or(body_and_rest.len())].find(END);
        match end {
            Some(end_pos) => {
                let body = &body_and_rest[..end_pos];
                let after_end = &body_and_rest[end_pos + END.len()..];
                let (end_label, consumed) = match after_end.find(DASHES) {
                    Some(p) => (after_end[..p].trim().to_string(), p + DASHES.len()),
                    None => (after_end.lines().next().unwrap_or("").trim().to_string(), 0),
                };
                let (headers, data) = split_headers(body);
                let contents = if end_label != label {
                    Err(PemError::MismatchedEnd {
                        begin: label.clone(),
                        end: end_label,
                    })
                } else {
                    decode_data(&label, &data)
                };
                blocks.push(PemBlock {
                    label,
                    headers,
                    line,
                    contents,
                });
                let next = body_start + end_pos + END.len() + consumed;
                offset = next;
                rest = &text[next..];
            }
            None => {
                blocks.push(PemBlock {
                    label: label.clone(),
                    headers: Vec::new(),
                    line,
                    contents: Err(PemError::MissingEnd { label }),
                });
                match next_begin {
                    Some(b) => {
                        offset = body_start + b;
                        rest = &text[offset..];
                    }
                    None => break,
                }
            }
        }
    }
    (blocks, false)
}

/// Line numbers of increasing offsets, counting each newline once: asking [`line_of`] for
/// every block of a bundle would count the same newlines again for each block.
#[derive(Debug, Default)]
struct LineCounter {
    at: usize,
    line: usize,
}

impl LineCounter {
    /// The 1-based line of `at`; offsets must not decrease between calls.
    fn line_of(&mut self, text: &str, at: usize) -> usize {
        let at = at.min(text.len());
        if at < self.at {
            return line_of(text, at);
        }
        self.line += text.as_bytes()[self.at..at].iter().filter(|&&b| b == b'\n').count();
        self.at = at;
        self.line + 1
    }
}

/// 1-based line number of a byte offset.
pub(crate) fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Splits RFC 1421 headers (`Name: value` lines before the base64) from the base64 lines.
fn split_headers(body: &str) -> (Vec<(String, String)>, String) {
    let mut headers = Vec::new();
    let mut data = String::with_capacity(body.len());
    for raw in body.lines() {
        let line = trim_line(raw);
        if let Some((name, value)) = line.split_once(':') {
            // Base64 never contains ':', so any line that does is a header.
            headers.push((name.trim().to_string(), value.trim().to_string()));
        } else {
            data.push_str(line);
        }
    }
    (headers, data)
}

/// Strips what copying adds around a base64 line: indentation, CR, the quotes and commas of a
/// YAML or JSON list, a YAML block-scalar marker.
fn trim_line(raw: &str) -> &str {
    raw.trim().trim_matches(|c| c == '"' || c == '\'' || c == ',').trim()
}

/// Decodes the base64 lines of a block (headers already split off).
fn decode_data(label: &str, data: &str) -> Result<Zeroizing<Vec<u8>>, PemError> {
    // Base64 is ASCII: byte by byte where the text is (`char::is_whitespace` for ASCII is these
    // six bytes), char by char where it is not. Sized once, so no copy of a key's text is left
    // behind by a growing buffer.
    let mut kept = Zeroizing::new(Vec::with_capacity(data.len()));
    if data.is_ascii() {
        kept.extend(
            data.bytes()
                .filter(|b| !matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')),
        );
    } else {
        let mut utf8 = [0u8; 4];
        for c in data.chars().filter(|c| !c.is_whitespace()) {
            kept.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
        }
    }
    let data = kept;
    if data.is_empty() {
        return Err(PemError::Empty {
            label: label.to_string(),
        });
    }
    let mut out = Zeroizing::new(Vec::with_capacity(data.len() / 4 * 3));
    LENIENT_BASE64
        .decode_vec(&*data, &mut out)
        .map_err(|e| PemError::Base64 {
            label: label.to_string(),
            detail: e.to_string(),
        })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "MIIBszCCAVmgAwIBAgIUYQ==";

    #[test]
    fn whitespace_inside_base64_is_dropped_ascii_or_not() {
        let plain = decode_data("CERTIFICATE", BODY).expect("plain body");
        for spaced in [
            "MIIB szCC\tAVmg\r\nAwIB\x0bAgIU\x0cYQ==",
            "MIIB\u{a0}szCCAVmg\u{2028}AwIBAgIU\u{3000}YQ==",
        ] {
            assert_eq!(*decode_data("CERTIFICATE", spaced).expect(spaced), *plain, "{spaced:?}");
        }
        assert!(decode_data("CERTIFICATE", " \t\u{a0}\n").is_err());
    }

    fn one(text: &str) -> PemBlock {
        let (mut blocks, cut) = scan(text, 10);
        assert!(!cut);
        assert_eq!(blocks.len(), 1, "{blocks:?}");
        blocks.remove(0)
    }

    #[test]
    fn plain_block_decodes() {
        let b = one(&format!(
            "-----BEGIN CERTIFICATE-----\n{BODY}\n-----END CERTIFICATE-----\n"
        ));
        assert_eq!(b.label, "CERTIFICATE");
        assert_eq!(b.line, 1);
        assert_eq!(b.contents.unwrap().len(), 16);
    }

    #[test]
    fn indented_crlf_and_surrounding_text_are_tolerated() {
        let text = format!(
            "Bag Attributes\r\n    friendlyName: x\r\n  tls.crt: |\r\n    -----BEGIN CERTIFICATE-----\r\n    {BODY}\r\n    -----END CERTIFICATE-----\r\ntrailing words\r\n"
        );
        let b = one(&text);
        assert_eq!(b.line, 4);
        assert!(b.contents.is_ok());
    }

    #[test]
    fn json_escaped_newlines_are_tolerated() {
        let b = one(&format!(
            r#"{{"pem": "-----BEGIN CERTIFICATE-----\n{BODY}\n-----END CERTIFICATE-----\n"}}"#
        ));
        assert!(b.contents.is_ok(), "{:?}", b.contents);
    }

    #[test]
    fn single_line_pem_is_tolerated() {
        let b = one(&format!("-----BEGIN CERTIFICATE----- {BODY} -----END CERTIFICATE-----"));
        assert!(b.contents.is_ok());
    }

    #[test]
    fn truncated_block_does_not_hide_the_next() {
        let text = format!(
            "-----BEGIN CERTIFICATE-----\nMIIB\n-----BEGIN CERTIFICATE-----\n{BODY}\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nAAAA\n"
        );
        let (blocks, _) = scan(&text, 10);
        assert_eq!(blocks.len(), 3);
        assert!(matches!(blocks[0].contents, Err(PemError::MissingEnd { .. })));
        assert!(blocks[1].contents.is_ok());
        assert_eq!(blocks[1].line, 3);
        assert!(matches!(blocks[2].contents, Err(PemError::MissingEnd { .. })));
    }

    #[test]
    fn mismatched_end_and_bad_base64_and_empty_are_errors() {
        let b = one("-----BEGIN CERTIFICATE-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assert!(matches!(b.contents, Err(PemError::MismatchedEnd { .. })));
        let b = one("-----BEGIN CERTIFICATE-----\nAA*A\n-----END CERTIFICATE-----\n");
        assert!(matches!(b.contents, Err(PemError::Base64 { .. })));
        let b = one("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
        assert!(matches!(b.contents, Err(PemError::Empty { .. })));
    }

    #[test]
    fn legacy_encryption_headers_are_read() {
        let b = one(
            "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0011\n\nAAAA\n-----END RSA PRIVATE KEY-----\n",
        );
        assert!(b.is_legacy_encrypted());
        assert_eq!(b.headers.len(), 2);
        assert_eq!(b.contents.unwrap().len(), 3);
    }

    #[test]
    fn block_limit_is_reported() {
        let block = format!("-----BEGIN CERTIFICATE-----\n{BODY}\n-----END CERTIFICATE-----\n");
        let (blocks, cut) = scan(&block.repeat(5), 3);
        assert_eq!(blocks.len(), 3);
        assert!(cut);
    }

    #[test]
    fn begin_without_dashes_is_an_error_not_a_panic() {
        let (blocks, _) = scan("-----BEGIN CERT", 10);
        assert_eq!(blocks.len(), 1);
        assert!(blocks[0].contents.is_err());
    }

    /// The scanner as it was before it was made linear, kept as the oracle for the randomized
    /// test below: the faster scan must find exactly the same blocks.
    fn reference_scan(text: &str, max_blocks: usize) -> (Vec<PemBlock>, bool) {
        let unescaped;
        let text = if text.contains("\\n") && text.contains(BEGIN) {
            unescaped = text.replace("\\r\\n", "\n").replace("\\n", "\n");
            unescaped.as_str()
        } else {
            text
        };
        let mut blocks = Vec::new();
        let mut rest = text;
        let mut offset = 0usize;
        while let Some(found) = rest.find(BEGIN) {
            if blocks.len() >= max_blocks {
                return (blocks, true);
            }
            let begin_at = offset + found;
            let line = line_of(text, begin_at);
            let after_begin = &text[begin_at + BEGIN.len()..];
            let Some(label_end) = after_begin.find(DASHES) else {
                blocks.push(PemBlock {
                    label: String::new(),
                    headers: Vec::new(),
                    line,
                    contents: Err(PemError::MissingEnd { label: String::new() }),
                });
                break;
            };
            let label = after_begin[..label_end].trim().to_string();
            let body_start = begin_at + BEGIN.len() + label_end + DASHES.len();
            let body_and_rest = &text[body_start..];
            let next_begin = body_and_rest.find(BEGIN);
            match body_and_rest.find(END) {
                Some(end_pos) if next_begin.is_none_or(|b| end_pos < b) => {
                    let body = &body_and_rest[..end_pos];
                    let after_end = &body_and_rest[end_pos + END.len()..];
                    let (end_label, consumed) = match after_end.find(DASHES) {
                        Some(p) => (after_end[..p].trim().to_string(), p + DASHES.len()),
                        None => (after_end.lines().next().unwrap_or("").trim().to_string(), 0),
                    };
                    let (headers, data) = split_headers(body);
                    let contents = if end_label != label {
                        Err(PemError::MismatchedEnd {
                            begin: label.clone(),
                            end: end_label,
                        })
                    } else {
                        decode_data(&label, &data)
                    };
                    blocks.push(PemBlock {
                        label,
                        headers,
                        line,
                        contents,
                    });
                    let next = body_start + end_pos + END.len() + consumed;
                    offset = next;
                    rest = &text[next..];
                }
                _ => {
                    blocks.push(PemBlock {
                        label: label.clone(),
                        headers: Vec::new(),
                        line,
                        contents: Err(PemError::MissingEnd { label }),
                    });
                    match next_begin {
                        Some(b) => {
                            offset = body_start + b;
                            rest = &text[offset..];
                        }
                        None => break,
                    }
                }
            }
        }
        (blocks, false)
    }

    /// A small deterministic generator (xorshift), so the test needs no extra crate and a
    /// failure names the seed that reproduces it.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
            from[(self.next() % from.len() as u64) as usize]
        }
    }

    /// Texts made of the pieces PEM scanning meets: markers (matching, mismatched, without
    /// dashes), base64 lines, headers, blank and indented lines, CRLF, JSON-escaped newlines,
    /// prose, non-ASCII and non-breaking spaces.
    fn random_text(rng: &mut Rng) -> String {
        const PIECES: &[&str] = &[
            "-----BEGIN CERTIFICATE-----",
            "-----END CERTIFICATE-----",
            "-----BEGIN PRIVATE KEY-----",
            "-----END PRIVATE KEY-----",
            "-----BEGIN ",
            "-----END ",
            "-----",
            "CERTIFICATE",
            BODY,
            "AAAA",
            "AA==",
            "A*A",
            "Proc-Type: 4,ENCRYPTED",
            "\n",
            "\\n",
            "\r\n",
            "\\r\\n",
            "    ",
            "\"",
            ",",
            "tls.crt: |",
            "Bag Attributes",
            "é",
            "\u{a0}",
            "\u{2028}",
        ];
        let n = rng.next() % 40;
        (0..n).map(|_| rng.pick(PIECES)).collect()
    }

    #[test]
    fn linear_scan_finds_what_the_reference_scan_finds() {
        for seed in 1..=20_000u64 {
            let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let text = random_text(&mut rng);
            let max = (rng.next() % 6) as usize;
            let (got, got_cut) = scan(&text, max);
            let (want, want_cut) = reference_scan(&text, max);
            assert_eq!(got_cut, want_cut, "seed {seed}: {text:?}");
            assert_eq!(got.len(), want.len(), "seed {seed}: {text:?}");
            for (g, w) in got.iter().zip(&want) {
                assert_eq!(g.label, w.label, "seed {seed}: {text:?}");
                assert_eq!(g.headers, w.headers, "seed {seed}: {text:?}");
                assert_eq!(g.line, w.line, "seed {seed}: {text:?}");
                assert_eq!(g.contents, w.contents, "seed {seed}: {text:?}");
            }
        }
    }

    #[test]
    fn line_numbers_of_a_long_bundle_count_every_newline_once() {
        let block = format!("-----BEGIN CERTIFICATE-----\n{BODY}\n-----END CERTIFICATE-----\n");
        let (blocks, cut) = scan(&block.repeat(500), 1000);
        assert!(!cut);
        let lines: Vec<usize> = blocks.iter().map(|b| b.line).collect();
        let expected: Vec<usize> = (0..500).map(|i| 1 + 3 * i).collect();
        assert_eq!(lines, expected);
    }
}
