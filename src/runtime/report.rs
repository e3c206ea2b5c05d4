//! How a lesson process (or the runner) reports: take a `seq` from the region at the moment
//! the reported state became true, then write JSON lines to the shared event pipe, at most
//! PIPE_BUF bytes per `write(2)`, which the kernel keeps atomic. Step markers take no seq of
//! their own and wait in a small buffer until the next real event, so a loop of steps costs
//! one write per state change, not one per step.

use std::cell::{Cell, RefCell};
use std::os::fd::RawFd;
use std::sync::atomic::Ordering;

use nix::sys::signal::Signal;

use super::region::Region;
use super::sys;
use crate::event::{Event, EventKind};

/// Records must fit in one atomic pipe write.
const PIPE_BUF: usize = 4096;

/// A seq and time taken ahead of the write, so that an action's event can be ordered before
/// anything its effect causes (a forked child's first step, a queue item being read).
#[derive(Clone, Copy, Debug)]
pub struct Stamp {
    pub seq: u64,
    pub sub: u32,
    pub t_ns: u64,
}

/// The reporting end of one process.
pub struct Reporter<'r> {
    region: &'r Region,
    fd: RawFd,
    pub pid: i32,
    /// This process's last seq and the number of markers since, for marker stamps.
    last: Cell<(u64, u32)>,
    /// Markers not yet written.
    pending: RefCell<Vec<u8>>,
}

impl<'r> Reporter<'r> {
    /// The last event of a process: its code has ended and it exits with `code`. Signals that
    /// could still change how it ends (SIGTERM, SIGINT, SIGHUP) are blocked first, so the exit
    /// code the trace shows is the one `waitpid` will see; only SIGKILL can still intervene.
    pub fn exiting(&self, code: i32) {
        // If blocking fails, a late SIGTERM can still end the process as -15; the reaper's
        // `Reaped` event then says so, so nothing shown becomes untrue.
        let _ = sys::block_signals(&[Signal::SIGTERM, Signal::SIGINT, Signal::SIGHUP]);
        self.emit(EventKind::Exiting { code });
    }

    /// A reporter whose markers order after `after` (the seq of the process's `Started`).
    pub fn new(region: &'r Region, fd: RawFd, pid: i32, after: u64) -> Self {
        Reporter { region, fd, pid, last: Cell::new((after, 0)), pending: RefCell::new(Vec::new()) }
    }

    fn now_ns(&self) -> u64 {
        sys::monotonic_ns().saturating_sub(self.region.header().t0_ns.load(Ordering::Relaxed))
    }

    /// Reports a step marker (`AtStep`, `Gated`): buffered unless `flush`.
    pub fn mark(&self, kind: EventKind, flush: bool) {
        let (seq, sub) = self.last.get();
        self.last.set((seq, sub + 1));
        let ev = Event { seq, sub: sub + 1, t_ns: self.now_ns(), pid: self.pid, kind };
        self.queue(encode(ev).as_bytes());
        if flush {
            self.flush();
        }
    }

    fn queue(&self, line: &[u8]) {
        if self.pending.borrow().len() + line.len() > PIPE_BUF {
            self.flush();
        }
        self.pending.borrow_mut().extend_from_slice(line);
    }

    /// Writes the buffered markers (before blocking, forking or exiting).
    pub fn flush(&self) {
        let mut pending = self.pending.borrow_mut();
        if !pending.is_empty() {
            // A failed write means the viewer is gone; the runner then ends the lesson anyway.
            let _ = sys::write_all(self.fd, &pending);
            pending.clear();
        }
    }

    /// The event pipe's descriptor (a forked child reports through the same pipe).
    pub fn fd(&self) -> RawFd {
        self.fd
    }

    /// Takes the next seq and the current time.
    pub fn stamp(&self) -> Stamp {
        let seq = self.region.header().seq.fetch_add(1, Ordering::SeqCst) + 1;
        self.last.set((seq, 0));
        Stamp { seq, sub: 0, t_ns: self.now_ns() }
    }

    /// Orders this process's next step markers after event `seq`, which another process
    /// reported about this one (a manager's server reports what a request did in the
    /// caller's lane).
    pub fn follow(&self, seq: u64) {
        if seq > self.last.get().0 {
            self.last.set((seq, 0));
        }
    }

    /// Reports an event about this process, stamped now.
    pub fn emit(&self, kind: EventKind) {
        let stamp = self.stamp();
        self.emit_at(stamp, self.pid, kind);
    }

    /// Reports an event with a stamp taken earlier, about process `pid`.
    pub fn emit_at(&self, stamp: Stamp, pid: i32, kind: EventKind) {
        let ev = Event { seq: stamp.seq, sub: stamp.sub, t_ns: stamp.t_ns, pid, kind };
        self.queue(encode(ev).as_bytes());
        self.flush();
    }
}

/// One event as a JSON line that fits in PIPE_BUF, shortening long texts if needed.
pub fn encode(mut ev: Event) -> String {
    let mut line = to_line(&ev);
    if line.len() > PIPE_BUF {
        shorten(&mut ev.kind);
        line = to_line(&ev);
    }
    line
}

fn to_line(ev: &Event) -> String {
    let mut s = serde_json::to_string(ev).unwrap_or_else(|e| {
        format!(r#"{{"seq":{},"t_ns":0,"pid":0,"kind":"printed","text":"unencodable event: {e}"}}"#, ev.seq)
    });
    s.push('\n');
    s
}

fn shorten(kind: &mut EventKind) {
    use crate::value::Value;
    let cut = |s: &mut String| {
        let mut end = 1000.min(s.len());
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
        s.push('…');
    };
    match kind {
        EventKind::Printed { text } => cut(text),
        EventKind::Raised { message, .. } => cut(message),
        EventKind::Put { item, .. }
        | EventKind::Got { item, .. }
        | EventKind::Sent { item, .. }
        | EventKind::Received { item, .. } => {
            let mut s = item.to_string();
            cut(&mut s);
            *item = Value::Str(s);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_prints_are_cut_to_fit_one_atomic_write() {
        let ev = Event { seq: 1, sub: 0, t_ns: 0, pid: 1, kind: EventKind::Printed { text: "字".repeat(5000) } };
        let line = encode(ev);
        assert!(line.len() <= PIPE_BUF);
        let back: Event = serde_json::from_str(line.trim_end()).expect("still valid JSON");
        assert!(matches!(back.kind, EventKind::Printed { text } if text.ends_with('…')));
    }
}
