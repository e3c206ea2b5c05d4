//! How a lesson process (or the runner) reports: take a `seq` from the region at the moment
//! the reported state became true, then write the event as a binary record into this
//! process's own ring in the shared region (`ring.rs`): no system call per event. Step markers
//! take no seq of their own and are written but not published until the next real event (or a
//! flush before blocking, forking or exiting), so a loop of steps costs one publication per
//! state change, not one per step.

use std::cell::Cell;
use std::sync::atomic::Ordering;

use nix::sys::signal::Signal;

use super::region::{RUNNER_RING, Region};
use super::ring::{self, Writer};
use super::sys;
use crate::event::EventKind;
use crate::value::Value;

/// Texts longer than this (printed lines, item reprs, messages) are cut, so one event never
/// takes a large share of a ring.
const TEXT_CUT: usize = 1000;

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
    writer: Writer<'r>,
    /// The ring written (RUNNER_RING for the runner).
    ring: usize,
    pub pid: i32,
    /// This process's last seq and the number of markers since, for marker stamps.
    last: Cell<(u64, u32)>,
    /// The time of the last step marker.
    last_mark_ns: Cell<u64>,
    /// The line a call of the program's returned to (`back_at`), not yet reported.
    back_at: Cell<Option<u32>>,
    /// The run's clock start (`Header::t0_ns`, fixed before any process starts).
    t0_ns: u64,
    clock: sys::StampClock,
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

    /// A reporter writing ring `ring` (the process's slot, or RUNNER_RING) whose markers order
    /// after `after` (the seq of the process's `Started`). Only one process may write a ring.
    pub fn new(region: &'r Region, ring: usize, pid: i32, after: u64) -> Self {
        let writer = Writer::new(region.ring(ring), &region.header().doorbell);
        let t0_ns = region.header().t0_ns.load(Ordering::Relaxed);
        let (last, last_mark_ns, back_at) = (Cell::new((after, 0)), Cell::new(0), Cell::new(None));
        let clock = sys::StampClock::new(sys::counter_is_the_clock());
        Reporter { region, writer, ring, pid, last, last_mark_ns, back_at, t0_ns, clock }
    }

    fn now_ns(&self) -> u64 {
        self.clock.now_ns().saturating_sub(self.t0_ns)
    }

    /// Reports a step marker (`AtStep`, `Gated`): published with the next event, or now with
    /// `flush`.
    #[inline]
    pub fn mark(&self, kind: EventKind, flush: bool) {
        self.mark_at(kind, self.now_ns(), flush);
    }

    /// Reports a step marker stamped `t_ns` (a step's `Variables` takes its `AtStep`'s time,
    /// sparing a clock read).
    #[inline]
    pub fn mark_at(&self, kind: EventKind, t_ns: u64, flush: bool) {
        // A step's own marker says where the process is now.
        self.back_at.set(None);
        let (seq, sub) = self.last.get();
        self.last.set((seq, sub + 1));
        self.last_mark_ns.set(t_ns);
        self.write(ring::Head { seq, sub: sub + 1, t_ns, pid: self.pid }, kind);
        if flush {
            self.flush();
        }
    }

    /// Reports a step marker whose payload is already encoded (a step's `Variables`, made
    /// straight from the watch's changes), stamped `t_ns`.
    #[inline]
    pub fn mark_record(&self, tag: u16, payload: &[u8], t_ns: u64) {
        let (seq, sub) = self.last.get();
        self.last.set((seq, sub + 1));
        self.last_mark_ns.set(t_ns);
        let head = ring::Head { seq, sub: sub + 1, t_ns, pid: self.pid };
        if let Err(ring::TooLarge(n)) = self.writer.write_record(head, tag, payload) {
            let kind = EventKind::Printed { text: format!("(an event of {n} bytes was too large to report)") };
            let _ = self.writer.write_kind(head, &kind);
        }
    }

    /// The time of the last step marker reported.
    pub fn last_mark_ns(&self) -> u64 {
        self.last_mark_ns.get()
    }

    #[inline]
    fn write(&self, head: ring::Head, mut kind: EventKind) {
        if let EventKind::AtStep { line } = kind {
            // The commonest record (its form: `ring::AT_STEP`), without the general encoder.
            let _ = self.writer.write_record(head, ring::AT_STEP, &line.to_le_bytes());
            return;
        }
        // An item certain not to fit (a pool's chunk of thousands of calls) is cut before
        // the record is made, rather than encoded whole only to be refused.
        if item_surely_too_large(&mut kind) {
            shorten(&mut kind);
        }
        if let Err(ring::TooLarge(_)) = self.writer.write_kind(head, &kind) {
            shorten(&mut kind);
            if let Err(ring::TooLarge(n)) = self.writer.write_kind(head, &kind) {
                kind = EventKind::Printed { text: format!("(an event of {n} bytes was too large to report)") };
                let _ = self.writer.write_kind(head, &kind);
            }
        }
    }

    /// Publishes the written markers (before blocking, forking or exiting).
    pub fn flush(&self) {
        self.writer.publish();
    }

    /// A call of the program's returned into the statement under way at `line`: the next
    /// event (if one comes before the next step) is preceded by an `AtStep` there, so that it
    /// is not shown at the last line the call ran (`print(obj)` after its `__repr__`).
    pub fn back_at(&self, line: u32) {
        self.back_at.set(Some(line));
    }

    /// Takes the next seq and the current time.
    pub fn stamp(&self) -> Stamp {
        if let Some(line) = self.back_at.get() {
            self.mark(EventKind::AtStep { line }, false);
        }
        let seq = self.writer.take_seq(&self.region.header().seq);
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
    #[inline]
    pub fn emit(&self, kind: EventKind) {
        let stamp = self.stamp();
        self.emit_at(stamp, self.pid, kind);
    }

    /// `emit` of a lock hand-off, written from the borrowed name: no `EventKind` is made and
    /// dropped at every acquire and release.
    #[inline]
    pub fn emit_named(&self, which: ring::Named, object: &str) {
        // Only a name longer than a record could be refused: cut as any event is.
        self.emit_encoded(
            |out| Some(ring::encode_named(which, object, out)),
            || match which {
                ring::Named::Acquired => EventKind::Acquired { object: object.into() },
                ring::Named::Released => EventKind::Released { object: object.into() },
            },
        );
    }

    /// `emit` of a shared number read (`read`) or written, from borrowed parts.
    #[inline]
    pub fn emit_value_op(&self, read: bool, object: &crate::event::Name, index: Option<u32>, value: &Value) {
        self.emit_encoded(
            |out| ring::encode_value_op(read, object, index, value, out),
            || {
                let (object, value) = (object.clone(), value.clone());
                if read {
                    EventKind::ValueRead { object, index, value }
                } else {
                    EventKind::ValueWritten { object, index, value }
                }
            },
        );
    }

    /// `emit` of an event whose payload `encode` writes from borrowed parts; `kind` makes the
    /// event itself only when that form cannot carry it, to be sent (or cut) as `emit` would.
    #[inline]
    fn emit_encoded(&self, encode: impl FnOnce(&mut Vec<u8>) -> Option<u16>, kind: impl FnOnce() -> EventKind) {
        let stamp = self.stamp();
        let head = ring::Head { seq: stamp.seq, sub: 0, t_ns: stamp.t_ns, pid: self.pid };
        if self.writer.write_with(head, encode) != Ok(true) {
            self.write(head, kind());
        }
        self.flush();
    }

    /// Reports an event with a stamp taken earlier, about process `pid`.
    #[inline]
    pub fn emit_at(&self, stamp: Stamp, pid: i32, kind: EventKind) {
        self.write(ring::Head { seq: stamp.seq, sub: stamp.sub, t_ns: stamp.t_ns, pid }, kind);
        self.flush();
    }
}

