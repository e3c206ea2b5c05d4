//! Python's operators over `Value`: the one implementation the runtime's interpreter and the
//! expectation checks both call, so a lesson's program and its checks agree on what `7 // -2`
//! or `'ab' * 3` is. CPython's meaning and error texts, except that ints are 64-bit and a
//! str or list stops growing at `MAX_SEQUENCE` items: past either an operator raises instead.
//! Float details (rounding, flooring, exact comparison) are in `float.rs`.
//! `and`/`or` are not here: they must not evaluate their right side early.

use super::error::OpError;
use super::{Value, float, format};

/// The longest str (in chars) or list an operator builds; a lesson is not a number cruncher.
pub const MAX_SEQUENCE: usize = 1_000_000;

/// A binary operator whose operands are both evaluated before it applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl BinOp {
    /// Every operator, for tables and tests that go through them all.
    pub const ALL: [BinOp; 12] = [
        BinOp::Add,
        BinOp::Sub,
        BinOp::Mul,
        BinOp::Div,
        BinOp::FloorDiv,
        BinOp::Mod,
        BinOp::Eq,
        BinOp::Ne,
        BinOp::Lt,
        BinOp::Le,
        BinOp::Gt,
        BinOp::Ge,
    ];

    /// How Python spells the operator, as its error messages quote it.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
        }
    }

    /// `left op right` as CPython computes it: a bool is an int, an int meeting a float
    /// becomes one, `/` divides truly, `//` and `%` floor, strs and lists concatenate and
    /// repeat, `str % args` formats, `==` never raises.
    pub fn apply(self, left: &Value, right: &Value) -> Result<Value, OpError> {
        match self {
            BinOp::Eq => Ok(Value::Bool(left.py_eq(right))),
            BinOp::Ne => Ok(Value::Bool(!left.py_eq(right))),
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                let ord = left.py_cmp(right, self)?;
                Ok(Value::Bool(ord.is_some_and(|ord| match self {
                    BinOp::Lt => ord.is_lt(),
                    BinOp::Le => ord.is_le(),
                    BinOp::Gt => ord.is_gt(),
                    _ => ord.is_ge(),
                })))
            }
            BinOp::Add => add(left, right),
            BinOp::Sub => numbers(self, left, right, |a, b| int(a.checked_sub(b)), |a, b| Ok(a - b)),
            BinOp::Mul => mul(left, right),
            BinOp::Div => numbers(
                self,
                left,
                right,
                |a, b| match b {
                    0 => Err(OpError::zero_division("division by zero")),
                    _ => Ok(Value::Float(float::int_true_div(a, b))),
                },
                |a, b| nonzero(b, "float division by zero").map(|b| a / b),
            ),
            BinOp::FloorDiv => numbers(
                self,
                left,
                right,
                |a, b| floor_div(a, b).map(Value::Int),
                |a, b| nonzero(b, "float floor division by zero").map(|b| float::divmod(a, b).0),
            ),
            BinOp::Mod => match left {
                Value::Str(s) => percent_format(s, right),
                Value::Bytes(b) => {
                    let out = format::percent_bytes(b, right)?;
                    sized(out.len())?;
                    Ok(Value::Bytes(out))
                }
                _ => numbers(
                    self,
                    left,
                    right,
                    |a, b| modulo(a, b).map(Value::Int),
                    |a, b| nonzero(b, "float modulo").map(|b| float::divmod(a, b).1),
                ),
            },
        }
    }
}

impl Value {
    /// Python's unary `-`.
    pub fn neg(&self) -> Result<Value, OpError> {
        match self.as_num() {
            Some(Num::Int(i)) => int(i.checked_neg()),
            Some(Num::Float(x)) => Ok(Value::Float(-x)),
            None => Err(OpError::type_error(format!("bad operand type for unary -: '{}'", self.type_name()))),
        }
    }

    /// The number a bool, int or float stands for.
    pub(super) fn as_num(&self) -> Option<Num> {
        match self {
            Value::Float(x) => Some(Num::Float(*x)),
            _ => self.as_int().map(Num::Int),
        }
    }

    /// The integer a bool or int stands for (Python's bool is an int subclass).
    pub(super) fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Bool(b) => Some(i64::from(*b)),
            _ => None,
        }
    }
}

/// A number as arithmetic sees it (a bool is already an int here).
#[derive(Clone, Copy, Debug)]
pub(super) enum Num {
    Int(i64),
    Float(f64),
}

