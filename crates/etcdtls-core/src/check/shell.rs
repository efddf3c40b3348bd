//! Reads a pasted snippet the way a POSIX shell would, as far as `check` needs: quotes,
//! backslashes, `\` line continuations, comments, and the operators that separate commands
//! (`;`, `&&`, `||`, `|`, `&`, newlines). Each word keeps the text it was written as, so a
//! corrected command changes only the words it must and leaves the user's quoting alone.
//!
//! Word splitting crates (`shlex`, `shell-words`) split one command line into words; they do not
//! report operators or where each command starts and ends, which `check` needs to give several
//! commands on one line a result each. So the splitting is done here, and `shlex` quotes the
//! words a correction writes. Nothing is expanded or executed: `$(...)` and `$VAR` stay words.

use std::borrow::Cow;

/// One word: as written, and its value after quote removal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The text as written (with its quotes).
    pub raw: String,
    /// The value the program receives (quotes and backslashes removed; `$...` kept).
    pub value: String,
}

impl Word {
    /// A new word with this value, quoted for a POSIX shell when it needs quoting.
    pub fn new(value: impl Into<String>) -> Word {
        let value = value.into();
        Word {
            raw: quote(&value).into_owned(),
            value,
        }
    }

    /// A word written exactly as given (a `$(...)` substitution the shell must still see).
    pub fn verbatim(raw: impl Into<String>) -> Word {
        let raw = raw.into();
        Word {
            value: raw.clone(),
            raw,
        }
    }
}

/// Quotes a value for a POSIX shell, leaving plain words alone. A value holding expansions
/// (`$(hostname)`, `${DIR}`, `$VAR`, `` `date` ``), which words keep as written, is put in
/// double quotes with them left as they are, so that the shell still fills them in: in single
/// quotes, `admin-$(hostname).pem` would be a file of that literal name.
pub fn quote(value: &str) -> Cow<'_, str> {
    let is_plain = |text: &str| {
        text.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=,@%+^".contains(c))
    };
    if !value.is_empty() && is_plain(value) {
        return Cow::Borrowed(value);
    }
    let parts = expansions(value);
    if parts.iter().any(|(_, expansion)| *expansion) {
        // `--cert="…"` (`NAME="…"`) rather than `"--cert=…"`, as people write it.
        let (head, parts) = match value.split_once('=') {
            Some((name, _))
                if !name.is_empty()
                    && is_plain(name)
                    && parts.first().is_some_and(|(p, e)| !e && p.len() > name.len()) =>
            {
                let mut parts = parts;
                parts[0].0 = &parts[0].0[name.len() + 1..];
                (&value[..=name.len()], parts)
            }
            _ => ("", parts),
        };
        let mut out = format!("{head}\"");
        for (part, expansion) in parts {
            if expansion {
                out.push_str(part);
            } else {
                out.push_str(&escape_in_double_quotes(part));
            }
        }
        out.push('"');
        return Cow::Owned(out);
    }
    shlex::try_quote(value).unwrap_or_else(|_| Cow::Owned(format!("'{}'", value.replace('\'', "'\\''"))))
}

/// A value cut into literal text and the expansions the shell fills in (`$(…)` with nested
/// parentheses and quotes, `$((…))`, `${…}`, `$NAME`, `$1`, `$@`, `` `…` ``), in order: each
/// part with whether it is an expansion. An unclosed one and a lone `$` are literal text.
fn expansions(value: &str) -> Vec<(&str, bool)> {
    let mut parts = Vec::new();
    let mut literal_start = 0;
    let mut i = 0;
    let bytes = value.as_bytes();
    while i < bytes.len() {
        let len = match bytes[i] {
            b'$' => expansion_len(&value[i..]),
            b'`' => value[i + 1..].find('`').map(|end| end + 2),
            _ => None,
        };
        match len {
            Some(len) => {
                if literal_start < i {
                    parts.push((&value[literal_start..i], false));
                }
                parts.push((&value[i..i + len], true));
                i += len;
                literal_start = i;
            }
            None => i += 1,
        }
    }
    if literal_start < value.len() {
        parts.push((&value[literal_start..], false));
    }
    parts
}

/// A value cut into its literal text and the expansions the shell fills in, each part with
/// whether it is an expansion (see [`quote`]).
pub(crate) fn parts(value: &str) -> Vec<(&str, bool)> {
    expansions(value)
}

