//! The exception a Python operator raises, as a small value: CPython's class and message,
//! built in one place so the texts match CPython's (or, at forkbook's own limits, say which
//! limit was hit).

use std::fmt;

use super::Value;
use super::ops::{BinOp, MAX_SEQUENCE};

/// A Python exception an operator raised: its class and CPython's message. Each caller maps
/// it into its own error type (`PyErr` in the runtime, a `String` in checks).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpError {
    pub class: &'static str,
    pub message: String,
}

impl OpError {
    pub(super) fn type_error(message: String) -> OpError {
        OpError { class: "TypeError", message }
    }

    pub(super) fn unsupported(op: BinOp, left: &Value, right: &Value) -> OpError {
        OpError::type_error(format!(
            "unsupported operand type(s) for {}: '{}' and '{}'",
            op.symbol(),
            left.type_name(),
            right.type_name()
        ))
    }

    pub(super) fn zero_division(message: &str) -> OpError {
        OpError { class: "ZeroDivisionError", message: message.into() }
    }

    pub(super) fn overflow() -> OpError {
        OpError {
            class: "OverflowError",
            message: format!("integer result out of range (forkbook's ints are 64-bit: {} to {})", i64::MIN, i64::MAX),
        }
    }

    pub(super) fn too_long() -> OpError {
        OpError {
            class: "MemoryError",
            message: format!("sequence too long (forkbook builds at most {MAX_SEQUENCE} items)"),
        }
    }
}

/// `TypeError: unsupported operand …`, as Python prints an uncaught one.
impl fmt::Display for OpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.class, self.message)
    }
}
