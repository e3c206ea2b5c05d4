//! The rewind cursor, undo and `.` driven by actions and synthetic events: what the panes'
//! World is, when the run is paused and resumed, and what runs again after `u`.

use std::sync::Arc;

use super::super::*;
use crate::event::{Event, EventKind, ObjectKind};
use crate::tui::widgets::fixture::{MAIN, Run};

/// The lock lesson started with space, and the events of a run fed to it: a child takes
/// the lock, prints, releases it.
fn lock_with_events() -> (App, Vec<Event>) {
    let catalog = crate::lesson::builtin::catalog().expect("built-in lessons load");
    let mut app = App::new(catalog.into_iter().map(Arc::new).collect(), Lang::En, Theme::plain());
    let lesson = app.catalog.iter().find(|l| l.id == "lock").expect("lock").clone();
    let _ = app.open(lesson, KnobValues::new(), 1.0);
    let _ = app.update(Action::TogglePause);
    let mut run = Run::with_children(1);
    run.create("lock", ObjectKind::Lock, 1, 0).acquire(MAIN + 1, "lock");
    run.ev(MAIN + 1, EventKind::Printed { text: "hello".into() });
    run.ev(MAIN + 1, EventKind::Released { object: "lock".into() });
    let events = run.events().to_vec();
    let id = app.run_id().expect("a run");
    for ev in &events {
        let _ = app.on_event(id, ev.clone());
    }
    (app, events)
}

fn view(app: &App) -> &LessonView {
    app.view().expect("a lesson")
}

#[test]
fn moving_the_cursor_back_shows_the_world_of_that_event_and_pauses_a_running_run() {
    let (mut app, events) = lock_with_events();
    let effects = app.update(Action::Rewind(Move::Events(-2)));
    assert!(matches!(effects[..], [Effect::Pause]), "{effects:?}");
    let v = view(&app);
    assert_eq!(v.cursor, Some(events.len() - 2));
    assert_eq!(*v.world(), World::from_events(&events[..events.len() - 2]));
    assert_eq!(v.world().object("lock").map(|o| o.holders()), Some(vec![MAIN + 1]));
    assert_eq!(v.mode, Mode::Paused);
    assert!(!v.stepping, "rewinding is not stepping");
}

#[test]
fn bringing_the_cursor_back_to_the_end_follows_live_and_resumes_the_run() {
    let (mut app, events) = lock_with_events();
    let _ = app.update(Action::Rewind(Move::Start));
    // Events that arrive while rewound are kept but do not move what is shown.
    let id = app.run_id().expect("a run");
    let late = Event { seq: 99, sub: 0, t_ns: 99_000_000, pid: MAIN, kind: EventKind::Printed { text: "late".into() } };
    let _ = app.on_event(id, late);
    assert_eq!(*view(&app).world(), World::default());
    let effects = app.update(Action::Rewind(Move::Events(i32::MAX)));
    assert!(matches!(effects[..], [Effect::Resume]), "{effects:?}");
    let v = view(&app);
    assert_eq!((v.cursor, v.mode), (None, Mode::Running));
    assert_eq!(v.world().events as usize, events.len() + 1);
    assert_eq!(v.world().output.last().map(|l| l.text.as_str()), Some("late"));
}

#[test]
fn brackets_jump_between_interesting_events() {
    let (mut app, events) = lock_with_events();
    let _ = app.update(Action::Rewind(Move::Start));
    let _ = app.update(Action::Rewind(Move::Interesting(1)));
    let at = view(&app).cursor.expect("rewound");
    assert!(matches!(events[at - 1].kind, EventKind::Acquired { .. }), "{:?}", events[at - 1]);
    let _ = app.update(Action::Rewind(Move::Interesting(1)));
    let next = view(&app).cursor.expect("rewound");
    assert!(matches!(events[next - 1].kind, EventKind::Printed { .. }));
    let _ = app.update(Action::Rewind(Move::Interesting(-1)));
    assert_eq!(view(&app).cursor, Some(at));
}

