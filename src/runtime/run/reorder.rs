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
    /// Events that came out of their ring's order, by key.
    pending: BTreeMap<(u64, u32, i32), Event>,
    gap_since: Option<Instant>,
    /// Events drained, one queue per ring position, each in key order (an event that would
    /// break its queue's order goes to `pending`). They wait here, across passes, until their
    /// turn: `ready` merges the queues' fronts with `pending`'s first, so the events that come
    /// in order (nearly all) never enter the map.
    fresh: Vec<VecDeque<Event>>,
    /// How many events `fresh` holds.
    fresh_len: usize,
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
        let queue = &mut self.fresh[ring];
        if queue.back().is_some_and(|last| key(last) > key(&ev)) {
            return self.push(ev);
        }
        queue.push_back(ev);
        self.fresh_len += 1;
    }

    /// Holds `ev` until its turn. An event whose seq was already declared lost is dropped:
    /// the trace said it was lost, and handing it out now would break the order.
    pub fn push(&mut self, ev: Event) {
        if ev.sub == 0 && ev.seq <= self.next {
            return;
        }
        self.pending.insert((ev.seq, ev.sub, ev.pid), ev);
    }

    /// The smallest key held, and where: a queue of `fresh`, or `pending` (`None`); and the
    /// smallest key held anywhere else (so the events of that queue below it follow at once).
    fn first(&self) -> Option<(Key, Option<usize>, Option<Key>)> {
        let mut best = self.pending.first_key_value().map(|(k, _)| (*k, None));
        let mut second: Option<Key> = None;
        for (i, queue) in self.fresh.iter().enumerate() {
            if let Some(ev) = queue.front() {
                let k = key(ev);
                match best {
                    Some((b, _)) if k >= b => second = Some(second.map_or(k, |s| s.min(k))),
                    _ => {
                        if let Some((b, _)) = best {
                            second = Some(second.map_or(b, |s| s.min(b)));
                        }
                        best = Some((k, Some(i)));
                    }
                }
            }
        }
        best.map(|(k, at)| (k, at, second))
    }

    /// After an event of fresh queue `i` was handed out: hands out the events behind it in
    /// that queue while each is the next in order and below `second`, the smallest key held
    /// elsewhere, exactly as the loop of `ready_into` would, without looking at every queue
    /// again for each (one writer's events mostly come in long runs); at most until `out`
    /// holds `limit`.
    fn run_of(&mut self, i: usize, second: Option<Key>, out: &mut Vec<Event>, limit: usize) {
        let queue = &mut self.fresh[i];
        let mut taken = 0;
        while out.len() < limit {
            let Some(front) = queue.front() else { break };
            let (seq, sub, pid) = key(front);
            if second.is_some_and(|s| (seq, sub, pid) >= s) || (sub == 0 && seq <= self.next) {
                break;
            }
            let needs = if sub > 0 { seq } else { seq.saturating_sub(1) };
            if needs > self.next {
                break;
            }
            let Some(ev) = queue.pop_front() else { break };
            taken += 1;
            self.next = self.next.max(ev.seq);
            out.push(ev);
        }
        self.fresh_len -= taken;
    }

    /// Takes the event `first` found.
    fn take(&mut self, at: Option<usize>) -> Option<Event> {
        match at {
            Some(i) => {
                let ev = self.fresh[i].pop_front();
                self.fresh_len -= usize::from(ev.is_some());
                ev
            }
            None => self.pending.pop_first().map(|(_, ev)| ev),
        }
    }

    /// Events ready in order (tests; the reader uses `ready_into`).
    #[cfg(test)]
    pub fn ready(&mut self, flush: bool, drained: Instant) -> Vec<Event> {
        let mut out = Vec::new();
        while self.ready_into(flush, drained, &mut out, usize::MAX) {}
        out
    }

    /// Appends the events ready in order to `out`, until it holds `limit` (the reader's batch:
    /// each event is moved once, from its ring's queue into the batch that crosses the
    /// channel). Returns true when it stopped at `limit`, so more may be ready. A gap becomes
    /// one `Lost` event with `flush`, when the rings were drained (at `drained`) more than
    /// GAP_PATIENCE after it opened and still did not fill it, or when more than MAX_HELD
    /// events wait behind it. Each turn of the loop hands out or drops an event, closes a gap
    /// or stops, so it always ends.
    pub fn ready_into(&mut self, flush: bool, drained: Instant, out: &mut Vec<Event>, limit: usize) -> bool {
        loop {
            if out.len() >= limit {
                return true;
            }
            let Some(((seq, sub, _), at, second)) = self.first() else { return false };
            if sub == 0 && seq <= self.next {
                // Declared lost already: dropped, as `push` does.
                self.take(at);
                continue;
            }
            // What must have come first: a marker's own event, an event's predecessor.
            let needs = if sub > 0 { seq } else { seq.saturating_sub(1) };
            if needs <= self.next {
                if let Some(ev) = self.take(at) {
                    self.next = self.next.max(ev.seq);
                    self.gap_since = None;
                    out.push(ev);
                    if let Some(i) = at {
                        self.run_of(i, second, out, limit);
                    }
                }
                continue;
            }
            let crowded = self.pending.len() + self.fresh_len > MAX_HELD;
            let since = *self.gap_since.get_or_insert_with(Instant::now);
            let patience_over = drained.saturating_duration_since(since) > GAP_PATIENCE;
            if !(flush || patience_over || crowded) {
                return false;
            }
            let t_ns = match at {
                Some(i) => self.fresh[i].front().map_or(0, |e| e.t_ns),
                None => self.pending.first_key_value().map_or(0, |(_, e)| e.t_ns),
            };
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
    }
}

#[cfg(test)]
mod tests;
