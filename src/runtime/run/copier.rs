//! The viewer's first thread on the rings: copies every published word out of the lesson
//! processes' rings as soon as it can, and nothing else, so a writer rarely waits for room.
//! Putting the records in order, decoding and folding them happen on the reader's thread at a
//! lower priority: on a machine the lesson keeps busy, the picture lags a little behind the
//! lesson instead of taking CPU from it (which would change how its races come out).

use std::os::fd::{AsRawFd, OwnedFd};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender};
use std::time::{Duration, Instant};

use crate::runtime::region::Region;
use crate::runtime::{ring, sys};

/// Words of copied records the reader may have waiting before the copier stops copying (the
/// lesson then waits too, once a ring fills): 64 MiB, over a million events that the reader
/// has not caught up with; memory stays bounded on any run.
const MAX_WAITING_WORDS: usize = 8 << 20;
/// While events stream in, the copier dozes this long between passes (less when a ring fills
/// to half): writers rarely pay for waking it, and the lesson's processes keep their CPUs
/// between two passes (`ring::DOZING`).
const DOZE: Duration = Duration::from_micros(500);
/// The longest the copier sleeps, so that the reader's clocks (gaps, /proc samples, limits)
/// move on even when nothing is written.
const TICK: Duration = Duration::from_millis(50);

/// The words one pass copied from one ring.
pub struct Chunk {
    /// The ring's position in the pass (a lesson process's slot; the runner's ring last).
    pub pos: usize,
    /// The ring's words as `ring::Reader::take_words` copies them.
    pub words: Vec<u64>,
    /// The ring position of the first of them.
    pub start: usize,
}

/// One pass over every ring.
pub struct Pass {
    /// When the pass began: a record published before this is in it or an earlier pass.
    pub drained: Instant,
    pub chunks: Vec<Chunk>,
    /// Every writer was gone before the pass began: nothing more will come.
    pub last: bool,
}

/// What the copier shares with the reader.
#[derive(Default)]
pub struct Shared {
    /// Words sent and not yet taken by the reader.
    pub waiting_words: AtomicUsize,
    /// Passes sent and not yet taken (an empty pass is not sent while one waits).
    pub waiting_passes: AtomicUsize,
}

/// The copying thread's state.
pub struct Copier {
    /// The liveness pipe: end of file once every writer is gone.
    pub pipe: OwnedFd,
    pub region: Arc<Region>,
    pub tx: SyncSender<Pass>,
    /// Copy buffers the reader is done with.
    pub spent: Receiver<Vec<u64>>,
    pub shared: Arc<Shared>,
    /// Set when the Run is dropped: nothing waits for the reader then.
    pub dropped: Arc<AtomicBool>,
    /// A schedule is driving the run: every grant must follow its event at once, so the
    /// copier never dozes.
    pub scheduled: bool,
}

impl Copier {
    /// Copies until every writer is gone and their rings are empty, or the reader is gone.
    pub fn run(self) {
        sys::batch_thread();
        let mut streaming = false;
        loop {
            self.wait_for_room();
            let drained = Instant::now();
            let mut chunks = Vec::new();
            let mut read = self.copy(&mut chunks);
            let last = read == 0 && self.writers_gone();
            if last {
                // Every writer is gone: what their rings hold now is all there will be.
                read += self.copy(&mut chunks);
            }
            if read > 0 || last || self.shared.waiting_passes.load(Ordering::SeqCst) == 0 {
                self.shared.waiting_words.fetch_add(read, Ordering::SeqCst);
                self.shared.waiting_passes.fetch_add(1, Ordering::SeqCst);
                if self.tx.send(Pass { drained, chunks, last }).is_err() || last {
                    return;
                }
            }
            // A stream in progress: let it gather; quiet after that: sleep until rung.
            if (read > 0 || streaming) && !self.scheduled {
                ring::doze_on_bell(&self.region.header().doorbell, DOZE);
            } else if read == 0 {
                self.idle();
            }
            streaming = read > 0;
        }
    }

    /// Waits while the reader has MAX_WAITING_WORDS to catch up with (not once the Run is
    /// dropped: the reader then throws events away as fast as they come).
    fn wait_for_room(&self) {
        while self.shared.waiting_words.load(Ordering::SeqCst) > MAX_WAITING_WORDS
            && !self.dropped.load(Ordering::SeqCst)
        {
            std::thread::sleep(Duration::from_micros(200));
        }
    }

    /// Copies every ring in use into `chunks`; returns how many words it copied.
    fn copy(&self, chunks: &mut Vec<Chunk>) -> usize {
        let mut read = 0;
        for (pos, ring) in self.region.rings_in_use().enumerate() {
            if !ring::has_records(ring) {
                continue;
            }
            let mut words = self.spent.try_recv().unwrap_or_default();
            words.clear();
            let start = ring::Reader::take_words(ring, &mut words);
            read += words.len();
            chunks.push(Chunk { pos, words, start });
        }
        read
    }

    /// Whether every process that could write an event is gone (the liveness pipe hung up).
    fn writers_gone(&self) -> bool {
        let fd = self.pipe.as_raw_fd();
        if !sys::poll_readable(fd, Some(Duration::ZERO)) {
            return false;
        }
        // Nobody writes to it, so readable means hung up (or a stray byte, read and ignored).
        let mut bytes = [0u8; 64];
        matches!(nix::unistd::read(&self.pipe, &mut bytes), Ok(0) | Err(_))
    }

    /// Nothing to read: sleeps until a writer rings the doorbell, or (once the runner has
    /// said it is ending) until the liveness pipe hangs up, at most TICK.
    fn idle(&self) {
        let header = self.region.header();
        if header.closing.load(Ordering::SeqCst) != 0 {
            sys::poll_readable(self.pipe.as_raw_fd(), Some(TICK));
            return;
        }
        let anything_new = || self.region.rings_in_use().any(ring::has_records);
        ring::sleep_on_bell(&header.doorbell, anything_new, TICK);
    }
}

#[cfg(test)]
mod tests;
