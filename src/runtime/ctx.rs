//! What every operation of a lesson process needs at hand: the shared region (for seqs,
//! speed and semaphore slots), its reporter and the run's private directory.

use std::path::PathBuf;
use std::time::Duration;

use super::objects::feeder::Feeder;
use super::region::Region;
use super::report::Reporter;

/// The per-process context passed to objects and the interpreter.
pub struct Ctx<'r> {
    pub region: &'r Region,
    pub rep: Reporter<'r>,
    /// The run's temp dir; the only place a lesson may touch files.
    pub run_dir: PathBuf,
    /// The queue items `put()` handed to this process's feeder and it has not written yet.
    pub feeder: Feeder,
}

impl Ctx<'_> {
    /// Reports that this process blocks (a `Waiting` event); meanwhile its feeder runs, as
    /// CPython's feeder thread takes the GIL the blocked main thread let go.
    pub fn blocks(&self, waiting: crate::event::EventKind) {
        if self.feeder.is_empty() {
            self.rep.emit(waiting);
            return;
        }
        self.rep.emit(waiting.clone());
        self.feed_while_blocked(waiting);
    }

    /// The process has reported `waiting` and blocks: its feeder writes first, and when it
    /// had to wait for a reader (a wait to put, reported), `waiting` is reported again, as
    /// what the process waits for now.
    pub fn feed_while_blocked(&self, waiting: crate::event::EventKind) {
        if self.feeder.run_all(self) {
            self.rep.emit(waiting);
        }
    }

    /// This process's pid.
    pub fn pid(&self) -> i32 {
        self.rep.pid
    }

    /// A lesson duration (ms) in real time at the current speed.
    pub fn real(&self, ms: u64) -> Duration {
        self.region.scale(ms)
    }

    /// The lesson duration (ms) that lasts `real_ms` of real time at the current speed: for
    /// the waits `multiprocessing` itself makes, which guard CPU work that no speed shortens.
    pub fn lesson_ms(&self, real_ms: u64) -> i64 {
        let milli = u64::from(self.region.header().speed_milli.load(std::sync::atomic::Ordering::Relaxed).max(1));
        (real_ms.saturating_mul(milli) / 1000) as i64
    }

    /// A lesson timeout (ms; negative counts as 0, as in CPython) in real time.
    pub fn timeout(&self, ms: Option<i64>) -> Option<Duration> {
        ms.map(|ms| self.real(ms.max(0) as u64))
    }
}
