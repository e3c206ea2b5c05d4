//! The app's run controls driven by actions and events, without a terminal or processes: how
//! each new run starts (running or paused, and with which seed), scrolling the output, and the
//! verdict that ends a run which can no longer move.

use std::sync::Arc;
use std::time::Duration;

use super::*;
use crate::event::{Event, EventKind, ObjectKind, RunOutcome, WaitOp};
use crate::trace::deadlock::STALL_QUIET;
use crate::tui::widgets::fixture::{MAIN, Run};

/// The lock lesson open and started with space, its seeds as given.
fn lock_running(seeds: Seeds) -> App {
    let catalog = crate::lesson::builtin::catalog().expect("built-in lessons load");
    let mut app = App::new(catalog.into_iter().map(Arc::new).collect(), Lang::En, Theme::plain());
    app.seeds = seeds;
    let lesson = app.catalog.iter().find(|l| l.id == "lock").expect("lock").clone();
    let _ = app.open(lesson, KnobValues::new(), 1.0);
    let _ = app.update(Action::TogglePause);
    assert_eq!(app.view().map(|v| v.mode), Some(Mode::Running));
    app
}

/// The run shown ends.
fn finish(app: &mut App) {
    let run = app.run_id().expect("a run");
    let ended = Event { seq: 1, sub: 0, t_ns: 5, pid: 0, kind: EventKind::RunEnded { outcome: RunOutcome::Finished } };
    let _ = app.on_event(run, ended);
    assert_eq!(app.view().map(|v| v.mode), Some(Mode::Finished));
}

/// Whether the effects start a run, and whether paused.
fn started_paused(effects: &[Effect]) -> Option<bool> {
    effects.iter().find_map(|e| match e {
        Effect::Start { paused, .. } => Some(*paused),
        _ => None,
    })
}

fn mode(app: &App) -> Option<Mode> {
    app.view().map(|v| v.mode)
}

#[test]
fn after_a_run_n_starts_the_next_run_paused() {
    let mut app = lock_running(Seeds::default());
    finish(&mut app);
    let effects = app.update(Action::Step);
    assert_eq!(started_paused(&effects), Some(true));
    assert_eq!(mode(&app), Some(Mode::Paused));
}

#[test]
fn r_and_new_knobs_start_the_next_run_as_the_student_was_going() {
    let mut app = lock_running(Seeds::default());
    assert_eq!(started_paused(&app.update(Action::Restart)), Some(false));
    assert_eq!(mode(&app), Some(Mode::Running));

    let _ = app.update(Action::TogglePause);
    assert_eq!(started_paused(&app.update(Action::Restart)), Some(true), "paused stays paused");
    assert_eq!(mode(&app), Some(Mode::Paused));

    // Stepping to the end: the next run from r or from new knobs starts paused too.
    finish(&mut app);
    assert_eq!(started_paused(&app.update(Action::Restart)), Some(true));
    finish(&mut app);
    let _ = app.update(Action::OpenKnobs);
    assert_eq!(started_paused(&app.update(Action::KnobApply)), Some(true));
    assert_eq!(mode(&app), Some(Mode::Paused));

    // Running freely to the end: the next one runs freely; space after the end runs too.
    let _ = app.update(Action::TogglePause);
    finish(&mut app);
    assert_eq!(started_paused(&app.update(Action::Restart)), Some(false));
    let _ = app.update(Action::Step);
    finish(&mut app);
    assert_eq!(started_paused(&app.update(Action::TogglePause)), Some(false));
}

