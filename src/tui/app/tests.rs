//! The app's run controls driven by actions and events, without a terminal or processes: how
//! each new run starts (running or paused, and with which seed) and scrolling the output.

use std::sync::Arc;

use super::*;
use crate::event::{Event, EventKind, RunOutcome};

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
    let _ = app.on_event(run, &ended);
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
    let _ = app.on_event(run, &Event { seq: 1, sub: 0, t_ns: 1, pid: 2, kind: started });
    for i in 0..10 {
        let printed = EventKind::Printed { text: format!("line {i}") };
        let _ = app.on_event(run, &Event { seq: 2 + i, sub: 0, t_ns: 2 + i, pid: 2, kind: printed });
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
