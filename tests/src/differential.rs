//! Differential testing: the same command line through the real `etcdctl` 3.4 and through
//! `etcdtls`, against the same real etcd, compared byte for byte.
//!
//! A [`Case`] is one row of a table that reads like a spec: the arguments, what goes to
//! standard input, which `ETCDCTL_*` variables are set, and which differences are allowed.
//! Everything else must be equal: standard output exactly (as bytes, so binary values count),
//! the exit code, and whether anything went to standard error. Standard error's wording must
//! be equal too, unless the case says etcdtls deliberately explains more there.
//!
//! Only what the server itself changes between the two runs is normalised, and only when the
//! case asks for it ([`Mask`]): revisions after a write, durations, and the per-tool key prefix.
//! Every mutating case works on keys of its own per tool: `{p}` in the arguments, variables and
//! standard input becomes `/etcdctl` for etcdctl and `/etcdtls` for etcdtls (the same length,
//! so protobuf lengths agree), and both spellings read as `{p}` again before comparing (also in
//! `--hex` and base64 form). Cases run in table order, etcdctl first, so both tools' keys go
//! through the same history.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use base64::Engine as _;

/// The two tools compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// `/usr/bin/etcdctl` with `ETCDCTL_API=3`.
    Etcdctl,
    /// The `etcdtls` binary of this workspace.
    Etcdtls,
}

impl Tool {
    /// The key prefix this tool's mutating cases write under (both 8 bytes long).
    pub fn prefix(self) -> &'static str {
        match self {
            Tool::Etcdctl => "/etcdctl",
            Tool::Etcdtls => "/etcdtls",
        }
    }
}

/// What may differ on standard error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stderr {
    /// The same text (after the case's masks).
    Same,
    /// The same text, except that etcdtls names itself where etcdctl does (`unknown command
    /// "x" for "etcdtls"`).
    NamesItself,
    /// The same first line (etcdctl's `Error: ...`, where etcdtls may name itself); etcdtls
    /// may add lines after it (the cause and the fix).
    FirstLine,
    /// Both empty or both not: etcdtls words a failure its own way (which file is wrong, and
    /// the fix) where etcdctl says `context deadline exceeded` or logs gRPC warnings.
    Placement,
    /// etcdctl says nothing; etcdtls says one `WARNING:` line (a setting that works but
    /// should not be relied on: `--insecure-skip-tls-verify`, a `--cacert` holding the
    /// server's own certificate).
    Warns,
}

/// What the server changes between the two runs, to be normalised before comparing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mask {
    /// Revision numbers after a write: `"revision":N`, `"create_revision":N`,
    /// `"mod_revision":N` in JSON, `"Revision" : N` and friends in `-w fields`.
    Revisions,
    /// Go durations (`1.370031ms`), and in tables the padding that depends on their width.
    Durations,
    /// The member that answered, named in the response header (`"member_id":N`,
    /// `"MemberID" : N`): with several endpoints etcdctl's balancer may pick any of them.
    ServingMember,
    /// Lines in any order: etcdctl prints `endpoint health` results as they arrive.
    LineOrder,
    /// Varint fields of a protobuf answer, each a path of field numbers (`&[1, 3]` is the
    /// header's revision).
    Protobuf(&'static [&'static [u32]]),
}

/// How a case connects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connect {
    /// The lab's flags (`--endpoints`, `--cacert`, `--cert`, `--key`) before the arguments.
    Lab,
    /// Only the case's arguments; `{ep}` is the lab's endpoints, `{ep1}` the first of them,
    /// `{hp1}` its `host:port` alone, `{port1}` its port, and `{dir}` the lab's
    /// `/etc/kubernetes` folder.
    Bare,
}

/// One row of the table.
#[derive(Debug, Clone)]
pub struct Case {
    /// What the row shows, for failure messages.
    pub name: String,
    /// The arguments after the connection flags; `{p}`, `{ep}`, `{dir}` are replaced.
    pub args: Vec<String>,
    /// Standard input (`{p}` replaced); empty means an empty, closed standard input.
    pub stdin: Vec<u8>,
    /// `ETCDCTL_*` variables (values with `{p}`, `{ep}`, `{dir}` replaced).
    pub env: Vec<(String, String)>,
    /// How the case connects.
    pub connect: Connect,
    /// What may differ on standard error.
    pub stderr: Stderr,
    /// What to normalise.
    pub masks: Vec<Mask>,
}

