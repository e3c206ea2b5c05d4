//! `Value('i', n)`, `Value('d', x)` and `Array('i', …)`: numbers in the region guarded by
//! their own RLock, as CPython's synchronized wrappers do for each read and each write (so
//! `v.value += 1` is two locked steps with a gap between them, and updates can be lost). The
//! RLock is a real shared object of its own (`NAME.lock`), which `get_lock()` hands to the
//! program: holding it across the read and the write makes the increment whole, and the
//! owner's own reads inside go through because it is reentrant. An Array keeps one number
//! per region slot. `lock=False` makes a raw number with no lock at all (CPython's `c_int`),
//! whose reads and writes take none.

use std::sync::atomic::Ordering;

use anyhow::Result;

use super::semlock::{SemKind, SemLock};
use crate::event::{Audit, EventKind, ObjectKind};
use crate::python::Exc;
use crate::runtime::ctx::Ctx;
use crate::value::Value;

/// A shared number, or an array of them.
#[derive(Clone, Debug)]
pub struct SharedValue {
    pub name: crate::event::Name,
    /// Holds floats (typecodes `d`, `f`) rather than integers.
    pub float: bool,
    /// The RLock each read and write takes; `None` for `lock=False`.
    pub lock: Option<SemLock>,
    /// The region slot holding the number (a Value's, or an Array's first element's).
    slot: u32,
    /// For an Array: its first element's slot and its length.
    pub array: Option<(u32, u32)>,
    /// The ctypes type of the number (`c_int`, `c_double`), which its repr names.
    pub ctype: &'static str,
}

impl SharedValue {
    /// The name of the lock of the object called `name`.
    pub fn lock_name(name: &str) -> String {
        format!("{name}.lock")
    }

    /// Makes a Value holding `initial` (already of the right kind), with its RLock when
    /// `locked`.
    pub fn create(ctx: &Ctx, name: &str, initial: &Value, locked: bool, py_line: u32) -> Result<SharedValue> {
        let float = matches!(initial, Value::Float(_));
        let int = if let Value::Int(n) = initial { *n } else { 0 };
        let value = Self::make(ctx, name, (float, locked), None, (ObjectKind::Value, int), py_line)?;
        value.store(ctx, value.slot, initial);
        if float {
            ctx.rep.emit(EventKind::ValueWritten { object: name.into(), index: None, value: initial.clone() });
        }
        Ok(value)
    }

    /// Makes an Array of `items` (all of one kind), with its RLock when `locked`.
    pub fn create_array(
        ctx: &Ctx,
        name: &str,
        (float, locked): (bool, bool),
        items: &[Value],
        py_line: u32,
    ) -> Result<SharedValue> {
        let first = ctx.region.take_obj_slots(&vec![(1, 1); items.len()])?;
        let len = items.len() as u32;
        let kind = (ObjectKind::Array, i64::from(len));
        let array = Self::make(ctx, name, (float, locked), Some((first, len)), kind, py_line)?;
        for (i, item) in items.iter().enumerate() {
            array.store(ctx, first + i as u32, item);
        }
        let value = Value::List(items.to_vec());
        ctx.rep.emit(EventKind::ValueWritten { object: name.into(), index: None, value });
        Ok(array)
    }

    fn make(
        ctx: &Ctx,
        name: &str,
        (float, locked): (bool, bool),
        array: Option<(u32, u32)>,
        (object_kind, value): (ObjectKind, i64),
        py_line: u32,
    ) -> Result<SharedValue> {
        ctx.rep.emit(EventKind::Created {
            object: name.into(),
            object_kind,
            value,
            capacity: 0,
            py_line,
            manager: None,
        });
        let lock =
            if locked { Some(SemLock::create(ctx, &Self::lock_name(name), SemKind::RLock, 1, py_line)?) } else { None };
        // The number lives in its lock's slot, or in a slot of its own.
        let slot = match &lock {
            Some(lock) => lock.slot,
            None => ctx.region.take_obj_slots(&[(1, 1)])?,
        };
        let ctype = if float { "c_double" } else { "c_int" };
        Ok(SharedValue { name: name.into(), float, lock, slot, array, ctype })
    }

    fn acquire(&self, ctx: &Ctx) -> Result<(), Exc> {
        match &self.lock {
            Some(lock) => lock.acquire(ctx, true, None).map(|_| ()),
            None => Ok(()),
        }
    }

