//! Text that leaves forkbook for a terminal: a lesson's output, names and messages may hold
//! control characters (ESC[2J, a window-title sequence, a `\r` that fakes a line). They are
//! shown as visible escapes (`\x1b`, `\r`, `\u202e`) instead of reaching the terminal; JSON
//! output keeps the real characters.

use std::borrow::Cow;
use std::fmt::Write;

/// `text` with every control character (C0, DEL, C1) and every bidirectional override
/// written as a visible escape, one line whatever it holds.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// Like `terminal_safe`, but a newline stays a newline: for text of several lines.
pub fn terminal_safe_lines(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

fn escape(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| needs_escape(c) && !(keep_newlines && c == '\n');
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !unsafe_char(c) {
            out.push(c);
            continue;
        }
        let _ = match c {
            '\n' => write!(out, "\\n"),
            '\r' => write!(out, "\\r"),
            '\t' => write!(out, "\\t"),
            c if (c as u32) < 0x100 => write!(out, "\\x{:02x}", c as u32),
            c => write!(out, "\\u{:04x}", c as u32),
        };
    }
    Cow::Owned(out)
}

/// Control characters and the bidirectional embeddings, overrides and isolates, which can
/// make a line read differently from what it holds.
fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_visible_escapes_and_plain_text_is_untouched() {
        assert_eq!(
            terminal_safe("\x1b[2J\x1b]0;owned\x07a\rb\tc\nd\u{9b}e\u{202e}f"),
            "\\x1b[2J\\x1b]0;owned\\x07a\\rb\\tc\\nd\\x9be\\u202ef"
        );
        assert!(matches!(terminal_safe("生产了 3 items \\x1b"), Cow::Borrowed(_)));
        assert_eq!(terminal_safe_lines("a\x1b\nb\r"), "a\\x1b\nb\\r");
    }
}
