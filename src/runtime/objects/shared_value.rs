//! `Value('i', n)` and `Value('d', x)`: a number in the region guarded by its own RLock, as
//! CPython's synchronized wrapper does for each read and each write (so `v.value += 1` is two
//! locked steps with a gap between them, and updates can be lost). The RLock is a real shared
//! object of its own (`NAME.lock`), which `get_lock()` hands to the program: holding it across
//! the read and the write makes the increment whole, and the owner's own reads inside go
//! through because it is reentrant.

use std::sync::atomic::Ordering;

use anyhow::Result;

use super::semlock::{SemKind, SemLock};
use crate::event::{Audit, EventKind, ObjectKind};
use crate::python::Exc;
use crate::runtime::ctx::Ctx;
use crate::value::Value;

/// A shared number: its value lives in its lock's region slot.
#[derive(Clone, Debug)]
pub struct SharedValue {
    pub name: String,
    /// Holds a float (typecodes `d`, `f`) rather than an integer.
    pub float: bool,
    pub lock: SemLock,
}

impl SharedValue {
    /// The name of the lock of the Value called `name`.
    pub fn lock_name(name: &str) -> String {
        format!("{name}.lock")
    }

    /// Makes the Value and its RLock, holding `initial` (already of the right kind).
    pub fn create(ctx: &Ctx, name: &str, initial: &Value, py_line: u32) -> Result<SharedValue> {
        let float = matches!(initial, Value::Float(_));
        ctx.rep.emit(EventKind::Created {
            object: name.to_string(),
            object_kind: ObjectKind::Value,
            value: if let Value::Int(n) = initial { *n } else { 0 },
            capacity: 0,
            py_line,
        });
        let lock = SemLock::create(ctx, &Self::lock_name(name), SemKind::RLock, 1, py_line)?;
        let value = SharedValue { name: name.to_string(), float, lock };
        value.store(ctx, initial);
        if float {
            ctx.rep.emit(EventKind::ValueWritten { object: name.to_string(), value: initial.clone() });
        }
        Ok(value)
    }

    fn store(&self, ctx: &Ctx, value: &Value) {
        let bits = match value {
            Value::Float(x) => x.to_bits() as i64,
            Value::Int(n) => *n,
            _ => 0,
        };
        ctx.region.obj(self.lock.slot).value.store(bits, Ordering::SeqCst);
    }

    fn load(&self, ctx: &Ctx) -> Value {
        let bits = ctx.region.obj(self.lock.slot).value.load(Ordering::SeqCst);
        if self.float { Value::Float(f64::from_bits(bits as u64)) } else { Value::Int(bits) }
    }

    /// `v.value`: under the lock.
    pub fn read(&self, ctx: &Ctx) -> Result<Value, Exc> {
        self.lock.acquire(ctx, true, None)?;
        let value = self.load(ctx);
        ctx.rep.emit(EventKind::ValueRead { object: self.name.clone(), value: value.clone() });
        self.lock.release(ctx)?;
        Ok(value)
    }

    /// `v.value = x`: under the lock; an int becomes a float in a float Value, a float in an
    /// integer Value is CPython's TypeError.
    pub fn write(&self, ctx: &Ctx, value: &Value) -> Result<(), Exc> {
        let value = match (self.float, value) {
            (true, Value::Int(n)) => Value::Float(*n as f64),
            (true, Value::Float(_)) | (false, Value::Int(_)) => value.clone(),
            (_, other) => {
                let kind = if self.float { "must be real number" } else { "cannot be interpreted as an integer" };
                let text = if self.float {
                    format!("{kind}, not {}", other.type_name())
                } else {
                    format!("'{}' object {kind}", other.type_name())
                };
                return Err(Exc::type_error(text));
            }
        };
        self.lock.acquire(ctx, true, None)?;
        self.store(ctx, &value);
        ctx.rep.emit(EventKind::ValueWritten { object: self.name.clone(), value });
        self.lock.release(ctx)?;
        Ok(())
    }

    pub fn audit(&self, ctx: &Ctx) -> Audit {
        Audit::Value { value: self.load(ctx) }
    }
}