/// The length of the expansion at the start of `rest`, which starts with `$`.
pub(crate) fn expansion_len(rest: &str) -> Option<usize> {
    let after = &rest[1..];
    if after.starts_with('(') {
        // The matching parenthesis, nested ones and quoted ones counted as the shell does.
        let mut depth = 0usize;
        let mut quote: Option<char> = None;
        for (j, c) in after.char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '\'' | '"') => quote = Some(c),
                (None, '(') => depth += 1,
                (None, ')') => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(1 + j + 1);
                    }
                }
                _ => {}
            }
        }
        return None;
    }
    if let Some(inner) = after.strip_prefix('{') {
        return inner.find('}').map(|end| 2 + end + 1);
    }
    let first = after.chars().next()?;
    if first.is_ascii_digit() || matches!(first, '@' | '*' | '#' | '?' | '$' | '!') {
        return Some(2);
    }
    if first.is_ascii_alphabetic() || first == '_' {
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        return Some(1 + end);
    }
    None
}

/// Where a line leaves a quote open, as bash reads it (backslashes, comments, `$(…)` and
/// `` `…` `` with their own quotes): the byte offset of the opening `'` or `"`. Bash reads on
/// through the next lines for its match.
pub fn unclosed_quote(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut i = 0;
    let mut word_start = true;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'\\' => i += 2,
            b'#' if word_start => return None,
            b'\'' => match line[i + 1..].find('\'') {
                Some(end) => i += end + 2,
                None => return Some(i),
            },
            b'"' => {
                let open = i;
                i += 1;
                loop {
                    match bytes.get(i) {
                        None => return Some(open),
                        Some(b'\\') => i += 2,
                        Some(b'"') => break,
                        Some(b'$') if bytes.get(i + 1) == Some(&b'(') => i += expansion_len(&line[i..])?,
                        Some(b'`') => i += 1 + line[i + 1..].find('`')? + 1,
                        Some(_) => i += 1,
                    }
                }
                i += 1;
            }
            b'$' if bytes.get(i + 1) == Some(&b'(') => i += expansion_len(&line[i..])?,
            b'`' => i += 1 + line[i + 1..].find('`')? + 1,
            _ => i += 1,
        }
        word_start = matches!(c, b' ' | b'\t' | b';' | b'&' | b'|' | b'(');
    }
    None
}

/// Escapes a text for the inside of double quotes, where `$`, `` ` ``, `"` and `\` are special.
pub fn escape_in_double_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '$' | '`' | '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The script of `sh -c "…"` as the outer shell reads it: the `$X` it expands before sh starts
/// are told from the `\$X` it passes on only in the text as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoubleQuoted {
    /// Each word of the inner segment as written inside the quotes.
    pub words: Vec<String>,
    /// Where the inner segment starts and ends in the outer word's raw text.
    pub start: usize,
    pub end: usize,
}

/// For `word` written as one double-quoted string, where each of `inner`'s words (a segment
/// of its value) is in the text as written. `None` for any other shape of word.
pub fn in_double_quotes(word: &Word, inner: &Segment) -> Option<DoubleQuoted> {
    let body = word.raw.strip_prefix('"')?.strip_suffix('"')?;
    // The offset in `raw` of each byte of the value, and of its end.
    let mut at = Vec::with_capacity(body.len() + 1);
    let mut value = String::with_capacity(body.len());
    let mut chars = body.char_indices().peekable();
    while let Some((j, c)) = chars.next() {
        // Another quoted part (`"a"'b'`) or quotes inside `$(…)`: not one plain string.
        if c == '"' {
            return None;
        }
        if c == '\\'
            && let Some(&(_, d)) = chars.peek()
            && matches!(d, '$' | '`' | '"' | '\\' | '\n')
        {
            chars.next();
            if d != '\n' {
                at.extend(std::iter::repeat_n(1 + j, d.len_utf8()));
                value.push(d);
            }
            continue;
        }
        at.extend((0..c.len_utf8()).map(|k| 1 + j + k));
        value.push(c);
    }
    at.push(1 + body.len());
    if value != word.value {
        return None;
    }
    let mut cursor = inner.start;
    let mut words = Vec::new();
    for w in &inner.words {
        let pos = cursor + value.get(cursor..inner.end)?.find(w.raw.as_str())?;
        let end = pos + w.raw.len();
        words.push(word.raw.get(*at.get(pos)?..*at.get(end)?)?.to_string());
        cursor = end;
    }
    Some(DoubleQuoted {
        words,
        start: *at.get(inner.start)?,
        end: *at.get(inner.end)?,
    })
}

