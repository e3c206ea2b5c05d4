//! Per-process event rings in the run's shared region: each process writes binary records
//! into its own single-producer ring and the viewer drains them all; no system call per event
//! (the viewer's futex doorbell is rung only while it sleeps, or dozes and a ring is half
//! full; a writer waits on a futex only when its ring is full, so nothing is dropped). What a
//! SIGKILLed process published stays readable. A record: a 24-byte header (seq and kind,
//! time and payload size, pid and sub), then its payload's 8-byte words (`codec.rs`); padding
//! fills the ring's end.

mod codec;
pub use codec::{AT_STEP, Named, decode_value, encode_named, encode_value, encode_value_op, encode_variables};
#[cfg(test)]
mod tests;

use std::cell::{Cell, RefCell};
use std::sync::atomic::{AtomicI32, AtomicU32, AtomicU64, Ordering};
use std::time::Duration;

use super::sys;
use crate::event::{Event, EventKind};

/// Words (8 bytes) in one ring: 256 KiB, about 8,000 small records.
pub const RING_WORDS: usize = 32 * 1024;
/// Words in a record's header in the ring: `[seq | kind << 48]`, `[time | size << 48]`,
/// `[pid | sub << 32]`. Every byte a lesson process writes is one the viewer's CPU must fetch
/// from the writer's, so the header is packed: seqs and times (ns) below 2^48 (78 hours).
const HEADER_WORDS: usize = 3;
/// The low 48 bits of a header word: a seq, a time.
const LOW48: u64 = (1 << 48) - 1;
/// The largest payload a record may carry; a longer event is shortened by its reporter.
pub const MAX_PAYLOAD: usize = 32 * 1024;
/// How long a writer with a full ring sleeps before looking again (the viewer normally wakes
/// it much sooner).
const FULL_WAIT: Duration = Duration::from_millis(50);

/// The writer's cache line.
#[repr(C, align(64))]
pub struct Producer {
    /// Words published so far (never wraps: a u64 of words outlives any run).
    pub head: AtomicU64,
    /// 1 while the writer waits for room.
    pub waiting: AtomicU32,
    /// The writer's pid, so the viewer can tell whether it still lives.
    pub owner: AtomicI32,
    /// A seq the writer took and has not published yet (`TAKING` while it takes one, 0 when
    /// none): a gap in the order that a live writer claims is still coming, however long it
    /// takes, and is not declared lost.
    pub claim: AtomicU64,
}

/// `Producer::claim` while the writer takes a seq: set before the global counter moves, so a
/// viewer that has seen a later seq sees either this, the seq itself, or its publication.
pub const TAKING: u64 = u64::MAX;

/// The reader's cache line.
#[repr(C, align(64))]
pub struct Consumer {
    /// Words consumed so far.
    pub tail: AtomicU64,
    /// A futex word bumped whenever `tail` moves; a writer waiting for room sleeps on it.
    pub moved: AtomicU32,
}

/// One ring: only atomics, valid when zeroed (empty).
#[repr(C)]
pub struct Ring {
    pub producer: Producer,
    pub consumer: Consumer,
    pub words: [AtomicU64; RING_WORDS],
}

/// Why `Writer::write` refused an event.
#[derive(Debug, PartialEq, Eq)]
pub struct TooLarge(pub usize);

/// A record's place in the order and its process: the header fields besides its kind.
#[derive(Clone, Copy, Debug, Default)]
pub struct Head {
    pub seq: u64,
    pub sub: u32,
    pub t_ns: u64,
    pub pid: i32,
}

/// The writing end of one ring, owned by the one process that writes it.
pub struct Writer<'r> {
    ring: &'r Ring,
    /// The viewer's doorbell: `AWAKE`, `ASLEEP` or `DOZING`.
    bell: &'r AtomicU32,
    /// Words written, published or not.
    head: Cell<u64>,
    /// Words published.
    published: Cell<u64>,
    /// Where the room last seen ends (the reader's tail then, plus the ring's size): while
    /// a record ends before it, the reader's cache line is not read at all.
    room_end: Cell<u64>,
    payload: RefCell<Vec<u8>>,
    /// The seq claimed in `Producer::claim` (0: none) and whether its record is written, so
    /// the next `publish` withdraws the claim.
    claim: Cell<u64>,
    claim_written: Cell<bool>,
}