impl Drop for Reporter<'_> {
    /// The runner's reporter ends with the runner: the viewer is told, so it looks for the end
    /// of the run at once instead of at its next timeout.
    fn drop(&mut self) {
        self.flush();
        if self.ring == RUNNER_RING {
            self.region.header().closing.store(1, Ordering::SeqCst);
            sys::futex_wake_all(&self.region.header().doorbell);
        }
    }
}

/// The item an event about `v` carries: a copy of `v`, or, when the ring would refuse it,
/// the cut text `shorten` would make of it, without copying `v` first (a pool task's chunk).
pub fn event_item(v: &crate::value::Value) -> crate::value::Value {
    if surely_too_large(v) { cut_item(v) } else { v.clone() }
}

/// Whether `v` alone, as an event's item, takes more than a record's payload in the ring's binary
/// form (`codec.rs`: a tag byte, 8 bytes a number, a 4-byte length before a text's bytes or a
/// container's items), so that `Writer::write` would refuse it. Only a lower bound is
/// counted, and an item found nested deeper than `SURE_DEPTH` before its first bytes are past
/// the payload (the codec may send it as JSON instead) is left to the writer.
fn surely_too_large(v: &crate::value::Value) -> bool {
    use crate::value::Value;
    /// Well inside the codec's own nesting limit for its binary form.
    const SURE_DEPTH: usize = 32;
    /// Adds the bytes `v` takes at least to `n`, stopping once past the payload (a chunk of
    /// thousands of calls is known refused from its first few thousand); `None` when it is
    /// nested too deep to tell.
    fn add(v: &Value, depth: usize, n: &mut usize) -> Option<()> {
        if depth > SURE_DEPTH {
            return None;
        }
        *n += match v {
            Value::None => 1,
            Value::Bool(_) => 2,
            Value::Int(_) | Value::Float(_) => 9,
            Value::Str(s) => 5 + s.len(),
            Value::Bytes(b) => 5 + b.len(),
            Value::Instance(instance) => {
                *n += 10 + instance.class.len();
                for (name, item) in &instance.attrs {
                    if *n > ring::MAX_PAYLOAD {
                        return Some(());
                    }
                    *n += 4 + name.len();
                    add(item, depth + 1, n)?;
                }
                0
            }
            Value::List(items) | Value::Tuple(items) | Value::Set(items) => {
                *n += 5;
                for item in items {
                    if *n > ring::MAX_PAYLOAD {
                        return Some(());
                    }
                    add(item, depth + 1, n)?;
                }
                0
            }
            Value::Dict(items) => {
                *n += 5;
                for (k, v) in items {
                    if *n > ring::MAX_PAYLOAD {
                        return Some(());
                    }
                    add(k, depth + 1, n)?;
                    add(v, depth + 1, n)?;
                }
                0
            }
        };
        Some(())
    }
    let mut n = 0;
    add(v, 0, &mut n).is_some() && n > ring::MAX_PAYLOAD
}