/// A case with the lab's flags, exact output and the same standard error.
pub fn case(name: &str, args: &[&str]) -> Case {
    Case {
        name: name.to_string(),
        args: args.iter().map(|s| s.to_string()).collect(),
        stdin: Vec::new(),
        env: Vec::new(),
        connect: Connect::Lab,
        stderr: Stderr::Same,
        masks: Vec::new(),
    }
}

impl Case {
    /// Feeds standard input.
    pub fn stdin(mut self, bytes: &[u8]) -> Case {
        self.stdin = bytes.to_vec();
        self
    }
    /// Sets a variable.
    pub fn env(mut self, key: &str, value: &str) -> Case {
        self.env.push((key.to_string(), value.to_string()));
        self
    }
    /// Connects with the case's own arguments only.
    pub fn bare(mut self) -> Case {
        self.connect = Connect::Bare;
        self
    }
    /// Allows a standard-error difference.
    pub fn stderr(mut self, s: Stderr) -> Case {
        self.stderr = s;
        self
    }
    /// Normalises something the server changes.
    pub fn mask(mut self, m: Mask) -> Case {
        self.masks.push(m);
        self
    }
    /// A case that writes: revisions are normalised.
    pub fn writes(self) -> Case {
        self.mask(Mask::Revisions)
    }
}

/// The lab a table runs against.
#[derive(Debug, Clone)]
pub struct Target {
    /// The connection flags for [`Connect::Lab`].
    pub flags: Vec<String>,
    /// `{ep}` (and `{EP}`: the same with its scheme in capitals).
    pub endpoints: String,
    /// `{dir}`.
    pub dir: String,
}

impl Target {
    /// From a running lab.
    pub fn of(lab: &etcdtls::lab::Lab) -> Target {
        Target {
            flags: lab.flags(),
            endpoints: lab.endpoints(),
            dir: lab.path("").display().to_string().trim_end_matches('/').to_string(),
        }
    }
}

/// One run of one tool: raw bytes, so binary values are compared as they are.
#[derive(Debug, Clone)]
pub struct Run {
    /// The exit code (-1 when killed by a signal).
    pub code: i32,
    /// Standard output.
    pub stdout: Vec<u8>,
    /// Standard error.
    pub stderr: Vec<u8>,
}

fn fill(s: &str, tool: Tool, target: &Target) -> String {
    s.replace("{p}", tool.prefix())
        .replace("{ep1}", target.endpoints.split(',').next().unwrap_or_default())
        .replace(
            "{hp1}",
            target
                .endpoints
                .split(',')
                .next()
                .unwrap_or_default()
                .split_once("://")
                .map_or("", |(_, hp)| hp),
        )
        .replace(
            "{port1}",
            target
                .endpoints
                .split(',')
                .next()
                .unwrap_or_default()
                .rsplit_once(':')
                .map_or("", |(_, port)| port),
        )
        .replace("{ep}", &target.endpoints)
        .replace("{EP}", &target.endpoints.replace("https://", "HTTPS://"))
        .replace("{dir}", &target.dir)
}

fn fill_bytes(b: &[u8], tool: Tool) -> Vec<u8> {
    replace_all(b, b"{p}", tool.prefix().as_bytes())
}

/// Runs one case with one tool.
pub fn run(tool: Tool, case: &Case, target: &Target) -> Run {
    let mut args: Vec<String> = match case.connect {
        Connect::Lab => target.flags.clone(),
        Connect::Bare => Vec::new(),
    };
    args.extend(case.args.iter().map(|a| fill(a, tool, target)));
    let mut cmd = match tool {
        Tool::Etcdctl => {
            let mut c = Command::new("etcdctl");
            c.env("ETCDCTL_API", "3");
            c
        }
        Tool::Etcdtls => Command::new(crate::etcdtls_bin()),
    };
    for (k, _) in std::env::vars() {
        if (k.starts_with("ETCDCTL_") && k != "ETCDCTL_API") || k.starts_with("ETCDTLS_") {
            cmd.env_remove(k);
        }
    }
    if tool == Tool::Etcdtls {
        cmd.env_remove("ETCDCTL_API");
    }
    cmd.env("NO_COLOR", "1");
    for (k, v) in &case.env {
        cmd.env(k, fill(v, tool, target));
    }
    cmd.args(&args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("starting {tool:?}: {e}"));
    let input = fill_bytes(&case.stdin, tool);
    if let Some(mut stdin) = child.stdin.take() {
        // A command that does not read its input closes the pipe: not an error here.
        let _ = stdin.write_all(&input);
    }
    let out = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("waiting for {tool:?}: {e}"));
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: out.stderr,
    }
}

