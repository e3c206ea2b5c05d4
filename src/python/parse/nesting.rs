//! CPython's own limits on nesting, checked on the text before ruff parses it: at most 200
//! nested brackets ("too many nested parentheses") and 100 levels of indentation ("too many
//! levels of indentation"). The parser and every walk of its tree recurse once per level, so a
//! program nested past these would blow the stack instead of getting a message.

/// CPython's limit on nested brackets.
pub const MAX_BRACKETS: usize = 200;
/// CPython's limit on indentation levels.
pub const MAX_INDENT: usize = 100;

/// The byte offset and message of the first limit `source` passes, if any.
pub fn too_deep(source: &str) -> Option<(usize, &'static str)> {
    let bytes = source.as_bytes();
    let mut depth = 0usize;
    let mut indents: Vec<usize> = Vec::new();
    let mut at_line_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if at_line_start && depth == 0 {
            let width = bytes[i..].iter().take_while(|c| matches!(c, b' ' | b'\t')).count();
            let rest = &bytes[i + width..];
            if !rest.is_empty() && !matches!(rest[0], b'\n' | b'\r' | b'#') {
                while indents.last().is_some_and(|&w| w >= width) {
                    indents.pop();
                }
                if width > 0 {
                    indents.push(width);
                }
                if indents.len() > MAX_INDENT {
                    return Some((i, "too many levels of indentation"));
                }
            }
            i += width;
            at_line_start = false;
            continue;
        }
        match b {
            b'\n' => at_line_start = true,
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'\'' | b'"' => {
                i = after_string(bytes, i).0;
                continue;
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_BRACKETS {
                    return Some((i, "too many nested parentheses"));
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The first bracket CPython's tokenizer refuses, as its byte offset and CPython's message: a
/// closing bracket with nothing open or not matching the one open, or (at the end) the
/// innermost bracket never closed. Asked only once the parser failed, so that a student's
/// `print((x)` reads as Python says it, at the bracket, not where the parser gave up.
pub fn bracket_error(source: &str) -> Option<(usize, String)> {
    let bytes = source.as_bytes();
    let mut open: Vec<(usize, u8, usize)> = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => line += 1,
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            q @ (b'\'' | b'"') => {
                let (end, closed) = after_string(bytes, i);
                let lines = bytes[i..end].iter().filter(|&&b| b == b'\n').count();
                if !closed {
                    let triple = bytes[i..].starts_with(&[q, q, q]);
                    // A triple-quoted one runs to the end: CPython names the last line there is.
                    let last = line + lines - usize::from(triple && lines > 0 && bytes.ends_with(b"\n"));
                    let kind = if triple { "triple-quoted string" } else { "string" };
                    return Some((i, format!("unterminated {kind} literal (detected at line {last})")));
                }
                line += lines;
                i = end;
                continue;
            }
            b @ (b'(' | b'[' | b'{') => open.push((i, b, line)),
            b @ (b')' | b']' | b'}') => {
                let (close, opener) = (
                    b as char,
                    match b {
                        b')' => b'(',
                        b']' => b'[',
                        _ => b'{',
                    },
                );
                match open.pop() {
                    None => return Some((i, format!("unmatched '{close}'"))),
                    Some((_, o, _)) if o == opener => {}
                    Some((_, o, at)) => {
                        let o = o as char;
                        let mut message =
                            format!("closing parenthesis '{close}' does not match opening parenthesis '{o}'");
                        if at != line {
                            message.push_str(&format!(" on line {at}"));
                        }
                        return Some((i, message));
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    open.pop().map(|(at, o, _)| (at, format!("'{}' was never closed", o as char)))
}

/// The offset just past the string literal whose quote is at `start`, and whether its closing
/// quote was there (else it ends at its line's end, or a triple-quoted one at the text's).
fn after_string(bytes: &[u8], start: usize) -> (usize, bool) {
    let q = bytes[start];
    let triple = bytes[start..].starts_with(&[q, q, q]);
    let quote_len = if triple { 3 } else { 1 };
    let mut i = start + quote_len;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            i += 2;
        } else if (triple && bytes[i..].starts_with(&[q, q, q])) || (!triple && bytes[i] == q) {
            return (i + quote_len, true);
        } else if !triple && bytes[i] == b'\n' {
            return (i, false);
        } else {
            i += 1;
        }
    }
    (bytes.len(), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_past_cpythons_limit_are_refused_where_the_limit_is_passed() {
        let ok = format!("x = {}1{}\n", "(".repeat(MAX_BRACKETS), ")".repeat(MAX_BRACKETS));
        assert_eq!(too_deep(&ok), None);
        let deep = format!("x = {}1{}\n", "(".repeat(5000), ")".repeat(5000));
        assert_eq!(too_deep(&deep), Some((4 + MAX_BRACKETS, "too many nested parentheses")));
    }

    #[test]
    fn a_bracket_python_refuses_is_named_as_cpython_names_it_where_it_is() {
        let at = |source| bracket_error(source);
        assert_eq!(at("print((1, 2)\nx = 1\n"), Some((5, "'(' was never closed".into())));
        assert_eq!(at("f(g(\n"), Some((3, "'(' was never closed".into())));
        assert_eq!(
            at("x = [1, 2)\n"),
            Some((9, "closing parenthesis ')' does not match opening parenthesis '['".into()))
        );
        assert_eq!(at("x = 1)\n"), Some((5, "unmatched ')'".into())));
        let other_line = "x = (1,\n  2]\n";
        let expected = "closing parenthesis ']' does not match opening parenthesis '(' on line 1";
        assert_eq!(at(other_line), Some((11, expected.into())));
        assert_eq!(at("print('a(')  # (\ns = \"\"\"\n(\n\"\"\"\nprint(\n"), Some((36, "'(' was never closed".into())));
        assert_eq!(at("print([1], {2: (3)})\n"), None);
        assert_eq!(at("x = 1\nprint('a, b)\n"), Some((12, "unterminated string literal (detected at line 2)".into())));
        let triple = "s = \"\"\"(\n\n";
        assert_eq!(at(triple), Some((4, "unterminated triple-quoted string literal (detected at line 2)".into())));
        assert_eq!(at("s = 'it\\'s'\nt = ''\n"), None, "an escaped quote and an empty string are closed");
    }

    #[test]
    fn brackets_inside_strings_and_comments_do_not_count() {
        let text = format!("s = '{}'  # {}\nt = \"\"\"{}\"\"\"\n", "(".repeat(300), "[".repeat(300), "{".repeat(300));
        assert_eq!(too_deep(&text), None);
    }

    #[test]
    fn indentation_past_cpythons_limit_is_refused_and_ordinary_blocks_are_not() {
        let mut program = String::new();
        for level in 0..120 {
            program.push_str(&format!("{}if True:\n", " ".repeat(level)));
        }
        program.push_str(&format!("{}pass\n", " ".repeat(120)));
        assert_eq!(too_deep(&program).map(|(_, m)| m), Some("too many levels of indentation"));
        let ordinary = "def f():\n    if x:\n        pass\n    return 1\n\nclass A:\n    def g(self):\n        pass\n";
        assert_eq!(too_deep(ordinary), None);
    }
}
