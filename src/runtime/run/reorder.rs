//! Puts the events drained from every ring back in `seq` order. A seq that never arrives (its
//! writer was SIGKILLed between taking it and publishing the event) is declared lost after a
//! bounded wait, whatever waits on it, so the trace never freezes and memory stays bounded.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use super::copier::Chunk;
use crate::event::{Event, EventKind};
use crate::runtime::{proc_sample, ring};

/// A gap in `seq` is declared lost when the rings, drained this long after it opened, still do
/// not fill it (its writer died between taking the seq and publishing the event).
const GAP_PATIENCE: Duration = Duration::from_millis(500);
/// At most this many events wait behind a gap no live writer claims; past it the gap is
/// declared lost at once, so the viewer's memory stays bounded whatever the lesson does.
const MAX_HELD: usize = 100_000;
/// At most this many wait behind a gap a live writer claims (one preempted between taking its
/// seq and publishing, while seven others go on at millions of events a second): about 50 MB
/// of records, the last resort against a writer that never comes back.
const MAX_HELD_CLAIMED: usize = 1_500_000;

/// Whether the writer of one of `rings` claims a seq in `from..=to` (`ring::claimant`) and
/// still lives (not a zombie): that gap is still coming.
pub fn claimed_by_live<'a>(rings: impl IntoIterator<Item = &'a ring::Ring>, from: u64, to: u64) -> bool {
    rings.into_iter().any(|ring| ring::claimant(ring, from, to).is_some_and(proc_sample::is_live))
}

/// Puts events back in seq order (markers right after the event whose seq they carry) and
/// declares gaps lost after a while.
#[derive(Default)]
pub struct Reorder {
    /// The last seq handed out (or declared lost).
    pub next: u64,
    /// Events that came out of their ring's order, by key.
    pending: BTreeMap<(u64, u32, i32), Event>,
    gap_since: Option<Instant>,
    /// When the claims were last looked at and no live writer claimed the gap: its record was
    /// published before that look, or its writer is dead. Only a drain that starts after the
    /// look can tell which.
    unclaimed_at: Option<Instant>,
    /// Records drained, one queue per ring position, each in key order (a record that would
    /// break its queue's order is decoded into `pending`). They wait here, as the ring's
    /// words (`ring::Reader::frame`), across passes, until their turn: `ready_into` merges the
    /// queues' fronts with `pending`'s first, and decodes each record once, into the batch.
    fresh: Vec<Queue>,
    /// How many records `fresh` holds.
    fresh_len: usize,
    /// Decodes records (and shares the object names they repeat).
    decoder: ring::Reader,
}

/// One ring's records not handed out yet.
#[derive(Default)]
struct Queue {
    /// Copied records, back to back; the first not handed out starts at `at`.
    words: Vec<u64>,
    at: usize,
    /// The key of the last record queued.
    last: Option<Key>,
}

impl Queue {
    /// The key of the front record, if any.
    fn front(&self) -> Option<Key> {
        (self.at < self.words.len()).then(|| ring::record_key(&self.words[self.at..]))
    }

    /// Takes the front record's words.
    fn pop(&mut self) -> &[u64] {
        let start = self.at;
        self.at += ring::record_len(&self.words[start..]);
        &self.words[start..self.at]
    }
}

type Key = (u64, u32, i32);

impl Reorder {
    /// Frames the words the copier copied from one ring into that ring's queue; returns how
    /// many records they held, and the buffer, for the copier to fill again.
    pub fn accept(&mut self, chunk: Chunk) -> (usize, Vec<u64>) {
        let Chunk { pos, words, start } = chunk;
        if self.fresh.len() <= pos {
            self.fresh.resize_with(pos + 1, Queue::default);
        }
        let queue = &mut self.fresh[pos];
        if queue.at == queue.words.len() {
            queue.words.clear();
            queue.at = 0;
        } else if queue.at >= queue.words.len() / 2 {
            queue.words.drain(..queue.at);
            queue.at = 0;
        }
        let from = queue.words.len();
        if queue.at >= from {
            // Nothing left before these: like a fresh queue, any key may start it.
            queue.last = None;
        }
        let before = queue.last;
        let (records, ordered) = ring::Reader::frame(&words, start, &mut queue.words, &mut queue.last);
        if ordered {
            self.fresh_len += records;
        } else {
            // Rare: sorted out record by record.
            queue.last = before;
            self.queue_taken(pos, from);
        }
        (records, words)
    }

    /// Checks the order of the records just copied to the end of queue `pos` (from word
    /// `from`): one that would break it is decoded into `pending`, the others stay.
    fn queue_taken(&mut self, pos: usize, from: usize) {
        let queue = &mut self.fresh[pos];
        if queue.at >= from {
            // Nothing left before these: like a fresh queue, any key may start it.
            queue.last = None;
        }
        let (mut read, mut kept) = (from, from);
        let mut out_of_order = Vec::new();
        while read < queue.words.len() {
            let len = ring::record_len(&queue.words[read..]);
            let k = ring::record_key(&queue.words[read..]);
            if queue.last.is_some_and(|last| last > k) {
                out_of_order.push(self.decoder.decode(&queue.words[read..read + len]));
            } else {
                if kept != read {
                    queue.words.copy_within(read..read + len, kept);
                }
                kept += len;
                queue.last = Some(k);
                self.fresh_len += 1;
            }
            read += len;
        }
        queue.words.truncate(kept);
        for ev in out_of_order {
            self.push(ev);
        }
    }