/// Runs a case with both tools and describes every difference, or `None` when they agree.
pub fn compare(case: &Case, target: &Target) -> Option<String> {
    let started = std::time::Instant::now();
    let ctl = run(Tool::Etcdctl, case, target);
    let between = std::time::Instant::now();
    let tls = run(Tool::Etcdtls, case, target);
    // Reported, not asserted: where the table's time goes.
    let (a, b) = (between - started, between.elapsed());
    if a + b > std::time::Duration::from_millis(500) {
        eprintln!("{}: etcdctl {a:.1?}, etcdtls {b:.1?}", case.name);
    }
    differences(case, &ctl, &tls)
}

/// The differences between etcdctl's and etcdtls's runs of a case that the case does not allow.
pub fn differences(case: &Case, ctl: &Run, tls: &Run) -> Option<String> {
    let mut problems = Vec::new();
    if ctl.code != tls.code {
        problems.push(format!("exit code: etcdctl {}, etcdtls {}", ctl.code, tls.code));
    }
    let (out_ctl, out_tls) = (normalise(&ctl.stdout, &case.masks), normalise(&tls.stdout, &case.masks));
    if out_ctl != out_tls {
        problems.push(format!(
            "stdout:\n  etcdctl: {}\n  etcdtls: {}",
            show(&out_ctl),
            show(&out_tls)
        ));
    }
    let (err_ctl, err_tls) = (
        normalise(&without_grpc_logs(&ctl.stderr), &case.masks),
        normalise(&tls.stderr, &case.masks),
    );
    let stderr_ok = match case.stderr {
        Stderr::Same => err_ctl == err_tls,
        Stderr::NamesItself => err_ctl == replace_all(&err_tls, b"etcdtls", b"etcdctl"),
        Stderr::FirstLine => first_line(&err_ctl) == first_line(&replace_all(&err_tls, b"etcdtls", b"etcdctl")),
        Stderr::Placement => ctl.stderr.is_empty() == tls.stderr.is_empty(),
        Stderr::Warns => {
            let lines: Vec<&[u8]> = err_tls.split(|b| *b == b'\n').filter(|l| !l.is_empty()).collect();
            ctl.stderr.is_empty() && lines.len() == 1 && lines[0].starts_with(b"WARNING: ")
        }
    };
    if !stderr_ok {
        problems.push(format!(
            "stderr ({:?}):\n  etcdctl: {}\n  etcdtls: {}",
            case.stderr,
            show(&err_ctl),
            show(&err_tls)
        ));
    }
    if problems.is_empty() {
        None
    } else {
        Some(format!(
            "{} ({}):\n{}",
            case.name,
            case.args.join(" "),
            problems.join("\n")
        ))
    }
}

