//! `Queue` and `JoinableQueue` as CPython builds them: a pipe carrying framed messages, a
//! read lock and a write lock, and a bounded semaphore counting free places (`maxsize`).
//! A JoinableQueue adds an unfinished-task counter that `join()` sleeps on (a futex).
//!
//! As in CPython, `put` takes a free place and hands the item to the process's feeder
//! (`feeder.rs`), which writes it into the pipe a moment later: `qsize()` and `full()` count
//! it at once, `empty()` and `get()` see it only once it is in the pipe. A `Pool`'s task and
//! result queues are CPython's `SimpleQueue`s, written at once (`for_pool`).

use std::os::fd::{AsFd, AsRawFd, OwnedFd};
use std::rc::Rc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use anyhow::Result;

use crate::event::{Audit, EventKind, GiveUp, ObjectKind, WaitOp};
use crate::python::{Exc, ExcKind};
use crate::runtime::ctx::Ctx;
use crate::runtime::frame;
use crate::runtime::sys::{self, SemWait};
use crate::value::Value;

const SEM_VALUE_MAX: i64 = i32::MAX as i64;

/// A queue: three region slots (read lock, write lock, free places) and a pipe.
#[derive(Debug)]
pub struct Queue {
    pub name: crate::event::Name,
    pub joinable: bool,
    /// ≤ 0: unbounded.
    pub maxsize: i64,
    first_slot: u32,
    reader: OwnedFd,
    writer: OwnedFd,
    /// `put` goes through the process's feeder (false: a `SimpleQueue`, written at once).
    fed: bool,
    /// The pipe's buffer, in bytes (0 when unknown: then no write is known to fit).
    pipe_size: usize,
}

/// A pipe's page: one partly read is not reused until it is read whole, so a write that
/// must not wait leaves one free.
const PAGE: usize = 4096;

impl Queue {
    pub fn create(ctx: &Ctx, name: &str, joinable: bool, maxsize: i64, py_line: u32) -> Result<Queue> {
        let places = if maxsize <= 0 { SEM_VALUE_MAX } else { maxsize };
        let first_slot = ctx.region.take_obj_slots(&[(1, 1), (1, 1), (places as u32, places)])?;
        // The system's default size, as CPython's: what a writer can leave unread before it
        // waits decides when a process that puts and then ends is stuck.
        let (reader, writer) = sys::pipe()?;
        let pipe_size = sys::pipe_size(writer.as_fd()).unwrap_or(0);
        let object_kind = if joinable { ObjectKind::JoinableQueue } else { ObjectKind::Queue };
        ctx.rep.emit(EventKind::Created {
            object: name.into(),
            object_kind,
            value: 0,
            capacity: maxsize,
            py_line,
            manager: None,
        });
        Ok(Queue { name: name.into(), joinable, maxsize, first_slot, reader, writer, fed: true, pipe_size })
    }

    /// A pool's task or result queue: CPython's `SimpleQueue`, `put` writes into the pipe
    /// before it returns. Its pipe holds 1 MiB where it can: CPython's pool has a task-handler
    /// and a result-handler thread, so its main thread never waits on these pipes, while
    /// forkbook's main process serves its pools between its statements and would wait on a
    /// chunk of tasks that does not fit while the workers wait on their results.
    pub fn for_pool(self) -> Queue {
        // Best effort: with the default size, big chunks only wait for room sooner.
        let _ = sys::set_pipe_size(self.writer.as_fd(), 1 << 20);
        let pipe_size = sys::pipe_size(self.writer.as_fd()).unwrap_or(self.pipe_size);
        Queue { fed: false, pipe_size, ..self }
    }