impl<'r> Writer<'r> {
    /// Takes over `ring`, continuing after whatever it already holds.
    pub fn new(ring: &'r Ring, bell: &'r AtomicU32) -> Self {
        let head = ring.producer.head.load(Ordering::SeqCst);
        ring.producer.owner.store(std::process::id() as i32, Ordering::SeqCst);
        Writer {
            ring,
            bell,
            head: Cell::new(head),
            published: Cell::new(head),
            room_end: Cell::new(0),
            payload: RefCell::new(Vec::new()),
            claim: Cell::new(0),
            claim_written: Cell::new(false),
        }
    }

    /// Takes the next seq of `counter` and claims it until its record (sub 0) is published.
    /// A seq taken while an earlier one is still unpublished leaves the earlier claim: that
    /// one is the gap the viewer waits on first.
    #[inline]
    pub fn take_seq(&self, counter: &AtomicU64) -> u64 {
        let earlier = self.claim.get() != 0;
        if !earlier {
            self.ring.producer.claim.store(TAKING, Ordering::Relaxed);
        }
        // SeqCst (a release): whoever sees a later seq also sees the claim stored above.
        let seq = counter.fetch_add(1, Ordering::SeqCst) + 1;
        if !earlier {
            self.ring.producer.claim.store(seq, Ordering::Relaxed);
            self.claim.set(seq);
        }
        seq
    }

    /// Writes one record without publishing it (`publish` makes it and every earlier one
    /// visible at once); waits while the ring is full.
    #[cfg(test)]
    pub fn write(&self, ev: &Event) -> Result<(), TooLarge> {
        self.write_kind(Head { seq: ev.seq, sub: ev.sub, t_ns: ev.t_ns, pid: ev.pid }, &ev.kind)
    }

    /// `write` of an event given as its header fields and its kind.
    #[inline]
    pub fn write_kind(&self, head: Head, kind: &EventKind) -> Result<(), TooLarge> {
        self.write_with(head, |out| Some(codec::encode(kind, out))).map(|_| ())
    }

    /// `write` of a record whose payload `encode` writes into the writer's own buffer (one of
    /// the codec's `encode_*` made from borrowed parts) and whose tag it returns. `Ok(false)`,
    /// with nothing written, when `encode` could not encode it (`None`).
    #[inline]
    pub fn write_with(&self, head: Head, encode: impl FnOnce(&mut Vec<u8>) -> Option<u16>) -> Result<bool, TooLarge> {
        let mut payload = self.payload.borrow_mut();
        let Some(tag) = encode(&mut payload) else { return Ok(false) };
        self.write_record(head, tag, &payload).map(|()| true)
    }

    /// Writes one record whose payload is already encoded (`codec::encode_variables`), as
    /// `write` does.
    #[inline]
    pub fn write_record(&self, head: Head, tag: u16, payload: &[u8]) -> Result<(), TooLarge> {
        let len = payload.len();
        if len > MAX_PAYLOAD {
            return Err(TooLarge(len));
        }
        let words = HEADER_WORDS + len.div_ceil(8);
        let mut pos = (self.head.get() % RING_WORDS as u64) as usize;
        let to_end = RING_WORDS - pos;
        if words > to_end {
            self.reserve(to_end);
            // Fewer words than a header left are padding without saying so.
            if to_end >= HEADER_WORDS {
                put_header(&self.ring.words[pos..], Head::default(), codec::PAD, (to_end - HEADER_WORDS) * 8);
            }
            self.head.set(self.head.get() + to_end as u64);
            pos = 0;
        }
        self.reserve(words);
        if head.seq == self.claim.get() && head.sub == 0 {
            self.claim_written.set(true);
        }
        // One bounds check for the whole record; the stores below index inside it.
        let record = &self.ring.words[pos..pos + words];
        put_header(record, head, tag, len);
        let (whole, rest) = payload.as_chunks::<8>();
        let body = &record[HEADER_WORDS..];
        for (slot, chunk) in body.iter().zip(whole) {
            slot.store(u64::from_le_bytes(*chunk), Ordering::Relaxed);
        }
        if let Some(slot) = body.get(whole.len())
            && !rest.is_empty()
        {
            // The last few bytes, gathered without a variable-length copy.
            let word = rest.iter().rev().fold(0u64, |w, &b| (w << 8) | u64::from(b));
            slot.store(word, Ordering::Relaxed);
        }
        self.head.set(self.head.get() + words as u64);
        Ok(())
    }

