//! etcdctl 3.4's `txn` input, read as etcdctl reads it: compare lines scanned with Go's
//! `fmt.Sscanf(rest, "%q) %s %q")`, request lines split by etcdctl's `argify` (its regular
//! expression, and its slicing of single-quoted words by the number of words) and parsed by
//! cobra and pflag as the `put`, `get` and `del` commands, with the same errors, messages and
//! exit codes. Lines are bytes; Go's scanner reads them as runes (each byte that is not UTF-8
//! becomes U+FFFD inside a quoted string), which is kept.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use crate::exit::{ExitStatus, Failure};

/// A comparison's operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// `=`
    Equal,
    /// `!=`
    NotEqual,
    /// `>`
    Greater,
    /// `<`
    Less,
}

/// What a comparison looks at, with the value compared to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompareTarget {
    /// `ver`/`version`.
    Version(i64),
    /// `c`/`create`.
    Create(i64),
    /// `m`/`mod`.
    Mod(i64),
    /// `val`/`value`.
    Value(Vec<u8>),
}

/// One compare line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// The key.
    pub key: Vec<u8>,
    /// The operator.
    pub relation: Relation,
    /// The target and its value.
    pub target: CompareTarget,
}

/// One request line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// `get`.
    Get {
        /// Key.
        key: Vec<u8>,
        /// Range end (empty: one key).
        end: Vec<u8>,
        /// `--limit`.
        limit: i64,
        /// `--rev` (only when > 0).
        rev: i64,
        /// `--sort-by`.
        sort_target: etcd_client::SortTarget,
        /// `--order`.
        sort_order: etcd_client::SortOrder,
        /// `--consistency=s`.
        serializable: bool,
        /// `--keys-only`.
        keys_only: bool,
    },
    /// `put`.
    Put {
        /// Key.
        key: Vec<u8>,
        /// Value.
        value: Vec<u8>,
        /// `--lease`.
        lease: i64,
        /// `--prev-kv`.
        prev_kv: bool,
        /// `--ignore-value`.
        ignore_value: bool,
        /// `--ignore-lease`.
        ignore_lease: bool,
    },
    /// `del`.
    Del {
        /// Key.
        key: Vec<u8>,
        /// Range end.
        end: Vec<u8>,
        /// `--prev-kv`.
        prev_kv: bool,
    },
}

fn invalid(message: String) -> Failure {
    Failure::new(ExitStatus::InvalidInput, message)
}

/// Where etcdctl 3.4 panics (a Go stack trace, exit 2): etcdtls says why instead.
fn crash(what: &str, why: &str) -> Failure {
    Failure::new(
        ExitStatus::BadConnection,
        format!("etcdctl 3.4 crashes on this input (panic: {what}): {why}"),
    )
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Go's `strings.TrimSpace` on bytes (Unicode white space; bytes that are not UTF-8 stay).
pub fn trim_space(mut b: &[u8]) -> &[u8] {
    while let Some((c, n)) = first_char(b) {
        if !c.is_whitespace() {
            break;
        }
        b = &b[n..];
    }
    'outer: while !b.is_empty() {
        for n in 1..=4.min(b.len()) {
            if let Ok(s) = std::str::from_utf8(&b[b.len() - n..])
                && let Some(c) = s.chars().next()
            {
                if c.is_whitespace() {
                    b = &b[..b.len() - n];
                    continue 'outer;
                }
                break 'outer;
            }
        }
        break;
    }
    b
}

fn first_char(b: &[u8]) -> Option<(char, usize)> {
    for n in 1..=4.min(b.len()) {
        if let Ok(s) = std::str::from_utf8(&b[..n]) {
            return s.chars().next().map(|c| (c, n));
        }
    }
    None
}

/// Bytes as Go's scanner reads them: runes, with U+FFFD for each byte that is not UTF-8.
fn go_runes(b: &[u8]) -> Vec<char> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match first_char(&b[i..]) {
            Some((c, n)) => {
                out.push(c);
                i += n;
            }
            None => {
                out.push('\u{fffd}');
                i += 1;
            }
        }
    }
    out
}

