//! Hot reload in the app, without files or processes: a good save runs the new version with
//! the knob values that still fit and says what changed; a broken save keeps the last good
//! version and lists its problems until a good one.

use std::path::PathBuf;
use std::sync::Arc;

use super::*;
use crate::lesson::{Diagnostic, Pos};
use crate::tui::app::{Action, Screen};
use crate::tui::theme::Theme;
use crate::value::Value;

const FILE: &str = "/class/week1/counter.toml";

/// The built-in lock lesson as if loaded from a file of a lesson folder, `edit` applied to
/// its source.
fn from_file(edit: impl Fn(String) -> String) -> Lesson {
    let src = edit(crate::lesson::builtin::source("lock").expect("lock").replace("id = \"lock\"", "id = \"counter\""));
    let mut lesson = crate::lesson::from_str(&src, FILE).unwrap_or_else(|d| panic!("{d:?}"));
    lesson.folder = Some(PathBuf::from("/class/week1"));
    lesson
}

/// The app with the file lesson open, its run started and the knob `buyers` set to 6.
fn open() -> App {
    let lesson = Arc::new(from_file(|s| s));
    let mut app = App::new(vec![Arc::clone(&lesson)], Lang::En, Theme::plain());
    let knobs = KnobValues::from([("buyers".to_string(), Value::Int(6))]);
    let _ = app.open(lesson, knobs, 1.0);
    let _ = app.update(Action::TogglePause);
    assert_eq!(app.view().map(|v| v.mode), Some(Mode::Running));
    app
}

fn view(app: &App) -> &crate::tui::app::LessonView {
    app.view().expect("the lesson is open")
}

#[test]
fn a_good_save_runs_the_new_version_with_the_knobs_that_still_fit_and_says_what_changed() {
    let mut app = open();
    let before = view(&app).run_id;
    let new = from_file(|s| s.replace("剩余票数", "余票"));
    let effects = app.lesson_reloaded(new);
    let started = effects.iter().find_map(|e| match e {
        Effect::Start { lesson, .. } => Some(Arc::clone(lesson)),
        _ => None,
    });
    let started = started.expect("a new run starts");
    assert!(started.python.contains("余票") && !started.python.contains("剩余票数"));
    assert!(view(&app).run_id > before);
    assert_eq!(view(&app).knobs.get("buyers"), Some(&Value::Int(6)), "the student's knob value stays");
    let notice = app.notice.clone().unwrap_or_default();
    assert!(notice.starts_with("/class/week1/counter.toml reloaded: the program"), "{notice}");
    assert!(notice.ends_with("running the new version"), "{notice}");
    assert!(Arc::ptr_eq(&app.catalog[0], &view(&app).original), "the picker has the new version too");

    // `r` runs the new version, not the one the view was opened with.
    let effects = app.update(Action::Restart);
    let restarted = effects.iter().any(|e| matches!(e, Effect::Start { lesson, .. } if lesson.python.contains("余票")));
    assert!(restarted, "{effects:?}");
}

#[test]
fn a_knob_whose_value_no_longer_fits_goes_back_to_its_default() {
    let mut app = open();
    let lesson = from_file(|s| s);
    let mut narrower = from_file(|s| s);
    for knob in narrower.knobs.iter_mut().filter(|k| k.name == "buyers") {
        knob.kind = crate::lesson::KnobKind::Int { min: 8, max: 100 };
    }
    let _ = app.lesson_reloaded(narrower);
    assert_eq!(view(&app).knobs.get("buyers"), lesson.knob("buyers").map(|k| &k.default));
    assert!(app.notice.as_deref().is_some_and(|n| n.contains("knob 'buyers' changed")), "{:?}", app.notice);
}

#[test]
fn a_broken_save_keeps_the_last_good_version_running_and_lists_its_problems() {
    let mut app = open();
    let (run, original) = (view(&app).run_id, Arc::clone(&view(&app).original));
    let problem = Diagnostic::at(FILE, Pos { line: 12, col: 5 }, "unknown field 'pyhton'".into(), None);
    app.lesson_broken(FILE, vec![problem.clone()]);
    assert_eq!(view(&app).run_id, run, "the run goes on");
    assert_eq!(view(&app).mode, Mode::Running);
    assert!(Arc::ptr_eq(&view(&app).original, &original));
    assert_eq!(app.problems, [problem]);
    assert!(app.notice.as_deref().is_some_and(|n| n.contains("1 problem(s): the last good version stays")));

    // A second broken save replaces the first's problems; a good save clears them.
    let other = Diagnostic::at(FILE, Pos { line: 2, col: 1 }, "x".into(), None);
    app.lesson_broken(FILE, vec![other.clone(), other]);
    assert_eq!(app.problems.len(), 2);
    let _ = app.lesson_reloaded(from_file(|s| s));
    assert!(app.problems.is_empty());
}

#[test]
fn a_new_file_in_a_lesson_folder_joins_the_picker_after_its_folder() {
    let mut app = App::new(Vec::new(), Lang::En, Theme::plain());
    let mut builtin = crate::lesson::resolve("join").expect("join");
    builtin.folder = None;
    app.catalog.push(Arc::new(builtin));
    app.catalog.push(Arc::new(from_file(|s| s)));
    let mut later = from_file(|s| s.replace("id = \"counter\"", "id = \"second\""));
    later.source_name = "/class/week1/second.toml".into();
    let effects = app.lesson_reloaded(later);
    assert!(effects.is_empty());
    assert!(matches!(app.screen, Screen::Picker));
    let ids: Vec<&str> = app.catalog.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["join", "counter", "second"]);
    assert!(app.notice.as_deref().is_some_and(|n| n.contains("lesson 'second' added")), "{:?}", app.notice);
}