    fn rlock<'c>(&self, ctx: &'c Ctx) -> &'c sys::Sem {
        &ctx.region.obj(self.first_slot).sem
    }
    fn wlock<'c>(&self, ctx: &'c Ctx) -> &'c sys::Sem {
        &ctx.region.obj(self.first_slot + 1).sem
    }
    fn places<'c>(&self, ctx: &'c Ctx) -> &'c sys::Sem {
        &ctx.region.obj(self.first_slot + 2).sem
    }
    fn unfinished<'c>(&self, ctx: &'c Ctx) -> &'c std::sync::atomic::AtomicU32 {
        &ctx.region.obj(self.first_slot).word
    }

    fn give_up(&self, ctx: &Ctx, op: WaitOp, why: GiveUp) {
        ctx.rep.emit(EventKind::GaveUp { object: self.name.clone(), op, why });
    }

    /// Whether `put` goes through the process's feeder: a `Queue` or `JoinableQueue`, which
    /// have `close()`, `join_thread()` and `cancel_join_thread()`; not a `SimpleQueue`.
    pub fn is_fed(&self) -> bool {
        self.fed
    }

    /// `put(item, block=True, timeout=None)`; raises Full.
    pub fn put(self: &Rc<Self>, ctx: &Ctx, item: Value, block: bool, timeout_ms: Option<i64>) -> Result<(), Exc> {
        self.take_place(ctx, block, timeout_ms)?;
        let bytes = frame::encode(&item);
        if !self.fed {
            return self.write(ctx, item, &bytes);
        }
        ctx.rep.emit(EventKind::Fed { object: self.name.clone(), item: item.clone() });
        ctx.feeder.hand(Rc::clone(self), item, bytes);
        Ok(())
    }

    /// `put` of an item already framed (`frame::Builder`) into a `SimpleQueue` (a pool's
    /// task or result queue), its event showing `shown`: what `report::event_item` makes of
    /// the item. A pool's chunk of thousands of calls is never made into a `Value` for it.
    pub fn put_framed(&self, ctx: &Ctx, shown: Value, bytes: &[u8], block: bool) -> Result<(), Exc> {
        debug_assert!(!self.fed, "a fed queue's feeder writes what put() handed it");
        self.take_place(ctx, block, None)?;
        self.write(ctx, shown, bytes)
    }

    /// Takes a free place for an item (waiting for one when `block`), and counts it unfinished
    /// in a JoinableQueue; raises Full.
    fn take_place(&self, ctx: &Ctx, block: bool, timeout_ms: Option<i64>) -> Result<(), Exc> {
        let places = self.places(ctx);
        if !places.try_wait()? {
            if !block {
                self.give_up(ctx, WaitOp::Put, GiveUp::WouldBlock);
                return Err(Exc::with_args(ExcKind::Full, Vec::new()));
            }
            ctx.blocks(EventKind::Waiting { object: self.name.clone(), op: WaitOp::Put, timed: timeout_ms.is_some() });
            if places.wait(ctx.timeout(timeout_ms))? == SemWait::TimedOut {
                self.give_up(ctx, WaitOp::Put, GiveUp::TimedOut);
                return Err(Exc::with_args(ExcKind::Full, Vec::new()));
            }
        }
        if self.joinable {
            self.unfinished(ctx).fetch_add(1, Ordering::SeqCst);
        }
        Ok(())
    }

    /// Whether `len` more bytes surely fit in the pipe now, so that writing them cannot wait.
    pub fn has_room_for(&self, len: usize) -> bool {
        self.room().is_ok_and(|room| len <= room)
    }

    /// How many bytes surely fit in the pipe now: its buffer less what is unread, less a page.
    fn room(&self) -> std::io::Result<usize> {
        let unread = sys::unread_bytes(self.writer.as_raw_fd())?;
        Ok(self.pipe_size.saturating_sub(unread + PAGE))
    }

    /// Whether `len` bytes could fit in the pipe at all, once readers empty it.
    pub fn could_hold(&self, len: usize) -> bool {
        len + PAGE <= self.pipe_size
    }

    /// Writes an item into the pipe under the write lock (the feeder, or `put` itself).
    pub fn write(&self, ctx: &Ctx, item: Value, bytes: &[u8]) -> Result<(), Exc> {
        self.wlock(ctx).wait(None)?;
        let put = EventKind::Put { object: self.name.clone(), item };
        // Only a write that cannot wait may hold its seq (a write that waits for a reader
        // could wait for ever, and every event after that seq would wait with it).
        let written = if self.fed && self.has_room_for(bytes.len()) {
            // The feeder's write: its seq is taken before the bytes enter the pipe (a reader's
            // `Got` orders after it), its event published after, so whoever learns of it (a
            // schedule granting a reader next) finds the item in the pipe.
            let stamp = ctx.rep.stamp();
            let written = sys::write_all(self.writer.as_raw_fd(), bytes);
            ctx.rep.emit_at(stamp, ctx.pid(), put);
            written
        } else {
            // Reported before the bytes enter the pipe, so the reader's `Got` always comes
            // after, and a reader that takes the item and then ends the run (terminating this
            // process) cannot outrun the event. (A feeder's item that does not fit in the pipe
            // now goes this way too.)
            ctx.rep.emit(put);
            sys::write_all(self.writer.as_raw_fd(), bytes)
        };
        self.wlock(ctx).post()?;
        written.map_err(|e| Exc::new(ExcKind::OSError, e.to_string()))
    }

    /// Begins writing an item piece by piece under the write lock, as CPython's feeder thread
    /// writes one larger than the pipe while its process sleeps: reported as put now, before
    /// its bytes enter the pipe (`write` explains why). `write_part` writes it, `end_write`
    /// lets the next writer in.
    pub fn begin_write(&self, ctx: &Ctx, item: Value) -> Result<(), Exc> {
        self.wlock(ctx).wait(None)?;
        ctx.rep.emit(EventKind::Put { object: self.name.clone(), item });
        Ok(())
    }

    /// Writes the start of `bytes`: all of it when `wait` (as long as readers take), else
    /// what fits now without waiting. How many bytes it wrote.
    pub fn write_part(&self, bytes: &[u8], wait: bool) -> Result<usize, Exc> {
        let n = if wait { bytes.len() } else { self.room()?.min(bytes.len()) };
        sys::write_all(self.writer.as_raw_fd(), &bytes[..n]).map_err(|e| Exc::new(ExcKind::OSError, e.to_string()))?;
        Ok(n)
    }

    /// Ends a write `begin_write` began.
    pub fn end_write(&self, ctx: &Ctx) -> Result<(), Exc> {
        Ok(self.wlock(ctx).post()?)
    }

    /// `get(block=True, timeout=None)`; raises Empty.
    pub fn get(&self, ctx: &Ctx, block: bool, timeout_ms: Option<i64>) -> Result<Value, Exc> {
        let deadline = ctx.timeout(timeout_ms).map(|d| Instant::now() + d);
        let left = || deadline.map(|d| d.saturating_duration_since(Instant::now()));
        let mut reported = false;
        let rlock = self.rlock(ctx);
        if !rlock.try_wait()? {
            if !block {
                self.give_up(ctx, WaitOp::Get, GiveUp::WouldBlock);
                return Err(Exc::with_args(ExcKind::Empty, Vec::new()));
            }
            ctx.blocks(EventKind::Waiting { object: self.name.clone(), op: WaitOp::Get, timed: timeout_ms.is_some() });
            reported = true;
            if rlock.wait(left())? == SemWait::TimedOut {
                self.give_up(ctx, WaitOp::Get, GiveUp::TimedOut);
                return Err(Exc::with_args(ExcKind::Empty, Vec::new()));
            }
        }
        let fd = self.reader.as_raw_fd();
        if !sys::poll_readable(fd, Some(std::time::Duration::ZERO)) {
            if !block {
                rlock.post()?;
                self.give_up(ctx, WaitOp::Get, GiveUp::WouldBlock);
                return Err(Exc::with_args(ExcKind::Empty, Vec::new()));
            }
            if !reported {
                ctx.blocks(EventKind::Waiting {
                    object: self.name.clone(),
                    op: WaitOp::Get,
                    timed: timeout_ms.is_some(),
                });
            }
            if !sys::poll_readable(fd, left()) {
                rlock.post()?;
                self.give_up(ctx, WaitOp::Get, GiveUp::TimedOut);
                return Err(Exc::with_args(ExcKind::Empty, Vec::new()));
            }
        }
        let item = frame::read(fd);
        let item = match item {
            Ok(Some(v)) => {
                let shown = crate::runtime::report::event_item(&v);
                ctx.rep.emit(EventKind::Got { object: self.name.clone(), item: shown });
                Ok(v)
            }
            Ok(None) => Err(Exc::with_args(ExcKind::EOFError, Vec::new())),
            Err(e) => Err(Exc::new(ExcKind::OSError, e.to_string())),
        };
        rlock.post()?;
        if item.is_ok() {
            self.places(ctx).post()?;
        }
        item
    }

    /// Waits (without reporting) until an item is in the pipe; true when one is.
    pub fn wait_readable(&self, timeout: Option<std::time::Duration>) -> bool {
        sys::poll_readable(self.reader.as_raw_fd(), timeout)
    }

    /// Whether the pipe has room for a small item (a pool's owner takes answers instead of
    /// blocking on a full task pipe).
    pub fn has_room(&self) -> bool {
        sys::poll_writable(self.writer.as_fd())
    }

    /// Waits up to `timeout` until this queue has an item or `other` has room.
    pub fn wait_item_or_room(&self, other: &Queue, timeout: std::time::Duration) -> bool {
        sys::poll_in_or_out(self.reader.as_fd(), other.writer.as_fd(), timeout)
    }

    /// `empty()`: CPython looks only at the pipe.
    pub fn empty(&self) -> bool {
        !sys::poll_readable(self.reader.as_raw_fd(), Some(std::time::Duration::ZERO))
    }

    /// `qsize()` = maxsize − free places.
    pub fn qsize(&self, ctx: &Ctx) -> i64 {
        let max = if self.maxsize <= 0 { SEM_VALUE_MAX } else { self.maxsize };
        max - self.places(ctx).value()
    }

    /// `full()`: no free place.
    pub fn full(&self, ctx: &Ctx) -> bool {
        self.places(ctx).value() == 0
    }

    /// `task_done()`; raises ValueError when called more often than items were put.
    pub fn task_done(&self, ctx: &Ctx) -> Result<(), Exc> {
        let word = self.unfinished(ctx);
        let stamp = ctx.rep.stamp();
        let mut current = word.load(Ordering::SeqCst);
        let reported = current > 0;
        if reported {
            // Reported before the count drops: a joiner that sees it drop and then ends the
            // run (terminating this daemon) cannot outrun the event.
            ctx.rep.emit_at(stamp, ctx.pid(), EventKind::TaskDone { object: self.name.clone() });
        }
        loop {
            if current == 0 {
                let err = Exc::value_error("task_done() called too many times");
                let gave_up =
                    EventKind::GaveUp { object: self.name.clone(), op: WaitOp::QueueJoin, why: GiveUp::WouldBlock };
                // Another consumer took the last count meanwhile: the stamp went to TaskDone.
                let stamp = if reported { ctx.rep.stamp() } else { stamp };
                ctx.rep.emit_at(stamp, ctx.pid(), gave_up);
                return Err(err);
            }
            match word.compare_exchange(current, current - 1, Ordering::SeqCst, Ordering::SeqCst) {
                Ok(_) => break,
                Err(now) => current = now,
            }
        }
        if current == 1 {
            sys::futex_wake_all(word);
        }
        Ok(())
    }

    /// `join()`: sleeps until every item put was marked done.
    pub fn join(&self, ctx: &Ctx) {
        let word = self.unfinished(ctx);
        let mut reported = false;
        loop {
            let v = word.load(Ordering::SeqCst);
            if v == 0 {
                break;
            }
            if !reported {
                ctx.blocks(EventKind::Waiting { object: self.name.clone(), op: WaitOp::QueueJoin, timed: false });
                reported = true;
            }
            sys::futex_wait(word, v, None);
        }
        ctx.rep.emit(EventKind::QueueJoined { object: self.name.clone() });
    }

    /// Drains the real pipe (end of run, every other process gone).
    pub fn audit(&self, ctx: &Ctx) -> Audit {
        let unfinished = self.joinable.then(|| i64::from(self.unfinished(ctx).load(Ordering::SeqCst)));
        Audit::Queue { items: frame::drain(self.reader.as_raw_fd()), unfinished }
    }
}
