//! Lock, RLock, Semaphore and BoundedSemaphore: CPython's SemLock over a process-shared
//! `sem_t`, with its algorithm (try, then block or time out) and its error texts. Events are
//! reported at the linearization points: `Acquired` after the wait returns, `Released` before
//! the post, `Waiting` only after the non-blocking try failed.

use std::sync::atomic::Ordering;

use anyhow::Result;

use crate::event::{Audit, EventKind, GiveUp, ObjectKind, WaitOp};
use crate::python::{Exc, ExcKind};
use crate::runtime::ctx::Ctx;
use crate::runtime::ring::Named;
use crate::runtime::sys::SemWait;

/// Which flavour of SemLock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SemKind {
    Lock,
    RLock,
    Semaphore,
    Bounded,
}

impl SemKind {
    pub fn object_kind(self) -> ObjectKind {
        match self {
            SemKind::Lock => ObjectKind::Lock,
            SemKind::RLock => ObjectKind::RLock,
            SemKind::Semaphore => ObjectKind::Semaphore,
            SemKind::Bounded => ObjectKind::BoundedSemaphore,
        }
    }
}

/// A SemLock living in one region slot.
#[derive(Clone, Debug)]
pub struct SemLock {
    pub name: crate::event::Name,
    pub kind: SemKind,
    pub slot: u32,
}

const SEM_VALUE_MAX: i64 = i32::MAX as i64;

impl SemLock {
    /// Creates it in a fresh slot and reports `Created`.
    pub fn create(ctx: &Ctx, name: &str, kind: SemKind, value: i64, py_line: u32) -> Result<SemLock> {
        let (value, max) = match kind {
            SemKind::Lock | SemKind::RLock => (1, 1),
            SemKind::Semaphore => (value, SEM_VALUE_MAX),
            SemKind::Bounded => (value, value),
        };
        let slot = ctx.region.take_obj_slots(&[(value.clamp(0, SEM_VALUE_MAX) as u32, max)])?;
        let capacity = if kind == SemKind::Semaphore { -1 } else { max };
        ctx.rep.emit(EventKind::Created {
            object: name.into(),
            object_kind: kind.object_kind(),
            value,
            capacity,
            py_line,
            manager: None,
        });
        Ok(SemLock { name: name.into(), kind, slot })
    }

    /// `acquire(block=True, timeout=None)`.
    pub fn acquire(&self, ctx: &Ctx, block: bool, timeout_ms: Option<i64>) -> Result<bool, Exc> {
        let slot = ctx.region.obj(self.slot);
        if self.kind == SemKind::RLock
            && slot.owner.load(Ordering::SeqCst) == ctx.pid()
            && slot.depth.load(Ordering::SeqCst) > 0
        {
            slot.depth.fetch_add(1, Ordering::SeqCst);
            ctx.rep.emit_named(Named::Acquired, &self.name);
            return Ok(true);
        }
        if !slot.sem.try_wait()? {
            if !block {
                ctx.rep.emit(EventKind::GaveUp {
                    object: self.name.clone(),
                    op: WaitOp::Acquire,
                    why: GiveUp::WouldBlock,
                });
                return Ok(false);
            }
            ctx.blocks(EventKind::Waiting {
                object: self.name.clone(),
                op: WaitOp::Acquire,
                timed: timeout_ms.is_some(),
            });
            if slot.sem.wait(ctx.timeout(timeout_ms))? == SemWait::TimedOut {
                ctx.rep.emit(EventKind::GaveUp {
                    object: self.name.clone(),
                    op: WaitOp::Acquire,
                    why: GiveUp::TimedOut,
                });
                return Ok(false);
            }
        }
        // Only the holder itself relies on `owner` and `depth` (an RLock's reentry and
        // release), and the semaphore's own wait and post order the holders: a plain store
        // does, where a sequentially consistent one would cost a full fence on every acquire.
        slot.owner.store(ctx.pid(), Ordering::Release);
        slot.depth.store(1, Ordering::Release);
        ctx.rep.emit_named(Named::Acquired, &self.name);
        Ok(true)
    }

    /// `release()`, with CPython's checks.
    pub fn release(&self, ctx: &Ctx) -> Result<(), Exc> {
        let slot = ctx.region.obj(self.slot);
        match self.kind {
            SemKind::RLock => {
                if slot.owner.load(Ordering::SeqCst) != ctx.pid() || slot.depth.load(Ordering::SeqCst) == 0 {
                    return Err(Exc::new(
                        ExcKind::AssertionError,
                        "attempt to release recursive lock not owned by thread",
                    ));
                }
                if slot.depth.load(Ordering::SeqCst) > 1 {
                    slot.depth.fetch_sub(1, Ordering::SeqCst);
                    ctx.rep.emit_named(Named::Released, &self.name);
                    return Ok(());
                }
            }
            SemKind::Lock | SemKind::Bounded => {
                if slot.sem.value() >= slot.max.load(Ordering::SeqCst) {
                    return Err(Exc::value_error("semaphore or lock released too many times"));
                }
            }
            SemKind::Semaphore => {}
        }
        if self.kind != SemKind::Semaphore {
            // Plain stores, as in `acquire`: the post below publishes them to the next holder.
            slot.owner.store(0, Ordering::Release);
            slot.depth.store(0, Ordering::Release);
        }
        ctx.rep.emit_named(Named::Released, &self.name);
        slot.sem.post()?;
        Ok(())
    }

    /// Whether this process holds it (a Lock or an RLock; CPython's `_is_mine()`).
    pub fn is_mine(&self, ctx: &Ctx) -> bool {
        let slot = ctx.region.obj(self.slot);
        slot.owner.load(Ordering::SeqCst) == ctx.pid() && slot.depth.load(Ordering::SeqCst) > 0
    }

    /// How deep this process holds it (CPython's `_count()`): an RLock's recursion depth, 1
    /// for a Lock it holds, 0 when it does not hold it.
    pub fn depth(&self, ctx: &Ctx) -> u32 {
        if self.is_mine(ctx) { ctx.region.obj(self.slot).depth.load(Ordering::SeqCst) } else { 0 }
    }

    /// `get_value()` (0 while there are waiters, as glibc reports).
    pub fn value(&self, ctx: &Ctx) -> i64 {
        ctx.region.obj(self.slot).sem.value()
    }

    /// The real counter, for the end-of-run audit.
    pub fn audit(&self, ctx: &Ctx) -> Audit {
        Audit::Semaphore { value: self.value(ctx) }
    }
}
