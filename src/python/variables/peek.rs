//! A variable's value in a few characters, made without running Python code (a `__repr__`
//! could print, sleep or step): scalars and containers as `repr` writes them, instances as
//! `Ticket(count=1)` (public attributes only), objects the host implements by their type (`<Lock>`). The text is cut
//! at a width, so a list of a million items costs no more than a short one.

use crate::python::host::HostKind;
use crate::python::object::Obj;
use crate::value::Value;

/// Containers deeper than this show as `...`.
const DEPTH: usize = 6;

/// Whether a value is data a student follows (not a function, class or module, nor a
/// function the host supplies such as `Lock`).
pub fn is_data(value: &Obj) -> bool {
    match value {
        Obj::Host(host) => host.kind == HostKind::Object,
        _ => !matches!(
            value,
            Obj::Function(_)
                | Obj::Native(_)
                | Obj::Method(_)
                | Obj::Class(_)
                | Obj::Type(_)
                | Obj::Module(_)
                | Obj::Wrapper(_)
        ),
    }
}

/// Whether two values are the same immutable scalar (so the shown text cannot differ).
pub fn same_scalar(a: &Obj, b: &Obj) -> bool {
    match (a, b) {
        (Obj::None, Obj::None) => true,
        (Obj::Bool(x), Obj::Bool(y)) => x == y,
        (Obj::Int(x), Obj::Int(y)) => x == y,
        (Obj::Float(x), Obj::Float(y)) => x.to_bits() == y.to_bits(),
        (Obj::Str(x), Obj::Str(y)) => std::rc::Rc::ptr_eq(x, y) || x == y,
        _ => false,
    }
}

/// Whether two values are the same object whose text depends only on which object it is
/// (an object the host implements shows as its type; a range or bytes cannot change), so the
/// shown text cannot differ and need not be made again.
pub fn same_fixed(a: &Obj, b: &Obj) -> bool {
    match (a, b) {
        (Obj::Host(_), Obj::Host(_)) | (Obj::Range(_), Obj::Range(_)) | (Obj::Bytes(_), Obj::Bytes(_)) => a.is(b),
        _ => same_scalar(a, b),
    }
}

/// `value` shown in at most `width` characters.
#[cfg(test)]
pub fn peek(value: &Obj, width: usize) -> String {
    let mut text = String::new();
    peek_traced(value, width, &mut text, &mut Trace::default());
    text
}

/// What a text was made from: every object `peek` looked at, in order, with the length of
/// each container. The objects are held, so none of their addresses can be reused while the
/// trace lives: the same trace means the same text.
#[derive(Debug, Default)]
pub struct Trace(Vec<(Obj, usize)>);

/// Like `peek_into`, also noting in `trace` what the text was made from.
pub fn peek_traced(value: &Obj, width: usize, text: &mut String, trace: &mut Trace) {
    text.clear();
    trace.0.clear();
    let mut out =
        Out { text: std::mem::take(text), chars: 0, width, full: false, trace: std::mem::take(trace), check: None };
    write(&mut out, value, 0);
    *text = out.text;
    *trace = out.trace;
    if out.full {
        let end = text.char_indices().nth(width.saturating_sub(1)).map_or(text.len(), |(i, _)| i);
        text.truncate(end);
        text.push('…');
    }
}

/// An int `n` in the place of the int `text` and `trace` were made from (a loop counter's
/// next value): `text` becomes its digits and `trace` notes it, as `peek_traced` would make
/// them, without a walk. False, and nothing changed, when the trace is not that of one int or
/// the width could cut an int's digits.
pub fn rebind_int(n: i64, width: usize, text: &mut String, trace: &mut Trace) -> bool {
    let [(Obj::Int(old), 0)] = trace.0.as_mut_slice() else { return false };
    if width < 20 {
        return false;
    }
    // A counter's next value: its digits are the old ones plus one (no walk, no division).
    let counted = *old >= 0 && old.checked_add(1) == Some(n) && increment_digits(text);
    if !counted {
        text.clear();
        let mut digits = [0u8; 20];
        let at = int_digits(n, &mut digits);
        for &digit in &digits[at..] {
            text.push(char::from(digit));
        }
    }
    *old = n;
    true
}

