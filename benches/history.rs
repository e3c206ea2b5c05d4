//! The rewind cursor's cost: folds 1,000,000 made-up events into a `History` (with its
//! checkpoints), then times jumps to the World after the last event, after the middle one and
//! after the worst place (just before a checkpoint), against folding straight from the start.
//! Memory is the process's resident set before and after. Run with `cargo bench --bench
//! history`; the numbers are printed, never asserted.

use std::time::{Duration, Instant};

use forkbook::trace::World;
use forkbook::trace::history::{CHECKPOINT_EVERY, History, synthetic};

const EVENTS: usize = 1_000_000;

/// Resident memory of this process in MiB (from /proc/self/statm).
fn resident_mib() -> f64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: f64 = statm.split_whitespace().nth(1).and_then(|p| p.parse().ok()).unwrap_or(0.0);
    pages * 4096.0 / (1024.0 * 1024.0)
}

/// The best of five jumps to the World after `i` events.
fn jump(history: &History, i: usize) -> Duration {
    (0..5)
        .map(|_| {
            let started = Instant::now();
            let world = history.world_at(i);
            let took = started.elapsed();
            assert_eq!(world.events as usize, i);
            took
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let events: Vec<_> = synthetic::events(EVENTS).collect();
    let before = resident_mib();
    let started = Instant::now();
    let mut history = History::default();
    for ev in events {
        history.push(ev);
    }
    let fold = started.elapsed();
    let after = resident_mib();
    println!(
        "history: {EVENTS} events folded and kept in {:.0} ms ({:.0} ns/event)",
        ms(fold),
        fold.as_nanos() as f64 / EVENTS as f64
    );
    println!(
        "history: resident memory {before:.0} MiB before (the events alone), {after:.0} MiB after (+{:.0} MiB: the live World and {} checkpoints)",
        after - before,
        EVENTS.div_ceil(CHECKPOINT_EVERY)
    );
    let w = history.live();
    println!(
        "history: the live World has {} output lines and {} state changes",
        w.output.len(),
        w.processes.iter().map(|p| p.history.len() + p.gate_history.len()).sum::<usize>()
    );
    let worst = (EVENTS / 2 / CHECKPOINT_EVERY + 1) * CHECKPOINT_EVERY - 1;
    for (what, i) in [
        ("the last event", EVENTS),
        ("the event before the last", EVENTS - 1),
        ("the middle event", EVENTS / 2),
        ("just before a checkpoint", worst),
    ] {
        println!("history: jump to {what} ({i}): {:.2} ms", ms(jump(&history, i)));
    }
    let started = Instant::now();
    let straight = World::from_events(&history.events()[..EVENTS / 2]);
    println!("history: folding the first {} events straight instead: {:.0} ms", straight.events, ms(started.elapsed()));
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
