//! Python's `==` and ordering over `Value`: `True == 1`, lists compare item by item, `==`
//! between unrelated types is simply False, while `<` between them raises `TypeError`.

use std::cmp::Ordering;

use super::Value;
use super::ops::{BinOp, OpError};

impl Value {
    /// Python's `==` (the derived `PartialEq` is structural: it tells `True` from `1`).
    pub fn py_eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::List(a), Value::List(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.py_eq(y)),
            _ => match (self.as_int(), other.as_int()) {
                (Some(a), Some(b)) => a == b,
                _ => self == other,
            },
        }
    }

    /// How `self` orders against `other` for `op` (one of `<`, `<=`, `>`, `>=`, named in the
    /// error): numbers by value, strs by code point, lists by their first unequal items.
    pub(super) fn py_cmp(&self, other: &Value, op: BinOp) -> Result<Ordering, OpError> {
        match (self, other) {
            (Value::Str(a), Value::Str(b)) => Ok(a.cmp(b)),
            (Value::List(a), Value::List(b)) => match a.iter().zip(b).find(|(x, y)| !x.py_eq(y)) {
                Some((x, y)) => x.py_cmp(y, op),
                None => Ok(a.len().cmp(&b.len())),
            },
            _ => match (self.as_int(), other.as_int()) {
                (Some(a), Some(b)) => Ok(a.cmp(&b)),
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