/// Whether the event carries an item `surely_too_large`.
fn item_surely_too_large(kind: &mut EventKind) -> bool {
    item_mut(kind).is_some_and(|item| surely_too_large(item))
}

/// The item (a queue's, a pipe's, a shared value's) an event carries, if any.
fn item_mut(kind: &mut EventKind) -> Option<&mut crate::value::Value> {
    match kind {
        EventKind::Put { item, .. }
        | EventKind::Fed { item, .. }
        | EventKind::Got { item, .. }
        | EventKind::Sent { item, .. }
        | EventKind::Received { item, .. }
        | EventKind::ValueRead { value: item, .. }
        | EventKind::ValueWritten { value: item, .. } => Some(item),
        _ => None,
    }
}

/// Cuts the long texts of an event that does not fit a record.
fn shorten(kind: &mut EventKind) {
    let cut = cut_text;
    match kind {
        EventKind::Printed { text } | EventKind::PrintedPart { text } => cut(text),
        EventKind::Raised { message, .. } => cut(message),
        EventKind::FileChanged { content, cut: was_cut, .. } => {
            cut(content);
            *was_cut = true;
        }
        EventKind::Variables { set, .. } => {
            for v in set.iter_mut() {
                cut(&mut v.value);
            }
            set.truncate(20);
        }
        other => {
            if let Some(item) = item_mut(other) {
                *item = cut_item(item);
            }
        }
    }
}

/// An item's text, cut as `shorten` cuts a text: what an event shows of an item the ring
/// refuses, which depends only on the item's first `TEXT_CUT` bytes of text (a pool's chunk
/// makes it from its first calls).
pub fn cut_item(item: &crate::value::Value) -> crate::value::Value {
    let mut s = String::new();
    text_upto(item, TEXT_CUT, &mut s);
    cut_text(&mut s);
    crate::value::Value::Str(s)
}

/// A text past `TEXT_CUT` bytes cut there (on a char boundary), with '…' after.
fn cut_text(s: &mut String) {
    if s.len() <= TEXT_CUT {
        return;
    }
    let mut end = TEXT_CUT;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    s.push('…');
}

