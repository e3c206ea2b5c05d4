//! What CPython's library calls cost where forkbook's native versions cost almost nothing.
//! A race over a file (a buyer reading the stock while another buyer's `json.dump` has
//! emptied it and not yet written it back) is decided by how long those calls take, so
//! forkbook spends CPython's CPU time on them:
//!
//! - `open()` builds a raw file, a buffer and a text wrapper and asks whether the file is a
//!   terminal: 24-29 µs against forkbook's 7-8 (most of it after the file is opened, so inside
//!   the window in which a file opened with `'w'` is empty);
//! - `json.dump` to a file runs CPython's pure-Python encoder, which writes each value and
//!   key as a piece of its own: 13-16 µs for `{'count': 100}` against 2;
//! - `json.load`/`json.loads`: 5-7 µs for that document against 2-4;
//! - the first `json.load` and `json.dump` of a forked child cost more, in CPython and not
//!   in forkbook: the child's first touches of the encoder's and decoder's objects copy the
//!   pages they share with the parent (copy-on-write), and refcounting writes to every object
//!   it touches. The stock program's statement `json.load(open(f))['count']` took a child
//!   180-300 µs of CPU the first time (median 225) and 24-46 the second; its
//!   `json.dump(d, open(f, 'w'))` 240-340 µs (CPU time, ten children started and joined one
//!   at a time, 2026-12-01; forkbook's own steps included, the cold costs below make
//!   forkbook's the same);
//! - `sum()` of a range adds about 17 ns an item (forkbook's native loop: 0.25 ns), so
//!   whether four processes add a million numbers sooner than one depends, as in CPython,
//!   on that against the cost of starting them.
//!
//! (CPython 3.11, a child started and joined one at a time: docs/benchmarks.md.)

use crate::python::LibraryWork;

/// CPU time `sum()` spends on each int of a range: the first `sum(range(1000000))` of a
/// fresh CPython process took 14.6-22 ns an item on 2026-12-01 (mean 17; 10.5 when first
/// measured), differing from process to process, not from call to call within one.
const SUM_INT_ITEM_CPU_NS: u64 = 17;

/// CPU time `open()` spends beyond forkbook's.
const OPEN_CPU_NS: u64 = 18_000;

/// CPU time a JSON decode spends beyond forkbook's.
const JSON_DECODE_CPU_NS: u64 = 3_000;

/// CPU time `json.dump` spends on each value and key beyond forkbook's.
const JSON_DUMP_PIECE_CPU_NS: u64 = 4_300;

/// CPU time a forked child's first JSON decode spends beyond later ones.
const COLD_JSON_DECODE_CPU_NS: u64 = 90_000;

/// CPU time a forked child's first `json.dump` spends beyond later ones.
const COLD_JSON_DUMP_CPU_NS: u64 = 75_000;

/// Which of a process's library calls are still cold: a forked child's first decode and
/// first dump pay their copy-on-write faults. The main process starts warm.
#[derive(Clone, Debug, Default)]
pub struct LibraryCosts {
    cold_decode: bool,
    cold_dump: bool,
}

impl LibraryCosts {
    /// A forked child's: nothing touched yet.
    pub const AFTER_FORK: LibraryCosts = LibraryCosts { cold_decode: true, cold_dump: true };

    /// The CPU time `work` costs CPython beyond what forkbook spent on it; a cold call warms.
    pub fn cost(&mut self, work: LibraryWork) -> u64 {
        match work {
            LibraryWork::SumInts(items) => items.saturating_mul(SUM_INT_ITEM_CPU_NS),
            LibraryWork::Open => OPEN_CPU_NS,
            LibraryWork::JsonDecode => JSON_DECODE_CPU_NS + warm(&mut self.cold_decode, COLD_JSON_DECODE_CPU_NS),
            LibraryWork::JsonDump(pieces) => {
                pieces.saturating_mul(JSON_DUMP_PIECE_CPU_NS) + warm(&mut self.cold_dump, COLD_JSON_DUMP_CPU_NS)
            }
        }
    }
}

/// `cold_cost` if `cold`, which it no longer is.
fn warm(cold: &mut bool, cold_cost: u64) -> u64 {
    if std::mem::take(cold) { cold_cost } else { 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_forked_child_pays_its_first_decode_and_dump_once_and_the_main_process_never() {
        let mut child = LibraryCosts::AFTER_FORK;
        assert_eq!(child.cost(LibraryWork::JsonDecode), JSON_DECODE_CPU_NS + COLD_JSON_DECODE_CPU_NS);
        assert_eq!(child.cost(LibraryWork::JsonDecode), JSON_DECODE_CPU_NS);
        // The dump is still cold after a decode.
        assert_eq!(child.cost(LibraryWork::JsonDump(3)), 3 * JSON_DUMP_PIECE_CPU_NS + COLD_JSON_DUMP_CPU_NS);
        assert_eq!(child.cost(LibraryWork::JsonDump(3)), 3 * JSON_DUMP_PIECE_CPU_NS);
        let mut main = LibraryCosts::default();
        assert_eq!(main.cost(LibraryWork::JsonDump(1)), JSON_DUMP_PIECE_CPU_NS);
        assert_eq!(main.cost(LibraryWork::SumInts(1_000)), 1_000 * SUM_INT_ITEM_CPU_NS);
    }
}
