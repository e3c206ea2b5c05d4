//! The control region: one memfd shared by the viewer, the runner and every lesson process.
//! It holds the global event counter (`seq`), the speed, one step gate per process and the
//! slots of every lock, semaphore and queue-internal semaphore, laid out one per cache line,
//! and one event ring per process slot plus one for the runner (`ring.rs`). The rings make it
//! large (about 65 MiB of address space), but the kernel gives a memfd pages only where they are touched.

use std::os::fd::{AsFd, AsRawFd, OwnedFd, RawFd};
use std::sync::atomic::{AtomicI32, AtomicI64, AtomicU32, AtomicU64, Ordering};

use anyhow::{Result, bail};

use super::ring::Ring;
use super::sys::{Mapping, Sem};

/// Most lesson processes one run may start (each needs a gate).
pub const MAX_PROCS: usize = 256;
/// Most semaphore slots one run may use (a queue takes three).
pub const MAX_OBJS: usize = 1024;
/// The runner's ring, after the lesson processes' ones (which are their gate slots).
pub const RUNNER_RING: usize = MAX_PROCS;

/// A value alone on its cache line. The seq is written by every process at every event and
/// the doorbell by the viewer whenever it sleeps: sharing a line with the words every process
/// reads at every event (the clock's start, the speed), each write would make all those reads
/// miss on the other cores.
#[repr(C, align(64))]
pub struct OwnLine<T>(pub T);

impl<T> std::ops::Deref for OwnLine<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// Global counters and settings.
#[repr(C)]
pub struct Header {
    /// The last seq handed out; events take `fetch_add(1) + 1`.
    pub seq: OwnLine<AtomicU64>,
    /// CLOCK_MONOTONIC at the start of the run; event times are relative to it.
    pub t0_ns: AtomicU64,
    /// Speed factor × 1000 (1000 = real time).
    pub speed_milli: AtomicU32,
    /// 1 when new processes start held at their gates (step mode, schedules).
    pub default_hold: AtomicU32,
    pub next_slot: AtomicU32,
    pub next_obj: AtomicU32,
    /// The process cap for this run (≤ MAX_PROCS).
    pub max_procs: AtomicU32,
    /// The viewer's doorbell, a futex word: 1 while the viewer sleeps, for the next writer
    /// that publishes an event to reset and wake.
    pub doorbell: OwnLine<AtomicU32>,
    /// 1 once the runner has reported its last event.
    pub closing: AtomicU32,
}

/// One process's step gate.
#[repr(C, align(64))]
pub struct Gate {
    /// Posted by the viewer to grant one step.
    pub sem: Sem,
    /// 1 while the process waits at the gate (cleared by whoever wakes it).
    pub waiting: AtomicU32,
    /// 1 while the process must stop at every gate.
    pub hold: AtomicU32,
    pub pid: AtomicI32,
}

/// One semaphore slot: the kernel object plus what the viewer may display.
#[repr(C, align(64))]
pub struct ObjSlot {
    pub sem: Sem,
    /// Pid of the owner of a Lock/RLock (display and RLock ownership only).
    pub owner: AtomicI32,
    /// RLock recursion depth.
    pub depth: AtomicU32,
    /// A futex word: an Event's flag, a JoinableQueue's unfinished count.
    pub word: AtomicU32,
    /// The maximum value (Lock 1, BoundedSemaphore v, Semaphore INT_MAX).
    pub max: AtomicI64,
    /// A shared Value's integer.
    pub value: AtomicI64,
}

/// The whole region. Only atomics and `Sem`s, valid when zeroed: sys vouches for that when it
/// lets the mapping be viewed as a `Layout`.
#[repr(C)]
pub struct Layout {
    pub header: Header,
    pub gates: [Gate; MAX_PROCS],
    pub objs: [ObjSlot; MAX_OBJS],
    pub rings: [Ring; MAX_PROCS + 1],
}

