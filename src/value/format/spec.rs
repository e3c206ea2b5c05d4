//! The format-spec mini-language, parsed:
//! `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`, with CPython's errors for
//! what is wrong whatever the value's type. What each type accepts is checked in `render.rs`.

use super::raise;
use crate::value::error::OpError;

/// A parsed format spec; `align` and `kind` already hold the value type's defaults.
#[derive(Clone, Debug)]
pub(super) struct Spec {
    pub fill: char,
    /// `<`, `>`, `^` or `=` (padding between the sign and the digits).
    pub align: char,
    /// `+`, `-` or ` `, when given.
    pub sign: Option<char>,
    /// `z`: no minus sign on a float that rounded to zero.
    pub no_neg_zero: bool,
    /// `#`: base prefixes, a kept decimal point.
    pub alt: bool,
    pub width: Option<usize>,
    pub grouping: Option<Grouping>,
    pub precision: Option<usize>,
    /// The presentation type (`d`, `f`, `s`, …); `None` is a float's "no type".
    pub kind: Option<char>,
}

/// Thousands separators: `,` or `_` every 3 digits, `_` every 4 in binary, octal and hex.
#[derive(Clone, Copy, Debug)]
pub(super) struct Grouping {
    pub separator: char,
    pub every: usize,
}

/// What a value's type assumes when the spec leaves it out.
#[derive(Clone, Copy, Debug)]
pub(super) struct Defaults {
    pub kind: Option<char>,
    pub align: char,
    pub type_name: &'static str,
}

impl Spec {
    /// `text` parsed for a value with `defaults`.
    pub fn parse(text: &str, defaults: Defaults) -> Result<Spec, OpError> {
        let chars: Vec<char> = text.chars().collect();
        let mut pos = 0;
        let at = |pos: usize| chars.get(pos).copied();
        let is_align = |c: Option<char>| matches!(c, Some('<' | '>' | '=' | '^'));
        let mut spec = Spec {
            fill: ' ',
            align: defaults.align,
            sign: None,
            no_neg_zero: false,
            alt: false,
            width: None,
            grouping: None,
            precision: None,
            kind: defaults.kind,
        };
        let (mut fill_given, mut align_given) = (false, false);
        if is_align(at(1)) {
            (spec.fill, spec.align) = (chars[0], chars[1]);
            (fill_given, align_given, pos) = (true, true, 2);
        } else if let Some(align) = at(0).filter(|_| is_align(at(0))) {
            (spec.align, align_given, pos) = (align, true, 1);
        }
        if let Some(sign @ ('+' | '-' | ' ')) = at(pos) {
            spec.sign = Some(sign);
            pos += 1;
        }
        if at(pos) == Some('z') {
            spec.no_neg_zero = true;
            pos += 1;
        }
        if at(pos) == Some('#') {
            spec.alt = true;
            pos += 1;
        }
        // A `0` before the width pads with zeros; for numbers it also means `=`.
        if !fill_given && at(pos) == Some('0') {
            spec.fill = '0';
            if !align_given && defaults.align == '>' {
                spec.align = '=';
            }
            pos += 1;
        }
        spec.width = integer(&chars, &mut pos)?;
        let separator = |c: char| Grouping { separator: c, every: 3 };
        if at(pos) == Some(',') {
            spec.grouping = Some(separator(','));
            pos += 1;
        }
        if at(pos) == Some('_') {
            if spec.grouping.is_some() {
                return Err(both_separators());
            }
            spec.grouping = Some(separator('_'));
            pos += 1;
        }
        if at(pos) == Some(',') && spec.grouping.is_some_and(|g| g.separator == '_') {
            return Err(both_separators());
        }
        if at(pos) == Some('.') {
            pos += 1;
            spec.precision = integer(&chars, &mut pos)?;
            if spec.precision.is_none() {
                return Err(raise("ValueError", "Format specifier missing precision"));
            }
        }
        match &chars[pos..] {
            [] => {}
            [kind] => spec.kind = Some(*kind),
            _ => {
                return Err(raise(
                    "ValueError",
                    format!("Invalid format specifier '{text}' for object of type '{}'", defaults.type_name),
                ));
            }
        }
        if let Some(grouping) = &mut spec.grouping {
            match spec.kind {
                None | Some('d' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F') => {}
                Some('b' | 'o' | 'x' | 'X') if grouping.separator == '_' => grouping.every = 4,
                Some(kind) => {
                    return Err(raise(
                        "ValueError",
                        format!("Cannot specify '{}' with {}.", grouping.separator, quoted_code(kind)),
                    ));
                }
            }
        }
        Ok(spec)
    }
}

/// A presentation type as CPython's messages quote it: `'x'`, or `'\x7f'` when unprintable.
pub(super) fn quoted_code(kind: char) -> String {
    if (33..128).contains(&u32::from(kind)) { format!("'{kind}'") } else { format!("'\\x{:x}'", u32::from(kind)) }
}

fn both_separators() -> OpError {
    raise("ValueError", "Cannot specify both ',' and '_'.")
}

/// The decimal number at `pos` (moving past it), `None` when there is none.
fn integer(chars: &[char], pos: &mut usize) -> Result<Option<usize>, OpError> {
    let mut value: Option<usize> = None;
    while let Some(digit) = chars.get(*pos).and_then(|c| c.to_digit(10)) {
        let next = value.unwrap_or(0).checked_mul(10).and_then(|v| v.checked_add(digit as usize));
        value = Some(
            next.filter(|v| isize::try_from(*v).is_ok())
                .ok_or_else(|| raise("ValueError", "Too many decimal digits in format string"))?,
        );
        *pos += 1;
    }
    Ok(value)
}
