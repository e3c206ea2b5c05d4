//! Arithmetic. Scalars (None, bools, ints, floats, strs) go through `crate::value`'s one
//! implementation of Python's operators (an int+int fast path gives the same results);
//! what `value` has no operator for (`**`, bitwise, shifts) and the containers (list and
//! tuple concatenation and repetition, set algebra, dict union) are here, with CPython's
//! errors; instances dispatch to their dunder methods, then the reflected ones.

use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::Interpreter;
use crate::python::code::BinaryOp;
use crate::python::exception::{Exc, ExcKind};
use crate::python::host::Host;
use crate::python::object::{Args, Key, Obj};
use crate::value::{BinOp, MAX_SEQUENCE, Value};

/// The `Value` a scalar object is, for `crate::value`'s operators.
pub(crate) fn scalar(obj: &Obj) -> Option<Value> {
    Some(match obj {
        Obj::None => Value::None,
        Obj::Bool(b) => Value::Bool(*b),
        Obj::Int(i) => Value::Int(*i),
        Obj::Float(x) => Value::Float(*x),
        Obj::Str(s) => Value::Str(s.to_string()),
        _ => return None,
    })
}

/// The object a scalar `Value` result is.
pub(crate) fn from_scalar(value: Value) -> Obj {
    match value {
        Value::None => Obj::None,
        Value::Bool(b) => Obj::Bool(b),
        Value::Int(i) => Obj::Int(i),
        Value::Float(x) => Obj::Float(x),
        Value::Str(s) => Obj::from(s),
        // A scalar result holds no instance, so no class is ever looked for.
        other => crate::python::convert::from_value(&other, &mut |_| Err(Exc::type_error("not a scalar")))
            .unwrap_or(Obj::None),
    }
}

/// The OverflowError `crate::value` raises, so its text lives in one place.
pub(crate) fn overflow() -> Exc {
    match BinOp::Add.apply(&Value::Int(i64::MAX), &Value::Int(1)) {
        Err(e) => Exc::from_op(e),
        Ok(_) => Exc::new(ExcKind::OverflowError, "integer overflow"),
    }
}

fn too_long() -> Exc {
    match BinOp::Mul.apply(&Value::Str("x".into()), &Value::Int(MAX_SEQUENCE as i64 + 1)) {
        Err(e) => Exc::from_op(e),
        Ok(_) => Exc::new(ExcKind::MemoryError, "sequence too long"),
    }
}

fn value_op(op: BinaryOp) -> Option<BinOp> {
    Some(match op {
        BinaryOp::Add => BinOp::Add,
        BinaryOp::Sub => BinOp::Sub,
        BinaryOp::Mul => BinOp::Mul,
        BinaryOp::Div => BinOp::Div,
        BinaryOp::FloorDiv => BinOp::FloorDiv,
        BinaryOp::Mod => BinOp::Mod,
        _ => return None,
    })
}

fn unsupported(op: BinaryOp, a: &Obj, b: &Obj) -> Exc {
    Exc::type_error(format!(
        "unsupported operand type(s) for {}: '{}' and '{}'",
        op.symbol(),
        a.type_name(),
        b.type_name()
    ))
}

impl Interpreter {
    pub(super) fn binary(&mut self, host: &mut dyn Host, op: BinaryOp, a: &Obj, b: &Obj) -> Result<Obj, Exc> {
        if let (Obj::Int(x), Obj::Int(y)) = (a, b) {
            let fast = match op {
                BinaryOp::Add => x.checked_add(*y),
                BinaryOp::Sub => x.checked_sub(*y),
                BinaryOp::Mul => x.checked_mul(*y),
                _ => None,
            };
            if let Some(result) = fast {
                return Ok(Obj::Int(result));
            }
        }
        // A str's or bytes' own `%` comes first, whatever the right side is (`'%r' % obj`).
        if let (Obj::Str(_) | Obj::Bytes(_), BinaryOp::Mod) = (a, op) {
            return self.percent(host, a, b);
        }
        if matches!(a, Obj::Instance(_)) || matches!(b, Obj::Instance(_)) {
            return self.dunder_binary(host, op, a, b);
        }
        if let (Some(vop), Some(va), Some(vb)) = (value_op(op), scalar(a), scalar(b)) {
            return vop.apply(&va, &vb).map(from_scalar).map_err(Exc::from_op);
        }
        match op {
            BinaryOp::Pow => return power(a, b),
            BinaryOp::LShift | BinaryOp::RShift | BinaryOp::BitAnd | BinaryOp::BitOr | BinaryOp::BitXor => {
                if let Some(result) = bitwise(op, a, b)? {
                    return Ok(result);
                }
            }
            _ => {}
        }
        self.container_binary(op, a, b)
    }

