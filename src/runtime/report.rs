//! How a lesson process (or the runner) reports: take a `seq` from the region at the moment
//! the reported state became true, then write one JSON line of at most PIPE_BUF bytes to the
//! shared event pipe with a single `write(2)`, which the kernel keeps atomic.

use std::os::fd::RawFd;
use std::sync::atomic::Ordering;

use super::event::{Event, EventKind};
use super::region::Region;
use super::sys;

/// Records must fit in one atomic pipe write.
const PIPE_BUF: usize = 4096;

/// A seq and time taken ahead of the write, so that an action's event can be ordered before
/// anything its effect causes (a forked child's first step, a queue item being read).
#[derive(Clone, Copy, Debug)]
pub struct Stamp {
    pub seq: u64,
    pub t_ns: u64,
}

/// The reporting end of one process.
pub struct Reporter<'r> {
    region: &'r Region,
    fd: RawFd,
    pub pid: i32,
}

impl<'r> Reporter<'r> {
    pub fn new(region: &'r Region, fd: RawFd, pid: i32) -> Self {
        Reporter { region, fd, pid }
    }

    /// The event pipe's descriptor (a forked child reports through the same pipe).
    pub fn fd(&self) -> RawFd {
        self.fd
    }

    /// Takes the next seq and the current time.
    pub fn stamp(&self) -> Stamp {
        let h = self.region.header();
        let seq = h.seq.fetch_add(1, Ordering::SeqCst) + 1;
        let t_ns = sys::monotonic_ns().saturating_sub(h.t0_ns.load(Ordering::Relaxed));
        Stamp { seq, t_ns }
    }

    /// Reports an event about this process, stamped now.
    pub fn emit(&self, kind: EventKind) {
        let stamp = self.stamp();
        self.emit_at(stamp, self.pid, kind);
    }

    /// Reports an event with a stamp taken earlier, about process `pid`.
    pub fn emit_at(&self, stamp: Stamp, pid: i32, kind: EventKind) {
        let ev = Event { seq: stamp.seq, t_ns: stamp.t_ns, pid, kind };
        let line = encode(ev);
        // A failed write means the viewer is gone; the runner then ends the lesson anyway.
        let _ = sys::write_all(self.fd, line.as_bytes());
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
        let ev = Event { seq: 1, t_ns: 0, pid: 1, kind: EventKind::Printed { text: "字".repeat(5000) } };
        let line = encode(ev);
        assert!(line.len() <= PIPE_BUF);
        let back: Event = serde_json::from_str(line.trim_end()).expect("still valid JSON");
        assert!(matches!(back.kind, EventKind::Printed { text } if text.ends_with('…')));
    }
}
