//! `Value('i', n)`: an integer in the region guarded by its own lock, as CPython's
//! synchronized wrapper does for each read and each write (so `v.value += 1` is two locked
//! steps with a gap between them, and updates can be lost).

use std::sync::atomic::Ordering;

use anyhow::Result;

use crate::event::{Audit, EventKind, ObjectKind};
use crate::python::Exc;
use crate::runtime::ctx::Ctx;

/// A shared integer in one region slot.
#[derive(Clone, Debug)]
pub struct SharedValue {
    pub name: String,
    pub slot: u32,
}

impl SharedValue {
    pub fn create(ctx: &Ctx, name: &str, initial: i64, py_line: u32) -> Result<SharedValue> {
        let slot = ctx.region.take_obj_slots(&[(1, 1)])?;
        ctx.region.obj(slot).value.store(initial, Ordering::SeqCst);
        ctx.rep.emit(EventKind::Created {
            object: name.to_string(),
            object_kind: ObjectKind::Value,
            value: initial,
            capacity: 0,
            py_line,
        });
        Ok(SharedValue { name: name.to_string(), slot })
    }

    pub fn read(&self, ctx: &Ctx) -> Result<i64, Exc> {
        let slot = ctx.region.obj(self.slot);
        slot.sem.wait(None)?;
        let v = slot.value.load(Ordering::SeqCst);
        ctx.rep.emit(EventKind::ValueRead { object: self.name.clone(), value: v });
        slot.sem.post()?;
        Ok(v)
    }

    pub fn write(&self, ctx: &Ctx, v: i64) -> Result<(), Exc> {
        let slot = ctx.region.obj(self.slot);
        slot.sem.wait(None)?;
        slot.value.store(v, Ordering::SeqCst);
        ctx.rep.emit(EventKind::ValueWritten { object: self.name.clone(), value: v });
        slot.sem.post()?;
        Ok(())
    }

    pub fn audit(&self, ctx: &Ctx) -> Audit {
        Audit::Value { value: ctx.region.obj(self.slot).value.load(Ordering::SeqCst) }
    }
}