/// `text` with each command substitution (`$(date +%F)`, `` `date` ``) shown as what it stands
/// for, `<date>` or `<…>`: the shell fills it in when the command runs, so a later command
/// cannot repeat it and get the same name. `None` when there is none.
pub fn substitutions_shown(text: &str) -> Option<String> {
    if !text.contains("$(") && !text.contains('`') {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['$', '`']) {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let inner_end = if let Some(body) = from.strip_prefix("$(") {
            // The matching parenthesis (nested ones counted); to the end when unbalanced.
            let mut depth = 1usize;
            let close = body.char_indices().find(|&(_, c)| {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                depth == 0
            });
            close.map(|(i, _)| (2, 2 + i, 3 + i))
        } else if let Some(body) = from.strip_prefix('`') {
            body.find('`').map(|i| (1, 1 + i, 2 + i))
        } else {
            None
        };
        let Some((start, end, next)) = inner_end else {
            out.push_str(&from[..1]);
            rest = &from[1..];
            continue;
        };
        let command = from[start..end].trim_start();
        out.push_str(if command.starts_with("date") { "<date>" } else { "<…>" });
        rest = &from[next..];
    }
    out.push_str(rest);
    Some(out)
}

/// Joins words as written.
pub fn join(words: &[Word]) -> String {
    words.iter().map(|w| w.raw.as_str()).collect::<Vec<_>>().join(" ")
}

/// One simple command: its words and where it sits in the text it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The words (redirections left out).
    pub words: Vec<Word>,
    /// The files its output redirections write (`> /tmp/ca.crt`, `>> log`), as written.
    pub writes: Vec<String>,
    /// Byte offset of the first word in the text.
    pub start: usize,
    /// Byte offset just past the last word.
    pub end: usize,
    /// Byte offset just past the last word or redirection (`2>&1`, `>> $LOG`).
    pub full_end: usize,
    /// Where each redirection is in the text (operator, file descriptor and target).
    pub redirections: Vec<(usize, usize)>,
}

impl Segment {
    /// The command as written.
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        source.get(self.start..self.end).unwrap_or("")
    }

    /// The redirections written among the words, before the last one (`etcdctl get /
    /// --prefix > keys.txt --keys-only`), as written and in order: a command rewritten from
    /// its words keeps them after its last word, where they do the same.
    pub fn redirections_within<'a>(&self, source: &'a str) -> Vec<&'a str> {
        (self.redirections.iter())
            .filter(|(from, _)| *from < self.end)
            .filter_map(|&(from, to)| source.get(from..to))
            .collect()
    }
}