    /// Waits until `words` more fit behind the reader.
    #[inline]
    fn reserve(&self, words: usize) {
        if self.head.get() + words as u64 > self.room_end.get() {
            self.wait_for_room(words);
        }
    }

    /// `reserve`'s slow path: looks at the reader's tail, and waits while the ring is full.
    #[cold]
    fn wait_for_room(&self, words: usize) {
        let fits = || {
            let tail = self.ring.consumer.tail.load(Ordering::SeqCst);
            self.room_end.set(tail + RING_WORDS as u64);
            self.head.get() + words as u64 <= self.room_end.get()
        };
        if fits() {
            return;
        }
        // What is written must be visible, or the reader could never make room.
        self.publish();
        loop {
            let moved = self.ring.consumer.moved.load(Ordering::SeqCst);
            self.ring.producer.waiting.store(1, Ordering::SeqCst);
            if fits() {
                break;
            }
            ring_bell(self.bell);
            sys::futex_wait(&self.ring.consumer.moved, moved, Some(FULL_WAIT));
        }
        self.ring.producer.waiting.store(0, Ordering::SeqCst);
    }

    /// Makes every record written so far visible to the viewer, waking it if it sleeps (or
    /// dozes and this ring is half full).
    pub fn publish(&self) {
        if self.head.get() != self.published.get() {
            self.ring.producer.head.store(self.head.get(), Ordering::SeqCst);
            self.published.set(self.head.get());
            if self.claim_written.get() {
                // After the head: a viewer that sees the claim gone finds the record.
                self.ring.producer.claim.store(0, Ordering::Release);
                self.claim.set(0);
                self.claim_written.set(false);
            }
            // A sleeping viewer is rung at once, a dozing one only once this ring is half full
            // (its tail stays still meanwhile, so reading it misses the cache once at most).
            let ring_now = match self.bell.load(Ordering::SeqCst) {
                AWAKE => false,
                DOZING => {
                    let tail = self.ring.consumer.tail.load(Ordering::SeqCst);
                    self.head.get().saturating_sub(tail) >= (RING_WORDS / 2) as u64
                }
                _ => true,
            };
            if ring_now {
                ring_bell(self.bell);
            }
        }
    }
}

/// Writes a record's header at the start of `at` (`len`: its payload's bytes).
#[inline]
fn put_header(at: &[AtomicU64], ev: Head, tag: u16, len: usize) {
    let header = &at[..HEADER_WORDS];
    header[0].store((ev.seq & LOW48) | (u64::from(tag) << 48), Ordering::Relaxed);
    header[1].store(ev.t_ns.min(LOW48) | ((len as u64) << 48), Ordering::Relaxed);
    header[2].store(u64::from(ev.pid as u32) | (u64::from(ev.sub) << 32), Ordering::Relaxed);
}

/// The doorbell while the viewer reads: nobody rings.
pub const AWAKE: u32 = 0;
/// The doorbell while the viewer sleeps, nothing having come for a while: the next writer to
/// publish rings.
pub const ASLEEP: u32 = 1;
/// The doorbell while the viewer dozes between two passes over a stream of events, letting
/// them gather: a writer rings only once its ring is half full (or full). A viewer woken at
/// every event, or every 0.2 ms, took the CPU from the lesson's processes thousands of times
/// a second; CPython's processes are left alone until the scheduler's tick.
pub const DOZING: u32 = 2;

/// Wakes the viewer if it sleeps or dozes: the one system call of the common path, paid only
/// by the first writer that rings.
pub fn ring_bell(bell: &AtomicU32) {
    if bell.load(Ordering::SeqCst) != AWAKE && bell.swap(AWAKE, Ordering::SeqCst) != AWAKE {
        sys::futex_wake_all(bell);
    }
}

/// The pid of `ring`'s writer if it claims a seq in `from..=to` (or is taking one), a seq it
/// has not published yet.
pub fn claimant(ring: &Ring, from: u64, to: u64) -> Option<i32> {
    let claim = ring.producer.claim.load(Ordering::Acquire);
    (claim == TAKING || (from..=to).contains(&claim)).then(|| ring.producer.owner.load(Ordering::SeqCst))
}