/// Go's `strconv.Unquote` of a double-quoted string's inside (quotes removed).
fn unquote(inside: &[char]) -> Result<Vec<u8>, ()> {
    let mut out = Vec::new();
    let mut i = 0;
    let hex = |cs: &[char]| -> Result<u32, ()> {
        cs.iter()
            .try_fold(0u32, |v, c| c.to_digit(16).map(|d| v << 4 | d).ok_or(()))
    };
    while i < inside.len() {
        let c = inside[i];
        i += 1;
        if c == '\n' || c == '"' {
            return Err(());
        }
        if c != '\\' {
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            continue;
        }
        let e = *inside.get(i).ok_or(())?;
        i += 1;
        let byte = |b: u8| Ok::<_, ()>(vec![b]);
        let piece = match e {
            'a' => byte(7)?,
            'b' => byte(8)?,
            'f' => byte(12)?,
            'n' => byte(b'\n')?,
            'r' => byte(b'\r')?,
            't' => byte(b'\t')?,
            'v' => byte(11)?,
            '\\' => byte(b'\\')?,
            '"' => byte(b'"')?,
            'x' | 'u' | 'U' => {
                let n = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let digits = inside.get(i..i + n).ok_or(())?;
                i += n;
                let v = hex(digits)?;
                if e == 'x' {
                    vec![v as u8]
                } else {
                    let c = char::from_u32(v).ok_or(())?;
                    c.to_string().into_bytes()
                }
            }
            '0'..='7' => {
                let digits = inside.get(i..i + 2).ok_or(())?;
                i += 2;
                let mut v = e as u32 - '0' as u32;
                for d in digits {
                    v = v << 3 | d.to_digit(8).ok_or(())?;
                }
                if v > 255 {
                    return Err(());
                }
                vec![v as u8]
            }
            _ => return Err(()),
        };
        out.extend(piece);
    }
    Ok(out)
}

/// Go's `fmt` scanner over one string's runes, for the verbs etcdctl uses.
struct Scanner {
    runes: Vec<char>,
    pos: usize,
}

impl Scanner {
    fn skip_space(&mut self) {
        while self.pos < self.runes.len() && self.runes[self.pos].is_whitespace() {
            self.pos += 1;
        }
    }

    fn next(&mut self) -> Option<char> {
        let c = self.runes.get(self.pos).copied();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    /// `%q` into a string: errors are Go's.
    fn quoted(&mut self) -> Result<Vec<u8>, &'static str> {
        self.skip_space();
        let quote = self.next().ok_or("EOF")?;
        match quote {
            '`' => {
                let mut s = String::new();
                loop {
                    match self.next().ok_or("unexpected EOF")? {
                        '`' => return Ok(s.into_bytes()),
                        c => s.push(c),
                    }
                }
            }
            '"' => {
                let mut inside = Vec::new();
                loop {
                    let c = self.next().ok_or("unexpected EOF")?;
                    if c == '"' {
                        break;
                    }
                    inside.push(c);
                    if c == '\\' {
                        inside.push(self.next().ok_or("unexpected EOF")?);
                    }
                }
                unquote(&inside).map_err(|_| "invalid syntax")
            }
            _ => Err("expected quoted string"),
        }
    }

    /// `%s`: the next word.
    fn word(&mut self) -> Result<String, &'static str> {
        self.skip_space();
        if self.pos >= self.runes.len() {
            return Err("EOF");
        }
        let mut s = String::new();
        while let Some(&c) = self.runes.get(self.pos) {
            if c.is_whitespace() {
                break;
            }
            s.push(c);
            self.pos += 1;
        }
        Ok(s)
    }

    /// A literal rune of the format.
    fn literal(&mut self, want: char) -> Result<(), &'static str> {
        match self.next() {
            None => Err("unexpected EOF"),
            Some(c) if c == want => Ok(()),
            Some(_) => Err("input does not match format"),
        }
    }

    /// A space of the format: at least one space, or the end.
    fn space(&mut self) -> Result<(), &'static str> {
        match self.runes.get(self.pos) {
            None => Ok(()),
            Some(c) if c.is_whitespace() => {
                self.skip_space();
                Ok(())
            }
            Some(_) => Err("expected space in input to match format"),
        }
    }
}

/// Go's `strconv.ParseInt(s, 10, 64)`.
fn parse_decimal(s: &[u8]) -> Option<i64> {
    let (neg, digits) = match s.first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let v: i128 = std::str::from_utf8(digits).ok()?.parse().ok()?;
    let v = if neg { -v } else { v };
    i64::try_from(v).ok()
}

