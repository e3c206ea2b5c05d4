//! `e`, `E` and an edited program read back, without an editor or processes: the effects the
//! loop is asked for, the lesson a run starts with, the knobs that follow a changed constant,
//! and a refused program shown while the one before keeps running.

use super::*;
use crate::lesson::KnobValues;
use crate::text::Lang;
use crate::tui::app::{Action, Mode, Seeds};
use crate::tui::theme::Theme;
use crate::value::Value;

/// The lock lesson open (before its run: it has questions).
fn lock_open() -> App {
    let catalog = crate::lesson::builtin::catalog().expect("built-in lessons load");
    let mut app = App::new(catalog.into_iter().map(Arc::new).collect(), Lang::En, Theme::plain());
    app.seeds = Seeds::Pinned(7);
    let lesson = app.catalog.iter().find(|l| l.id == "lock").expect("lock").clone();
    let _ = app.open(lesson, KnobValues::new(), 1.0);
    app
}

fn original(app: &App) -> Arc<Lesson> {
    Arc::clone(&app.view().expect("lesson open").original)
}

/// The lock lesson's own program with `from` replaced by `to`.
fn lock_with(app: &App, from: &str, to: &str) -> String {
    let python = &original(app).python;
    assert!(python.contains(from), "{from}");
    python.replacen(from, to, 1)
}

/// The program the effects start a run with, if they start one.
fn started_with(effects: &[Effect]) -> Option<String> {
    effects.iter().find_map(|e| match e {
        Effect::Start { lesson, .. } => Some(lesson.python.clone()),
        _ => None,
    })
}

#[test]
fn e_asks_the_loop_to_edit_the_lessons_own_program() {
    let mut app = lock_open();
    let effects = app.update(Action::EditProgram);
    let [Effect::EditProgram(lesson)] = effects.as_slice() else { panic!("{effects:?}") };
    assert_eq!((lesson.id.as_str(), &lesson.python), ("lock", &original(&app).python));
}

#[test]
fn an_edited_program_runs_and_the_knob_of_a_changed_constant_follows_it() {
    let mut app = lock_open();
    let _ = app.update(Action::TogglePause);
    let text = lock_with(&app, "BUYERS = 10", "BUYERS = 3");
    let effects = app.program_saved(&original(&app), "lock.py", Some(&text));
    assert_eq!(started_with(&effects).as_deref(), Some(text.as_str()), "the run starts again with it");
    let view = app.view().expect("lesson open");
    assert!(view.edited() && view.mode == Mode::Running);
    assert_eq!(view.knobs.get("buyers"), Some(&Value::Int(3)));
    assert!(view.program.contains("BUYERS = 3"), "{}", view.program);
    assert_eq!(app.notice.as_deref(), Some(app.lang.t("notice.program_edited")));
    assert_eq!(started_with(&app.update(Action::Restart)).as_deref(), Some(text.as_str()), "and every run after");
    let many = {
        finish(&mut app);
        let _ = app.update(Action::AnswerDigit(Some('1')));
        app.update(Action::ManyRuns)
    };
    assert!(matches!(many.as_slice(), [Effect::ManyRuns { lesson, .. }] if lesson.python == text), "{many:?}");
}

/// The run shown ends.
fn finish(app: &mut App) {
    let run = app.run_id().expect("a run");
    let ended = crate::event::EventKind::RunEnded { outcome: crate::event::RunOutcome::Finished };
    let _ = app.on_event(run, crate::event::Event { seq: 1, sub: 0, t_ns: 5, pid: 0, kind: ended });
}

#[test]
fn a_knob_the_student_set_keeps_its_value_when_another_line_changes() {
    let mut app = lock_open();
    let mut knobs = app.view().expect("open").knobs.clone();
    knobs.insert("buyers".into(), Value::Int(5));
    let lesson = original(&app);
    let _ = app.open(lesson, knobs, 1.0);
    let text = lock_with(&app, "print('购票成功')", "print('购票成功!')");
    let effects = app.program_saved(&original(&app), "lock.py", Some(&text));
    assert_eq!(started_with(&effects), None, "waiting for predictions, it keeps waiting");
    let view = app.view().expect("lesson open");
    assert_eq!((view.mode, view.knobs.get("buyers")), (Mode::Ready, Some(&Value::Int(5))));
    assert!(view.program.contains("BUYERS = 5") && view.program.contains("购票成功!"), "{}", view.program);
}