/// Whether `ring` holds records the reader has not taken.
pub fn has_records(ring: &Ring) -> bool {
    ring.producer.head.load(Ordering::SeqCst) != ring.consumer.tail.load(Ordering::Relaxed)
}

/// The viewer's sleep: rings the bell's state to "asleep", looks once more (a writer that
/// published before seeing it would not ring), then sleeps until a writer rings or `timeout`.
pub fn sleep_on_bell(bell: &AtomicU32, anything_new: impl Fn() -> bool, timeout: Duration) {
    bell.store(ASLEEP, Ordering::SeqCst);
    if !anything_new() {
        sys::futex_wait(bell, ASLEEP, Some(timeout));
    }
    bell.store(AWAKE, Ordering::SeqCst);
}

/// The viewer's doze between two passes over a stream: `timeout` at most, less if a writer's
/// ring fills to half (or the run ends) meanwhile.
pub fn doze_on_bell(bell: &AtomicU32, timeout: Duration) {
    bell.store(DOZING, Ordering::SeqCst);
    sys::futex_wait(bell, DOZING, Some(timeout));
    bell.store(AWAKE, Ordering::SeqCst);
}

/// The reading end: copies published records out of rings and decodes them, reusing one
/// buffer.
#[derive(Default)]
pub struct Reader {
    payload: Vec<u8>,
    names: codec::Names,
    /// `drain`'s copy of the records it takes.
    #[cfg(test)]
    raw: Vec<u64>,
}

/// Words of a record's header as `Reader::frame` copies it: seq, time, `[pid | sub << 32]`,
/// `[kind | size << 40]`; then its payload's words.
const HEADER: usize = 4;

/// The length in words of the copied record that starts `rec` (see `Reader::frame`).
pub fn record_len(rec: &[u64]) -> usize {
    HEADER + ((rec[3] >> 40) as usize).div_ceil(8)
}

/// The order key of the copied record that starts `rec`: its seq, sub and pid.
pub fn record_key(rec: &[u64]) -> (u64, u32, i32) {
    (rec[0], (rec[2] >> 32) as u32, rec[2] as u32 as i32)
}

impl Reader {
    /// Takes every published record of `ring`, in the order written, and frees its room
    /// (waking a writer that waits for it). Returns how many events were read. (Tests; the
    /// viewer's reorder frames records and decodes each in its turn.)
    #[cfg(test)]
    pub fn drain(&mut self, ring: &Ring, mut out: impl FnMut(Event)) -> usize {
        let mut raw = std::mem::take(&mut self.raw);
        raw.clear();
        let mut words = Vec::new();
        let start = Self::take_words(ring, &mut words);
        let (n, _) = Self::frame(&words, start, &mut raw, &mut None);
        let mut at = 0;
        while at < raw.len() {
            let len = record_len(&raw[at..]);
            out(self.decode(&raw[at..at + len]));
            at += len;
        }
        self.raw = raw;
        n
    }

    /// Copies every published word of `ring` as the writer laid them out (whole records and
    /// the padding between them) to the end of `into`, and frees the ring's room, waking a
    /// writer that waits for it. Returns the ring position of the first word copied, which
    /// `frame` needs to find the ring's end among them. One pass of plain loads, no framing:
    /// the viewer's copier does this and nothing else, so a writer seldom waits for room.
    pub fn take_words(ring: &Ring, into: &mut Vec<u64>) -> usize {
        let head = ring.producer.head.load(Ordering::SeqCst);
        let tail = ring.consumer.tail.load(Ordering::Relaxed);
        let start = (tail % RING_WORDS as u64) as usize;
        // Never more than a ring (only a bug could publish more; `frame` then finds the tear).
        let n = head.saturating_sub(tail).min(RING_WORDS as u64) as usize;
        if n == 0 {
            return start;
        }
        let first = n.min(RING_WORDS - start);
        let w = &ring.words;
        into.extend(w[start..start + first].iter().map(|w| w.load(Ordering::Relaxed)));
        into.extend(w[..n - first].iter().map(|w| w.load(Ordering::Relaxed)));
        ring.consumer.tail.store(head.max(tail), Ordering::SeqCst);
        ring.consumer.moved.fetch_add(1, Ordering::SeqCst);
        if ring.producer.waiting.load(Ordering::SeqCst) != 0 {
            sys::futex_wake_all(&ring.consumer.moved);
        }
        start
    }

