//! The World after event `i`, from checkpoints, against the World folded straight from the
//! first `i` events.

use super::*;

fn history(n: usize) -> History {
    let mut h = History::default();
    synthetic::events(n).for_each(|ev| h.push(ev));
    h
}

#[test]
fn the_world_at_every_event_equals_the_fold_of_the_events_before_it() {
    let n = 3 * CHECKPOINT_EVERY + 17;
    let h = history(n);
    let mut straight = World::default();
    for i in 0..=n {
        assert_eq!(h.world_at(i), straight, "world after {i} events");
        if let Some(ev) = h.events().get(i) {
            straight.apply(ev);
        }
    }
    assert_eq!(h.live(), &straight);
}

#[test]
fn the_made_up_run_folds_without_anomalies_and_grows_every_log() {
    let h = history(5_000);
    let w = h.live();
    assert!(w.anomalies.is_empty(), "{:?}", w.anomalies);
    assert_eq!(w.processes.len(), 5);
    assert!(w.output.len() > 300);
    assert!(w.processes[1].history.len() > 100 && w.processes[1].gate_history.len() > 100);
}

#[test]
fn a_cursor_past_the_end_shows_the_live_world_and_an_empty_history_the_empty_world() {
    let h = history(100);
    assert_eq!(&h.world_at(1_000), h.live());
    assert_eq!(History::default().world_at(5), World::default());
    assert!(History::default().is_empty() && h.len() == 100);
}

#[test]
fn checkpoints_keep_no_logs() {
    let h = history(10 * CHECKPOINT_EVERY);
    let last = h.checkpoints.last().expect("checkpoints");
    assert!(last.shell.output.is_empty() && last.shell.processes.iter().all(|p| p.history.is_empty()));
    assert_eq!(h.checkpoints.len(), 10);
}
