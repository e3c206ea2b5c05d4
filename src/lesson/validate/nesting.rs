//! A guard run before the TOML parser: finds the first `[` or `{` nested deeper than a
//! limit, skipping strings and comments, so that hostile input such as 20,000 `[` gets a
//! clear diagnostic at the offending bracket instead of reaching a recursive parser.

/// The byte offset of the first bracket nested deeper than `limit`, if any.
pub fn too_deep(src: &str, limit: usize) -> Option<usize> {
    let bytes = src.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => i = skip_to_newline(bytes, i),
            b'"' | b'\'' => i = skip_string(bytes, i),
            b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return Some(i);
                }
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

fn skip_to_newline(bytes: &[u8], i: usize) -> usize {
    bytes[i..].iter().position(|b| *b == b'\n').map_or(bytes.len(), |n| i + n)
}

/// The index after the string starting at `i` (one-line or multi-line, basic or literal).
fn skip_string(bytes: &[u8], i: usize) -> usize {
    let q = bytes[i];
    let multi = bytes.get(i + 1) == Some(&q) && bytes.get(i + 2) == Some(&q);
    let mut j = if multi { i + 3 } else { i + 1 };
    while j < bytes.len() {
        let b = bytes[j];
        if b == b'\\' && q == b'"' {
            j += 2;
        } else if b == q && (!multi || (bytes.get(j + 1) == Some(&q) && bytes.get(j + 2) == Some(&q))) {
            return if multi { j + 3 } else { j + 1 };
        } else if b == b'\n' && !multi {
            return j;
        } else {
            j += 1;
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_inside_strings_and_comments_do_not_count() {
        let src = format!("a = '{0}'\nb = \"\"\"{0}\"\"\"\n# {0}\nc = [[1]]", "[".repeat(500));
        assert_eq!(too_deep(&src, 100), None);
    }

    #[test]
    fn the_first_bracket_past_the_limit_is_found() {
        let src = format!("x = {}", "[".repeat(20_000));
        assert_eq!(too_deep(&src, 100), Some(4 + 100));
        assert_eq!(too_deep("x = {a = {b = 1}}", 1), Some(9));
    }
}
