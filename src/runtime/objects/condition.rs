//! `multiprocessing.Condition`: CPython's algorithm over process-shared semaphores, so that
//! its races come out as CPython's do. Its lock (an RLock of its own, or the Lock or RLock the
//! program passed) and three counters: `sleeping` (processes that went to sleep in `wait()`),
//! `woken` (sleepers that woke, by a notify or a timeout) and `wakeup` (one post per sleeper a
//! notify wakes). Reported as the probe reports a watched CPython's: `Waiting` (op `wait`)
//! before a wait lets go of the lock, `EventWoke` or `GaveUp` when it wakes, before it takes
//! the lock back, and `Notified` before a notify wakes anyone.

use anyhow::Result;

use crate::event::{EventKind, GiveUp, ObjectKind, WaitOp};
use crate::python::{Exc, ExcKind};
use crate::runtime::ctx::Ctx;
use crate::runtime::ring::Named;
use crate::runtime::sys::{Sem, SemWait};

use super::semlock::{SemKind, SemLock};

/// The most a counter semaphore holds (CPython's `SEM_VALUE_MAX` on Linux).
const COUNTER_MAX: i64 = i32::MAX as i64;

/// A Condition: its lock and the first of its three counter slots.
#[derive(Clone, Debug)]
pub struct Condition {
    pub name: crate::event::Name,
    /// The lock `acquire`, `release` and `with` take; its own RLock reports under the
    /// condition's name, a lock the program passed under its own.
    pub lock: SemLock,
    /// Whether the lock is the program's: then the condition reports its own hand-offs too.
    shared_lock: bool,
    counters: u32,
}

impl Condition {
    /// `Condition(lock=None)`: creates the counters (and the lock, without `lock`) and
    /// reports `Created`.
    pub fn create(ctx: &Ctx, name: &str, lock: Option<SemLock>, py_line: u32) -> Result<Condition> {
        let shared_lock = lock.is_some();
        let lock = match lock {
            Some(lock) => lock,
            None => {
                let slot = ctx.region.take_obj_slots(&[(1, 1)])?;
                SemLock { name: name.into(), kind: SemKind::RLock, slot }
            }
        };
        let counters = ctx.region.take_obj_slots(&[(0, COUNTER_MAX); 3])?;
        ctx.rep.emit(EventKind::Created {
            object: name.into(),
            object_kind: ObjectKind::Condition,
            value: 0,
            capacity: 0,
            py_line,
            manager: None,
        });
        Ok(Condition { name: name.into(), lock, shared_lock, counters })
    }

    fn sleeping<'c>(&self, ctx: &Ctx<'c>) -> &'c Sem {
        &ctx.region.obj(self.counters).sem
    }

    fn woken<'c>(&self, ctx: &Ctx<'c>) -> &'c Sem {
        &ctx.region.obj(self.counters + 1).sem
    }

    fn wakeup<'c>(&self, ctx: &Ctx<'c>) -> &'c Sem {
        &ctx.region.obj(self.counters + 2).sem
    }

    /// How many processes are asleep in `wait()` (those that timed out and were not yet
    /// counted out by a notify are left out, as CPython's repr leaves them out).
    pub fn sleepers(&self, ctx: &Ctx) -> i64 {
        (self.sleeping(ctx).value() - self.woken(ctx).value()).max(0)
    }

    /// `acquire(block=True, timeout=None)`: the lock's.
    pub fn acquire(&self, ctx: &Ctx, block: bool, timeout_ms: Option<i64>) -> Result<bool, Exc> {
        let got = self.lock.acquire(ctx, block, timeout_ms)?;
        if got && self.shared_lock {
            ctx.rep.emit_named(Named::Acquired, &self.name);
        }
        Ok(got)
    }

    /// `release()`: the lock's.
    pub fn release(&self, ctx: &Ctx) -> Result<(), Exc> {
        if self.shared_lock && self.lock.is_mine(ctx) {
            ctx.rep.emit_named(Named::Released, &self.name);
        }
        self.lock.release(ctx)
    }

    /// `wait(timeout=None)`: lets go of the lock (however deep an RLock is held), sleeps
    /// until a notify wakes it or the timeout passes, then takes the lock back as deep.
    /// True when notified.
    pub fn wait(&self, ctx: &Ctx, timeout_ms: Option<i64>) -> Result<bool, Exc> {
        if !self.lock.is_mine(ctx) {
            return Err(Exc::new(ExcKind::AssertionError, "must acquire() condition before using wait()"));
        }
        self.sleeping(ctx).post()?;
        let depth = self.lock.depth(ctx);
        let waiting = EventKind::Waiting { object: self.name.clone(), op: WaitOp::Wait, timed: timeout_ms.is_some() };
        ctx.rep.emit(waiting.clone());
        for _ in 0..depth {
            self.release(ctx)?;
        }
        if !ctx.feeder.is_empty() {
            ctx.feed_while_blocked(waiting);
        }
        let woke = self.wakeup(ctx).wait(ctx.timeout(timeout_ms))? == SemWait::Acquired;
        self.woken(ctx).post()?;
        ctx.rep.emit(if woke {
            EventKind::EventWoke { object: self.name.clone() }
        } else {
            EventKind::GaveUp { object: self.name.clone(), op: WaitOp::Wait, why: GiveUp::TimedOut }
        });
        for _ in 0..depth {
            self.acquire(ctx, true, None)?;
        }
        Ok(woke)
    }

    /// `notify(n=1)`: wakes at most `n` of the processes asleep in `wait()` and waits until
    /// each of them has woken.
    pub fn notify(&self, ctx: &Ctx, n: i64) -> Result<(), Exc> {
        if !self.lock.is_mine(ctx) {
            return Err(Exc::new(ExcKind::AssertionError, "lock is not owned"));
        }
        // Sleepers that timed out since the last notify are asleep no longer.
        while self.woken(ctx).try_wait()? {
            self.sleeping(ctx).try_wait()?;
        }
        // Nobody can fall asleep meanwhile: that takes the lock, held here.
        let asleep = self.sleeping(ctx).value().max(0);
        ctx.rep.emit(EventKind::Notified { object: self.name.clone(), woke: n.clamp(0, asleep) as u32 });
        let mut woke = 0;
        while woke < n && self.sleeping(ctx).try_wait()? {
            self.wakeup(ctx).post()?;
            woke += 1;
        }
        for _ in 0..woke {
            self.woken(ctx).wait(None)?;
        }
        // A sleeper that timed out just now left its wake-up unused.
        while self.wakeup(ctx).try_wait()? {}
        Ok(())
    }
}