/// etcdctl's `parseCompare`: `<target>("<key>") <op> "<value>"`.
pub fn parse_compare(line: &[u8]) -> Result<Comparison, Failure> {
    let shown = text(line);
    let Some(paren) = line.iter().position(|b| *b == b'(') else {
        return Err(invalid(format!("malformed comparison: {shown}")));
    };
    let target = &line[..paren];
    let mut sc = Scanner {
        runes: go_runes(&line[paren + 1..]),
        pos: 0,
    };
    let (mut key, mut op, mut val) = (Vec::new(), String::new(), Vec::new());
    let scanned = (|| {
        key = sc.quoted()?;
        sc.literal(')')?;
        sc.space()?;
        op = sc.word()?;
        sc.space()?;
        val = sc.quoted()?;
        Ok::<(), &str>(())
    })();
    if scanned.is_err() {
        return Err(invalid(format!(
            "malformed comparison: {shown}; got {}({}) {op} {}",
            text(target),
            crate::render::etcdctl::go_quote(&key),
            crate::render::etcdctl::go_quote(&val)
        )));
    }
    let number = || parse_decimal(&val).ok_or_else(|| invalid(format!("invalid txn compare request: {shown}")));
    let target = match target {
        b"ver" | b"version" => CompareTarget::Version(number()?),
        b"c" | b"create" => CompareTarget::Create(number()?),
        b"m" | b"mod" => CompareTarget::Mod(number()?),
        b"val" | b"value" => CompareTarget::Value(val.clone()),
        b"lease" => {
            relation(&op)?;
            return Err(crash(
                "bad value",
                "its txn cannot compare a lease (clientv3.Compare is given the value as a string); compare the key's lease with etcdctl 3.5 or a client library",
            ));
        }
        other => {
            return Err(invalid(format!(
                "malformed comparison: {shown} (unknown target {})",
                text(other)
            )));
        }
    };
    Ok(Comparison {
        key,
        relation: relation(&op)?,
        target,
    })
}

fn relation(op: &str) -> Result<Relation, Failure> {
    Ok(match op {
        "=" => Relation::Equal,
        "!=" => Relation::NotEqual,
        ">" => Relation::Greater,
        "<" => Relation::Less,
        _ => {
            return Err(crash(
                "Unknown result op",
                &format!("{op:?} is not a comparison; use =, !=, > or <"),
            ));
        }
    })
}

/// etcdctl's `argify` (its `txn` request lines and `watch -i` lines): the words of a line, as its regular expression
/// `"(?:[^"\\]|\\.)*"|'[^']*'|[^'"\s]\S*[^'"\s]?` finds them, then unquoted as it does it.
pub fn argify(line: &[u8]) -> Result<Vec<Vec<u8>>, Failure> {
    let space = |b: u8| matches!(b, b'\t' | b'\n' | 0x0c | b'\r' | b' ');
    let mut words: Vec<&[u8]> = Vec::new();
    let mut i = 0;
    while i < line.len() {
        let b = line[i];
        if b == b'"' {
            let mut j = i + 1;
            let mut end = None;
            while j < line.len() {
                match line[j] {
                    b'"' => {
                        end = Some(j + 1);
                        break;
                    }
                    b'\\' if j + 1 < line.len() && line[j + 1] != b'\n' => j += 2,
                    b'\\' => break,
                    _ => j += 1,
                }
            }
            match end {
                Some(e) => {
                    words.push(&line[i..e]);
                    i = e;
                }
                None => i += 1,
            }
        } else if b == b'\'' {
            match line[i + 1..].iter().position(|c| *c == b'\'') {
                Some(p) => {
                    let e = i + 1 + p + 1;
                    words.push(&line[i..e]);
                    i = e;
                }
                None => i += 1,
            }
        } else if space(b) {
            i += 1;
        } else {
            let e = line[i..].iter().position(|c| space(*c)).map_or(line.len(), |p| i + p);
            words.push(&line[i..e]);
            i = e;
        }
    }
    let n = words.len();
    let mut args = Vec::with_capacity(n);
    for w in &words {
        if w.first() == Some(&b'\'') {
            // etcdctl slices by the number of words, not the word's length (a bug kept).
            let high = n.wrapping_sub(1);
            if n == 0 || high > w.len() {
                return Err(crash(
                    &format!(
                        "runtime error: slice bounds out of range [:{high}] with length {}",
                        w.len()
                    ),
                    "it cuts a single-quoted word at the number of words on the line; use double quotes",
                ));
            }
            if high < 1 {
                return Err(crash(
                    &format!("runtime error: slice bounds out of range [1:{high}]"),
                    "it cuts a single-quoted word at the number of words on the line; use double quotes",
                ));
            }
            args.push(w[1..high].to_vec());
        } else if w.first() == Some(&b'"') {
            let mut sc = Scanner {
                runes: go_runes(w),
                pos: 0,
            };
            args.push(sc.quoted().map_err(|e| invalid(e.to_string()))?);
        } else {
            args.push(w.to_vec());
        }
    }
    Ok(args)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bool,
    Text,
    Int,
}

