//! `template.format(*positional, **named)`: literal text with `{{` and `}}`, replacement
//! fields `{name!conversion:spec}` numbered automatically (`{}`) or by hand (`{0}`, never
//! both), indexed (`{0[1]}`), and specs that hold fields of their own (`{:{width}}`, one
//! level deep), read as CPython's `MarkupIterator` reads them, with its errors. Attribute
//! access (`{0.x}`) is refused: forkbook's values have no attributes to speak of.

use super::render::format_spec;
use super::{ascii, raise};
use crate::value::Value;
use crate::value::error::OpError;

/// Python's `template.format(*positional, **named)`.
pub fn str_format(template: &str, positional: &[Value], named: &[(String, Value)]) -> Result<String, OpError> {
    let mut builder = Builder { positional, named, numbering: Numbering::Unset };
    builder.build(template, 2)
}

/// Whether fields are numbered automatically or by hand; the first numbered field decides.
enum Numbering {
    Unset,
    Automatic(usize),
    Manual,
}

struct Builder<'a> {
    positional: &'a [Value],
    named: &'a [(String, Value)],
    numbering: Numbering,
}

/// One replacement field, as written between its braces.
struct Field {
    name: String,
    conversion: Option<char>,
    spec: String,
    /// The spec holds fields of its own, to be filled in first.
    nested: bool,
}

impl Builder<'_> {
    /// `template` filled in; `depth` is how many levels of nested specs are still allowed.
    fn build(&mut self, template: &str, depth: u32) -> Result<String, OpError> {
        if depth == 0 {
            return Err(raise("ValueError", "Max string recursion exceeded"));
        }
        let chars: Vec<char> = template.chars().collect();
        let mut out = String::new();
        let mut pos = 0;
        while let Some(&c) = chars.get(pos) {
            pos += 1;
            match (c, chars.get(pos)) {
                ('{' | '}', Some(&next)) if next == c => {
                    out.push(c);
                    pos += 1;
                }
                ('}', _) => return Err(raise("ValueError", "Single '}' encountered in format string")),
                ('{', None) => return Err(raise("ValueError", "Single '{' encountered in format string")),
                ('{', _) => {
                    let field = parse_field(&chars, &mut pos)?;
                    out.push_str(&self.render(&field, depth)?);
                }
                _ => out.push(c),
            }
        }
        Ok(out)
    }

    fn render(&mut self, field: &Field, depth: u32) -> Result<String, OpError> {
        let value = self.lookup(&field.name)?;
        let value = match field.conversion {
            None => value,
            Some('r') => Value::Str(value.repr()),
            Some('s') => Value::Str(value.to_string()),
            Some('a') => Value::Str(ascii(&value.repr())),
            Some(c) if (33..127).contains(&u32::from(c)) => {
                return Err(raise("ValueError", format!("Unknown conversion specifier {c}")));
            }
            Some(c) => return Err(raise("ValueError", format!("Unknown conversion specifier \\x{:x}", u32::from(c)))),
        };
        let spec = if field.nested { self.build(&field.spec, depth - 1)? } else { field.spec.clone() };
        format_spec(&value, &spec)
    }

    /// The value a field name stands for: an argument, then any `[index]` into it.
    fn lookup(&mut self, name: &str) -> Result<Value, OpError> {
        let split = name.find(['.', '[']).unwrap_or(name.len());
        let (first, mut rest) = name.split_at(split);
        let index = integer(first)?;
        let mut value = if first.is_empty() || index.is_some() {
            let index = self.number(index)?;
            self.positional.get(index).cloned().ok_or_else(|| {
                raise("IndexError", format!("Replacement index {index} out of range for positional args tuple"))
            })?
        } else {
            let found = self.named.iter().find(|(key, _)| key == first);
            found.map(|(_, v)| v.clone()).ok_or_else(|| raise("KeyError", Value::Str(first.into()).repr()))?
        };
        while let Some(accessor) = rest.chars().next() {
            let (inside, after) = match accessor {
                '.' => {
                    let end = rest[1..].find(['.', '[']).map_or(rest.len(), |i| i + 1);
                    (&rest[1..end], &rest[end..])
                }
                '[' => match rest.find(']') {
                    Some(end) => (&rest[1..end], &rest[end + 1..]),
                    None => return Err(raise("ValueError", "Missing ']' in format string")),
                },
                _ => return Err(raise("ValueError", "Only '.' or '[' may follow ']' in format field specifier")),
            };
            if inside.is_empty() {
                return Err(raise("ValueError", "Empty attribute in format string"));
            }
            if accessor == '.' {
                return Err(raise(
                    "NotImplementedError",
                    format!("forkbook's str.format reads no attributes ('.{inside}'); compute the value first"),
                ));
            }
            value = item(&value, integer(inside)?)?;
            rest = after;
        }
        Ok(value)
    }

    /// The argument index of a numbered field: `given`, or the next one for `{}`.
    fn number(&mut self, given: Option<usize>) -> Result<usize, OpError> {
        let switch = |from: &str, to: &str| raise("ValueError", format!("cannot switch from {from} to {to}"));
        match (&mut self.numbering, given) {
            (Numbering::Unset, None) => {
                self.numbering = Numbering::Automatic(1);
                Ok(0)
            }
            (Numbering::Automatic(next), None) => {
                *next += 1;
                Ok(*next - 1)
            }
            (Numbering::Unset | Numbering::Manual, Some(index)) => {
                self.numbering = Numbering::Manual;
                Ok(index)
            }
            (Numbering::Manual, None) => Err(switch("manual field specification", "automatic field numbering")),
            (Numbering::Automatic(_), Some(_)) => {
                Err(switch("automatic field numbering", "manual field specification"))
            }
        }
    }
}

