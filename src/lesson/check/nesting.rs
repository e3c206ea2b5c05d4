//! A guard run before the parser: the parser (and everything walking its tree) recurses once
//! per level of nesting, so a check nested absurdly deep must be refused from its text, never
//! with a blown stack. The scan follows brackets, strings and f-string fields closely enough
//! to never count less nesting than the parser will meet.

/// Deepest nesting of brackets and f-string fields in a check.
pub const MAX_DEPTH: usize = 32;

/// Most operators (each may nest the tree one level) in a check.
pub const MAX_OPERATORS: usize = 128;

/// Why a check is refused, and the byte offset where the limit was passed.
#[derive(Debug, PartialEq, Eq)]
pub struct TooDeep {
    pub offset: usize,
    pub message: String,
}

/// What the scan is inside of.
enum Frame {
    /// `(`, `[` or `{` in code.
    Bracket,
    /// An f-string's literal text, ended by its quote (`"`, `'''`, …).
    FText(&'static [u8]),
    /// The code of an f-string's `{…}` field.
    Field,
    /// A field's format spec after `:`, ended by the field's `}`.
    Spec,
}

/// Refuses a check whose text nests past `MAX_DEPTH` or holds more than `MAX_OPERATORS`.
pub fn check(text: &str) -> Result<(), TooDeep> {
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut operators = 0;
    let mut i = 0;
    // The identifier just before `i`, when nothing stands between: a string's prefix.
    let mut prefix: Option<&str> = None;
    while i < bytes.len() {
        let rest = &bytes[i..];
        let b = bytes[i];
        let last_prefix = prefix.take();
        match stack.last() {
            Some(Frame::FText(quote)) => {
                i += if rest.starts_with(quote) {
                    let len = quote.len();
                    stack.pop();
                    len
                } else if rest.starts_with(b"{{") || rest.starts_with(b"}}") {
                    2
                } else if b == b'\\' {
                    // A backslash never escapes the `{` of a field.
                    if matches!(rest.get(1), Some(b'{' | b'}')) { 1 } else { 2 }
                } else if b == b'{' {
                    stack.push(Frame::Field);
                    1
                } else {
                    1
                };
            }
            Some(Frame::Spec) if b == b'}' => {
                stack.pop();
                stack.pop();
                i += 1;
            }
            Some(Frame::Spec) => {
                if b == b'{' {
                    stack.push(Frame::Field);
                }
                i += 1;
            }
            _ => {
                match b {
                    b'(' | b'[' | b'{' => {
                        stack.push(Frame::Bracket);
                        operators += 1;
                    }
                    // A stray closer leaves the stack as it is: counting too much is safe.
                    b')' | b']' if matches!(stack.last(), Some(Frame::Bracket)) => {
                        stack.pop();
                    }
                    b'}' if matches!(stack.last(), Some(Frame::Bracket | Frame::Field)) => {
                        stack.pop();
                    }
                    b':' if matches!(stack.last(), Some(Frame::Field)) => stack.push(Frame::Spec),
                    b'\'' | b'"' => {
                        let quote: &'static [u8] = match (rest, b) {
                            (r, b'\'') if r.starts_with(b"'''") => b"'''",
                            (r, b'"') if r.starts_with(b"\"\"\"") => b"\"\"\"",
                            (_, b'\'') => b"'",
                            _ => b"\"",
                        };
                        if last_prefix.is_some_and(is_template_prefix) {
                            stack.push(Frame::FText(quote));
                            i += quote.len();
                        } else {
                            i = skip_plain_string(bytes, i + quote.len(), quote);
                        }
                        continue;
                    }
                    b'+' | b'-' | b'*' | b'/' | b'%' | b'<' | b'>' | b'=' | b'!' | b'~' | b'&' | b'|' | b'^' | b'@'
                    | b'.' => operators += 1,
                    _ if b.is_ascii_alphabetic() || b == b'_' || b >= 0x80 => {
                        let word = text.get(i..).map_or("", identifier);
                        if word.is_empty() {
                            i += 1;
                            continue;
                        }
                        if matches!(word, "not" | "and" | "or" | "in" | "is" | "if" | "else" | "lambda") {
                            operators += 1;
                        }
                        prefix = Some(word);
                        i += word.len();
                        continue;
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        if stack.len() > MAX_DEPTH {
            let message = format!("check nested too deeply (more than {MAX_DEPTH} levels)");
            return Err(TooDeep { offset: i.saturating_sub(1), message });
        }
        if operators > MAX_OPERATORS {
            let message = format!("check too long (more than {MAX_OPERATORS} operators)");
            return Err(TooDeep { offset: i.saturating_sub(1), message });
        }
    }
    Ok(())
}

/// Whether a string with this prefix has `{…}` fields: `f"…"`, `rf"…"`, `t"…"`.
fn is_template_prefix(prefix: &str) -> bool {
    matches!(prefix.to_ascii_lowercase().as_str(), "f" | "rf" | "fr" | "t" | "rt" | "tr")
}

/// The identifier `text` starts with (empty when none does).
fn identifier(text: &str) -> &str {
    let len = text.char_indices().find(|(_, c)| !(c.is_alphanumeric() || *c == '_')).map_or(text.len(), |(at, _)| at);
    &text[..len]
}

/// The offset just past a plain string's closing `quote` (or the end of the text), from
/// `start` just inside the opening one.
fn skip_plain_string(bytes: &[u8], start: usize, quote: &[u8]) -> usize {
    let mut i = start;
    while i < bytes.len() {
        if bytes[i..].starts_with(quote) {
            return i + quote.len();
        }
        i += if bytes[i] == b'\\' { 2 } else { 1 };
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_lessons_checks_pass_the_guard() {
        let long =
            "first_containing(\"0 执行完毕\") < first_containing(\"1 执行完毕\") and ".repeat(9) + "processes >= 2";
        assert_eq!(check(&long), Ok(()));
        assert_eq!(check("printed(\"((((((((((((((((((((((((((((((((((((((\") == 1"), Ok(()));
        assert_eq!(check(&format!("printed(\"{}\") == 0", "=".repeat(1000))), Ok(()));
        assert_eq!(check("f\"{x:>{width}}\" == f'{{{y}}}'"), Ok(()));
    }

    #[test]
    fn deep_brackets_unary_runs_and_long_chains_are_refused() {
        let deep = format!("{}1{}", "(".repeat(40), ")".repeat(40));
        let err = check(&deep).expect_err("too deep");
        assert_eq!(err.offset, MAX_DEPTH);
        assert!(err.message.contains("nested too deeply"), "{err:?}");
        assert!(check(&format!("{}1", "not ".repeat(300))).is_err_and(|e| e.message.contains("too long")));
        assert!(check(&format!("{}1", "-".repeat(300))).is_err());
        assert!(check(&format!("x{}", ".a".repeat(300))).is_err());
        assert!(check(&format!("{}1", "1 + ".repeat(300))).is_err());
    }

    #[test]
    fn nesting_hidden_in_f_string_fields_is_counted() {
        let mut nested = "x".to_string();
        for _ in 0..40 {
            nested = format!("f\"{{{nested}}}\"");
        }
        assert!(check(&nested).is_err());
        // A quote inside a format spec is literal text, not the start of a string.
        let hidden = format!("f\"{{x:'}}\" + {}1{}", "(".repeat(40), ")".repeat(40));
        assert!(check(&hidden).is_err());
        let raw = format!("rf\"\\{{{}1{}}}\"", "(".repeat(40), ")".repeat(40));
        assert!(check(&raw).is_err(), "{raw}");
        let in_field = format!("f\"{{ \"a\" + {}1{} }}\"", "(".repeat(40), ")".repeat(40));
        assert!(check(&in_field).is_err());
    }
}