/// A flag's value after parsing.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Value {
    Bool(bool),
    Text(Vec<u8>),
    Int(i64),
}

/// Flags set (name, value), positional arguments, and whether help was asked for.
type Parsed = (Vec<(String, Value)>, Vec<Vec<u8>>, bool);

/// pflag's parsing of a command's flags (cobra's `-h/--help` included): the values set and
/// the positional arguments, or `Err` for any parse error.
fn parse_flags(args: &[Vec<u8>], defs: &[(&str, Kind)]) -> Result<Parsed, ()> {
    let kind = |name: &[u8]| {
        if name == b"help" {
            return Some(Kind::Bool);
        }
        defs.iter().find(|(n, _)| n.as_bytes() == name).map(|(_, k)| *k)
    };
    let set = |k: Kind, v: &[u8]| -> Result<Value, ()> {
        let s = std::str::from_utf8(v).map_err(|_| ());
        Ok(match k {
            Kind::Bool => Value::Bool(crate::cli::parse_go_bool(s?).map_err(|_| ())?),
            Kind::Int => Value::Int(crate::cli::parse_go_int(s?).map_err(|_| ())?),
            Kind::Text => Value::Text(v.to_vec()),
        })
    };
    let mut values = Vec::new();
    let mut positional = Vec::new();
    let mut help = false;
    let mut i = 0;
    while i < args.len() {
        let s = &args[i];
        i += 1;
        if s.len() < 2 || s[0] != b'-' {
            positional.push(s.clone());
            continue;
        }
        if s[1] == b'-' {
            if s.len() == 2 {
                positional.extend(args[i..].iter().cloned());
                break;
            }
            let name = &s[2..];
            if name[0] == b'-' || name[0] == b'=' {
                return Err(());
            }
            let (name, inline) = match name.iter().position(|b| *b == b'=') {
                Some(p) => (&name[..p], Some(&name[p + 1..])),
                None => (name, None),
            };
            let k = kind(name).ok_or(())?;
            let raw: Vec<u8> = match (inline, k) {
                (Some(v), _) => v.to_vec(),
                (None, Kind::Bool) => b"true".to_vec(),
                (None, _) if i < args.len() => {
                    i += 1;
                    args[i - 1].clone()
                }
                (None, _) => return Err(()),
            };
            let v = set(k, &raw)?;
            if name == b"help" {
                help = v == Value::Bool(true);
            } else {
                values.push((text(name), v));
            }
        } else {
            // Shorthands: cobra's -h is the only one these commands have.
            let mut rest = &s[1..];
            while let Some((&c, after)) = rest.split_first() {
                if c != b'h' {
                    return Err(());
                }
                if after.len() > 1 && after[0] == b'=' {
                    help = set(Kind::Bool, &after[1..])? == Value::Bool(true);
                    rest = &[];
                } else {
                    help = true;
                    rest = after;
                }
            }
        }
    }
    Ok((values, positional, help))
}

/// A request line that makes etcdctl print a help text and then wait forever.
fn hangs(line: &str) -> Failure {
    invalid(format!(
        "invalid txn request: {line} (etcdctl prints a help text for this line and then waits forever; a request is `put`, `get` or `del` with their flags)"
    ))
}