    fn release(&self, ctx: &Ctx) -> Result<(), Exc> {
        match &self.lock {
            Some(lock) => lock.release(ctx),
            None => Ok(()),
        }
    }

    fn store(&self, ctx: &Ctx, slot: u32, value: &Value) {
        let bits = match value {
            Value::Float(x) => x.to_bits() as i64,
            Value::Int(n) => *n,
            _ => 0,
        };
        ctx.region.obj(slot).value.store(bits, Ordering::SeqCst);
    }

    /// The number (a Value's, or an Array's element `index`) read with no lock and no event,
    /// as CPython's repr reads the ctypes object under the wrapper.
    pub fn peek(&self, ctx: &Ctx, index: Option<u32>) -> Value {
        self.load(ctx, self.slot(index))
    }

    fn load(&self, ctx: &Ctx, slot: u32) -> Value {
        let bits = ctx.region.obj(slot).value.load(Ordering::SeqCst);
        if self.float { Value::Float(f64::from_bits(bits as u64)) } else { Value::Int(bits) }
    }

    /// The slot of element `index` (the Value's own for `None`).
    fn slot(&self, index: Option<u32>) -> u32 {
        match (self.array, index) {
            (Some((first, _)), Some(i)) => first + i,
            _ => self.slot,
        }
    }

    /// How many elements an Array has.
    pub fn len(&self) -> u32 {
        self.array.map_or(1, |(_, len)| len)
    }

    /// `v.value` or `arr[i]`: under the lock.
    pub fn read(&self, ctx: &Ctx, index: Option<u32>) -> Result<Value, Exc> {
        self.acquire(ctx)?;
        let value = self.load(ctx, self.slot(index));
        ctx.rep.emit_value_op(true, &self.name, index, &value);
        self.release(ctx)?;
        Ok(value)
    }

    /// `arr[:]`: every element, under one hold of the lock.
    pub fn read_all(&self, ctx: &Ctx) -> Result<Vec<Value>, Exc> {
        let Some((first, len)) = self.array else { return Ok(vec![self.read(ctx, None)?]) };
        self.acquire(ctx)?;
        let items: Vec<Value> = (first..first + len).map(|slot| self.load(ctx, slot)).collect();
        ctx.rep.emit(EventKind::ValueRead {
            object: self.name.clone(),
            index: None,
            value: Value::List(items.clone()),
        });
        self.release(ctx)?;
        Ok(items)
    }

    /// `v.value = x` or `arr[i] = x`: under the lock.
    pub fn write(&self, ctx: &Ctx, index: Option<u32>, value: &Value) -> Result<(), Exc> {
        let value = self.coerce(value)?;
        self.acquire(ctx)?;
        self.store(ctx, self.slot(index), &value);
        ctx.rep.emit_value_op(false, &self.name, index, &value);
        self.release(ctx)?;
        Ok(())
    }

    /// `arr[a:b] = items`: the elements at `indices`, under one hold of the lock.
    pub fn write_all(&self, ctx: &Ctx, indices: &[u32], items: &[Value]) -> Result<(), Exc> {
        let items = items.iter().map(|v| self.coerce(v)).collect::<Result<Vec<_>, _>>()?;
        self.acquire(ctx)?;
        for (&i, value) in indices.iter().zip(items) {
            self.store(ctx, self.slot(Some(i)), &value);
            ctx.rep.emit(EventKind::ValueWritten { object: self.name.clone(), index: Some(i), value });
        }
        self.release(ctx)?;
        Ok(())
    }

    /// A number of this object's kind: an int becomes a float in a float one, anything else
    /// is CPython's TypeError.
    pub fn coerce(&self, value: &Value) -> Result<Value, Exc> {
        match (self.float, value) {
            (true, Value::Int(n)) => Ok(Value::Float(*n as f64)),
            (true, Value::Float(_)) | (false, Value::Int(_)) => Ok(value.clone()),
            (false, Value::Bool(b)) => Ok(Value::Int(i64::from(*b))),
            (true, other) => Err(Exc::type_error(format!("must be real number, not {}", other.type_name()))),
            (false, other) => {
                Err(Exc::type_error(format!("'{}' object cannot be interpreted as an integer", other.type_name())))
            }
        }
    }

    pub fn audit(&self, ctx: &Ctx) -> Audit {
        let value = match self.array {
            Some((first, len)) => Value::List((first..first + len).map(|slot| self.load(ctx, slot)).collect()),
            None => self.load(ctx, self.slot),
        };
        Audit::Value { value }
    }
}
