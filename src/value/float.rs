//! Python's float where it differs from a plain `f64`: `repr` (the shortest text that reads
//! back, `1e+20`, `0.1`, `-0.0`, `inf`), `int / int` rounded once from the exact quotient,
//! `//` and `%` that floor, ints and floats compared exactly, and the JSON form of `nan` and
//! `inf`, which JSON numbers cannot hold.

use std::cmp::Ordering;

/// Python's `repr(x)` (and `str(x)`) of a float.
pub fn repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    let sci = shortest_digits(x);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mantissa) = mantissa.strip_prefix('-').map_or(("", mantissa), |m| ("-", m));
    let digits = mantissa.replace('.', "");
    // Like CPython: positional while the point falls from 4 zeros after it to 16 digits before it.
    let body = if (-4..16).contains(&exp) {
        match usize::try_from(exp).map(|e| e + 1) {
            Ok(whole) if digits.len() <= whole => format!("{digits}{}.0", "0".repeat(whole - digits.len())),
            Ok(whole) => format!("{}.{}", &digits[..whole], &digits[whole..]),
            Err(_) => format!("0.{}{digits}", "0".repeat(exp.unsigned_abs() as usize - 1)),
        }
    } else {
        let (first, rest) = digits.split_at(1);
        let point = if rest.is_empty() { String::new() } else { format!(".{rest}") };
        format!("{first}{point}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.unsigned_abs())
    };
    format!("{sign}{body}")
}

/// `x` in scientific notation with the fewest digits that read back as `x` ("-1.25e-5",
/// "1e20", "0e0"); of two such candidates, the nearer one, an exact tie going to the even
/// digit, as CPython picks. Rust's `{:e}` finds how few digits suffice but may round a tie up.
fn shortest_digits(x: f64) -> String {
    let shortest = format!("{x:e}");
    let digits = shortest.split('e').next().map_or(1, |m| m.chars().filter(char::is_ascii_digit).count());
    let nearest = format!("{x:.*e}", digits.saturating_sub(1));
    if nearest.parse::<f64>() == Ok(x) { nearest } else { shortest }
}

/// `a / b` for ints: the exact quotient rounded once to the nearest float, as CPython does
/// (converting both to floats first would round twice past 2**53). `b` is not 0.
pub fn int_true_div(a: i64, b: i64) -> f64 {
    let (ua, ub) = (u128::from(a.unsigned_abs()), u128::from(b.unsigned_abs()));
    let bits = |n: u128| 128 - n.leading_zeros();
    // Scale so the integer quotient has at least 56 bits: 53 kept, the rest decide rounding.
    let shift = (56 + bits(ub)).saturating_sub(bits(ua));
    let scaled = ua << shift;
    // A non-zero remainder sets the lowest bit, so a tie is never mistaken for one.
    let quotient = (scaled / ub) | u128::from(scaled % ub != 0);
    // 2**-shift is a normal float (shift <= 120), so this multiplication is exact.
    let magnitude = quotient as f64 * f64::from_bits(u64::from(1023 - shift) << 52);
    if (a < 0) != (b < 0) { -magnitude } else { magnitude }
}

/// Python's `divmod` for floats: the floored quotient and the remainder with the divisor's
/// sign (`b` is not 0), following CPython's `float_divmod` step by step.
pub fn divmod(a: f64, b: f64) -> (f64, f64) {
    let mut rem = a % b;
    let mut div = (a - rem) / b;
    if rem != 0.0 {
        if (b < 0.0) != (rem < 0.0) {
            rem += b;
            div -= 1.0;
        }
    } else {
        rem = 0.0_f64.copysign(b);
    }
    let floor = if div != 0.0 {
        let f = div.floor();
        if div - f > 0.5 { f + 1.0 } else { f }
    } else {
        0.0_f64.copysign(a / b)
    };
    (floor, rem)
}

/// How the int `i` orders against the float `x`, exactly (`None` when `x` is nan): Python
/// does not round `2**63 - 1` to `2.0**63` before comparing.
pub fn cmp_int(i: i64, x: f64) -> Option<Ordering> {
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    if x.is_nan() {
        None
    } else if x >= TWO_63 {
        Some(Ordering::Less)
    } else if x < -TWO_63 {
        Some(Ordering::Greater)
    } else {
        let whole = x.floor();
        // `whole` is an integer in [-2**63, 2**63), so the cast is exact.
        Some(i.cmp(&(whole as i64)).then(if x > whole { Ordering::Less } else { Ordering::Equal }))
    }
}

/// The JSON form of a float: a number, or `{"float": "nan"}` (also `"inf"`, `"-inf"`).
pub mod json {
    use serde::de::Error;
    use serde::ser::SerializeMap;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
        if x.is_finite() {
            s.serialize_f64(*x)
        } else {
            let mut map = s.serialize_map(Some(1))?;
            map.serialize_entry("float", &super::repr(*x))?;
            map.end()
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Form {
            Number(f64),
            NonFinite { float: String },
        }
        match Form::deserialize(d)? {
            Form::Number(x) => Ok(x),
            Form::NonFinite { float } => match float.as_str() {
                "nan" => Ok(f64::NAN),
                "inf" => Ok(f64::INFINITY),
                "-inf" => Ok(f64::NEG_INFINITY),
                other => Err(D::Error::custom(format!("'{other}' is not nan, inf or -inf"))),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_repr_like_python() {
        let cases = [
            (1.0, "1.0"),
            (0.1, "0.1"),
            (0.5, "0.5"),
            // Exactly halfway between two 16-digit candidates: CPython takes the even digit.
            (996219154410990.0 + 0.25, "996219154410990.2"),
            (-0.25, "-0.25"),
            (1e20, "1e+20"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (123456789012345.6, "123456789012345.6"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (-1.5e-7, "-1.5e-07"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (-0.0, "-0.0"),
            (f64::NAN, "nan"),
            (f64::NEG_INFINITY, "-inf"),
        ];
        for (x, text) in cases {
            assert_eq!(repr(x), text);
        }
    }

    #[test]
    fn int_division_rounds_the_exact_quotient_once() {
        assert_eq!(int_true_div(7, 2), 3.5);
        assert_eq!(int_true_div(1, 3), 1.0 / 3.0);
        assert_eq!(int_true_div(0, -7).to_bits(), (-0.0_f64).to_bits());
        // Rounding the dividend to a float first lands one step lower (CPython agrees).
        assert_eq!(int_true_div(5258986265376043509, 888599), 5918289650760.403);
        assert_eq!(int_true_div(i64::MIN, -1), 9.223_372_036_854_776e18);
    }

    #[test]
    fn ints_and_floats_compare_exactly() {
        assert_eq!(cmp_int(i64::MAX, 9.223_372_036_854_776e18), Some(Ordering::Less));
        assert_eq!(cmp_int(i64::MIN, -9.223_372_036_854_776e18), Some(Ordering::Equal));
        assert_eq!(cmp_int(1, 1.5), Some(Ordering::Less));
        assert_eq!(cmp_int(-1, -1.5), Some(Ordering::Greater));
        assert_eq!(cmp_int(0, f64::NAN), None);
    }
}