/// `value[key]` for a field's `[key]`: an int index into a list, tuple or str.
fn item(value: &Value, index: Option<usize>) -> Result<Value, OpError> {
    let out_of_range = |kind: &str| raise("IndexError", format!("{kind} index out of range"));
    match (value, index) {
        (Value::List(items), Some(i)) => items.get(i).cloned().ok_or_else(|| out_of_range("list")),
        (Value::Tuple(items), Some(i)) => items.get(i).cloned().ok_or_else(|| out_of_range("tuple")),
        (Value::Str(s), Some(i)) => {
            s.chars().nth(i).map(|c| Value::Str(c.into())).ok_or_else(|| out_of_range("string"))
        }
        (Value::List(_) | Value::Tuple(_), None) => {
            Err(OpError::type_error(format!("{} indices must be integers or slices, not str", value.type_name())))
        }
        (Value::Str(_), None) => Err(OpError::type_error("string indices must be integers, not 'str'".into())),
        _ => Err(OpError::type_error(format!("'{}' object is not subscriptable", value.type_name()))),
    }
}

/// A field name part that is all decimal digits, as a number; `None` for any other text.
fn integer(text: &str) -> Result<Option<usize>, OpError> {
    if text.is_empty() || !text.chars().all(|c| c.is_ascii_digit()) {
        return Ok(None);
    }
    text.parse::<usize>()
        .ok()
        .filter(|n| isize::try_from(*n).is_ok())
        .map(Some)
        .ok_or_else(|| raise("ValueError", "Too many decimal digits in format string"))
}

/// The field starting at `pos` (just past its `{`), leaving `pos` past its closing `}`.
fn parse_field(chars: &[char], pos: &mut usize) -> Result<Field, OpError> {
    let start = *pos;
    let mut last = None;
    while let Some(&c) = chars.get(*pos) {
        *pos += 1;
        last = Some(c);
        match c {
            '{' => return Err(raise("ValueError", "unexpected '{' in field name")),
            '[' => {
                while chars.get(*pos).is_some_and(|&c| c != ']') {
                    *pos += 1;
                }
            }
            '}' | ':' | '!' => break,
            _ => {}
        }
    }
    let name: String = chars[start..pos.saturating_sub(1).max(start)].iter().collect();
    let mut field = Field { name, conversion: None, spec: String::new(), nested: false };
    match last {
        Some('}') => return Ok(field),
        Some('!' | ':') => {}
        _ => return Err(raise("ValueError", "expected '}' before end of string")),
    }
    if last == Some('!') {
        let Some(&conversion) = chars.get(*pos) else {
            return Err(raise("ValueError", "end of string while looking for conversion specifier"));
        };
        field.conversion = Some(conversion);
        *pos += 1;
        if let Some(&c) = chars.get(*pos) {
            *pos += 1;
            if c == '}' {
                return Ok(field);
            }
            if c != ':' {
                return Err(raise("ValueError", "expected ':' after conversion specifier"));
            }
        }
    }
    let spec_start = *pos;
    let mut depth = 1;
    while let Some(&c) = chars.get(*pos) {
        *pos += 1;
        match c {
            '{' => {
                field.nested = true;
                depth += 1;
            }
            '}' => {
                depth -= 1;
                if depth == 0 {
                    field.spec = chars[spec_start..*pos - 1].iter().collect();
                    return Ok(field);
                }
            }
            _ => {}
        }
    }
    Err(raise("ValueError", "unmatched '{' in format spec"))
}