/// Adds one to the decimal number `text` in place, the carry taken along (`1299` becomes
/// `1300`). False, with `text` left as it may be, when it is not all digits.
fn increment_digits(text: &mut String) -> bool {
    let mut nines = 0;
    loop {
        match text.pop() {
            Some('9') => nines += 1,
            Some(digit @ '0'..='8') => {
                text.push(char::from(digit as u8 + 1));
                break;
            }
            Some(_) => return false,
            None => {
                text.push('1');
                break;
            }
        }
    }
    if nines > 0 {
        text.extend(std::iter::repeat_n('0', nines));
    }
    true
}

/// Whether `value` would be shown as the text `trace` was noted with: the same objects
/// (each the very same, an unchanged scalar) and the same lengths, met in the same order.
/// Walks the value as `peek` does but writes nothing.
pub fn unchanged(value: &Obj, width: usize, trace: &mut Trace) -> bool {
    let mut out = Out {
        text: String::new(),
        chars: 0,
        width,
        full: false,
        trace: std::mem::take(trace),
        check: Some(Check { at: 0, differs: false }),
    };
    write(&mut out, value, 0);
    *trace = out.trace;
    out.check.is_some_and(|c| !c.differs)
}

/// The walk of `unchanged`: how far along the trace it is, and whether something differed.
struct Check {
    at: usize,
    differs: bool,
}

/// The text so far, which stops growing past the width; or, when checking, the place in the
/// trace.
struct Out {
    text: String,
    chars: usize,
    width: usize,
    full: bool,
    trace: Trace,
    check: Option<Check>,
}

impl Out {
    fn push(&mut self, s: &str) {
        if self.full || self.check.is_some() {
            return;
        }
        self.text.push_str(s);
        self.chars += if s.is_ascii() { s.len() } else { s.chars().count() };
        self.full = self.chars > self.width;
    }

    /// Meets one object on the walk: notes it, or checks it against the trace (a difference,
    /// or the end of the trace, stops the walk). False when checking, where a scalar needs
    /// no text.
    fn node(&mut self, value: &Obj) -> bool {
        let len = match value {
            Obj::List(items) => items.borrow().len(),
            Obj::Tuple(items) => items.len(),
            Obj::Dict(dict) => dict.borrow().len(),
            Obj::Set(set) => set.borrow().len(),
            Obj::FrozenSet(set) => set.len(),
            Obj::Instance(instance) => instance.attrs.borrow().len(),
            _ => 0,
        };
        let Some(check) = &mut self.check else {
            self.trace.0.push((value.clone(), len));
            return true;
        };
        let same = self.trace.0.get(check.at).is_some_and(|(old, old_len)| {
            *old_len == len && (same_scalar(old, value) || (!is_scalar(value) && old.is(value)))
        });
        check.at += 1;
        if !same {
            check.differs = true;
            self.full = true;
        } else if check.at == self.trace.0.len() {
            self.full = true;
        }
        false
    }
}

/// Whether `value` is shown by its value alone (compared with `same_scalar`).
fn is_scalar(value: &Obj) -> bool {
    matches!(value, Obj::None | Obj::Bool(_) | Obj::Int(_) | Obj::Float(_))
}