/// Splits a command line (continuations already joined; newlines separate commands) into
/// simple commands. Unbalanced quotes end at the end of the text, as if closed there.
pub fn segments(text: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut words: Vec<Word> = Vec::new();
    let mut seg_start: Option<usize> = None;
    let mut seg_end = 0;
    let mut full_end = 0;
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    let mut skip_next_word = false;
    // Whether the redirection being read writes its target, and the targets so far.
    let mut writing = false;
    let mut writes: Vec<String> = Vec::new();
    // Where the redirection being read starts (its file descriptor's digits included), and
    // the redirections so far.
    let mut fd_start: Option<usize> = None;
    let mut open_redirection: Option<usize> = None;
    let mut redirections: Vec<(usize, usize)> = Vec::new();
    let finish = |words: &mut Vec<Word>,
                  writes: &mut Vec<String>,
                  redirections: &mut Vec<(usize, usize)>,
                  seg_start: &mut Option<usize>,
                  (seg_end, full_end): (usize, usize),
                  out: &mut Vec<Segment>| {
        if let Some(start) = seg_start.take()
            && !words.is_empty()
        {
            out.push(Segment {
                words: std::mem::take(words),
                writes: std::mem::take(writes),
                redirections: std::mem::take(redirections),
                start,
                end: seg_end,
                full_end: full_end.max(seg_end),
            });
        }
        words.clear();
        writes.clear();
        redirections.clear();
    };
    while i < bytes.len() {
        let (pos, c) = bytes[i];
        match c {
            ' ' | '\t' | '\r' => i += 1,
            '\n' | ';' => {
                finish(
                    &mut words,
                    &mut writes,
                    &mut redirections,
                    &mut seg_start,
                    (seg_end, full_end),
                    &mut out,
                );
                i += 1;
            }
            '&' | '|' => {
                finish(
                    &mut words,
                    &mut writes,
                    &mut redirections,
                    &mut seg_start,
                    (seg_end, full_end),
                    &mut out,
                );
                i += 1;
                if bytes.get(i).is_some_and(|&(_, d)| d == c) {
                    i += 1;
                }
            }
            '#' => {
                while i < bytes.len() && bytes[i].1 != '\n' {
                    i += 1;
                }
            }
            '>' | '<' if !is_placeholder(text, &bytes, i) => {
                // A redirection: the operator and its target are not arguments.
                writing = c == '>';
                let from = fd_start.take().unwrap_or(pos);
                i += 1;
                while bytes.get(i).is_some_and(|&(_, d)| d == '>' || d == '&') {
                    i += 1;
                }
                skip_next_word = !bytes.get(i).is_some_and(|&(_, d)| d.is_ascii_digit() || d == '-');
                if !skip_next_word {
                    while bytes.get(i).is_some_and(|&(_, d)| d.is_ascii_digit() || d == '-') {
                        i += 1;
                    }
                }
                full_end = bytes.get(i).map(|&(p, _)| p).unwrap_or(text.len());
                if skip_next_word {
                    open_redirection = Some(from);
                } else if redirections.len() < 64 {
                    redirections.push((from, full_end));
                }
            }
            _ => {
                let (word, next) = read_word(text, &bytes, i);
                // `2>` : a file descriptor number glued to a redirection is not a word.
                let fd_redirect = word.raw.chars().all(|c| c.is_ascii_digit())
                    && bytes.get(next).is_some_and(|&(_, d)| d == '>' || d == '<');
                let end = bytes.get(next).map(|&(p, _)| p).unwrap_or(text.len());
                full_end = end;
                if skip_next_word {
                    skip_next_word = false;
                    if writing && writes.len() < 64 {
                        writes.push(word.value.clone());
                    }
                    if let Some(from) = open_redirection.take()
                        && redirections.len() < 64
                    {
                        redirections.push((from, end));
                    }
                } else if fd_redirect {
                    fd_start = Some(pos);
                } else if !fd_redirect && words.len() < crate::limits::MAX_COMMAND_WORDS {
                    seg_start.get_or_insert(pos);
                    seg_end = end;
                    words.push(word);
                }
                i = next;
            }
        }
    }
    finish(
        &mut words,
        &mut writes,
        &mut redirections,
        &mut seg_start,
        (seg_end, full_end),
        &mut out,
    );
    out
}

/// `<node-name>` in `etcd-<node-name>` is a placeholder from documentation, not a redirection.
fn is_placeholder(text: &str, chars: &[(usize, char)], i: usize) -> bool {
    placeholder_at(&text[chars[i].0..]).is_some()
}

/// The name inside a documentation placeholder at the start of `rest` (`node-name` for
/// `<node-name>…`): letters, digits, `-`, `_` and spaces between `<` and `>`. Reads no further
/// than that run of characters.
pub fn placeholder_at(rest: &str) -> Option<&str> {
    let inner = rest.strip_prefix('<')?;
    let end = inner
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ' ')))
        .unwrap_or(inner.len());
    (end > 0 && inner[end..].starts_with('>')).then(|| &inner[..end])
}

/// The first documentation placeholder anywhere in `text` (`<IP>` in `https://<IP>:2379`).
pub fn placeholder(text: &str) -> Option<&str> {
    text.match_indices('<').find_map(|(i, _)| placeholder_at(&text[i..]))
}

/// The length in bytes of a template expression at the start of `rest` (`{{ host }}`), on one
/// line.
fn template_len(rest: &str) -> Option<usize> {
    let inner = rest.strip_prefix("{{")?;
    let line = inner.split('\n').next().unwrap_or("");
    line.find("}}").map(|end| 2 + end + 2)
}