    /// Takes `ev` as if drained from the ring at position `ring` (tests).
    #[cfg(test)]
    pub fn push_from(&mut self, ring: usize, ev: Event) {
        if self.fresh.len() <= ring {
            self.fresh.resize_with(ring + 1, Queue::default);
        }
        let from = self.fresh[ring].words.len();
        self.fresh[ring].words.extend(ring::record_of(&ev));
        self.queue_taken(ring, from);
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
            if let Some(k) = queue.front() {
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
            let Some((seq, sub, pid)) = queue.front() else { break };
            if second.is_some_and(|s| (seq, sub, pid) >= s) || (sub == 0 && seq <= self.next) {
                break;
            }
            let needs = if sub > 0 { seq } else { seq.saturating_sub(1) };
            if needs > self.next {
                break;
            }
            taken += 1;
            self.next = self.next.max(seq);
            out.push(self.decoder.decode(queue.pop()));
        }
        self.fresh_len -= taken;
    }

    /// Takes the event `first` found.
    fn take(&mut self, at: Option<usize>) -> Option<Event> {
        match at {
            Some(i) => {
                let queue = &mut self.fresh[i];
                queue.front()?;
                self.fresh_len -= 1;
                Some(self.decoder.decode(queue.pop()))
            }
            None => self.pending.pop_first().map(|(_, ev)| ev),
        }
    }

    /// Drops the record `first` found (its seq was declared lost).
    fn drop_first(&mut self, at: Option<usize>) {
        match at {
            Some(i) => {
                let queue = &mut self.fresh[i];
                if queue.front().is_some() {
                    queue.pop();
                    self.fresh_len -= 1;
                }
            }
            None => {
                self.pending.pop_first();
            }
        }
    }

    /// Events ready in order (tests; the reader uses `ready_into`).
    #[cfg(test)]
    pub fn ready(&mut self, flush: bool, drained: Instant) -> Vec<Event> {
        let mut out = Vec::new();
        while self.ready_into(flush, drained, &mut out, usize::MAX, &|_, _| false) {}
        out
    }

    /// Appends the events ready in order to `out`, until it holds `limit` (the reader's
    /// batch: each event is decoded once, straight into the batch that crosses the channel).
    /// Returns true when it stopped at `limit`, so more may be ready. A gap becomes one
    /// `Lost` event with `flush` (every writer is gone), or when the rings were drained (at
    /// `drained`) more than GAP_PATIENCE after it opened and still did not fill it, or more
    /// than MAX_HELD events wait behind it, and then only when `claimed(from, to)` says no
    /// live writer holds a seq of it (else past MAX_HELD_CLAIMED) and a drain that started
    /// after that look did not fill it either. Each turn of the loop hands out or drops an
    /// event, closes a gap or stops, so it always ends.
    pub fn ready_into(
        &mut self,
        flush: bool,
        drained: Instant,
        out: &mut Vec<Event>,
        limit: usize,
        claimed: &dyn Fn(u64, u64) -> bool,
    ) -> bool {
        loop {
            if out.len() >= limit {
                return true;
            }
            let Some(((seq, sub, _), at, second)) = self.first() else { return false };
            if sub == 0 && seq <= self.next {
                // Declared lost already: dropped, as `push` does.
                self.drop_first(at);
                continue;
            }
            // What must have come first: a marker's own event, an event's predecessor.
            let needs = if sub > 0 { seq } else { seq.saturating_sub(1) };
            if needs <= self.next {
                if let Some(ev) = self.take(at) {
                    self.next = self.next.max(ev.seq);
                    (self.gap_since, self.unclaimed_at) = (None, None);
                    out.push(ev);
                    if let Some(i) = at {
                        self.run_of(i, second, out, limit);
                    }
                }
                continue;
            }
            let held = self.pending.len() + self.fresh_len;
            let since = *self.gap_since.get_or_insert_with(Instant::now);
            let patience_over = drained.saturating_duration_since(since) > GAP_PATIENCE;
            if !(flush || patience_over || held > MAX_HELD) {
                return false;
            }
            if !flush {
                if claimed(self.next + 1, needs) {
                    if held <= MAX_HELD_CLAIMED {
                        self.unclaimed_at = None;
                        return false;
                    }
                } else {
                    // A record published just after its ring was drained, while later ones
                    // were drained from the other rings, looks the same as a lost one until
                    // the rings are drained once more.
                    match self.unclaimed_at {
                        Some(looked) if drained > looked => {}
                        _ => {
                            self.unclaimed_at.get_or_insert_with(Instant::now);
                            return false;
                        }
                    }
                }
            }
            let t_ns = match at {
                Some(i) => {
                    let queue = &self.fresh[i];
                    queue.words.get(queue.at + 1).copied().unwrap_or(0)
                }
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
            (self.gap_since, self.unclaimed_at) = (None, None);
        }
    }
}

#[cfg(test)]
mod tests;