fn write(out: &mut Out, value: &Obj, depth: usize) {
    if out.full {
        return;
    }
    // Checking, a scalar needs no text and a container is walked on into.
    if !out.node(value) && (out.full || !has_parts(value)) {
        return;
    }
    match value {
        Obj::None => out.push("None"),
        Obj::Bool(b) => out.push(if *b { "True" } else { "False" }),
        Obj::Int(i) => {
            let mut digits = [0u8; 20];
            out.push(int_text(*i, &mut digits));
        }
        Obj::Float(x) => out.push(&Value::Float(*x).to_string()),
        Obj::Str(s)
            if s.len() <= out.width && s.bytes().all(|b| (b' '..=b'~').contains(&b) && b != b'\'' && b != b'\\') =>
        {
            // Plain text: its repr is itself in single quotes.
            out.push("'");
            out.push(s);
            out.push("'");
        }
        Obj::Str(s) => {
            // A long string is cut before it is quoted, so its cost stays bounded.
            let head: String = s.chars().take(out.width + 1).collect();
            out.push(&Value::Str(head).repr());
        }
        Obj::Bytes(b) => out.push(&crate::python::interp::bytes_repr(&b[..b.len().min(out.width + 1)])),
        Obj::List(items) => items_of(out, items.borrow().iter(), "[", "]", depth),
        Obj::Tuple(items) if items.len() == 1 => items_of(out, items.iter(), "(", ",)", depth),
        Obj::Tuple(items) => items_of(out, items.iter(), "(", ")", depth),
        Obj::Set(set) if set.borrow().is_empty() => out.push("set()"),
        Obj::Set(set) => items_of(out, set.borrow().iter().map(|(k, _)| k), "{", "}", depth),
        Obj::FrozenSet(set) => {
            out.push("frozenset(");
            items_of(out, set.iter().map(|(k, _)| k), "{", "}", depth);
            out.push(")");
        }
        Obj::Dict(dict) => {
            if depth >= DEPTH {
                return out.push("{...}");
            }
            out.push("{");
            for (i, (k, v)) in dict.borrow().iter().enumerate() {
                if out.full {
                    return;
                }
                if i > 0 {
                    out.push(", ");
                }
                write(out, k, depth + 1);
                out.push(": ");
                write(out, v, depth + 1);
            }
            out.push("}");
        }
        Obj::Range(r) => match r[2] {
            1 => out.push(&format!("range({}, {})", r[0], r[1])),
            step => out.push(&format!("range({}, {}, {step})", r[0], r[1])),
        },
        Obj::Instance(instance) => {
            // Attributes whose names start with `_` are the class's own business.
            let attrs = instance.attrs.borrow();
            let mut public = attrs.iter().filter(|(n, _)| !n.starts_with('_')).peekable();
            if public.peek().is_none() {
                out.push("<");
                out.push(&instance.class.name);
                return out.push(">");
            }
            out.push(&instance.class.name);
            out.push("(");
            for (i, (name, v)) in public.enumerate() {
                if out.full {
                    return;
                }
                if i > 0 {
                    out.push(", ");
                }
                out.node(&Obj::Str(name.clone()));
                out.push(name);
                out.push("=");
                if depth >= DEPTH { out.push("...") } else { write(out, v, depth + 1) }
            }
            out.push(")");
        }
        other => {
            out.push("<");
            out.push(&other.type_name());
            out.push(">");
        }
    }
}

fn items_of<'a>(out: &mut Out, items: impl Iterator<Item = &'a Obj>, open: &str, close: &str, depth: usize) {
    if depth >= DEPTH {
        out.push(open);
        out.push("...");
        return out.push(close);
    }
    out.push(open);
    for (i, item) in items.enumerate() {
        if out.full {
            return;
        }
        if i > 0 {
            out.push(", ");
        }
        write(out, item, depth + 1);
    }
    out.push(close);
}

/// The decimal text of `i`, written into `buf` without allocating.
fn int_text(i: i64, buf: &mut [u8; 20]) -> &str {
    let at = int_digits(i, buf);
    std::str::from_utf8(&buf[at..]).unwrap_or("")
}

/// Writes the decimal digits of `i` (and its sign) at the end of `buf`; returns where they start.
fn int_digits(i: i64, buf: &mut [u8; 20]) -> usize {
    let mut n = i.unsigned_abs();
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if i < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    at
}

/// Whether `write` looks inside `value` (so a check walks on into it).
fn has_parts(value: &Obj) -> bool {
    matches!(value, Obj::List(_) | Obj::Tuple(_) | Obj::Dict(_) | Obj::Set(_) | Obj::FrozenSet(_) | Obj::Instance(_))
}

#[cfg(test)]
mod counting_tests {
    use super::{Trace, rebind_int};
    use crate::python::object::Obj;

    /// The text `rebind_int` makes, counting from `from` to `to` one at a time.
    fn counted(from: i64, to: i64) -> Vec<String> {
        let mut text = from.to_string();
        let mut trace = Trace(vec![(Obj::Int(from), 0)]);
        (from + 1..=to)
            .map(|n| {
                assert!(rebind_int(n, 60, &mut text, &mut trace));
                text.clone()
            })
            .collect()
    }

    #[test]
    fn a_counter_counted_in_place_shows_the_digits_of_each_number() {
        for (from, to) in [(0, 1200), (-12, 12), (9_999_990, 10_000_010), (i64::MAX - 3, i64::MAX)] {
            let expected: Vec<String> = (from + 1..=to).map(|n| n.to_string()).collect();
            assert_eq!(counted(from, to), expected, "from {from}");
        }
    }

    #[test]
    fn a_number_that_is_not_the_next_is_written_whole() {
        let mut text = "41".to_string();
        let mut trace = Trace(vec![(Obj::Int(41), 0)]);
        for n in [40, 43, -7, 1_000_000, 999_999] {
            assert!(rebind_int(n, 60, &mut text, &mut trace));
            assert_eq!(text, n.to_string());
        }
    }
}