/// `v.to_string()` as far as its first `limit` bytes, then only the closing brackets (all of
/// it when shorter), without making the rest: a chunk of 6,250 pool tasks is not written out to keep 1,000
/// bytes of it.
fn text_upto(v: &crate::value::Value, limit: usize, out: &mut String) {
    use crate::value::Value;
    fn items<'a>(items: impl Iterator<Item = &'a Value>, limit: usize, out: &mut String) {
        for (i, item) in items.enumerate() {
            if out.len() > limit {
                return;
            }
            if i > 0 {
                out.push_str(", ");
            }
            repr_upto(item, limit, out);
        }
    }
    fn repr_upto(v: &Value, limit: usize, out: &mut String) {
        match v {
            Value::Str(_) => out.push_str(&v.repr()),
            Value::List(xs) => {
                out.push('[');
                items(xs.iter(), limit, out);
                out.push(']');
            }
            Value::Tuple(xs) if xs.len() == 1 => {
                out.push('(');
                repr_upto(&xs[0], limit, out);
                out.push_str(",)");
            }
            Value::Tuple(xs) => {
                out.push('(');
                items(xs.iter(), limit, out);
                out.push(')');
            }
            Value::Dict(kvs) => {
                out.push('{');
                for (i, (k, v)) in kvs.iter().enumerate() {
                    if out.len() > limit {
                        break;
                    }
                    if i > 0 {
                        out.push_str(", ");
                    }
                    repr_upto(k, limit, out);
                    out.push_str(": ");
                    repr_upto(v, limit, out);
                }
                out.push('}');
            }
            other => out.push_str(&other.to_string()),
        }
    }
    match v {
        Value::Str(s) => out.push_str(s),
        other => repr_upto(other, limit, out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::ring::Reader;

    #[test]
    fn a_large_item_is_cut_as_its_whole_text_would_be() {
        use crate::value::Value;
        let chunk = Value::List(
            (0..6250)
                .map(|i| Value::Tuple(vec![Value::Int(i), Value::Str(format!("x'{i}")), Value::Dict(vec![])]))
                .collect(),
        );
        let item = Value::Tuple(vec![Value::Int(0), Value::Str("square".into()), chunk]);
        for v in [item, Value::Str("é".repeat(3000)), Value::Int(5)] {
            let mut whole = v.to_string();
            let mut part = String::new();
            text_upto(&v, TEXT_CUT, &mut part);
            assert!(part.len() > TEXT_CUT || part == whole);
            assert!(matches!(v, Value::Str(_)) || part.len() < 2 * TEXT_CUT, "the rest was not made");
            let mut kind = EventKind::Got { object: "q".into(), item: v };
            shorten(&mut kind);
            let cut = |s: &mut String| {
                if s.len() > TEXT_CUT {
                    let mut end = TEXT_CUT;
                    while !s.is_char_boundary(end) {
                        end -= 1;
                    }
                    s.truncate(end);
                    s.push('…');
                }
            };
            cut(&mut whole);
            assert!(matches!(kind, EventKind::Got { item: Value::Str(s), .. } if s == whole));
        }
    }

    #[test]
    fn only_an_item_the_ring_would_refuse_is_cut_before_it_is_encoded() {
        use crate::value::Value;
        let got = |item| EventKind::Got { object: "q".into(), item };
        let chunk = |n: i64| Value::List((0..n).map(|i| Value::List(vec![Value::Int(i)])).collect());
        // 6,250 one-number calls take 6,250 × 14 bytes in the binary form: refused.
        assert!(item_surely_too_large(&mut got(chunk(6250))));
        assert!(!item_surely_too_large(&mut got(chunk(100))));
        // Nested deeper than the check looks: left to the writer, which may send it as JSON.
        let deep = (0..40).fold(Value::Str("x".repeat(40_000)), |v, _| Value::List(vec![v]));
        assert!(!item_surely_too_large(&mut got(deep)));
        let mut payload = Vec::new();
        let mut cut = got(chunk(6250));
        assert!(super::ring::encode_value(&chunk(6250), &mut payload) && payload.len() > ring::MAX_PAYLOAD);
        shorten(&mut cut);
        let region = Region::create(1.0, 4).expect("a region");
        let rep = Reporter::new(&region, 0, 1, 0);
        rep.emit(got(chunk(6250)));
        let mut read = Vec::new();
        Reader::default().drain(region.ring(0), |e| read.push(e));
        assert_eq!(read.len(), 1);
        assert_eq!(read[0].kind, cut, "cut as the writer's refusal cut it");
        let made = EventKind::Got { object: "q".into(), item: event_item(&chunk(6250)) };
        assert_eq!(made, cut, "an event's item made cut is the one shorten makes");
        assert_eq!(event_item(&chunk(3)), chunk(3));
    }

    #[test]
    fn long_prints_are_cut_to_fit_one_record() {
        let region = Region::create(1.0, 4).expect("a region");
        let rep = Reporter::new(&region, 0, 1, 0);
        rep.emit(EventKind::Printed { text: "字".repeat(50_000) });
        let mut got = Vec::new();
        Reader::default().drain(region.ring(0), |e| got.push(e));
        assert_eq!(got.len(), 1);
        assert!(matches!(&got[0].kind, EventKind::Printed { text } if text.ends_with('…') && text.len() < 2000));
    }

    #[test]
    fn an_event_after_a_call_returned_is_shown_at_the_line_it_returned_to_until_the_next_step() {
        let region = Region::create(1.0, 4).expect("a region");
        let rep = Reporter::new(&region, 0, 1, 0);
        rep.mark(EventKind::AtStep { line: 3 }, false);
        rep.back_at(7);
        rep.emit(EventKind::Printed { text: "after the call".into() });
        rep.emit(EventKind::Printed { text: "again".into() });
        rep.back_at(7);
        rep.mark(EventKind::AtStep { line: 8 }, false);
        rep.emit(EventKind::Printed { text: "next statement".into() });
        let mut got = Vec::new();
        Reader::default().drain(region.ring(0), |e| got.push(e.kind));
        let printed = |text: &str| EventKind::Printed { text: text.into() };
        let expected = vec![
            EventKind::AtStep { line: 3 },
            EventKind::AtStep { line: 7 },
            printed("after the call"),
            printed("again"),
            EventKind::AtStep { line: 8 },
            printed("next statement"),
        ];
        assert_eq!(got, expected);
    }

    #[test]
    fn events_written_from_borrowed_parts_read_back_as_the_events_themselves() {
        use crate::value::Value;
        let region = Region::create(1.0, 4).expect("a region");
        let rep = Reporter::new(&region, 0, 1, 0);
        let long = "L".repeat(70);
        let deep = (0..80).fold(Value::Int(1), |v, _| Value::List(vec![v]));
        rep.emit_named(ring::Named::Acquired, &long);
        rep.emit_named(ring::Named::Released, "lock");
        rep.emit_value_op(true, &"counter".into(), None, &Value::Int(-41));
        rep.emit_value_op(false, &"arr".into(), Some(2), &Value::Float(0.5));
        // Nested past the compact form: it travels as JSON, as `emit` would send it.
        rep.emit_value_op(false, &"v".into(), None, &deep);
        rep.mark(EventKind::AtStep { line: 77 }, true);
        let mut got = Vec::new();
        Reader::default().drain(region.ring(0), |e| got.push(e.kind));
        let expected = vec![
            EventKind::Acquired { object: long.as_str().into() },
            EventKind::Released { object: "lock".into() },
            EventKind::ValueRead { object: "counter".into(), index: None, value: Value::Int(-41) },
            EventKind::ValueWritten { object: "arr".into(), index: Some(2), value: Value::Float(0.5) },
            EventKind::ValueWritten { object: "v".into(), index: None, value: deep },
            EventKind::AtStep { line: 77 },
        ];
        assert_eq!(got, expected);
    }

    #[test]
    fn markers_wait_for_the_next_event_and_follow_its_seq() {
        let region = Region::create(1.0, 4).expect("a region");
        let rep = Reporter::new(&region, 1, 9, 5);
        rep.mark(EventKind::AtStep { line: 3 }, false);
        let mut reader = Reader::default();
        let mut got = Vec::new();
        reader.drain(region.ring(1), |e| got.push(e));
        assert!(got.is_empty(), "a marker alone is not published");
        rep.emit(EventKind::Acquired { object: "l".into() });
        reader.drain(region.ring(1), |e| got.push(e));
        let order: Vec<(u64, u32)> = got.iter().map(|e| (e.seq, e.sub)).collect();
        assert_eq!(order, vec![(5, 1), (1, 0)]);
    }
}
