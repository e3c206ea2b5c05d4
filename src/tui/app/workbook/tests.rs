//! The workbook's rounds driven through the whole app: predictions count only for the knobs
//! they were made for, many runs wait for a prediction, a run the student killed or a limit
//! stopped is not graded, and a reached task gets its banner and a paused retry.

use std::sync::Arc;

use ratatui::text::Line;

use super::super::*;
use crate::event::{Event, EventKind, LimitHit, LimitKind, RunOutcome};
use crate::lesson::builtin;
use crate::tui::screens::banner;

/// The lock lesson open with the knobs of the oversold fixture, waiting for predictions.
fn lock_oversold() -> App {
    let catalog: Vec<Arc<Lesson>> = builtin::catalog().expect("built-in lessons").into_iter().map(Arc::new).collect();
    let mut app = App::new(catalog, Lang::En, Theme::plain());
    let lesson = app.catalog.iter().find(|l| l.id == "lock").expect("lock").clone();
    let set = [("use_lock", "false"), ("buyers", "3"), ("tickets", "1")];
    let knobs = lesson.knob_values(&set.map(|(k, v)| (k.to_string(), v.to_string()))).expect("valid knobs");
    let _ = app.open(lesson, knobs, 1.0);
    assert_eq!(app.view().map(|v| v.mode), Some(Mode::Ready));
    app
}

/// The recorded run in which three buyers buy the one ticket.
fn oversold_events() -> Vec<Event> {
    let path = format!("{}/tests/fixtures/lock_oversold.jsonl", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).expect("the fixture");
    text.lines().map(|l| serde_json::from_str(l).expect("an event")).collect()
}

/// Feeds these events into the run shown; returns the effects they asked for.
fn feed(app: &mut App, events: &[Event]) -> Vec<Effect> {
    let run = app.run_id().expect("a run");
    events.iter().flat_map(|ev| app.on_event(run, ev.clone())).collect()
}

/// What a run asked to record: (question id, prediction, right?) for each graded answer, the
/// tasks reached, the round's knobs.
type Recorded = (Vec<(String, String, bool)>, Vec<String>, String);

/// What the run asked to record, if it asked to record anything.
fn recorded(effects: &[Effect]) -> Option<Recorded> {
    effects.iter().find_map(|e| match e {
        Effect::Record { answers, tasks, knobs, .. } => Some((answers.clone(), tasks.clone(), knobs.clone())),
        _ => None,
    })
}

fn workbook(app: &App) -> &Workbook {
    &app.view().expect("lesson open").workbook
}

#[test]
fn new_knobs_after_predicting_ask_again_and_the_old_prediction_is_not_graded() {
    let mut app = lock_oversold();
    let _ = app.update(Action::AnswerDigit(Some('3')));
    let _ = app.update(Action::TogglePause);
    let (answers, _, knobs) = recorded(&feed(&mut app, &oversold_events())).expect("a graded run");
    assert_eq!(answers, [("sold".to_string(), "3".to_string(), true)]);
    assert!(knobs.contains("buyers=3") && knobs.contains("use_lock=False"), "the round's knobs: {knobs}");

    // Four buyers now: the lesson waits for predictions again instead of running.
    let _ = app.update(Action::OpenKnobs);
    let _ = app.update(Action::KnobMove(2));
    let _ = app.update(Action::KnobChange(1));
    let effects = app.update(Action::KnobApply);
    assert!(effects.is_empty(), "no run starts before the new predictions: {effects:?}");
    assert_eq!(app.view().map(|v| v.mode), Some(Mode::Ready));
    assert_eq!(app.notice.as_deref(), Some(app.lang.t("notice.predict_again")));
    let wb = workbook(&app);
    assert!(wb.stale(0) && wb.asked_again() && !wb.predicted(), "kept, but made for other knobs");
    assert_eq!(wb.answers[0], Some(crate::workbook::Answer::Number(3)));

    // Run anyway: the old prediction is not graded against the new knobs' run.
    let _ = app.update(Action::TogglePause);
    let (answers, _, knobs) = recorded(&feed(&mut app, &oversold_events())).expect("the run is recorded");
    assert!(answers.is_empty(), "{answers:?}");
    assert!(knobs.contains("buyers=4"), "{knobs}");

    // A prediction for these knobs counts again.
    let _ = app.update(Action::AnswerDigit(None));
    let _ = app.update(Action::AnswerDigit(Some('3')));
    assert!(workbook(&app).predicted() && !workbook(&app).stale(0));
    let _ = app.update(Action::Restart);
    let (answers, _, _) = recorded(&feed(&mut app, &oversold_events())).expect("a graded run");
    assert_eq!(answers.len(), 1);
}