/// An arithmetic operator: `on_ints` for two ints, else `on_floats` with any int converted
/// (as Python converts it), or Python's "unsupported operand" when either side is no number.
fn numbers(
    op: BinOp,
    left: &Value,
    right: &Value,
    on_ints: impl FnOnce(i64, i64) -> Result<Value, OpError>,
    on_floats: impl FnOnce(f64, f64) -> Result<f64, OpError>,
) -> Result<Value, OpError> {
    let float = |n: Num| match n {
        Num::Int(i) => i as f64,
        Num::Float(x) => x,
    };
    match (left.as_num(), right.as_num()) {
        (Some(Num::Int(a)), Some(Num::Int(b))) => on_ints(a, b),
        (Some(a), Some(b)) => on_floats(float(a), float(b)).map(Value::Float),
        _ => Err(OpError::unsupported(op, left, right)),
    }
}

/// An int result, or the OverflowError when it left 64 bits.
fn int(result: Option<i64>) -> Result<Value, OpError> {
    result.map(Value::Int).ok_or_else(OpError::overflow)
}

/// A float divisor, or ZeroDivisionError with CPython's `message`.
fn nonzero(divisor: f64, message: &str) -> Result<f64, OpError> {
    if divisor == 0.0 { Err(OpError::zero_division(message)) } else { Ok(divisor) }
}

fn add(left: &Value, right: &Value) -> Result<Value, OpError> {
    let concat_error = |kind: &str| {
        OpError::type_error(format!("can only concatenate {kind} (not \"{}\") to {kind}", right.type_name()))
    };
    match (left, right) {
        (Value::Str(a), Value::Str(b)) => {
            sized(a.chars().count().saturating_add(b.chars().count()))?;
            Ok(Value::Str(format!("{a}{b}")))
        }
        (Value::Str(_), _) => Err(concat_error("str")),
        (Value::List(a), Value::List(b)) => {
            sized(a.len().saturating_add(b.len()))?;
            Ok(Value::List(a.iter().chain(b).cloned().collect()))
        }
        (Value::List(_), _) => Err(concat_error("list")),
        _ => numbers(BinOp::Add, left, right, |a, b| int(a.checked_add(b)), |a, b| Ok(a + b)),
    }
}

/// `*`: ints multiply; a str or list on either side is repeated by an int on the other.
fn mul(left: &Value, right: &Value) -> Result<Value, OpError> {
    let is_sequence = |v: &Value| matches!(v, Value::Str(_) | Value::List(_));
    if is_sequence(left) {
        repeat(left, right)
    } else if is_sequence(right) {
        repeat(right, left)
    } else {
        numbers(BinOp::Mul, left, right, |a, b| int(a.checked_mul(b)), |a, b| Ok(a * b))
    }
}

/// `sequence * count`; a count below 1 gives an empty sequence.
fn repeat(sequence: &Value, count: &Value) -> Result<Value, OpError> {
    let Some(n) = count.as_int() else {
        return Err(OpError::type_error(format!("can't multiply sequence by non-int of type '{}'", count.type_name())));
    };
    let n = if n <= 0 { 0 } else { usize::try_from(n).unwrap_or(usize::MAX) };
    match sequence {
        Value::Str(s) => {
            sized(s.chars().count().saturating_mul(n))?;
            Ok(Value::Str(s.repeat(n)))
        }
        Value::List(items) => {
            sized(items.len().saturating_mul(n))?;
            Ok(Value::List(items.iter().cycle().take(items.len() * n).cloned().collect()))
        }
        _ => Err(OpError::unsupported(BinOp::Mul, sequence, count)),
    }
}

fn sized(len: usize) -> Result<(), OpError> {
    if len > MAX_SEQUENCE { Err(OpError::too_long()) } else { Ok(()) }
}

/// Python's `//` on ints: rounds towards negative infinity.
fn floor_div(a: i64, b: i64) -> Result<i64, OpError> {
    if b == 0 {
        return Err(OpError::zero_division("integer division or modulo by zero"));
    }
    // Only i64::MIN // -1 overflows; once it has not, `a % b` cannot either.
    let q = a.checked_div(b).ok_or_else(OpError::overflow)?;
    Ok(if a % b != 0 && (a < 0) != (b < 0) { q - 1 } else { q })
}

/// Python's `%` on ints: the remainder takes the divisor's sign.
fn modulo(a: i64, b: i64) -> Result<i64, OpError> {
    if b == 0 {
        return Err(OpError::zero_division("integer modulo by zero"));
    }
    let r = a.wrapping_rem(b);
    Ok(if r != 0 && (r < 0) != (b < 0) { r + b } else { r })
}

/// `str % value`: printf-style formatting (`format.rs`), its result held to `MAX_SEQUENCE`.
fn percent_format(s: &str, args: &Value) -> Result<Value, OpError> {
    let text = format::percent_value(s, args)?;
    sized(text.chars().count())?;
    Ok(Value::Str(text))
}

#[cfg(test)]
mod tests;