/// Reads one word starting at `i`; returns it and the index after it.
fn read_word(text: &str, chars: &[(usize, char)], mut i: usize) -> (Word, usize) {
    let start = chars[i].0;
    let mut value = String::new();
    while i < chars.len() {
        let c = chars[i].1;
        match c {
            ' ' | '\t' | '\r' | '\n' | ';' | '&' | '|' => break,
            '>' | '<' if !is_placeholder(text, chars, i) => break,
            // Ansible's or Helm's `{{ host }}`, filled in before any shell reads the line: part
            // of the word, spaces and all.
            '{' if let Some(len) = template_len(&text[chars[i].0..]) => {
                let end = chars[i].0 + len;
                while i < chars.len() && chars[i].0 < end {
                    value.push(chars[i].1);
                    i += 1;
                }
            }
            '<' => {
                // A placeholder, kept as written.
                while i < chars.len() && chars[i].1 != '>' {
                    value.push(chars[i].1);
                    i += 1;
                }
                if i < chars.len() {
                    value.push('>');
                    i += 1;
                }
            }
            '\\' => {
                if let Some(&(_, d)) = chars.get(i + 1) {
                    if d != '\n' {
                        value.push(d);
                    }
                    i += 2;
                } else {
                    i += 1;
                }
            }
            '\'' => {
                i += 1;
                while i < chars.len() && chars[i].1 != '\'' {
                    value.push(chars[i].1);
                    i += 1;
                }
                i += 1;
            }
            '"' => {
                i += 1;
                while i < chars.len() && chars[i].1 != '"' {
                    let d = chars[i].1;
                    if d == '\\' && chars.get(i + 1).is_some_and(|&(_, e)| "$`\"\\\n".contains(e)) {
                        if chars[i + 1].1 != '\n' {
                            value.push(chars[i + 1].1);
                        }
                        i += 2;
                    } else if d == '$' && chars.get(i + 1).is_some_and(|&(_, e)| e == '(') {
                        i = read_substitution(text, chars, i, &mut value);
                    } else {
                        value.push(d);
                        i += 1;
                    }
                }
                i += 1;
            }
            '$' if chars.get(i + 1).is_some_and(|&(_, e)| e == '(') => {
                i = read_substitution(text, chars, i, &mut value);
            }
            '`' => {
                value.push('`');
                i += 1;
                while i < chars.len() && chars[i].1 != '`' {
                    value.push(chars[i].1);
                    i += 1;
                }
                if i < chars.len() {
                    value.push('`');
                    i += 1;
                }
            }
            _ => {
                value.push(c);
                i += 1;
            }
        }
    }
    let end = chars.get(i).map(|&(p, _)| p).unwrap_or(text.len()).min(text.len());
    let raw = text.get(start..end).unwrap_or("").to_string();
    (Word { raw, value }, i)
}

/// Copies a `$( ... )` substitution (nested, with quotes inside) into `value` as written,
/// measured by [`expansion_len`]; an unterminated one runs to the end of the text.
fn read_substitution(text: &str, chars: &[(usize, char)], mut i: usize, value: &mut String) -> usize {
    let Some(&(start, _)) = chars.get(i) else { return i };
    let len = expansion_len(&text[start..]).unwrap_or(text.len() - start);
    value.push_str(&text[start..start + len]);
    while i < chars.len() && chars[i].0 < start + len {
        i += 1;
    }
    i
}