#[test]
fn every_new_run_draws_a_new_seed_and_shows_it() {
    let mut app = lock_running(Seeds::drawn(2024));
    let mut seen = vec![app.view().map(|v| v.seed)];
    for action in [Action::Restart, Action::Restart, Action::OpenKnobs, Action::KnobApply] {
        let effects = app.update(action);
        if let Some(Effect::Start { seed, .. }) = effects.first() {
            assert_eq!(Some(*seed), app.view().map(|v| v.seed), "the run uses the seed shown");
            seen.push(Some(*seed));
        }
    }
    assert_eq!(seen.len(), 4);
    let mut distinct = seen.clone();
    distinct.dedup();
    assert_eq!(distinct, seen, "{seen:?}");
    finish(&mut app);
    let _ = app.update(Action::AnswerDigit(Some('1')));
    let many = app.update(Action::ManyRuns);
    let Some(Effect::ManyRuns { seed, .. }) = many.first() else { panic!("many runs start: {many:?}") };
    assert!(!seen.contains(&Some(*seed)), "many runs draw a new first seed too");
}

#[test]
fn a_pinned_seed_is_the_seed_of_every_run() {
    let mut app = lock_running(Seeds::Pinned(7));
    for _ in 0..3 {
        let effects = app.update(Action::Restart);
        assert!(matches!(effects.first(), Some(Effect::Start { seed: 7, .. })), "{effects:?}");
    }
    assert_eq!(app.view().map(|v| v.seed), Some(7));
}

#[test]
fn the_output_scrolls_back_and_follows_again_at_its_newest_line() {
    let mut app = lock_running(Seeds::default());
    let run = app.run_id().expect("a run");
    let started =
        EventKind::Started { name: "MainProcess".into(), ppid: 1, script: "main".into(), daemon: false, slot: 0 };
    let _ = app.on_event(run, Event { seq: 1, sub: 0, t_ns: 1, pid: 2, kind: started });
    for i in 0..10 {
        let printed = EventKind::Printed { text: format!("line {i}") };
        let _ = app.on_event(run, Event { seq: 2 + i, sub: 0, t_ns: 2 + i, pid: 2, kind: printed });
    }
    let until = |app: &App| app.view().and_then(|v| v.output_until);
    let _ = app.update(Action::ScrollOutput(-3));
    assert_eq!(until(&app), Some(7));
    let _ = app.update(Action::ScrollOutput(-30));
    assert_eq!(until(&app), Some(1), "at least the first line stays in view");
    let _ = app.update(Action::ScrollOutput(3));
    assert_eq!(until(&app), Some(4));
    let _ = app.update(Action::ScrollOutput(30));
    assert_eq!(until(&app), None, "back at the newest line, it follows the output");
}

#[test]
fn question_mark_in_the_help_turns_to_the_symbols_and_back() {
    let mut app = lock_running(Seeds::default());
    let _ = app.update(Action::ToggleHelp);
    let _ = app.update(Action::HelpPage);
    assert_eq!(app.overlay, Overlay::Symbols);
    let _ = app.update(Action::HelpPage);
    assert_eq!(app.overlay, Overlay::Help);
    let _ = app.update(Action::HelpPage);
    let _ = app.update(Action::CloseOverlay);
    assert_eq!(app.overlay, Overlay::None);
}

/// Feeds these events into the run shown.
fn feed(app: &mut App, events: &[Event]) {
    let id = app.run_id().expect("a run");
    for ev in events {
        let _ = app.on_event(id, ev.clone());
    }
}

