//! A float as text for one presentation type (`e`, `f`, `g`, or `repr`), with CPython's
//! rounding, exponent (`e+05`: a sign and at least two digits), `g` trimming and the `#`,
//! `z` and "add `.0`" options: what `%`-formatting and the format-spec mini-language both
//! build on. Rust's `{:.N}` and `{:.Ne}` round the exact binary value half-to-even, as C does.

use super::super::float;

/// Which notation a float is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Style {
    /// `e`: one digit, a point, `precision` digits, an exponent.
    Exp,
    /// `f`: `precision` digits after the point.
    Fixed,
    /// `g`: `precision` significant digits, positional or with an exponent, zeros trimmed.
    General,
    /// The shortest text that reads back (`repr`); the precision is ignored.
    Repr,
}

/// The options CPython's `PyOS_double_to_string` takes besides style and precision.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Options {
    /// `E`, `F`, `G`: upper-case exponent letter, `INF` and `NAN`.
    pub upper: bool,
    /// `#`: keep the point (and, for `g`, the trailing zeros).
    pub alt: bool,
    /// A positional `g` result that looks like an int gets `.0` (format specs with no type).
    pub add_dot_0: bool,
    /// `z`: a result that rounded to zero loses its minus sign.
    pub no_neg_zero: bool,
}

/// `x` in `style` with `precision`, a leading `-` for a negative number (nan has none).
pub(super) fn float_text(x: f64, style: Style, precision: usize, options: Options) -> String {
    let cased = |word: &str| if options.upper { word.to_uppercase() } else { word.to_string() };
    if x.is_nan() {
        return cased("nan");
    }
    let magnitude = x.abs();
    let body = if x.is_infinite() {
        cased("inf")
    } else {
        match style {
            Style::Repr => {
                let text = float::repr(magnitude);
                match text.split_once('e') {
                    Some((mantissa, exp)) if options.alt && !mantissa.contains('.') => format!("{mantissa}.e{exp}"),
                    _ => text,
                }
            }
            Style::Fixed => {
                let mut text = format!("{magnitude:.precision$}");
                if options.alt && precision == 0 {
                    text.push('.');
                }
                text
            }
            Style::Exp => exponent_form(magnitude, precision, options),
            Style::General => general_form(magnitude, precision, options),
        }
    };
    let rounded_to_zero = body.split(['e', 'E']).next().is_some_and(|m| m.chars().all(|c| matches!(c, '0' | '.')));
    let negative = x.is_sign_negative() && !(options.no_neg_zero && rounded_to_zero);
    if negative { format!("-{body}") } else { body }
}

/// The significant digits of `magnitude` rounded to `count` of them, and the decimal exponent
/// of the first one (`0.0123`, 2 → `"12"`, -2).
fn digits(magnitude: f64, count: usize) -> (String, i32) {
    let text = format!("{magnitude:.*e}", count.saturating_sub(1));
    let (mantissa, exp) = text.split_once('e').unwrap_or((&text, "0"));
    (mantissa.replace('.', ""), exp.parse().unwrap_or(0))
}

/// `e+05`, `E-123`: the exponent as C writes it.
fn exponent_suffix(exp: i32, upper: bool) -> String {
    let letter = if upper { 'E' } else { 'e' };
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{letter}{sign}{:02}", exp.unsigned_abs())
}

fn exponent_form(magnitude: f64, precision: usize, options: Options) -> String {
    let (digits, exp) = digits(magnitude, precision + 1);
    let (first, rest) = digits.split_at(1);
    let point = if rest.is_empty() && !options.alt { "" } else { "." };
    format!("{first}{point}{rest}{}", exponent_suffix(exp, options.upper))
}

/// `g`: an exponent when the first digit's exponent is below -4 or reaches the precision
/// (one less with `add_dot_0`, as CPython's `repr`-like default type does).
fn general_form(magnitude: f64, precision: usize, options: Options) -> String {
    let precision = precision.max(1);
    let (mut digits, exp) = digits(magnitude, precision);
    if !options.alt {
        let kept = digits.trim_end_matches('0').len().max(1);
        digits.truncate(kept);
    }
    let limit = i64::try_from(precision).unwrap_or(i64::MAX) - i64::from(options.add_dot_0);
    if exp < -4 || i64::from(exp) >= limit {
        let (first, rest) = digits.split_at(1);
        let point = if rest.is_empty() && !options.alt { "" } else { "." };
        return format!("{first}{point}{rest}{}", exponent_suffix(exp, options.upper));
    }
    match usize::try_from(exp + 1) {
        Err(_) | Ok(0) => format!("0.{}{digits}", "0".repeat(exp.unsigned_abs() as usize - 1)),
        Ok(whole) if whole < digits.len() => format!("{}.{}", &digits[..whole], &digits[whole..]),
        Ok(whole) => {
            let zeros = "0".repeat(whole - digits.len());
            let tail = if options.alt {
                "."
            } else if options.add_dot_0 {
                ".0"
            } else {
                ""
            };
            format!("{digits}{zeros}{tail}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_round_to_even_on_the_exact_binary_value() {
        let fixed = |x: f64, p| float_text(x, Style::Fixed, p, Options::default());
        assert_eq!(fixed(0.082, 2), "0.08");
        assert_eq!(fixed(0.25, 1), "0.2");
        assert_eq!(fixed(2.5, 0), "2");
        assert_eq!(fixed(2.675, 2), "2.67");
        assert_eq!(fixed(-0.0, 1), "-0.0");
    }

    #[test]
    fn general_form_trims_zeros_and_switches_to_an_exponent() {
        let general = |x: f64, p| float_text(x, Style::General, p, Options::default());
        assert_eq!(general(100000.0, 6), "100000");
        assert_eq!(general(1e6, 6), "1e+06");
        assert_eq!(general(0.0001234, 3), "0.000123");
        assert_eq!(general(0.00001234, 3), "1.23e-05");
        let alt = Options { alt: true, ..Options::default() };
        assert_eq!(float_text(1.0, Style::General, 6, alt), "1.00000");
        assert_eq!(float_text(-0.0, Style::General, 6, Options { no_neg_zero: true, ..alt }), "0.00000");
    }
}