/// A mapped control region.
pub struct Region {
    map: Mapping,
    fd: OwnedFd,
}

impl Region {
    /// Creates a fresh region (in the viewer).
    pub fn create(speed: f64, max_procs: u32) -> Result<Region> {
        let (fd, map) = Mapping::create(std::mem::size_of::<Layout>())?;
        let region = Region { map, fd };
        let h = &region.layout().header;
        h.t0_ns.store(super::sys::monotonic_ns(), Ordering::SeqCst);
        h.max_procs.store(max_procs.min(MAX_PROCS as u32), Ordering::SeqCst);
        region.set_speed(speed);
        for gate in &region.layout().gates {
            gate.sem.init(0)?;
        }
        Ok(region)
    }

    /// Maps the region the viewer handed over at `fd` (in the runner).
    pub fn attach(fd: OwnedFd) -> Result<Region> {
        let map = Mapping::map(fd.as_fd(), std::mem::size_of::<Layout>())?;
        Ok(Region { map, fd })
    }

    /// The raw fd, to pass to the runner.
    pub fn raw_fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }

    pub fn layout(&self) -> &Layout {
        self.map.get::<Layout>()
    }

    pub fn header(&self) -> &Header {
        &self.layout().header
    }

    pub fn gate(&self, slot: u32) -> &Gate {
        &self.layout().gates[slot as usize % MAX_PROCS]
    }

    /// The event ring of process slot `i`, or the runner's (`RUNNER_RING`).
    pub fn ring(&self, i: usize) -> &Ring {
        &self.layout().rings[i % (MAX_PROCS + 1)]
    }

    /// Every ring in use, in the viewer's pass order: the lesson processes' slots taken so
    /// far, then the runner's.
    pub fn rings_in_use(&self) -> impl Iterator<Item = &Ring> {
        let slots = self.header().next_slot.load(Ordering::SeqCst).min(MAX_PROCS as u32) as usize;
        (0..slots).chain([RUNNER_RING]).map(|i| self.ring(i))
    }

    pub fn obj(&self, slot: u32) -> &ObjSlot {
        &self.layout().objs[slot as usize % MAX_OBJS]
    }

    /// Sets the speed factor (clamped to 0.01..=1000).
    pub fn set_speed(&self, speed: f64) {
        let milli = (speed.clamp(0.01, 1000.0) * 1000.0).round() as u32;
        self.header().speed_milli.store(milli, Ordering::SeqCst);
    }

    /// Scales a lesson duration to real time by the speed factor.
    pub fn scale(&self, ms: u64) -> std::time::Duration {
        let milli = u64::from(self.header().speed_milli.load(Ordering::Relaxed).max(1));
        std::time::Duration::from_micros(ms.saturating_mul(1_000_000) / milli)
    }

    /// Takes a fresh process slot, or fails when the run's process cap is reached.
    pub fn take_proc_slot(&self) -> Result<u32> {
        let h = self.header();
        let slot = h.next_slot.fetch_add(1, Ordering::SeqCst);
        let cap = h.max_procs.load(Ordering::SeqCst);
        if slot >= cap {
            bail!("too many processes: this run may start at most {cap} (raise it with --max-procs)");
        }
        Ok(slot)
    }

    /// Takes `n` consecutive object slots, each with its semaphore initialised to `values[i]`.
    pub fn take_obj_slots(&self, values: &[(u32, i64)]) -> Result<u32> {
        let first = self.header().next_obj.fetch_add(values.len() as u32, Ordering::SeqCst);
        if first as usize + values.len() > MAX_OBJS {
            bail!("too many shared objects: a run may use at most {MAX_OBJS} semaphores");
        }
        for (i, (value, max)) in values.iter().enumerate() {
            let slot = self.obj(first + i as u32);
            slot.sem.init(*value)?;
            slot.max.store(*max, Ordering::SeqCst);
        }
        Ok(first)
    }
}
