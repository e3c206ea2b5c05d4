//! CPython's queue feeder thread, one per process: `Queue.put()` hands the item over and
//! returns, and the feeder writes it into the queue's pipe when the process's main thread
//! lets it run (it needs the GIL): as soon as the process blocks (a wait, a sleep, a join, its
//! exit) or prints a line (a terminal's write, during which the GIL is let go), or, while the
//! process keeps running, once the GIL's 5 ms switch interval has passed since the put. A process held at its step gate lets no interval pass, so a schedule pins
//! the delivery to the producer's next blocking call. A forked child starts with none. An
//! item that does not fit in its pipe waits while the process runs on; asleep, the process
//! writes what fits as readers make room, until its sleep ends; when it blocks otherwise, or
//! ends, it waits for room first (where CPython's thread would wait beside it), reported as a
//! wait to put into the queue: a process that ends with an item its parent never reads,
//! while the parent joins it, is stuck there, as CPython's is.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use std::time::{Duration, Instant};

use super::queue::Queue;
use crate::event::{EventKind, Name, WaitOp};
use crate::python::Exc;
use crate::runtime::ctx::Ctx;
use crate::value::Value;

/// How long after its process blocks CPython's feeder thread has written an item another
/// process can see, when the thread is new (the queue's first `put` in this process) and
/// when it ran before: the medians measured on a 2-core machine (Python 3.11: 0.16-0.21 ms
/// and 0.07-0.11 ms on an idle machine; docs/benchmarks.md).
pub const FIRST_LAG: Duration = Duration::from_micros(200);
pub const LAG: Duration = Duration::from_micros(100);

/// CPython's `sys.getswitchinterval()`: how long a thread waiting for the GIL waits before it
/// asks the running thread to drop it.
pub const SWITCH_INTERVAL: Duration = Duration::from_millis(5);

/// How often a sleeping process looks whether a reader made room for its feeder's next item.
const ROOM_POLL: Duration = Duration::from_millis(1);

/// How long the feeder may wait for room in a pipe.
#[derive(Clone, Copy)]
enum Patience {
    /// Not at all: the process runs on.
    None,
    /// Until the process's sleep ends.
    Until(Instant),
    /// As long as it takes: the process blocks or ends.
    Forever,
}

/// One item `put()` handed over and not written yet.
struct Pending {
    queue: Rc<Queue>,
    item: Value,
    bytes: Vec<u8>,
    since: Instant,
    /// For an item written piece by piece (too large for its pipe, while its process sleeps):
    /// how many of its bytes are in the pipe, its queue's write lock held meanwhile.
    written: Option<usize>,
}

/// The items this process's feeders hold, oldest first (each queue's feeder writes in order).
#[derive(Default)]
pub struct Feeder {
    pending: RefCell<VecDeque<Pending>>,
    /// The queues whose feeder thread has written before (it has started).
    started: RefCell<Vec<Name>>,
    /// The queues whose feeder this process does not wait for at its exit
    /// (`cancel_join_thread()`): what they hold then is lost.
    cancelled: RefCell<Vec<Name>>,
}

impl Feeder {
    /// `put()`: the item (already encoded) waits for the feeder.
    pub fn hand(&self, queue: Rc<Queue>, item: Value, bytes: Vec<u8>) {
        self.pending.borrow_mut().push_back(Pending { queue, item, bytes, since: Instant::now(), written: None });
    }

    /// Whether the feeder holds nothing.
    pub fn is_empty(&self) -> bool {
        self.pending.borrow().is_empty()
    }

    /// `cancel_join_thread()`: this process's exit will not wait for `queue`'s feeder.
    pub fn cancel_join(&self, queue: &Name) {
        if !self.cancelled.borrow().contains(queue) {
            self.cancelled.borrow_mut().push(queue.clone());
        }
    }

    /// The process ends: CPython joins each queue's feeder thread, so what it holds is written
    /// first, except for the queues whose join was cancelled: their items are lost (CPython's
    /// exit does not wait for that thread, which may still write an item or two while the
    /// interpreter ends; forkbook loses them all).
    pub fn exit(&self, ctx: &Ctx) {
        let cancelled = self.cancelled.borrow();
        if !cancelled.is_empty() {
            // An item already partly in the pipe is finished: its queue's write lock is held.
            self.pending.borrow_mut().retain(|p| p.written.is_some() || !cancelled.contains(&p.queue.name));
        }
        drop(cancelled);
        self.run_all(ctx);
    }

    /// The process keeps running: writes what has waited a switch interval.
    pub fn run_due(&self, ctx: &Ctx) {
        self.run(ctx, Some(Instant::now()), Patience::None);
    }

    /// The process blocks or ends: the feeder writes everything it holds, a feeder thread's
    /// wake-up later (the process has reported that it blocks, so it does nothing meanwhile).
    /// True when it had to wait for room (reported as a wait to put), so that the process's
    /// own wait is reported again.
    pub fn run_all(&self, ctx: &Ctx) -> bool {
        self.lag(None);
        self.run(ctx, None, Patience::Forever)
    }

    /// The process sleeps until `until`: the feeder writes what it holds as the pipes have
    /// room, and leaves the rest for later when the sleep ends first. An item too large for
    /// its pipe even when empty is written piece by piece, as readers make room.
    pub fn run_until(&self, ctx: &Ctx, until: Instant) {
        self.lag(Some(until));
        self.run(ctx, None, Patience::Until(until));
    }

