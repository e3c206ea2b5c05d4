//! Presenter mode and rewinding on the whole app: the real `App` driven by a recorded run of
//! the lock lesson (no processes), drawn at 80×24 in English and Chinese. One pane fills the
//! screen and `1`–`5` switch; the lesson's note for the chosen process's line stands under
//! the code; a rewound screen says which event it shows.

use std::sync::Arc;

use forkbook::event::{Event, EventKind};
use forkbook::lesson::builtin;
use forkbook::text::Lang;
use forkbook::tui::app::{Action, App, Mode, Move, Pane};
use forkbook::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn events() -> Vec<Event> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/lock_oversold.jsonl");
    std::fs::read_to_string(path).expect("fixture").lines().map(|l| serde_json::from_str(l).expect("event")).collect()
}

/// The lock lesson without its lock, in presenter mode, fed the recorded run until the first
/// buyer stands before line 15 (whose lane is then chosen).
fn presenting(lang: Lang) -> App {
    let catalog = builtin::catalog().expect("built-in lessons").into_iter().map(Arc::new).collect();
    let mut app = App::new(catalog, lang, Theme::plain());
    let lesson = app.catalog.iter().find(|l| l.id == "lock").expect("lock").clone();
    let texts = [("use_lock".to_string(), "false".to_string()), ("buyers".into(), "3".into())];
    let _ = app.open(Arc::clone(&lesson), lesson.knob_values(&texts).expect("knobs"), 1.0);
    let _ = app.update(Action::TogglePause);
    let _ = app.update(Action::TogglePresent);
    let run = app.run_id().expect("a run");
    for ev in events() {
        let _ = app.on_event(run, ev.clone());
        if matches!(ev.kind, EventKind::AtStep { line: 15 }) {
            break;
        }
    }
    let at_15 = app.view().and_then(|v| v.world().processes.iter().position(|p| p.line == Some(15)));
    let lane = app.view().and_then(|v| v.world().tree_order().iter().position(|(i, _)| Some(*i) == at_15));
    let _ = app.update(Action::SelectLane(lane.expect("a buyer at line 15")));
    app
}

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("test terminal");
    terminal
        .draw(|f| {
            let _ = forkbook::tui::draw(f, app);
        })
        .expect("draws");
    terminal.backend().to_string()
}

#[test]
fn the_note_for_the_chosen_process_line_stands_under_the_code_at_80x24() {
    let app = presenting(Lang::En);
    let shown = screen(&app);
    assert!(shown.contains("Python · 1 code 2 processes"), "{shown}");
    assert!(shown.contains("notes · line 15"), "{shown}");
    assert!(shown.contains("The read of get(): without the lock"), "{shown}");
    assert!(shown.contains("15     time.sleep(0.1)"), "{shown}");
    assert!(!shown.contains("┌ objects"), "one pane at a time:\n{shown}");
}

#[test]
fn the_note_and_the_pane_titles_are_in_chinese_too() {
    let app = presenting(Lang::Zh);
    let shown = screen(&app);
    assert!(shown.contains("讲解 · 第 15 行"), "{shown}");
    assert!(shown.contains("get() 里的读"), "{shown}");
}

#[test]
fn each_of_the_five_panes_fills_the_screen_by_its_key() {
    let mut app = presenting(Lang::En);
    for (pane, seen) in [
        (Pane::Lanes, "Process-1"),
        (Pane::Objects, "Lock 'lock'"),
        (Pane::Timeline, "MainProcess"),
        (Pane::Output, "剩余票数1"),
        (Pane::Code, "def get():"),
    ] {
        let _ = app.update(Action::ShowPane(pane));
        let shown = screen(&app);
        assert!(shown.contains(seen), "{pane:?}: {seen}\n{shown}");
        assert!(shown.contains(" · 1 code 2 processes 3 objects 4 timeline 5 output · p: back"), "{shown}");
    }
    let _ = app.update(Action::TogglePresent);
    let shown = screen(&app);
    assert!(shown.contains("┌ objects") && shown.contains("┌ output"), "p goes back:\n{shown}");
}

#[test]
fn a_rewound_screen_says_which_event_it_shows_and_the_note_follows_the_cursor() {
    let mut app = presenting(Lang::En);
    let total = app.view().map(|v| v.history.len()).expect("a lesson");
    let _ = app.update(Action::Rewind(Move::Events(-3)));
    let shown = screen(&app);
    assert!(shown.contains(&format!("rewound: event {} of {total}", total - 3)), "{shown}");
    assert_eq!(app.view().map(|v| v.mode), Some(Mode::Paused));
    // Before the chosen buyer came to line 15, its note is not shown.
    assert!(!shown.contains("notes · line 15"), "{shown}");
    let _ = app.update(Action::Rewind(Move::Live));
    assert!(screen(&app).contains("notes · line 15"));
    assert_eq!(app.view().map(|v| v.mode), Some(Mode::Running));
}