/// etcdctl's `parseRequestUnion`, with `put`'s value read by `rest_of_stdin` when the line
/// gives only a key (etcdctl reads standard input to its end there).
pub fn parse_request(line: &[u8], rest_of_stdin: &mut dyn FnMut() -> Vec<u8>) -> Result<Request, Failure> {
    let shown = text(line);
    let args = argify(line)?;
    if args.len() < 2 {
        return Err(invalid(format!("invalid txn compare request: {shown}")));
    }
    let bad = || invalid(format!("invalid txn request: {shown}"));
    // cobra's Find on a root without flags: the first word that is not a flag (a flag without
    // `=` is taken to have a value, the word after it).
    let mut command = None;
    let mut i = 0;
    while i < args.len() {
        let s = &args[i];
        i += 1;
        if s == b"--" {
            break;
        }
        if (s.starts_with(b"--") && !s.contains(&b'=')) || (s.len() == 2 && s[0] == b'-' && s[1] != b'=') {
            if args.len() - i <= 1 {
                break;
            }
            i += 1;
            continue;
        }
        if !s.is_empty() && s[0] != b'-' {
            command = Some(s.clone());
            break;
        }
    }
    let defs: &[(&str, Kind)] = match command.as_deref() {
        Some(b"put") => &[
            ("lease", Kind::Text),
            ("prev-kv", Kind::Bool),
            ("ignore-value", Kind::Bool),
            ("ignore-lease", Kind::Bool),
        ],
        Some(b"get") => &[
            ("consistency", Kind::Text),
            ("order", Kind::Text),
            ("sort-by", Kind::Text),
            ("limit", Kind::Int),
            ("prefix", Kind::Bool),
            ("from-key", Kind::Bool),
            ("rev", Kind::Int),
            ("keys-only", Kind::Bool),
            ("print-value-only", Kind::Bool),
        ],
        Some(b"del") => &[
            ("prefix", Kind::Bool),
            ("prev-kv", Kind::Bool),
            ("from-key", Kind::Bool),
        ],
        Some(b"help") | None => {
            // cobra's help command, or the root itself: a help text, then etcdctl waits.
            let rest: Vec<Vec<u8>> = match &command {
                Some(name) => without_first(&args, name),
                None => args.clone(),
            };
            return Err(match parse_flags(&rest, &[]) {
                Ok(_) => hangs(&shown),
                Err(()) => bad(),
            });
        }
        Some(_) => return Err(bad()),
    };
    let name = command.unwrap_or_default();
    let (values, pos, help) = parse_flags(&without_first(&args, &name), defs).map_err(|_| bad())?;
    if help {
        return Err(hangs(&shown));
    }
    let flag = |n: &str| values.iter().rev().find(|(k, _)| k == n).map(|(_, v)| v.clone());
    let on = |n: &str| flag(n) == Some(Value::Bool(true));
    let string = |n: &str, default: &str| match flag(n) {
        Some(Value::Text(t)) => t,
        _ => default.as_bytes().to_vec(),
    };
    let int = |n: &str| match flag(n) {
        Some(Value::Int(v)) => v,
        _ => 0,
    };
    let os = |b: &[u8]| OsString::from_vec(b.to_vec());
    match name.as_slice() {
        b"put" => {
            let usage = "put command needs 1 argument and input from stdin or 2 arguments";
            let Some(key) = pos.first() else {
                return Err(crate::ctl::bad_args(usage));
            };
            let ignore_value = on("ignore-value");
            if ignore_value && pos.len() > 1 {
                return Err(crate::ctl::bad_args(
                    "put command needs only 1 argument when 'ignore-value' is set",
                ));
            }
            let mut value = Vec::new();
            if !ignore_value {
                value = match pos.get(1) {
                    Some(v) => v.clone(),
                    None => rest_of_stdin(),
                };
                if value.is_empty() && pos.len() < 2 {
                    return Err(crate::ctl::bad_args(usage));
                }
            }
            let lease = crate::client::parse_lease(&text(&string("lease", "0")))
                .map_err(|e| crate::ctl::bad_args(format!("bad lease ID ({e}), expecting ID in Hex")))?;
            Ok(Request::Put {
                key: key.clone(),
                value,
                lease,
                prev_kv: on("prev-kv"),
                ignore_value,
                ignore_lease: on("ignore-lease"),
            })
        }
        b"get" => {
            if pos.is_empty() {
                return Err(crate::ctl::bad_args(
                    "get command needs one argument as key and an optional argument as range_end",
                ));
            }
            let (prefix, from_key) = (on("prefix"), on("from-key"));
            if prefix && from_key {
                return Err(crate::ctl::bad_args(
                    "`--prefix` and `--from-key` cannot be set at the same time, choose one",
                ));
            }
            let consistency = string("consistency", "l");
            let serializable = match consistency.as_slice() {
                b"s" => true,
                b"l" => false,
                other => {
                    return Err(Failure::new(
                        ExitStatus::BadFeature,
                        format!("unknown consistency flag {}", crate::render::etcdctl::go_quote(other)),
                    ));
                }
            };
            if pos.len() > 1 && (prefix || from_key) {
                return Err(crate::ctl::bad_args(
                    "too many arguments, only accept one argument when `--prefix` or `--from-key` is set",
                ));
            }
            use etcd_client::{SortOrder, SortTarget};
            let order = text(&string("order", ""));
            let sort_order = match order.to_uppercase().as_str() {
                "ASCEND" => SortOrder::Ascend,
                "DESCEND" => SortOrder::Descend,
                "" => SortOrder::None,
                _ => return Err(Failure::new(ExitStatus::BadFeature, format!("bad sort order {order}"))),
            };
            let by = text(&string("sort-by", ""));
            let sort_target = match by.to_uppercase().as_str() {
                "CREATE" => SortTarget::Create,
                "KEY" | "" => SortTarget::Key,
                "MODIFY" => SortTarget::Mod,
                "VALUE" => SortTarget::Value,
                "VERSION" => SortTarget::Version,
                _ => return Err(Failure::new(ExitStatus::BadFeature, format!("bad sort target {by}"))),
            };
            let given: Vec<OsString> = pos.iter().take(2).map(|b| os(b)).collect();
            let (key, end) = crate::client::key_range(&given, prefix, from_key);
            Ok(Request::Get {
                key,
                end,
                limit: int("limit"),
                rev: int("rev"),
                sort_target,
                sort_order,
                serializable,
                keys_only: on("keys-only"),
            })
        }
        _ => {
            if pos.is_empty() || pos.len() > 2 {
                return Err(crate::ctl::bad_args(
                    "del command needs one argument as key and an optional argument as range_end",
                ));
            }
            let (prefix, from_key) = (on("prefix"), on("from-key"));
            if prefix && from_key {
                return Err(crate::ctl::bad_args(
                    "`--prefix` and `--from-key` cannot be set at the same time, choose one",
                ));
            }
            if pos.len() > 1 && (prefix || from_key) {
                return Err(crate::ctl::bad_args(
                    "too many arguments, only accept one argument when `--prefix` or `--from-key` is set",
                ));
            }
            let given: Vec<OsString> = pos.iter().map(|b| os(b)).collect();
            let (key, end) = crate::client::key_range(&given, prefix, from_key);
            Ok(Request::Del {
                key,
                end,
                prev_kv: on("prev-kv"),
            })
        }
    }
}

