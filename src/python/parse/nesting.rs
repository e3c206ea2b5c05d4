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
                i = after_string(bytes, i);
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

/// The offset just past the string literal whose quote is at `start`.
fn after_string(bytes: &[u8], start: usize) -> usize {
    let q = bytes[start];
    let triple = bytes[start..].starts_with(&[q, q, q]);
    let quote_len = if triple { 3 } else { 1 };
    let mut i = start + quote_len;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            i += 2;
        } else if (triple && bytes[i..].starts_with(&[q, q, q])) || (!triple && bytes[i] == q) {
            return i + quote_len;
        } else if !triple && bytes[i] == b'\n' {
            return i;
        } else {
            i += 1;
        }
    }
    bytes.len()
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
