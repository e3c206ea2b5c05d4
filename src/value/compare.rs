//! Python's `==` and ordering over `Value`: `True == 1 == 1.0`, ints and floats compare
//! exactly, `nan` is unordered, lists and tuples compare item by item, `==` between unrelated
//! types is simply False, while `<` between them raises `TypeError`.

use std::cmp::Ordering;

use super::Value;
use super::error::OpError;
use super::float;
use super::ops::{BinOp, Num};

impl Value {
    /// Python's `==` (`PartialEq` is structural: it tells `True` from `1`). A list holding nan
    /// never equals itself here; CPython's can, when both hold the very same float object.
    pub fn py_eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::List(a), Value::List(b)) | (Value::Tuple(a), Value::Tuple(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.py_eq(y))
            }
            _ => match (self.as_num(), other.as_num()) {
                (Some(a), Some(b)) => cmp_numbers(a, b) == Some(Ordering::Equal),
                _ => self == other,
            },
        }
    }

    /// How `self` orders against `other` for `op` (one of `<`, `<=`, `>`, `>=`, named in the
    /// error): numbers by value, strs by code point, lists by their first unequal items.
    /// `None` when unordered: every comparison with `nan` is False.
    pub(super) fn py_cmp(&self, other: &Value, op: BinOp) -> Result<Option<Ordering>, OpError> {
        match (self, other) {
            (Value::Str(a), Value::Str(b)) => Ok(Some(a.cmp(b))),
            (Value::List(a), Value::List(b)) | (Value::Tuple(a), Value::Tuple(b)) => {
                match a.iter().zip(b).find(|(x, y)| !x.py_eq(y)) {
                    Some((x, y)) => x.py_cmp(y, op),
                    None => Ok(Some(a.len().cmp(&b.len()))),
                }
            }
            _ => match (self.as_num(), other.as_num()) {
                (Some(a), Some(b)) => Ok(cmp_numbers(a, b)),
                _ => Err(OpError::type_error(format!(
                    "'{}' not supported between instances of '{}' and '{}'",
                    op.symbol(),
                    self.type_name(),
                    other.type_name()
                ))),
            },
        }
    }
}

fn cmp_numbers(a: Num, b: Num) -> Option<Ordering> {
    match (a, b) {
        (Num::Int(a), Num::Int(b)) => Some(a.cmp(&b)),
        (Num::Float(a), Num::Float(b)) => a.partial_cmp(&b),
        (Num::Int(a), Num::Float(b)) => float::cmp_int(a, b),
        (Num::Float(a), Num::Int(b)) => float::cmp_int(b, a).map(Ordering::reverse),
    }
}
