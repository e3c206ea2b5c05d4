//! Puts the events drained from every ring back in `seq` order. A seq that never arrives (its
//! writer was SIGKILLed between taking it and publishing the event) is declared lost after a
//! bounded wait, whatever waits on it, so the trace never freezes and memory stays bounded.

use std::collections::{BTreeMap, VecDeque};
use std::time::{Duration, Instant};

use crate::event::{Event, EventKind};

/// A gap in `seq` is declared lost when the rings, drained this long after it opened, still do
/// not fill it (its writer died between taking the seq and publishing the event).
const GAP_PATIENCE: Duration = Duration::from_millis(500);
/// At most this many events wait behind a gap; past it the gap is declared lost at once, so
/// the viewer's memory stays bounded whatever the lesson does.
const MAX_HELD: usize = 100_000;

/// Puts events back in seq order (markers right after the event whose seq they carry) and
/// declares gaps lost after a while.
#[derive(Default)]
pub struct Reorder {
    /// The last seq handed out (or declared lost).
    pub next: u64,
    pending: BTreeMap<(u64, u32, i32), Event>,
    gap_since: Option<Instant>,
    /// Events just drained, one queue per ring, each in its writer's order. `ready` merges
    /// their fronts straight into the output while they come in seq order, which is nearly
    /// always; only what is out of order waits in `pending`.
    fresh: Vec<VecDeque<Event>>,
}

type Key = (u64, u32, i32);

fn key(ev: &Event) -> Key {
    (ev.seq, ev.sub, ev.pid)
}

impl Reorder {
    /// Takes `ev`, drained from the ring at position `ring` of this pass (events of one ring
    /// in the order they were read).
    pub fn push_from(&mut self, ring: usize, ev: Event) {
        if self.fresh.len() <= ring {
            self.fresh.resize_with(ring + 1, VecDeque::new);
        }
        self.fresh[ring].push_back(ev);
    }

    /// Hands out the fresh events that come next in order, by a merge of the rings' fronts;
    /// whatever is left (after a gap, or out of its ring's order) goes to `pending`.
    fn merge(&mut self, out: &mut Vec<Event>) {
        let active: Vec<usize> = (0..self.fresh.len()).filter(|&i| !self.fresh[i].is_empty()).collect();
        loop {
            let best = active.iter().filter_map(|&i| self.fresh[i].front().map(|e| (key(e), i))).min();
            let Some(((seq, sub, pid), i)) = best else { break };
            if sub == 0 && seq <= self.next {
                // Declared lost already: dropped, as `push` does.
                self.fresh[i].pop_front();
                continue;
            }
            let needs = if sub > 0 { seq } else { seq.saturating_sub(1) };
            let held_first = self.pending.first_key_value().is_some_and(|(k, _)| *k < (seq, sub, pid));
            if needs > self.next || held_first {
                break;
            }
            if let Some(ev) = self.fresh[i].pop_front() {
                self.next = self.next.max(ev.seq);
                self.gap_since = None;
                out.push(ev);
            }
        }
        for i in active {
            while let Some(ev) = self.fresh[i].pop_front() {
                self.push(ev);
            }
        }
    }

    /// Holds `ev` until its turn. An event whose seq was already declared lost is dropped:
    /// the trace said it was lost, and handing it out now would break the order.
    pub fn push(&mut self, ev: Event) {
        if ev.sub == 0 && ev.seq <= self.next {
            return;
        }
        self.pending.insert((ev.seq, ev.sub, ev.pid), ev);
    }

    /// Events ready in order. A gap becomes one `Lost` event with `flush`, when the rings were
    /// drained (at `drained`) more than GAP_PATIENCE after it opened and still did not fill it,
    /// or when more than MAX_HELD events wait behind it. Each turn of the loop hands out an
    /// event, closes a gap or stops, so it always ends.
    pub fn ready(&mut self, flush: bool, drained: Instant) -> Vec<Event> {
        let mut out = Vec::new();
        self.merge(&mut out);
        loop {
            let crowded = self.pending.len() > MAX_HELD;
            let Some(entry) = self.pending.first_entry() else { break };
            let (seq, sub, _) = *entry.key();
            // What must have come first: a marker's own event, an event's predecessor.
            let needs = if sub > 0 { seq } else { seq.saturating_sub(1) };
            if needs <= self.next {
                let ev = entry.remove();
                self.next = self.next.max(ev.seq);
                self.gap_since = None;
                out.push(ev);
                continue;
            }
            let since = *self.gap_since.get_or_insert_with(Instant::now);
            let patience_over = drained.saturating_duration_since(since) > GAP_PATIENCE;
            if !(flush || patience_over || crowded) {
                break;
            }
            let t_ns = entry.get().t_ns;
            out.push(Event {
                seq: needs,
                sub: 0,
                t_ns,
                pid: 0,
                kind: EventKind::Lost { from: self.next + 1, to: needs },
            });
            self.next = needs;
            self.gap_since = None;
        }
        out
    }
}

#[cfg(test)]
mod tests;
