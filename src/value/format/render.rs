//! `format(v, spec)`: the mini-language applied to one value as its type's `__format__` does
//! it. A str pads and truncates, an int (a bool too) writes digits in a base or a char, or
//! becomes a float for the float types, a float goes through `float_text`; every other value
//! accepts only the empty spec.

use super::float_text::{Options, Style, float_text};
use super::layout::Number;
use super::percent::char_of;
use super::spec::{Defaults, Spec, quoted_code};
use super::{bounded, raise};
use crate::value::Value;
use crate::value::error::OpError;

/// Python's `format(v, spec)`, which f-string fields and `str.format` call for each value.
pub fn format_spec(v: &Value, spec: &str) -> Result<String, OpError> {
    if spec.is_empty() {
        return Ok(v.to_string());
    }
    let defaults = |kind, align| Defaults { kind, align, type_name: v.type_name() };
    match v {
        Value::Str(s) => format_str(s, &Spec::parse(spec, defaults(Some('s'), '<'))?),
        Value::Int(_) | Value::Bool(_) => {
            let i = v.as_int().unwrap_or_default();
            let spec = Spec::parse(spec, defaults(Some('d'), '>'))?;
            match spec.kind {
                Some('b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n') => format_int(i, &spec),
                Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') => format_float(i as f64, &spec),
                kind => Err(unknown_code(kind, v.type_name())),
            }
        }
        Value::Float(x) => {
            let spec = Spec::parse(spec, defaults(None, '>'))?;
            match spec.kind {
                None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%') => format_float(*x, &spec),
                kind => Err(unknown_code(kind, v.type_name())),
            }
        }
        _ => Err(OpError::type_error(format!("unsupported format string passed to {}.__format__", v.type_name()))),
    }
}

fn unknown_code(kind: Option<char>, type_name: &str) -> OpError {
    let code = kind.map_or_else(|| "''".to_string(), quoted_code);
    raise("ValueError", format!("Unknown format code {code} for object of type '{type_name}'"))
}

fn not_allowed(what: &str, kind: &str) -> OpError {
    raise("ValueError", format!("{what} not allowed in {kind} format specifier"))
}

fn format_str(s: &str, spec: &Spec) -> Result<String, OpError> {
    if spec.kind != Some('s') {
        return Err(unknown_code(spec.kind, "str"));
    }
    match spec.sign {
        Some(' ') => return Err(not_allowed("Space", "string")),
        Some(_) => return Err(not_allowed("Sign", "string")),
        None => {}
    }
    if spec.no_neg_zero {
        return Err(not_allowed("Negative zero coercion (z)", "string"));
    }
    if spec.alt {
        return Err(not_allowed("Alternate form (#)", "string"));
    }
    if spec.align == '=' {
        return Err(not_allowed("'=' alignment", "string"));
    }
    let text: String = match spec.precision {
        Some(precision) => s.chars().take(precision).collect(),
        None => s.to_string(),
    };
    let len = text.chars().count();
    let padding = spec.width.map(bounded).transpose()?.unwrap_or(0).saturating_sub(len);
    let left = match spec.align {
        '>' => padding,
        '^' => padding / 2,
        _ => 0,
    };
    let fill = |n: usize| spec.fill.to_string().repeat(n);
    Ok(format!("{}{text}{}", fill(left), fill(padding - left)))
}

fn format_int(i: i64, spec: &Spec) -> Result<String, OpError> {
    if spec.precision.is_some() {
        return Err(not_allowed("Precision", "integer"));
    }
    if spec.no_neg_zero {
        return Err(not_allowed("Negative zero coercion (z)", "integer"));
    }
    let magnitude = i.unsigned_abs();
    let (prefix, digits) = match spec.kind {
        Some('c') => {
            if spec.sign.is_some() {
                return Err(raise("ValueError", "Sign not allowed with integer format specifier 'c'"));
            }
            if spec.alt {
                return Err(raise("ValueError", "Alternate form (#) not allowed with integer format specifier 'c'"));
            }
            let c = char_of(i)?;
            return Number { rest: c.to_string(), ..Number::default() }.lay_out(spec);
        }
        Some('b') => ("0b", format!("{magnitude:b}")),
        Some('o') => ("0o", format!("{magnitude:o}")),
        Some('x') => ("0x", format!("{magnitude:x}")),
        Some('X') => ("0X", format!("{magnitude:X}")),
        _ => ("", magnitude.to_string()),
    };
    let prefix = if spec.alt { prefix.to_string() } else { String::new() };
    Number { negative: i < 0, prefix, digits, rest: String::new() }.lay_out(spec)
}

fn format_float(x: f64, spec: &Spec) -> Result<String, OpError> {
    let precision = spec.precision.map(bounded).transpose()?;
    let upper = matches!(spec.kind, Some('E' | 'F' | 'G'));
    let options = Options { upper, alt: spec.alt, add_dot_0: spec.kind.is_none(), no_neg_zero: spec.no_neg_zero };
    let (style, x) = match spec.kind {
        None if precision.is_none() => (Style::Repr, x),
        None | Some('g' | 'G' | 'n') => (Style::General, x),
        Some('e' | 'E') => (Style::Exp, x),
        Some('%') => (Style::Fixed, x * 100.0),
        _ => (Style::Fixed, x),
    };
    let mut text = float_text(x, style, precision.unwrap_or(6), options);
    if spec.kind == Some('%') {
        text.push('%');
    }
    Number::from_text(&text).lay_out(spec)
}
