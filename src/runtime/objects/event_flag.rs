//! `multiprocessing.Event`: a flag word in the region that waiters sleep on with a shared
//! futex (the kernel shows them in `futex_do_wait`, as CPython's semaphore-built Event).

use std::sync::atomic::Ordering;
use std::time::Instant;

use anyhow::Result;

use crate::event::{Audit, EventKind, GiveUp, ObjectKind, WaitOp};
use crate::runtime::ctx::Ctx;
use crate::runtime::sys;

/// An Event in one region slot.
#[derive(Clone, Debug)]
pub struct EventFlag {
    pub name: crate::event::Name,
    pub slot: u32,
}

impl EventFlag {
    pub fn create(ctx: &Ctx, name: &str, py_line: u32) -> Result<EventFlag> {
        let slot = ctx.region.take_obj_slots(&[(0, 1)])?;
        ctx.rep.emit(EventKind::Created {
            object: name.into(),
            object_kind: ObjectKind::Event,
            value: 0,
            capacity: 1,
            py_line,
            manager: None,
        });
        Ok(EventFlag { name: name.into(), slot })
    }

    pub fn set(&self, ctx: &Ctx) {
        let word = &ctx.region.obj(self.slot).word;
        ctx.rep.emit(EventKind::EventSet { object: self.name.clone() });
        word.store(1, Ordering::SeqCst);
        sys::futex_wake_all(word);
    }

    pub fn clear(&self, ctx: &Ctx) {
        ctx.rep.emit(EventKind::EventCleared { object: self.name.clone() });
        ctx.region.obj(self.slot).word.store(0, Ordering::SeqCst);
    }

    pub fn is_set(&self, ctx: &Ctx) -> bool {
        ctx.region.obj(self.slot).word.load(Ordering::SeqCst) == 1
    }

    /// `wait(timeout=None)`: True once the flag is set, False on timeout.
    pub fn wait(&self, ctx: &Ctx, timeout_ms: Option<i64>) -> bool {
        let word = &ctx.region.obj(self.slot).word;
        if word.load(Ordering::SeqCst) == 0 {
            ctx.blocks(EventKind::Waiting { object: self.name.clone(), op: WaitOp::Wait, timed: timeout_ms.is_some() });
            let deadline = ctx.timeout(timeout_ms).map(|d| Instant::now() + d);
            while word.load(Ordering::SeqCst) == 0 {
                let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
                if left.is_some_and(|l| l.is_zero()) {
                    ctx.rep.emit(EventKind::GaveUp {
                        object: self.name.clone(),
                        op: WaitOp::Wait,
                        why: GiveUp::TimedOut,
                    });
                    return false;
                }
                sys::futex_wait(word, 0, left);
            }
        }
        ctx.rep.emit(EventKind::EventWoke { object: self.name.clone() });
        true
    }

    pub fn audit(&self, ctx: &Ctx) -> Audit {
        Audit::Event { set: self.is_set(ctx) }
    }
}