    /// Frames the words `take_words` copied from a ring (the first at ring position `start`)
    /// and appends their records to `into`, each its header as `HEADER` words and its
    /// payload's words, padding left out (`record_len` frames them). Returns how many records
    /// it framed, and whether each one's key (`record_key`) was at least the one before it,
    /// starting from `last`, which it leaves at the last key framed. A copy is a few words,
    /// where a decoded `Event` is over a hundred bytes: the reorder keeps records in this form
    /// until their turn and decodes each once, into the batch.
    pub fn frame(raw: &[u64], start: usize, into: &mut Vec<u64>, last: &mut Option<(u64, u32, i32)>) -> (usize, bool) {
        let (mut n, mut ordered) = (0, true);
        into.reserve(raw.len() + raw.len() / 2);
        let mut at = 0;
        while at < raw.len() {
            let to_end = RING_WORDS - (start + at) % RING_WORDS;
            if to_end < HEADER_WORDS {
                // Too few words for a header: the writer went on at the ring's start.
                at += to_end;
                continue;
            }
            let rest = &raw[at..];
            let Some(&[w0, w1, who]) = rest.get(..HEADER_WORDS) else { break };
            let tag = (w0 >> 48) as u16;
            let len = (w1 >> 48) as usize;
            let words = HEADER_WORDS + len.div_ceil(8);
            if words > to_end || words > rest.len() || (tag != codec::PAD && len > MAX_PAYLOAD) {
                // Only a bug can tear a published record; what is left cannot be framed, and
                // the seqs it held become a gap the viewer declares lost.
                break;
            }
            if tag != codec::PAD {
                let seq = w0 & LOW48;
                let key = (seq, (who >> 32) as u32, who as u32 as i32);
                ordered &= last.is_none_or(|l| l <= key);
                *last = Some(key);
                into.extend_from_slice(&[seq, w1 & LOW48, who, u64::from(tag) | ((len as u64) << 40)]);
                into.extend_from_slice(&rest[HEADER_WORDS..words]);
                n += 1;
            }
            at += words;
        }
        (n, ordered)
    }

    /// The event a record framed by `frame` holds (`rec`: exactly its `record_len` words). A
    /// record that cannot be read (only a bug makes one) becomes an `InternalError`.
    pub fn decode(&mut self, rec: &[u64]) -> Event {
        let info = rec[3];
        let tag = (info & 0xffff) as u16;
        let len = (info >> 40) as usize;
        let (seq, sub, pid) = record_key(rec);
        if tag == codec::AT_STEP && len == 4 && rec.len() > HEADER {
            // Three of a lock increment's eight events: read in place, no payload copy.
            return Event { seq, sub, t_ns: rec[1], pid, kind: EventKind::AtStep { line: rec[HEADER] as u32 } };
        }
        self.payload.clear();
        for word in &rec[HEADER..] {
            self.payload.extend_from_slice(&word.to_le_bytes());
        }
        self.payload.truncate(len);
        let kind = codec::decode(tag, &self.payload, &mut self.names).unwrap_or_else(|| EventKind::InternalError {
            message: format!("an event record (kind {tag}, {len} bytes) could not be read"),
            location: String::new(),
        });
        Event { seq, sub, t_ns: rec[1], pid, kind }
    }
}

/// `ev` as `Reader::frame` would copy it from a ring (tests of the reorder feed it records
/// without a ring).
#[cfg(test)]
pub fn record_of(ev: &Event) -> Vec<u64> {
    let mut payload = Vec::new();
    let tag = codec::encode(&ev.kind, &mut payload);
    let mut rec = vec![
        ev.seq,
        ev.t_ns,
        u64::from(ev.pid as u32) | (u64::from(ev.sub) << 32),
        u64::from(tag) | ((payload.len() as u64) << 40),
    ];
    for chunk in payload.chunks(8) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        rec.push(u64::from_le_bytes(word));
    }
    rec
}