    fn container_binary(&mut self, op: BinaryOp, a: &Obj, b: &Obj) -> Result<Obj, Exc> {
        match (op, a, b) {
            (BinaryOp::Add, Obj::List(x), Obj::List(y)) => {
                let (x, y) = (x.borrow(), y.borrow());
                sized(x.len() + y.len())?;
                Ok(Obj::list(x.iter().chain(y.iter()).cloned().collect()))
            }
            (BinaryOp::Add, Obj::Tuple(x), Obj::Tuple(y)) => {
                sized(x.len() + y.len())?;
                Ok(Obj::tuple(x.iter().chain(y.iter()).cloned().collect()))
            }
            (BinaryOp::Add, Obj::Bytes(x), Obj::Bytes(y)) => {
                sized(x.len() + y.len())?;
                Ok(Obj::Bytes(x.iter().chain(y.iter()).copied().collect::<Vec<u8>>().into()))
            }
            (BinaryOp::Add, Obj::Bytes(_), _) => {
                Err(Exc::type_error(format!("can't concat {} to bytes", b.type_name())))
            }
            (BinaryOp::Mul, Obj::Bytes(x), _) | (BinaryOp::Mul, _, Obj::Bytes(x)) => {
                let count = if matches!(a, Obj::Bytes(_)) { b } else { a };
                let Some(n) = count.as_int() else {
                    return Err(Exc::type_error(format!(
                        "can't multiply sequence by non-int of type '{}'",
                        count.type_name()
                    )));
                };
                let n = usize::try_from(n.max(0)).unwrap_or(usize::MAX);
                sized(x.len().saturating_mul(n))?;
                Ok(Obj::Bytes(x.repeat(n).into()))
            }
            (BinaryOp::Add, Obj::List(_) | Obj::Tuple(_), _) => {
                let kind = a.type_name();
                Err(Exc::type_error(format!("can only concatenate {kind} (not \"{}\") to {kind}", b.type_name())))
            }
            (BinaryOp::Mul, Obj::List(_) | Obj::Tuple(_), _) => repeat(a, b),
            (BinaryOp::Mul, _, Obj::List(_) | Obj::Tuple(_)) => repeat(b, a),
            (
                BinaryOp::BitOr | BinaryOp::BitAnd | BinaryOp::Sub | BinaryOp::BitXor,
                Obj::Set(_) | Obj::FrozenSet(_),
                Obj::Set(_) | Obj::FrozenSet(_),
            ) => {
                use crate::python::object::set_algebra::{
                    Other, difference, intersection, symmetric_difference, union,
                };
                let (x, y) = (a.set_members().unwrap_or_default(), Other::Set(b.set_members().unwrap_or_default()));
                let out = match op {
                    BinaryOp::BitOr => union(&x, &y),
                    BinaryOp::BitAnd => intersection(&x, &y),
                    BinaryOp::Sub => difference(&x, &y),
                    _ => symmetric_difference(&x, &y),
                };
                Ok(match a {
                    Obj::FrozenSet(_) => Obj::FrozenSet(Rc::new(out)),
                    _ => Obj::set(out),
                })
            }
            (BinaryOp::BitOr, Obj::Dict(x), Obj::Dict(y)) => {
                let mut out = x.borrow().clone();
                for (key, value) in y.borrow().iter() {
                    out.insert(Key::of(key)?, key.clone(), value.clone());
                }
                Ok(Obj::dict(out))
            }
            _ => Err(unsupported(op, a, b)),
        }
    }