/// Expands `$NAME` and `${NAME}` in a value with the variables known from the snippet; unknown
/// ones stay as written.
pub fn expand(value: &str, lookup: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let (name, len) = if let Some(inner) = after.strip_prefix('{') {
            match inner.find('}') {
                Some(end) => (&inner[..end], end + 2),
                None => ("", 0),
            }
        } else {
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            (&after[..end], end)
        };
        match (!name.is_empty()).then(|| lookup(name)).flatten() {
            Some(v) => out.push_str(&v),
            None => {
                out.push('$');
                out.push_str(&after[..len]);
            }
        }
        rest = &after[len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<Vec<String>> {
        segments(text)
            .into_iter()
            .map(|s| s.words.into_iter().map(|w| w.value).collect())
            .collect()
    }

    #[test]
    fn quotes_and_escapes_are_removed_from_values_but_kept_in_raw() {
        let segs = segments(r#"etcdctl --cacert="/etc/a b/ca.crt" --key='k' get a\ b"#);
        let words = &segs[0].words;
        assert_eq!(words[1].value, "--cacert=/etc/a b/ca.crt");
        assert_eq!(words[1].raw, r#"--cacert="/etc/a b/ca.crt""#);
        assert_eq!(words[2].value, "--key=k");
        assert_eq!(words[4].value, "a b");
    }

    #[test]
    fn operators_separate_commands_and_spans_cover_each() {
        let text = "etcdctl get a && etcdctl get b | grep x; echo done # etcdctl nope";
        assert_eq!(
            values(text),
            vec![
                vec!["etcdctl", "get", "a"],
                vec!["etcdctl", "get", "b"],
                vec!["grep", "x"],
                vec!["echo", "done"]
            ]
        );
        let segs = segments(text);
        assert_eq!(segs[1].text(text), "etcdctl get b");
    }

    #[test]
    fn redirections_and_substitutions() {
        assert_eq!(
            values("etcdctl snapshot save /tmp/s.db > /dev/null 2>&1"),
            vec![vec!["etcdctl", "snapshot", "save", "/tmp/s.db"]]
        );
        let v = values("kubectl exec \"$(kubectl get pod -l component=etcd -o name | head -n 1)\" -- etcdctl");
        assert_eq!(v.len(), 1);
        assert_eq!(v[0][2], "$(kubectl get pod -l component=etcd -o name | head -n 1)");
        assert_eq!(values("kubectl exec etcd-<node-name> -- x")[0][2], "etcd-<node-name>");
    }

    #[test]
    fn redirections_among_the_words_are_found_where_they_are_written() {
        let text = "etcdctl get / 2>/dev/null --prefix > keys.txt --keys-only 2>&1 >> log";
        let s = &segments(text)[0];
        assert_eq!(s.redirections_within(text), ["2>/dev/null", "> keys.txt"]);
        assert_eq!(
            s.text(text),
            "etcdctl get / 2>/dev/null --prefix > keys.txt --keys-only"
        );
        assert_eq!(s.redirections.len(), 4);
    }

    #[test]
    fn an_unclosed_quote_is_found_as_bash_reads_it() {
        assert_eq!(unclosed_quote(r#"etcdctl snapshot save "/backup/snap.db"#), Some(22));
        assert_eq!(unclosed_quote("ENDPOINT=https://127.0.0.1:2379\""), Some(31));
        assert_eq!(unclosed_quote("etcdctl get 'it''s"), Some(16));
        for closed in [
            r#"etcdctl get "/a b" 'c d' \" it\'s"#,
            r#"x "$(crictl exec $c sh -c "etcdctl member list | cut -d, -f5")" y"#,
            "etcdctl get / # it's a comment",
            "echo `date \"+%F\"`",
        ] {
            assert_eq!(unclosed_quote(closed), None, "{closed}");
        }
    }

    #[test]
    fn broken_input_does_not_panic() {
        for text in ["\"", "'", "\\", "$(", "a <", "`", "<a", "é\"ü", "2>", ">", "$( ' )"] {
            let _ = segments(text);
        }
    }

    #[test]
    fn quoting_round_trips() {
        for v in ["/etc/kubernetes/pki/etcd/ca.crt", "a b", "it's", "", "$HOME"] {
            let w = Word::new(v);
            assert_eq!(
                segments(&w.raw)
                    .first()
                    .map(|s| s.words[0].value.clone())
                    .unwrap_or_default(),
                v
            );
        }
        assert_eq!(Word::new("--cacert=/etc/x").raw, "--cacert=/etc/x");
    }

    #[test]
    fn substitutions_are_shown_as_what_they_stand_for() {
        assert_eq!(substitutions_shown("/tmp/snap.db"), None);
        assert_eq!(
            substitutions_shown("/tmp/etcd-$(date +%Y%m%d-%H%M%S).db").as_deref(),
            Some("/tmp/etcd-<date>.db")
        );
        assert_eq!(
            substitutions_shown("/b/`hostname`-$(echo $(date)).db").as_deref(),
            Some("/b/<…>-<…>.db")
        );
        assert_eq!(substitutions_shown("/b/$(date").as_deref(), Some("/b/$(date"));
    }

    #[test]
    fn expansion_of_known_variables() {
        let lookup = |n: &str| (n == "PKI").then(|| "/etc/kubernetes/pki".to_string());
        assert_eq!(expand("$PKI/etcd/ca.crt", &lookup), "/etc/kubernetes/pki/etcd/ca.crt");
        assert_eq!(
            expand("${PKI}/ca.crt:$OTHER", &lookup),
            "/etc/kubernetes/pki/ca.crt:$OTHER"
        );
        assert_eq!(expand("${", &lookup), "${");
    }
}