/// cobra's `argsMinusFirstX`.
fn without_first(args: &[Vec<u8>], name: &[u8]) -> Vec<Vec<u8>> {
    let mut out = args.to_vec();
    if let Some(p) = out.iter().position(|a| a == name) {
        out.remove(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(line: &str) -> Result<Comparison, (i32, String)> {
        parse_compare(line.as_bytes()).map_err(|f| (f.status.code(), f.message))
    }

    #[test]
    fn compares_scan_as_go_sscanf() {
        assert_eq!(
            cmp(r#"mod("k") > "0""#),
            Ok(Comparison {
                key: b"k".to_vec(),
                relation: Relation::Greater,
                target: CompareTarget::Mod(0)
            })
        );
        assert_eq!(
            cmp(r#"val("k") != "v2" trailing"#).unwrap().relation,
            Relation::NotEqual
        );
        assert_eq!(
            cmp(r#"value("k") = "\x00\xff\u00e9""#).unwrap().target,
            CompareTarget::Value(vec![0, 0xff, 0xc3, 0xa9])
        );
        assert_eq!(cmp("mod(`k`) > `1`").unwrap().target, CompareTarget::Mod(1));
        assert_eq!(cmp(r#"mod("k") > "+5""#).unwrap().target, CompareTarget::Mod(5));
        // etcdctl's messages, word for word.
        let err = |l: &str| cmp(l).unwrap_err();
        assert_eq!(err("mod"), (3, "malformed comparison: mod".into()));
        assert_eq!(
            err(r#"mod(k) > "0""#),
            (3, r#"malformed comparison: mod(k) > "0"; got mod("")  """#.into())
        );
        assert_eq!(
            err(r#"mod("k") >"0""#),
            (3, r#"malformed comparison: mod("k") >"0"; got mod("k") >"0" """#.into())
        );
        assert_eq!(
            err(r#"mod("k")>"0""#),
            (3, r#"malformed comparison: mod("k")>"0"; got mod("k")  """#.into())
        );
        assert_eq!(
            err("mod(`k) > `1`"),
            (3, r#"malformed comparison: mod(`k) > `1`; got mod("k) > ")  """#.into())
        );
        assert_eq!(
            err(r#"value("k") = "\ud800""#),
            (
                3,
                r#"malformed comparison: value("k") = "\ud800"; got value("k") = """#.into()
            )
        );
        assert_eq!(
            err(r#"mod ("k") > "0""#),
            (
                3,
                r#"malformed comparison: mod ("k") > "0" (unknown target mod )"#.into()
            )
        );
        assert_eq!(
            err(r#"mod("k") > "0x10""#),
            (3, r#"invalid txn compare request: mod("k") > "0x10""#.into())
        );
        assert_eq!(err(r#"mod("k") >= "0""#).0, 2);
        assert_eq!(err(r#"lease("k") = "0""#).0, 2);
    }

    #[test]
    fn words_as_argify_splits_them() {
        let words = |l: &str| argify(l.as_bytes()).map(|w| w.iter().map(|b| text(b)).collect::<Vec<_>>());
        assert_eq!(words(r#"put "a b" "c\td""#).unwrap(), ["put", "a b", "c\td"]);
        assert_eq!(words("put 'abc' v").unwrap(), ["put", "a", "v"]);
        assert_eq!(
            words(r#"get "k"v a"b"c k'v"#).unwrap(),
            ["get", "k", "v", "a\"b\"c", "k'v"]
        );
        assert_eq!(words("get 'k'").unwrap(), ["get", ""]);
        assert_eq!(argify(b"put 'k' 'v' 'w' 'x'").unwrap_err().status.code(), 2);
        assert_eq!(argify(br#"put "a\q" v"#).unwrap_err().message, "invalid syntax");
    }

    #[test]
    fn requests_parse_as_cobra_and_pflag() {
        let req = |l: &str| parse_request(l.as_bytes(), &mut Vec::new).map_err(|f| (f.status.code(), f.message));
        assert!(matches!(req("get k --limit 0x1_0"), Ok(Request::Get { limit: 16, .. })));
        assert!(matches!(req("--lease 5 put k v"), Ok(Request::Put { lease: 5, .. })));
        assert_eq!(
            req("--prefix get k"),
            Err((3, "invalid txn request: --prefix get k".into()))
        );
        assert!(matches!(req("put k v --lease=1f"), Ok(Request::Put { lease: 31, .. })));
        assert!(matches!(req("put -- k -v"), Ok(Request::Put { .. })));
        assert_eq!(req("get"), Err((3, "invalid txn compare request: get".into())));
        assert_eq!(req("delete k"), Err((3, "invalid txn request: delete k".into())));
        assert_eq!(req("get k --pre"), Err((3, "invalid txn request: get k --pre".into())));
        assert_eq!(req("put k -1").unwrap_err().0, 3);
        assert_eq!(req("get k -h").unwrap_err().0, 3);
        assert_eq!(req("put k").unwrap_err().0, 128);
        assert_eq!(req("get k --order=up"), Err((4, "bad sort order up".into())));
        assert_eq!(req("del k z w").unwrap_err().0, 128);
        assert!(matches!(req("del k --prefix"), Ok(Request::Del { end, .. }) if end == b"l"));
        assert_eq!(trim_space(b" \t a b \r\n"), b"a b");
    }
}