    /// `a op b` where an instance is involved: `a.__op__(b)`, then `b.__rop__(a)`.
    fn dunder_binary(&mut self, host: &mut dyn Host, op: BinaryOp, a: &Obj, b: &Obj) -> Result<Obj, Exc> {
        let (name, reflected) = op.dunders();
        if let Obj::Instance(instance) = a
            && instance.class.lookup_user(name).is_some()
        {
            let result = self.method(host, a, name, Args::new(vec![b.clone()]))?;
            if !matches!(result, Obj::NotImplemented) {
                return Ok(result);
            }
        }
        if let Obj::Instance(instance) = b
            && instance.class.lookup_user(reflected).is_some()
        {
            let result = self.method(host, b, reflected, Args::new(vec![a.clone()]))?;
            if !matches!(result, Obj::NotImplemented) {
                return Ok(result);
            }
        }
        Err(unsupported(op, a, b))
    }

    pub(super) fn negate(&mut self, host: &mut dyn Host, value: &Obj) -> Result<Obj, Exc> {
        match value {
            Obj::Int(i) => i.checked_neg().map(Obj::Int).ok_or_else(overflow),
            Obj::Instance(_) => self.unary_dunder(host, value, "__neg__", "-"),
            other => match scalar(other) {
                Some(v) => v.neg().map(from_scalar).map_err(Exc::from_op),
                None => Err(bad_operand("-", other)),
            },
        }
    }

    pub(super) fn positive(&mut self, host: &mut dyn Host, value: &Obj) -> Result<Obj, Exc> {
        match value {
            Obj::Bool(b) => Ok(Obj::Int(i64::from(*b))),
            Obj::Int(_) | Obj::Float(_) => Ok(value.clone()),
            Obj::Instance(_) => self.unary_dunder(host, value, "__pos__", "+"),
            other => Err(bad_operand("+", other)),
        }
    }

    pub(super) fn invert(&mut self, host: &mut dyn Host, value: &Obj) -> Result<Obj, Exc> {
        match value {
            Obj::Int(_) | Obj::Bool(_) => Ok(Obj::Int(!value.as_int().unwrap_or(0))),
            Obj::Instance(_) => self.unary_dunder(host, value, "__invert__", "~"),
            other => Err(bad_operand("~", other)),
        }
    }

    fn unary_dunder(&mut self, host: &mut dyn Host, value: &Obj, name: &str, symbol: &str) -> Result<Obj, Exc> {
        match value {
            Obj::Instance(instance) if instance.class.lookup_user(name).is_some() => {
                self.method(host, value, name, Args::none())
            }
            _ => Err(bad_operand(symbol, value)),
        }
    }
}

fn bad_operand(symbol: &str, value: &Obj) -> Exc {
    Exc::type_error(format!("bad operand type for unary {symbol}: '{}'", value.type_name()))
}

/// How the interpreter learns that its process came near its memory cap: the runtime, which
/// counts the process's allocations, installs its check once, with a flag it sets when the
/// check has something to look at (the interpreter knows nothing of allocators; without a
/// check there is no cap).
static MEMORY_CHECK: std::sync::OnceLock<MemoryCheck> = std::sync::OnceLock::new();

/// The runtime's memory check and the flag that says it is worth asking.
struct MemoryCheck {
    due: &'static AtomicBool,
    over_budget: fn() -> bool,
}

/// Installs the check `memory_left` asks before each statement and loop item, whenever `due`
/// is set.
pub fn set_memory_check(due: &'static AtomicBool, over_budget: fn() -> bool) {
    let _ = MEMORY_CHECK.set(MemoryCheck { due, over_budget });
}

/// MemoryError when this process came near its memory cap (`--max-memory`), raised while
/// there is still room to raise it, handle it and print its traceback.
#[inline]
pub(crate) fn memory_left() -> Result<(), Exc> {
    match MEMORY_CHECK.get() {
        Some(check) if check.due.load(Ordering::Relaxed) && (check.over_budget)() => Err(out_of_memory()),
        _ => Ok(()),
    }
}

