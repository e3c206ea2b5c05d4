//! Rewinding real runs: the event streams of a few built-in lessons, recorded headless with
//! `--json`, pushed into a `History` that checkpoints every few events (so a short run crosses
//! many checkpoints); the World it gives after event `i` must equal the World folded straight
//! from the first `i` events, for every `i`.

use std::process::Command;

use forkbook::event::Event;
use forkbook::trace::World;
use forkbook::trace::history::History;

/// The event stream of a real headless run of built-in lesson `id` (the binary exits after
/// reaping every process it started, so nothing is left behind even when an assert fails).
fn recorded(id: &str, extra: &[&str]) -> Vec<Event> {
    let out = Command::new(env!("CARGO_BIN_EXE_forkbook"))
        .args(["run", id, "--headless", "--json", "--speed", "20", "--seed", "7"])
        .args(extra)
        .output()
        .expect("forkbook runs");
    let text = String::from_utf8_lossy(&out.stdout);
    // The stream ends with a verdict line, which is no event.
    let events: Vec<Event> = text
        .lines()
        .filter(|l| l.starts_with("{\"seq\""))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert!(events.len() > 20, "{id}: {text}{}", String::from_utf8_lossy(&out.stderr));
    events
}

/// Pushes `events` into a History and compares every rewound World with the straight fold.
fn assert_rewinds_exactly(id: &str, events: Vec<Event>) {
    let mut history = History::with_checkpoints_every(7);
    for ev in &events {
        history.push(ev.clone());
    }
    let mut straight = World::default();
    for i in 0..=events.len() {
        assert!(history.world_at(i) == straight, "{id}: the World after {i} events differs");
        if let Some(ev) = events.get(i) {
            straight.apply(ev);
        }
    }
    assert_eq!(history.live(), &straight, "{id}: live World");
}

#[test]
fn a_lock_run_rewinds_to_the_world_of_every_event() {
    assert_rewinds_exactly("lock", recorded("lock", &[]));
}

#[test]
fn a_deadlocked_run_rewinds_to_the_world_of_every_event() {
    assert_rewinds_exactly("deadlock", recorded("deadlock", &[]));
}

#[test]
fn queue_and_pool_runs_rewind_to_the_world_of_every_event() {
    for id in ["producer_consumer", "pool"] {
        let events = recorded(id, &[]);
        assert_rewinds_exactly(id, events);
    }
}