#[test]
fn many_runs_before_predicting_say_to_predict_first_and_tally_nothing() {
    let mut app = lock_oversold();
    assert!(app.update(Action::ManyRuns).is_empty());
    assert_eq!(app.notice.as_deref(), Some(app.lang.t("notice.predict_first")));
    assert_eq!(workbook(&app).many_running, None);
    let _ = app.update(Action::AnswerDigit(Some('3')));
    assert!(matches!(app.update(Action::ManyRuns).as_slice(), [Effect::ManyRuns { .. }]));
}

#[test]
fn a_run_the_student_killed_a_process_of_is_not_graded_and_ticks_no_task() {
    let mut app = lock_oversold();
    let _ = app.update(Action::AnswerDigit(Some('3')));
    let _ = app.update(Action::TogglePause);
    let events = oversold_events();
    let _ = feed(&mut app, &events[..3]);
    assert!(matches!(app.update(Action::KillLane).as_slice(), [Effect::Kill(_)]));
    let effects = feed(&mut app, &events[3..]);
    assert_eq!(recorded(&effects), None, "nothing is recorded: {effects:?}");
    let wb = workbook(&app);
    assert_eq!(wb.ungraded, Some("workbook.not_graded_killed"));
    assert!(wb.verdicts.is_none() && wb.reached.iter().all(|r| !r) && wb.reached_now.is_empty());
}

#[test]
fn a_run_stopped_by_a_limit_is_not_graded_and_ticks_no_task() {
    let mut app = lock_oversold();
    let _ = app.update(Action::AnswerDigit(Some('3')));
    let _ = app.update(Action::TogglePause);
    let mut events = oversold_events();
    let last = events.last_mut().expect("events");
    last.kind = EventKind::RunEnded { outcome: RunOutcome::Limit(LimitHit { kind: LimitKind::RunTime, limit: 600.0 }) };
    assert_eq!(recorded(&feed(&mut app, &events)), None);
    let wb = workbook(&app);
    assert_eq!(wb.ungraded, Some("workbook.not_graded_limit"));
    assert!(wb.reached.iter().all(|r| !r));
    // The next run is graded again.
    let _ = app.update(Action::Restart);
    assert!(recorded(&feed(&mut app, &oversold_events())).is_some());
    assert_eq!(workbook(&app).ungraded, None);
}

#[test]
fn a_reached_task_gets_its_banner_and_n_tries_again_paused_with_the_same_knobs() {
    let mut app = lock_oversold();
    let _ = app.update(Action::AnswerDigit(Some('3')));
    let _ = app.update(Action::TogglePause);
    let (_, tasks, _) = recorded(&feed(&mut app, &oversold_events())).expect("a graded run");
    assert_eq!(tasks, ["sell_twice"]);
    let view = app.view().expect("lesson open");
    let shown: Vec<String> = banner::reached(&view.lesson, &view.workbook, &app.theme, app.lang, 200, 2)
        .iter()
        .map(|l: &Line| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect();
    assert_eq!(shown, ["★ Reached: Sell the last ticket twice — n: try again from the same knobs, paused"]);
    let knobs = view.knobs.clone();

    let effects = app.update(Action::Step);
    let [Effect::Start { paused: true, knobs: again, .. }] = effects.as_slice() else { panic!("{effects:?}") };
    assert_eq!(*again, knobs);
    let view = app.view().expect("lesson open");
    assert_eq!((view.mode, &view.knobs), (Mode::Paused, &knobs));
    let banner = banner::reached(&view.lesson, &view.workbook, &app.theme, app.lang, 200, 2);
    assert!(banner.is_empty(), "the banner belongs to the run that reached it");
    assert!(view.workbook.reached.iter().any(|r| *r), "the task stays ticked");
}