#[cold]
fn out_of_memory() -> Exc {
    Exc::new(ExcKind::MemoryError, "out of memory: this process reached its memory cap (--max-memory)")
}

/// MemoryError for a sequence longer than forkbook builds (`value::MAX_SEQUENCE`).
pub(crate) fn sized(len: usize) -> Result<(), Exc> {
    if len > MAX_SEQUENCE { Err(too_long()) } else { Ok(()) }
}

/// `sequence * count` for lists and tuples.
fn repeat(sequence: &Obj, count: &Obj) -> Result<Obj, Exc> {
    let Some(n) = count.as_int() else {
        return Err(Exc::type_error(format!("can't multiply sequence by non-int of type '{}'", count.type_name())));
    };
    let n = usize::try_from(n.max(0)).unwrap_or(usize::MAX);
    let items: Vec<Obj> = match sequence {
        Obj::List(list) => list.borrow().clone(),
        Obj::Tuple(items) => items.to_vec(),
        _ => Vec::new(),
    };
    sized(items.len().saturating_mul(n))?;
    let repeated: Vec<Obj> = items.iter().cycle().take(items.len() * n).cloned().collect();
    Ok(match sequence {
        Obj::Tuple(_) => Obj::Tuple(Rc::from(repeated)),
        _ => Obj::list(repeated),
    })
}

/// `a ** b`: ints stay ints for a non-negative exponent; a negative one gives a float.
pub(crate) fn power(a: &Obj, b: &Obj) -> Result<Obj, Exc> {
    match (a.as_int(), b.as_int()) {
        (Some(base), Some(exp)) if exp >= 0 => {
            let exp = u32::try_from(exp).map_err(|_| overflow())?;
            base.checked_pow(exp).map(Obj::Int).ok_or_else(overflow)
        }
        (Some(0), Some(_)) => Err(Exc::new(ExcKind::ZeroDivisionError, "0.0 cannot be raised to a negative power")),
        _ => match (a.as_float(), b.as_float()) {
            (Some(x), Some(y)) => {
                if x == 0.0 && y < 0.0 {
                    return Err(Exc::new(ExcKind::ZeroDivisionError, "0.0 cannot be raised to a negative power"));
                }
                if x < 0.0 && y.fract() != 0.0 {
                    return Err(Exc::value_error(
                        "forkbook has no complex numbers: a negative number to a fractional power",
                    ));
                }
                let result = x.powf(y);
                if result.is_infinite() && x.is_finite() && y.is_finite() {
                    return Err(Exc::new(ExcKind::OverflowError, "(34, 'Numerical result out of range')"));
                }
                Ok(Obj::Float(result))
            }
            _ => Err(unsupported(BinaryOp::Pow, a, b)),
        },
    }
}

/// Bitwise operators on ints (and bools, which stay bools for `&`, `|`, `^`).
fn bitwise(op: BinaryOp, a: &Obj, b: &Obj) -> Result<Option<Obj>, Exc> {
    if let (Obj::Bool(x), Obj::Bool(y)) = (a, b) {
        let result = match op {
            BinaryOp::BitAnd => Some(x & y),
            BinaryOp::BitOr => Some(x | y),
            BinaryOp::BitXor => Some(x ^ y),
            _ => None,
        };
        if let Some(result) = result {
            return Ok(Some(Obj::Bool(result)));
        }
    }
    let (Some(x), Some(y)) = (a.as_int(), b.as_int()) else { return Ok(None) };
    Ok(Some(Obj::Int(match op {
        BinaryOp::BitAnd => x & y,
        BinaryOp::BitOr => x | y,
        BinaryOp::BitXor => x ^ y,
        BinaryOp::LShift => {
            if y < 0 {
                return Err(Exc::value_error("negative shift count"));
            }
            if x == 0 {
                0
            } else {
                let shifted = u32::try_from(y).ok().and_then(|y| x.checked_shl(y)).ok_or_else(overflow)?;
                if shifted >> y != x {
                    return Err(overflow());
                }
                shifted
            }
        }
        _ => {
            if y < 0 {
                return Err(Exc::value_error("negative shift count"));
            }
            x >> y.min(63)
        }
    })))
}
