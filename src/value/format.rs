//! Python's string formatting over `Value`, the one implementation behind `str % args`,
//! `format(v, spec)`, f-string fields `{v:spec}` and `str.format`: CPython's output to the
//! character and its exceptions with their messages. Floats are written by `float_text.rs`,
//! numbers laid out (sign, prefix, padding, grouping) by `layout.rs`, the mini-language parsed
//! by `spec.rs` and applied per type by `render.rs`; `percent.rs` and `template.rs` are the
//! two template languages.

mod float_text;
mod layout;
mod percent;
mod render;
mod spec;
mod template;

pub use percent::{latin1_bytes, latin1_text, percent_format};
pub(super) use percent::{percent_bytes, percent_value};
pub use render::format_spec;
pub use template::str_format;

use super::MAX_SEQUENCE;
use super::error::OpError;

/// An exception of `class` with CPython's `message`.
fn raise(class: &'static str, message: impl Into<String>) -> OpError {
    OpError { class, message: message.into() }
}

/// Python's `ascii()` of a repr: every non-ASCII character escaped (`'\xe9'`, `'\u5305'`).
pub fn ascii(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match u32::from(c) {
            0..=0x7f => out.push(c),
            code @ 0x80..=0xff => out.push_str(&format!("\\x{code:02x}")),
            code @ 0x100..=0xffff => out.push_str(&format!("\\u{code:04x}")),
            code => out.push_str(&format!("\\U{code:08x}")),
        }
    }
    out
}

/// A width or precision forkbook will build, or its MemoryError: a lesson never needs a
/// field of a million characters, and a typo must not eat the machine.
fn bounded(n: usize) -> Result<usize, OpError> {
    if n > MAX_SEQUENCE { Err(OpError::too_long()) } else { Ok(n) }
}

#[cfg(test)]
mod tests;