#[test]
fn an_edited_program_with_a_syntax_error_is_shown_at_its_line_and_the_one_before_keeps_running() {
    let mut app = lock_open();
    let _ = app.update(Action::TogglePause);
    let good = lock_with(&app, "BUYERS = 10", "BUYERS = 4");
    let _ = app.program_saved(&original(&app), "lock.py", Some(&good));
    let broken = good.replace("def get():", "def get(:");
    let line = broken.lines().position(|l| l.starts_with("def get(:")).expect("the line") as u32 + 1;
    let effects = app.program_saved(&original(&app), "lock.py", Some(&broken));
    assert!(effects.is_empty(), "nothing restarts: {effects:?}");
    let problem = app.program_problem().expect("the problem is kept to show");
    assert_eq!((problem.file.as_str(), problem.line), ("lock.py", line), "{problem}");
    assert_eq!(app.view().map(|v| v.lesson.python.as_str()), Some(good.as_str()));
    assert_eq!(started_with(&app.update(Action::Restart)).as_deref(), Some(good.as_str()));
    assert!(app.program_problem().is_some(), "shown until the student fixes it");

    let fixed = good.replace("BUYERS = 4", "BUYERS = 2");
    let effects = app.program_saved(&original(&app), "lock.py", Some(&fixed));
    assert_eq!(started_with(&effects).as_deref(), Some(fixed.as_str()));
    assert!(app.program_problem().is_none());
}

#[test]
fn capital_e_runs_the_lessons_own_program_again_and_asks_the_loop_to_remove_the_copy() {
    let mut app = lock_open();
    let _ = app.update(Action::TogglePause);
    let own = original(&app).python.clone();
    let text = lock_with(&app, "BUYERS = 10", "BUYERS = 3");
    let _ = app.program_saved(&original(&app), "lock.py", Some(&text));
    let effects = app.update(Action::ResetProgram);
    assert!(matches!(effects.first(), Some(Effect::ForgetProgram(id)) if id == "lock"), "{effects:?}");
    assert_eq!(started_with(&effects).as_deref(), Some(own.as_str()));
    let view = app.view().expect("lesson open");
    assert!(!view.edited());
    assert_eq!(view.knobs.get("buyers"), Some(&Value::Int(10)), "the knob goes back with its constant");
    assert_eq!(app.notice.as_deref(), Some(app.lang.t("notice.program_reset")));

    let again = app.update(Action::ResetProgram);
    assert!(matches!(again.as_slice(), [Effect::ForgetProgram(_)]), "no new run: {again:?}");
    assert_eq!(app.notice.as_deref(), Some(app.lang.t("notice.program_own_already")));
}

#[test]
fn a_copy_read_before_the_lesson_opens_is_what_its_first_run_runs() {
    let catalog = crate::lesson::builtin::catalog().expect("built-in lessons load");
    let mut app = App::new(catalog.into_iter().map(Arc::new).collect(), Lang::En, Theme::plain());
    let lesson = app.catalog.iter().find(|l| l.id == "lock").expect("lock").clone();
    let text = lesson.python.replacen("TICKETS = 1", "TICKETS = 2", 1);
    assert!(app.program_saved(&lesson, "lock.py", Some(&text)).is_empty());
    assert_eq!(app.notice, None);
    let _ = app.open(lesson, KnobValues::new(), 1.0);
    let effects = app.update(Action::TogglePause);
    assert_eq!(started_with(&effects).as_deref(), Some(text.as_str()));
    assert_eq!(app.view().and_then(|v| v.knobs.get("tickets")), Some(&Value::Int(2)));
}