    /// Sleeps a feeder thread's wake-up (at most until `until`), if it holds anything.
    fn lag(&self, until: Option<Instant>) {
        let lag = {
            let pending = self.pending.borrow();
            let started = self.started.borrow();
            match pending.iter().any(|p| !started.contains(&p.queue.name)) {
                _ if pending.is_empty() => return,
                true => FIRST_LAG,
                false => LAG,
            }
        };
        let lag = until.map_or(lag, |until| lag.min(until.saturating_duration_since(Instant::now())));
        // Slept, not spun: the feeder thread is woken by the kernel and must be scheduled, so
        // on a busy machine its write comes later, as a woken thread's does.
        std::thread::sleep(lag);
    }

    /// The process lets go of the GIL for a moment without blocking (a write of a printed
    /// line): the feeder thread, already waiting for it, writes everything it holds.
    pub fn run_now(&self, ctx: &Ctx) {
        self.run(ctx, None, Patience::None);
    }

    /// Writes the items due (all, or those that waited a switch interval by `now`). An item
    /// that does not fit in its pipe is waited for as `patience` allows, else it stays:
    /// CPython's feeder thread would wait for room, not the process. True when a write had
    /// to wait for room (reported as a wait to put into its queue).
    fn run(&self, ctx: &Ctx, now: Option<Instant>, patience: Patience) -> bool {
        let mut waited = false;
        loop {
            let mut pending = self.pending.borrow_mut();
            let Some(front) = pending.front_mut() else { return waited };
            if front.written.is_none() {
                let (queue, len) = (&front.queue, front.bytes.len());
                if now.is_some_and(|now| now.duration_since(front.since) < SWITCH_INTERVAL) {
                    return waited;
                }
                let whole = queue.has_room_for(len)
                    || match patience {
                        Patience::None => false,
                        Patience::Forever => true,
                        Patience::Until(until) => queue.could_hold(len) && wait_for_room(queue, len, until),
                    };
                if whole {
                    let p = pending.pop_front().expect("the front item");
                    drop(pending);
                    waited |= self.write_whole(ctx, p, patience);
                    continue;
                }
                if !matches!(patience, Patience::Until(_)) || queue.could_hold(len) {
                    return waited;
                }
                self.note_started(&front.queue.name);
                if let Err(e) = front.queue.begin_write(ctx, front.item.clone()) {
                    write_failed(&e);
                    pending.pop_front();
                    continue;
                }
                front.written = Some(0);
            }
            match write_piece(ctx, front, patience, &mut waited) {
                Ok(false) => return waited,
                Ok(true) => {
                    let p = pending.pop_front().expect("the front item");
                    if let Err(e) = p.queue.end_write(ctx) {
                        write_failed(&e);
                    }
                }
                Err(e) => {
                    write_failed(&e);
                    pending.pop_front();
                }
            }
        }
    }

    /// Writes item `p` whole; true when it had to wait for a reader (reported).
    fn write_whole(&self, ctx: &Ctx, p: Pending, patience: Patience) -> bool {
        let waits = report_wait(ctx, &p.queue, p.bytes.len(), patience);
        self.note_started(&p.queue.name);
        if let Err(e) = p.queue.write(ctx, p.item, &p.bytes) {
            write_failed(&e);
        }
        waits
    }

    /// The feeder thread of `queue` has written (it has started).
    fn note_started(&self, queue: &Name) {
        if !self.started.borrow().contains(queue) {
            self.started.borrow_mut().push(queue.clone());
        }
    }
}

/// Writes more of an item begun piece by piece: as much as `patience` allows (all of it when
/// the process blocks or ends, what fits until the sleep ends, what fits now). Whether the
/// whole item is in the pipe.
fn write_piece(ctx: &Ctx, p: &mut Pending, patience: Patience, waited: &mut bool) -> Result<bool, Exc> {
    let mut at = p.written.unwrap_or(0);
    let len = p.bytes.len();
    loop {
        *waited |= report_wait(ctx, &p.queue, len - at, patience);
        at += p.queue.write_part(&p.bytes[at..], matches!(patience, Patience::Forever))?;
        p.written = Some(at);
        if at == len {
            return Ok(true);
        }
        let Patience::Until(until) = patience else { return Ok(false) };
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ok(false);
        }
        std::thread::sleep(left.min(ROOM_POLL));
    }
}

/// Reports that the process waits for a reader before it blocks or ends (whoever joins it
/// meanwhile waits on `queue` too), when `len` more bytes do not fit and it will wait for
/// room; whether it does.
fn report_wait(ctx: &Ctx, queue: &Queue, len: usize, patience: Patience) -> bool {
    let waits = matches!(patience, Patience::Forever) && !queue.has_room_for(len);
    if waits {
        ctx.rep.emit(EventKind::Waiting { object: queue.name.clone(), op: WaitOp::Feed, timed: false });
    }
    waits
}

/// A failed write is lost, as a CPython feeder thread's error is only printed.
fn write_failed(e: &Exc) {
    eprintln!("forkbook: a queue's feeder could not write: {e:?}");
}

/// Waits until `len` bytes fit in `queue`'s pipe or `until` passes; whether they fit.
fn wait_for_room(queue: &Queue, len: usize, until: Instant) -> bool {
    while !queue.has_room_for(len) {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        std::thread::sleep(left.min(ROOM_POLL));
    }
    true
}