#[test]
fn a_deadlock_is_handed_to_the_loop_once_as_soon_as_the_cycle_forms() {
    let mut app = lock_running(Seeds::default());
    assert_eq!(app.due_verdict(STALL_QUIET * 10), None, "no verdict before any event");
    let mut run = Run::with_children(2);
    run.create("a", ObjectKind::Lock, 1, 1).create("b", ObjectKind::Lock, 1, 1);
    run.acquire(101, "a").acquire(102, "b").wait(101, "b", WaitOp::Acquire);
    feed(&mut app, run.events());
    assert_eq!(app.due_verdict(Duration::ZERO), None, "one wait is no cycle");
    let fed = run.events().len();
    run.wait(102, "a", WaitOp::Acquire);
    feed(&mut app, &run.events()[fed..]);
    let outcome = app.due_verdict(Duration::ZERO).expect("deadlocked at once, no quiet needed");
    let RunOutcome::Deadlocked { cycle } = &outcome else { panic!("{outcome:?}") };
    assert_eq!(cycle.iter().map(|l| l.pid).collect::<Vec<_>>(), [101, 102]);
    for quiet in [Duration::ZERO, STALL_QUIET * 10] {
        assert_eq!(app.due_verdict(quiet), None, "the loop stops the run once");
    }
    // The run ends with it: the view shows how, and nothing more is due.
    let fed = run.events().len();
    run.ev(99, EventKind::RunEnded { outcome: outcome.clone() });
    feed(&mut app, &run.events()[fed..]);
    let view = app.view().expect("lesson open");
    assert_eq!((view.mode, view.world().ended.as_ref()), (Mode::Finished, Some(&outcome)));
    assert_eq!(app.due_verdict(STALL_QUIET * 10), None);
    // The next run is judged afresh.
    let _ = app.update(Action::Restart);
    feed(&mut app, &run.events()[..fed]);
    assert_eq!(app.due_verdict(Duration::ZERO), Some(outcome));
}

#[test]
fn a_stall_is_handed_over_only_after_the_quiet_while_and_only_once() {
    let mut app = lock_running(Seeds::default());
    let mut run = Run::with_children(1);
    run.create("q", ObjectKind::Queue, 0, 0).wait(101, "q", WaitOp::Get).wait(MAIN, "Process-1", WaitOp::Join);
    feed(&mut app, run.events());
    assert_eq!(app.due_verdict(STALL_QUIET / 2), None, "a wake-up may still be on its way");
    let outcome = app.due_verdict(STALL_QUIET).expect("stuck after the quiet while");
    assert_eq!(outcome.caught().iter().map(|l| l.pid).collect::<Vec<_>>(), [MAIN, 101]);
    assert_eq!(app.due_verdict(STALL_QUIET * 10), None);
}

#[test]
fn a_paused_run_is_judged_too_but_a_lesson_waiting_for_predictions_is_not() {
    let mut app = lock_running(Seeds::default());
    let _ = app.update(Action::TogglePause);
    assert_eq!(mode(&app), Some(Mode::Paused));
    let mut run = Run::with_children(1);
    run.create("q", ObjectKind::Queue, 0, 0).wait(101, "q", WaitOp::Get).wait(MAIN, "Process-1", WaitOp::Join);
    feed(&mut app, run.events());
    assert!(app.due_verdict(STALL_QUIET).is_some());
    let catalog = crate::lesson::builtin::catalog().expect("built-in lessons load");
    let mut ready = App::new(catalog.into_iter().map(Arc::new).collect(), Lang::En, Theme::plain());
    let lesson = ready.catalog.iter().find(|l| l.id == "lock").expect("lock").clone();
    let _ = ready.open(lesson, KnobValues::new(), 1.0);
    assert_eq!(mode(&ready), Some(Mode::Ready));
    assert_eq!(ready.due_verdict(STALL_QUIET * 10), None);
}

#[test]
fn the_last_run_stays_the_one_recorded_after_leaving_it_and_a_new_run_replaces_it() {
    let mut app = lock_running(Seeds::default());
    finish(&mut app);
    assert_eq!(app.last_run_events().len(), 1);
    // Back to the picker: the run left is still the last one.
    let _ = app.update(Action::Back);
    assert!(app.view().is_none());
    assert_eq!(app.last_run_events().len(), 1);
    // Another lesson opened, then started: its run (no event yet) is the last one now.
    let lesson = app.catalog.iter().find(|l| l.id == "join").expect("join").clone();
    let _ = app.open(lesson, KnobValues::new(), 1.0);
    assert_eq!(app.view().map(|v| v.mode), Some(Mode::Ready));
    assert_eq!(app.last_run_events().len(), 1, "a lesson waiting for predictions has not run");
    let _ = app.update(Action::TogglePause);
    assert_eq!(app.view().map(|v| v.mode), Some(Mode::Running));
    assert!(app.last_run_events().is_empty());
}