/// Runs every case in order and fails with all the differences at once.
pub fn check_table(cases: &[Case], target: &Target) {
    let failures: Vec<String> = cases.iter().filter_map(|c| compare(c, target)).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from etcdctl:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// etcdctl's gRPC client logs retries as JSON lines on standard error (`{"level":"warn",...}`);
/// they are logging, not the command's output. So are the complaints of the `stty` that
/// etcdctl's password prompt runs when standard input is not a terminal.
fn without_grpc_logs(stderr: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for line in stderr.split_inclusive(|b| *b == b'\n') {
        if !line.starts_with(b"{\"level\":") && !line.starts_with(b"stty: ") {
            out.extend_from_slice(line);
        }
    }
    out
}

fn first_line(b: &[u8]) -> &[u8] {
    b.split(|c| *c == b'\n').next().unwrap_or_default()
}

/// Bytes for a failure message: text as it is, other bytes escaped.
pub fn show(b: &[u8]) -> String {
    format!("{:?}", String::from_utf8_lossy(b)).replace("\\n", "\n           ")
}

/// Applies the per-tool key prefix normalisation and the case's masks.
pub fn normalise(bytes: &[u8], masks: &[Mask]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    for m in masks {
        if let Mask::Protobuf(paths) = m {
            b = mask_protobuf(&b, paths).unwrap_or(b);
        }
    }
    for tool in [Tool::Etcdctl, Tool::Etcdtls] {
        let p = tool.prefix().as_bytes();
        let hex: String = p.iter().map(|c| format!("\\x{c:02x}")).collect();
        b = replace_all(&b, hex.as_bytes(), b"{p}");
        // Base64 of the prefix and its slash: 9 bytes, whole groups, so it stays a prefix of
        // the encoded key whatever follows.
        let with_slash = [p, b"/"].concat();
        let b64 = base64::engine::general_purpose::STANDARD.encode(&with_slash);
        b = replace_all(&b, b64.as_bytes(), b"{p64}");
        b = replace_all(&b, p, b"{p}");
    }
    for m in masks {
        match m {
            Mask::Revisions => {
                for label in [
                    "\"revision\":",
                    "\"create_revision\":",
                    "\"mod_revision\":",
                    "\"Revision\" : ",
                    "CreateRevision\" : ",
                    "ModRevision\" : ",
                ] {
                    b = mask_digits_after(&b, label.as_bytes());
                }
            }
            Mask::Durations => b = mask_durations(&b),
            Mask::ServingMember => {
                b = mask_digits_after(&b, b"\"member_id\":");
                b = mask_digits_after(&b, b"\"MemberID\" : ");
            }
            Mask::LineOrder => {
                let mut lines: Vec<&[u8]> = b.split(|c| *c == b'\n').collect();
                lines.sort();
                b = lines.join(&b'\n');
            }
            Mask::Protobuf(_) => {}
        }
    }
    b
}

/// Replaces every occurrence of `from` with `to`.
pub fn replace_all(haystack: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    if from.is_empty() {
        return haystack.to_vec();
    }
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if haystack[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    out
}

fn mask_digits_after(b: &[u8], label: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(label) {
            out.extend_from_slice(label);
            i += label.len();
            if i < b.len() && b[i].is_ascii_digit() {
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                out.push(b'N');
            }
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

/// Go durations (`12.5ms`, `850µs`, `1m2.5s`) become `<d>`; then, since a table's column
/// width follows the longest cell, runs of spaces and dashes become one.
fn mask_durations(b: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(b).into_owned();
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let mut masked = false;
    while i < chars.len() {
        let boundary = i == 0 || !chars[i - 1].is_ascii_alphanumeric();
        if boundary
            && chars[i].is_ascii_digit()
            && let Some(len) = go_duration_len(&chars[i..])
        {
            out.push_str("<d>");
            i += len;
            masked = true;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    if masked && out.contains("+-") {
        let mut collapsed = String::new();
        for c in out.chars() {
            if (c == ' ' || c == '-') && collapsed.ends_with(c) {
                continue;
            }
            collapsed.push(c);
        }
        out = collapsed;
    }
    out.into_bytes()
}

fn go_duration_len(c: &[char]) -> Option<usize> {
    let mut i = 0;
    let mut units = 0;
    loop {
        let start = i;
        while i < c.len() && (c[i].is_ascii_digit() || c[i] == '.') {
            i += 1;
        }
        if i == start {
            break;
        }
        let rest: String = c[i..c.len().min(i + 2)].iter().collect();
        let unit = ["ns", "µs", "us", "ms"]
            .iter()
            .find(|u| rest.starts_with(*u))
            .map(|u| u.chars().count())
            .or_else(|| {
                let first = c.get(i).copied();
                (first == Some('s') || first == Some('m') || first == Some('h')).then_some(1)
            });
        match unit {
            Some(n) => {
                i += n;
                units += 1;
            }
            None => return None,
        }
    }
    let ends_well = c.get(i).is_none_or(|ch| !ch.is_ascii_alphanumeric());
    (units > 0 && ends_well).then_some(i)
}

#[derive(Debug, Clone)]
enum Wire {
    Varint(u64),
    Fixed64([u8; 8]),
    Bytes(Vec<u8>),
    Fixed32([u8; 4]),
}

fn read_varint(b: &[u8], i: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *b.get(*i)?;
        *i += 1;
        v |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

fn write_varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn parse_protobuf(b: &[u8]) -> Option<Vec<(u32, Wire)>> {
    let mut fields = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let tag = read_varint(b, &mut i)?;
        let field = u32::try_from(tag >> 3).ok()?;
        let value = match tag & 7 {
            0 => Wire::Varint(read_varint(b, &mut i)?),
            1 => {
                let v = b.get(i..i + 8)?.try_into().ok()?;
                i += 8;
                Wire::Fixed64(v)
            }
            2 => {
                let len = usize::try_from(read_varint(b, &mut i)?).ok()?;
                let v = b.get(i..i + len)?.to_vec();
                i += len;
                Wire::Bytes(v)
            }
            5 => {
                let v = b.get(i..i + 4)?.try_into().ok()?;
                i += 4;
                Wire::Fixed32(v)
            }
            _ => return None,
        };
        fields.push((field, value));
    }
    Some(fields)
}

fn encode_protobuf(fields: &[(u32, Wire)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (field, value) in fields {
        let wire = match value {
            Wire::Varint(_) => 0,
            Wire::Fixed64(_) => 1,
            Wire::Bytes(_) => 2,
            Wire::Fixed32(_) => 5,
        };
        write_varint(&mut out, (u64::from(*field) << 3) | wire);
        match value {
            Wire::Varint(v) => write_varint(&mut out, *v),
            Wire::Fixed64(v) => out.extend_from_slice(v),
            Wire::Fixed32(v) => out.extend_from_slice(v),
            Wire::Bytes(v) => {
                write_varint(&mut out, v.len() as u64);
                out.extend_from_slice(v);
            }
        }
    }
    out
}

/// Sets the varint fields at `paths` (field numbers from the outer message in) to 0,
/// re-encoding the messages around them. `None` when the bytes are not a protobuf message.
pub fn mask_protobuf(b: &[u8], paths: &[&[u32]]) -> Option<Vec<u8>> {
    let mut fields = parse_protobuf(b)?;
    for (field, value) in &mut fields {
        let here: Vec<&[u32]> = paths
            .iter()
            .filter(|p| p.first() == Some(field))
            .map(|p| &p[1..])
            .collect();
        if here.is_empty() {
            continue;
        }
        match value {
            Wire::Varint(v) if here.iter().any(|p| p.is_empty()) => *v = 0,
            Wire::Bytes(inner) => {
                let deeper: Vec<&[u32]> = here.into_iter().filter(|p| !p.is_empty()).collect();
                if !deeper.is_empty()
                    && let Some(masked) = mask_protobuf(inner, &deeper)
                {
                    *inner = masked;
                }
            }
            _ => {}
        }
    }
    Some(encode_protobuf(&fields))
}

/// The lab's `/etc/kubernetes` folder for `{dir}`, when a test builds its own [`Target`].
pub fn dir_string(path: &Path) -> String {
    path.display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_normalise_in_text_hex_and_base64() {
        let ctl = normalise(
            b"/etcdctl/a \\x2f\\x65\\x74\\x63\\x64\\x63\\x74\\x6c/a L2V0Y2RjdGwvYQ==",
            &[],
        );
        let tls = normalise(
            b"/etcdtls/a \\x2f\\x65\\x74\\x63\\x64\\x74\\x6c\\x73/a L2V0Y2R0bHMvYQ==",
            &[],
        );
        assert_eq!(ctl, tls);
        assert_eq!(ctl, b"{p}/a {p}/a {p64}YQ==".to_vec());
    }

    #[test]
    fn revisions_and_durations_mask() {
        let a = normalise(
            br#"{"revision":12,"mod_revision":7} took = 1.5ms"#,
            &[Mask::Revisions, Mask::Durations],
        );
        let b = normalise(
            r#"{"revision":13,"mod_revision":8} took = 850µs"#.as_bytes(),
            &[Mask::Revisions, Mask::Durations],
        );
        assert_eq!(a, b);
        assert_ne!(normalise(b"took = 1.5ms", &[]), normalise(b"took = 2ms", &[]));
    }

    #[test]
    fn protobuf_paths_mask_and_reencode() {
        // header { revision: 300 } , a bytes field 2 untouched.
        let mut header = Vec::new();
        write_varint(&mut header, 3 << 3); // field 3, varint
        write_varint(&mut header, 300);
        let msg = encode_protobuf(&[(1, Wire::Bytes(header)), (2, Wire::Bytes(b"k".to_vec()))]);
        let masked = mask_protobuf(&msg, &[&[1, 3]]).unwrap();
        assert_eq!(masked, vec![0x0a, 0x02, 0x18, 0x00, 0x12, 0x01, b'k']);
    }
}
