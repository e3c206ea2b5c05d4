//! A number placed in its field as CPython's `calc_number_widths` and `fill_number` place it:
//! `[padding][sign][prefix][padding][grouped digits][rest][padding]`, where a `0` fill with `=`
//! alignment grows the digits themselves, separators included (`format(1234, '010,')` is
//! `00,001,234`), and a plain field pads left, right, around, or after the sign.

use super::bounded;
use super::spec::{Grouping, Spec};
use crate::value::error::OpError;

/// A number split the way the layout needs it.
#[derive(Clone, Debug, Default)]
pub(super) struct Number {
    pub negative: bool,
    /// `0x`, `0b`, …, when `#` asks for it.
    pub prefix: String,
    /// The integer part's digits, which grouping separates (empty for `inf` and `%c`).
    pub digits: String,
    /// Everything after them: the point, the fraction, an exponent, `%`, `inf`, a `%c` char.
    pub rest: String,
}

impl Number {
    /// A float's text (as `float_text` writes it) split into sign, digits and the rest.
    pub fn from_text(text: &str) -> Number {
        let (negative, unsigned) = match text.strip_prefix('-') {
            Some(unsigned) => (true, unsigned),
            None => (false, text),
        };
        let split = unsigned.find(|c: char| !c.is_ascii_digit()).unwrap_or(unsigned.len());
        Number {
            negative,
            prefix: String::new(),
            digits: unsigned[..split].to_string(),
            rest: unsigned[split..].to_string(),
        }
    }

    /// The number in the field `spec` describes.
    pub fn lay_out(&self, spec: &Spec) -> Result<String, OpError> {
        let sign = match spec.sign {
            Some('+') => Some(if self.negative { '-' } else { '+' }),
            Some(' ') => Some(if self.negative { '-' } else { ' ' }),
            _ => self.negative.then_some('-'),
        };
        let len = |s: &str| s.chars().count();
        let width = spec.width.map(bounded).transpose()?.map_or(-1, |w| w as isize);
        let fixed = (usize::from(sign.is_some()) + len(&self.prefix) + len(&self.rest)) as isize;
        let min_width = if spec.fill == '0' && spec.align == '=' { width - fixed } else { 0 };
        let digits = if self.digits.is_empty() { String::new() } else { group(&self.digits, min_width, spec.grouping) };
        let padding = usize::try_from(width - fixed - len(&digits) as isize).unwrap_or(0);
        let (left, middle, right) = match spec.align {
            '<' => (0, 0, padding),
            '^' => (padding / 2, 0, padding - padding / 2),
            '=' => (0, padding, 0),
            _ => (padding, 0, 0),
        };
        let fill = |n: usize| spec.fill.to_string().repeat(n);
        let sign = sign.map(String::from).unwrap_or_default();
        Ok(format!("{}{sign}{}{}{digits}{}{}", fill(left), self.prefix, fill(middle), self.rest, fill(right)))
    }
}

/// `digits` with separators every `grouping.every` from the right, grown with zeros (grouped
/// too) to at least `min_width` characters; the last group may overshoot it, as in CPython.
fn group(digits: &str, min_width: isize, grouping: Option<Grouping>) -> String {
    let mut remaining = digits.len() as isize;
    let Some(grouping) = grouping else {
        let zeros = (min_width - remaining).max(0) as usize;
        return format!("{}{digits}", "0".repeat(zeros));
    };
    let mut min_width = min_width;
    let mut groups: Vec<String> = Vec::new();
    loop {
        let size = (grouping.every as isize).min(remaining.max(min_width).max(1));
        let taken = remaining.min(size).max(0);
        let end = remaining.max(0) as usize;
        let zeros = "0".repeat((size - taken) as usize);
        groups.push(format!("{zeros}{}", &digits[end - taken as usize..end]));
        remaining -= taken;
        min_width -= size;
        if remaining <= 0 && min_width <= 0 {
            break;
        }
        min_width -= 1;
    }
    groups.reverse();
    groups.join(&grouping.separator.to_string())
}
