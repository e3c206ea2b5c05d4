//! `template % args`, printf-style: `%[flags][width][.precision]conversion`, read and applied
//! the way CPython's `PyUnicode_Format` does it, down to which error wins when several apply
//! (an argument is taken before its conversion character is checked, so `'%q' % ()` is short
//! of arguments). A `%(key)` directive needs a mapping, which forkbook's values never are.

use super::float_text::{Options, Style, float_text};
use super::{ascii, bounded, raise};
use crate::value::Value;
use crate::value::error::OpError;

/// Python's `template % args` for a tuple of `args`, as `'%s=%d' % (name, n)` writes it.
pub fn percent_format(template: &str, args: &[Value]) -> Result<String, OpError> {
    Formatter::new(template, Args::Tuple(args), false).run()
}

/// `template % right` as the `%` operator means it: a tuple spreads into the arguments, any
/// other value is the one argument. A list also counts as a mapping, as in CPython, so a
/// template without directives takes it silently.
pub(in crate::value) fn percent_value(template: &str, right: &Value) -> Result<String, OpError> {
    Formatter::new(template, args_of(right), false).run()
}

/// `template % right` for a bytes template (PEP 461): as for a str, except that `%s` and `%b`
/// take only bytes, `%r` is `%a`, `%c` takes an int below 256 or one byte, and the result is
/// bytes. The template's bytes stand for the chars U+0000-U+00FF while it is read.
pub(in crate::value) fn percent_bytes(template: &[u8], right: &Value) -> Result<Vec<u8>, OpError> {
    let text = Formatter::new(&latin1_text(template), args_of(right), true).run()?;
    // Every char written is a template byte, a byte of a bytes argument or ASCII.
    Ok(latin1_bytes(&text))
}

fn args_of(right: &Value) -> Args<'_> {
    match right {
        Value::Tuple(items) => Args::Tuple(items),
        single => Args::Single(single),
    }
}