#[test]
fn a_step_goes_back_to_the_live_run_first_and_remembers_the_grant() {
    let (mut app, _) = lock_with_events();
    let _ = app.update(Action::TogglePause);
    let _ = app.update(Action::Rewind(Move::Events(-3)));
    let id = app.run_id().expect("a run");
    let gated = Event { seq: 50, sub: 1, t_ns: 50_000_000, pid: MAIN, kind: EventKind::Gated };
    let _ = app.on_event(id, gated);
    let _ = app.update(Action::SelectLane(0));
    let effects = app.update(Action::Step);
    assert!(matches!(effects[..], [Effect::Grant(0)]), "{effects:?}");
    let v = view(&app);
    assert_eq!(v.cursor, None);
    assert_eq!(v.grants, ["MainProcess"]);
}

#[test]
fn undo_reruns_the_lesson_paused_with_the_same_seed_and_grants_all_but_the_last_again() {
    let (mut app, _) = lock_with_events();
    let _ = app.update(Action::TogglePause);
    let seed = view(&app).seed;
    let old_run = app.run_id();
    if let Screen::Lesson(v) = &mut app.screen {
        v.grants = vec!["MainProcess".into(), "Process-1".into(), "MainProcess".into()];
    }
    let effects = app.update(Action::Undo);
    assert!(matches!(effects[..], [Effect::Start { paused: true, seed: s, .. }] if s == seed), "{effects:?}");
    assert_ne!(app.run_id(), old_run);
    assert!(app.notice.as_deref().is_some_and(|n| n.contains("cannot run backwards")), "{:?}", app.notice);
    // The rerun: MainProcess comes to its gate and is granted; Process-1 is next once
    // MainProcess's step is over and Process-1 waits at its gate.
    let id = app.run_id().expect("a run");
    let mut run = Run::with_children(1);
    run.ev(MAIN, EventKind::AtStep { line: 3 }).ev(MAIN, EventKind::Gated);
    let mut granted = Vec::new();
    for ev in run.events() {
        granted.extend(app.on_event(id, ev.clone()));
    }
    assert!(matches!(granted[..], [Effect::Grant(_)]), "{granted:?}");
    let mut more = Vec::new();
    let mut run = Run::default();
    run.at(50).ev(MAIN + 1, EventKind::AtStep { line: 9 }).ev(MAIN + 1, EventKind::Gated);
    for ev in run.events() {
        more.extend(app.on_event(id, ev.clone()));
    }
    assert!(more.is_empty(), "MainProcess's step is still under way: {more:?}");
    let mut run = Run::default();
    run.at(60).ev(MAIN, EventKind::Gated);
    let done: Vec<Effect> = run.events().iter().flat_map(|ev| app.on_event(id, ev.clone())).collect();
    assert!(matches!(done[..], [Effect::Grant(_)]), "{done:?}");
    let v = view(&app);
    assert_eq!(v.grants, ["MainProcess", "Process-1"]);
    assert!(v.replay.busy(), "Process-1's step is under way");
}

#[test]
fn undo_says_why_when_there_is_nothing_to_undo_or_the_run_is_not_stepped() {
    let (mut app, _) = lock_with_events();
    assert!(app.update(Action::Undo).is_empty());
    assert!(app.notice.as_deref().is_some_and(|n| n.contains("while you are stepping")));
    let _ = app.update(Action::TogglePause);
    assert!(app.update(Action::Undo).is_empty());
    assert!(app.notice.as_deref().is_some_and(|n| n.contains("no step")));
}

#[test]
fn dot_runs_until_the_next_interesting_event_and_pauses_there() {
    let (mut app, _) = lock_with_events();
    let _ = app.update(Action::TogglePause);
    let effects = app.update(Action::RunToInteresting);
    assert!(matches!(effects[..], [Effect::Resume]), "{effects:?}");
    let id = app.run_id().expect("a run");
    let step = Event { seq: 60, sub: 0, t_ns: 60_000_000, pid: MAIN, kind: EventKind::AtStep { line: 4 } };
    assert!(app.on_event(id, step).is_empty());
    let print = Event { seq: 61, sub: 0, t_ns: 61_000_000, pid: MAIN, kind: EventKind::Printed { text: "x".into() } };
    assert!(matches!(app.on_event(id, print)[..], [Effect::Pause]));
    assert_eq!(view(&app).mode, Mode::Paused);
}
