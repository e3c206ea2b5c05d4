//! Where each byte of a TOML string's value stands in the lesson file, so a problem in a
//! check points at its very column even when the TOML string holds escapes
//! (`"max_holders(\"rl\")"`). Literal strings (`'…'`) map one to one; basic strings are
//! decoded here escape by escape.

use std::ops::Range;

/// The map from byte offsets of a string's value to byte offsets of the file.
#[derive(Debug)]
pub struct SourceMap {
    /// Where the value's first byte stands in the file.
    start: usize,
    /// For a value with escapes: (offset in the value, offset in the file) of each char.
    chars: Vec<(usize, usize)>,
}

impl SourceMap {
    /// Maps the TOML string at `span` of `file_text`, whose value is `value`. When the text
    /// at `span` does not decode to `value` (a form this map does not know), offsets count
    /// from where the value starts, as for a literal string.
    pub fn new(file_text: &str, span: Range<usize>, value: &str) -> SourceMap {
        let raw = file_text.get(span.clone()).unwrap_or("");
        let (open, close) = match raw.get(..3) {
            Some("'''" | "\"\"\"") => (3, 3),
            _ if raw.starts_with(['\'', '"']) => (1, 1),
            _ => (0, 0),
        };
        let mut start = span.start + open;
        let mut inner = raw.get(open..raw.len().saturating_sub(close)).unwrap_or("");
        if open == 3 {
            // A newline right after the opening quotes is not part of the value.
            let dropped = if inner.starts_with("\r\n") { 2 } else { usize::from(inner.starts_with('\n')) };
            start += dropped;
            inner = &inner[dropped..];
        }
        let plain = SourceMap { start, chars: Vec::new() };
        if !raw.starts_with('"') || !inner.contains('\\') {
            return plain;
        }
        match decode(inner, open == 3) {
            Some((decoded, chars)) if decoded == value => {
                SourceMap { start, chars: chars.into_iter().map(|(v, f)| (v, start + f)).collect() }
            }
            _ => plain,
        }
    }

    /// The file offset of byte `offset` of the value.
    pub fn file_offset(&self, offset: usize) -> usize {
        if self.chars.is_empty() {
            return self.start + offset;
        }
        let i = self.chars.partition_point(|&(v, _)| v <= offset).saturating_sub(1);
        self.chars.get(i).map_or(self.start + offset, |&(v, f)| f + (offset - v))
    }
}

/// Decodes a basic string's inside; gives the value and, for each char of it, its offset in
/// the value and in `inner`. `None` for an escape TOML does not have.
fn decode(inner: &str, multi_line: bool) -> Option<(String, Vec<(usize, usize)>)> {
    let mut out = String::new();
    let mut map = Vec::new();
    let mut chars = inner.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c != '\\' {
            map.push((out.len(), at));
            out.push(c);
            continue;
        }
        let (_, kind) = chars.next()?;
        let decoded = match kind {
            'b' => '\u{8}',
            't' => '\t',
            'n' => '\n',
            'f' => '\u{c}',
            'r' => '\r',
            'e' => '\u{1b}',
            '"' => '"',
            '\\' => '\\',
            'x' | 'u' | 'U' => {
                let digits = match kind {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let mut code = 0u32;
                for _ in 0..digits {
                    code = code * 16 + chars.next()?.1.to_digit(16)?;
                }
                char::from_u32(code)?
            }
            // A line-ending backslash drops the newline and the whitespace after it.
            ' ' | '\t' | '\r' | '\n' if multi_line => {
                while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
                continue;
            }
            _ => return None,
        };
        map.push((out.len(), at));
        out.push(decoded);
    }
    Some((out, map))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(file: &str, value: &str) -> SourceMap {
        let start = file.find(['\'', '"']).expect("a string");
        SourceMap::new(file, start..file.len(), value)
    }

    #[test]
    fn a_literal_string_maps_one_to_one() {
        let m = map("x = 'a(\"b\")'", "a(\"b\")");
        assert_eq!((m.file_offset(0), m.file_offset(2)), (5, 7));
        let m = map("x = '''\nab'''", "ab");
        assert_eq!(m.file_offset(1), 9);
    }

    #[test]
    fn escapes_in_a_basic_string_are_stepped_over() {
        let file = r#"x = "f(\"rl\") + tikets""#;
        let value = "f(\"rl\") + tikets";
        let m = map(file, value);
        let tikets = value.find("tikets").expect("in value");
        assert_eq!(&file[m.file_offset(tikets)..m.file_offset(tikets) + 6], "tikets");
        let quote = value.find('"').expect("quote");
        assert_eq!(&file[m.file_offset(quote)..m.file_offset(quote) + 2], "\\\"");
        let m = map(r#"x = "\u00e9 y""#, "é y");
        assert_eq!(m.file_offset("é ".len()), 12);
    }

    #[test]
    fn a_value_that_does_not_decode_alike_counts_from_its_start() {
        let m = map(r#"x = "a\qb""#, "a?b");
        assert_eq!(m.file_offset(2), 7);
    }
}