/// The chars U+0000-U+00FF that `bytes` stand for while a bytes template is formatted.
pub fn latin1_text(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// The bytes a text of chars U+0000-U+00FF (`latin1_text`) stands for.
pub fn latin1_bytes(text: &str) -> Vec<u8> {
    text.chars().map(|c| c as u8).collect()
}

/// The char `%c` and the `c` spec type make of an int.
pub(super) fn char_of(i: i64) -> Result<char, OpError> {
    if !(0..0x110000).contains(&i) {
        return Err(raise("OverflowError", "%c arg not in range(0x110000)"));
    }
    u32::try_from(i)
        .ok()
        .and_then(char::from_u32)
        .ok_or_else(|| raise("ValueError", format!("forkbook's strs cannot hold the lone surrogate U+{i:04X}")))
}

/// What the right side of `%` supplied.
enum Args<'a> {
    Tuple(&'a [Value]),
    Single(&'a Value),
}

struct Formatter<'a> {
    chars: Vec<char>,
    pos: usize,
    args: Args<'a>,
    used: usize,
    out: String,
    /// A bytes template (`percent_bytes`).
    bytes: bool,
}

/// One directive's flags, width, precision and conversion character.
#[derive(Default)]
struct Directive {
    left: bool,
    plus: bool,
    blank: bool,
    alt: bool,
    zero: bool,
    width: Option<usize>,
    precision: Option<usize>,
    conversion: char,
}

impl<'a> Formatter<'a> {
    fn new(template: &str, args: Args<'a>, bytes: bool) -> Formatter<'a> {
        Formatter { chars: template.chars().collect(), pos: 0, args, used: 0, out: String::new(), bytes }
    }

    fn run(mut self) -> Result<String, OpError> {
        while let Some(&c) = self.chars.get(self.pos) {
            self.pos += 1;
            if c == '%' {
                self.directive()?;
            } else {
                self.out.push(c);
            }
        }
        let unused = match self.args {
            Args::Tuple(items) => self.used < items.len(),
            Args::Single(_) => self.used == 0,
        };
        if unused && !self.is_mapping() {
            let what = if self.bytes { "bytes" } else { "string" };
            return Err(OpError::type_error(format!("not all arguments converted during {what} formatting")));
        }
        Ok(self.out)
    }

    fn is_mapping(&self) -> bool {
        matches!(self.args, Args::Single(Value::List(_)))
    }

    fn next_arg(&mut self) -> Result<&'a Value, OpError> {
        let arg = match self.args {
            Args::Tuple(items) => items.get(self.used),
            Args::Single(v) => (self.used == 0).then_some(v),
        };
        self.used += 1;
        arg.ok_or_else(|| OpError::type_error("not enough arguments for format string".into()))
    }

    /// The next template character, `None` once the template is used up.
    fn read(&mut self) -> Option<char> {
        let c = self.chars.get(self.pos).copied();
        self.pos += usize::from(c.is_some());
        c
    }

    /// One directive, the `%` already read.
    fn directive(&mut self) -> Result<(), OpError> {
        match self.chars.get(self.pos) {
            Some('%') => {
                self.pos += 1;
                self.out.push('%');
                return Ok(());
            }
            Some('(') => return Err(self.mapping_key()),
            _ => {}
        }
        let mut d = Directive::default();
        let mut ch = self.read();
        while let Some(flag @ ('-' | '+' | ' ' | '#' | '0')) = ch {
            match flag {
                '-' => d.left = true,
                '+' => d.plus = true,
                ' ' => d.blank = true,
                '#' => d.alt = true,
                _ => d.zero = true,
            }
            ch = self.read();
        }
        if ch == Some('*') {
            let width = star(self.next_arg()?)?;
            d.left |= width < 0;
            d.width = Some(usize::try_from(width.unsigned_abs()).unwrap_or(usize::MAX));
            ch = self.read();
        } else if ch.is_some_and(|c| c.is_ascii_digit()) {
            d.width = Some(self.number(&mut ch, isize::MAX as usize, "width too big")?);
        }
        if ch == Some('.') {
            d.precision = Some(0);
            ch = self.read();
            if ch == Some('*') {
                let precision = i32::try_from(star(self.next_arg()?)?)
                    .map_err(|_| raise("OverflowError", "Python int too large to convert to C int"))?;
                d.precision = Some(usize::try_from(precision).unwrap_or(0));
                ch = self.read();
            } else if ch.is_some_and(|c| c.is_ascii_digit()) {
                d.precision = Some(self.number(&mut ch, i32::MAX as usize, "precision too big")?);
            }
        }
        if matches!(ch, Some('h' | 'l' | 'L')) {
            ch = self.read();
        }
        d.conversion = ch.ok_or_else(|| raise("ValueError", "incomplete format"))?;
        let arg = self.next_arg()?;
        let text = if self.bytes { d.convert_for_bytes(arg, self.pos - 1)? } else { d.convert(arg, self.pos - 1)? };
        self.out.push_str(&d.pad(&text)?);
        Ok(())
    }

    /// The digits starting at `ch`, leaving `ch` on the character after them.
    fn number(&mut self, ch: &mut Option<char>, max: usize, too_big: &str) -> Result<usize, OpError> {
        let mut n = 0usize;
        while let Some(digit) = ch.and_then(|c| c.to_digit(10)) {
            n = n
                .checked_mul(10)
                .and_then(|n| n.checked_add(digit as usize))
                .filter(|n| *n <= max)
                .ok_or_else(|| raise("ValueError", too_big))?;
            *ch = self.read();
        }
        Ok(n)
    }

    /// The error of a `%(key)` directive: a mapping is needed, and a list (the only value
    /// CPython would take for one) cannot be indexed by a str.
    fn mapping_key(&mut self) -> OpError {
        if !self.is_mapping() {
            return OpError::type_error("format requires a mapping".into());
        }
        let mut depth = 0;
        while let Some(c) = self.read() {
            match c {
                '(' => depth += 1,
                ')' if depth == 1 => {
                    return OpError::type_error("list indices must be integers or slices, not str".into());
                }
                ')' => depth -= 1,
                _ => {}
            }
        }
        raise("ValueError", "incomplete format key")
    }
}

/// The int a `*` width or precision takes from the arguments.
fn star(v: &Value) -> Result<i64, OpError> {
    v.as_int().ok_or_else(|| OpError::type_error("* wants int".into()))
}

impl Directive {
    /// The argument converted as `conversion` says, before padding; `index` is where the
    /// conversion character stands, for the error about an unknown one.
    fn convert(&self, v: &Value, index: usize) -> Result<String, OpError> {
        let c = self.conversion;
        match c {
            's' => Ok(v.to_string()),
            'r' => Ok(v.repr()),
            'a' => Ok(ascii(&v.repr())),
            'd' | 'i' | 'u' | 'o' | 'x' | 'X' => self.int_text(v),
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let x = match v {
                    Value::Float(x) => *x,
                    _ => v
                        .as_int()
                        .ok_or_else(|| OpError::type_error(format!("must be real number, not {}", v.type_name())))?
                        as f64,
                };
                let style = match c.to_ascii_lowercase() {
                    'e' => Style::Exp,
                    'f' => Style::Fixed,
                    _ => Style::General,
                };
                let options = Options { upper: c.is_ascii_uppercase(), alt: self.alt, ..Options::default() };
                let precision = bounded(self.precision.unwrap_or(6))?;
                Ok(float_text(x, style, precision, options))
            }
            'c' => match v {
                Value::Str(s) if s.chars().count() == 1 => Ok(s.clone()),
                Value::Int(_) | Value::Bool(_) => char_of(v.as_int().unwrap_or_default()).map(String::from),
                _ => Err(OpError::type_error("%c requires int or char".into())),
            },
            _ => {
                let shown = if ('\u{1f}'..='~').contains(&c) { c } else { '?' };
                Err(raise(
                    "ValueError",
                    format!("unsupported format character '{shown}' (0x{:x}) at index {index}", u32::from(c)),
                ))
            }
        }
    }

    /// `convert` in a bytes template: `%s`/`%b` take bytes (their bytes as U+0000-U+00FF),
    /// `%r`/`%a` the ASCII repr, `%c` an int below 256 or a single byte; numbers as in a str.
    fn convert_for_bytes(&self, v: &Value, index: usize) -> Result<String, OpError> {
        match (self.conversion, v) {
            ('s' | 'b', Value::Bytes(b)) => Ok(latin1_text(b)),
            ('s' | 'b', _) => Err(OpError::type_error(format!(
                "%b requires a bytes-like object, or an object that implements __bytes__, not '{}'",
                v.type_name()
            ))),
            ('r' | 'a', _) => Ok(ascii(&v.repr())),
            ('c', Value::Bytes(b)) if b.len() == 1 => Ok(latin1_text(b)),
            ('c', Value::Int(_) | Value::Bool(_)) => {
                let i = v.as_int().unwrap_or_default();
                u8::try_from(i)
                    .map(|b| char::from(b).to_string())
                    .map_err(|_| raise("OverflowError", "%c arg not in range(256)"))
            }
            ('c', _) => Err(OpError::type_error("%c requires an integer in range(256) or a single byte".into())),
            _ => self.convert(v, index),
        }
    }

    /// `d`, `o`, `x`: sign, `0x` prefix under `#`, digits zero-filled to the precision.
    fn int_text(&self, v: &Value) -> Result<String, OpError> {
        let c = self.conversion;
        let decimal = matches!(c, 'd' | 'i' | 'u');
        let (negative, digits) = match (v, v.as_int()) {
            (_, Some(i)) => {
                let m = i.unsigned_abs();
                let digits = match c {
                    'o' => format!("{m:o}"),
                    'x' => format!("{m:x}"),
                    'X' => format!("{m:X}"),
                    _ => m.to_string(),
                };
                (i < 0, digits)
            }
            (Value::Float(x), None) if decimal => {
                if x.is_nan() {
                    return Err(raise("ValueError", "cannot convert float NaN to integer"));
                }
                if x.is_infinite() {
                    return Err(raise("OverflowError", "cannot convert float infinity to integer"));
                }
                (x.trunc() < 0.0, format!("{:.0}", x.trunc().abs()))
            }
            _ => {
                let needed = if decimal { "a real number" } else { "an integer" };
                return Err(OpError::type_error(format!("%{c} format: {needed} is required, not {}", v.type_name())));
            }
        };
        let zeros = "0".repeat(bounded(self.precision.unwrap_or(0))?.saturating_sub(digits.len()));
        let prefix = match c {
            'o' | 'x' | 'X' if self.alt => format!("0{c}"),
            _ => String::new(),
        };
        Ok(format!("{}{prefix}{zeros}{digits}", if negative { "-" } else { "" }))
    }

    fn is_numeric(&self) -> bool {
        matches!(self.conversion, 'd' | 'i' | 'u' | 'o' | 'x' | 'X' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G')
    }

    /// `text` in its field: truncated (`%.2s`), signed (`+`, ` `), padded with spaces, or
    /// with zeros after the sign and the `0x` prefix (`0`), on the left unless `-` says right.
    fn pad(&self, text: &str) -> Result<String, OpError> {
        let chars: Vec<char> = text.chars().collect();
        let mut len = chars.len();
        if let (Some(precision), 's' | 'r' | 'a' | 'b') = (self.precision, self.conversion) {
            len = len.min(precision);
        }
        let numeric = self.is_numeric();
        let fill = if numeric && self.zero { '0' } else { ' ' };
        let mut start = 0;
        let sign = match chars.first() {
            Some(&c @ ('-' | '+')) if numeric => {
                (start, len) = (1, len - 1);
                Some(c)
            }
            _ if numeric && self.plus => Some('+'),
            _ if numeric && self.blank => Some(' '),
            _ => None,
        };
        let mut width = bounded(self.width.unwrap_or(0))?.max(len);
        let mut out = String::with_capacity(width + 1);
        if let Some(sign) = sign {
            if fill != ' ' {
                out.push(sign);
            }
            if width > len {
                width -= 1;
            }
        }
        let mut prefix = String::new();
        if self.alt && matches!(self.conversion, 'o' | 'x' | 'X') {
            prefix = chars[start..start + 2].iter().collect();
            if fill != ' ' {
                out.push_str(&prefix);
            }
            (start, width, len) = (start + 2, width.saturating_sub(2), len - 2);
        }
        if width > len && !self.left {
            out.extend(std::iter::repeat_n(fill, width - len));
            width = len;
        }
        if fill == ' ' {
            out.extend(sign);
            out.push_str(&prefix);
        }
        out.extend(&chars[start..start + len]);
        out.extend(std::iter::repeat_n(' ', width - len));
        Ok(out)
    }
}
