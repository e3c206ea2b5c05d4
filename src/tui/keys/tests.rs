use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::text::Lang;
use crate::tui::app::{MANY_RUNS, Move, Pane};
use crate::tui::theme::Theme;

fn press(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// The TUI on the picker, with the built-in lessons.
fn picker_app() -> App {
    let lessons = crate::lesson::builtin::catalog().expect("built-in lessons load");
    App::new(lessons.into_iter().map(std::sync::Arc::new).collect(), Lang::En, Theme::plain())
}

fn lesson_app() -> App {
    let mut app = picker_app();
    let _ = app.update(Action::PickerOpen);
    // Past the predictions: space starts the run.
    let _ = app.update(Action::TogglePause);
    assert_eq!(app.view().map(|v| v.mode), Some(Mode::Running));
    app
}

/// The open lesson in this mode with this tab shown.
fn lesson_in(mode: Mode, tab: Tab) -> App {
    let mut app = picker_app();
    let _ = app.update(Action::PickerOpen);
    if let Screen::Lesson(view) = &mut app.screen {
        view.mode = mode;
        view.tab = tab;
    }
    app
}

/// The TUI in every place a key can mean something different.
fn every_place() -> Vec<App> {
    let mut places = vec![picker_app()];
    let mut typing = picker_app();
    let _ = typing.update(Action::StartFilter);
    places.push(typing);
    let mut filtered = picker_app();
    let _ = filtered.update(Action::FilterPush('s'));
    places.push(filtered);
    let mut help = picker_app();
    let _ = help.update(Action::ToggleHelp);
    places.push(help);
    for mode in [Mode::Ready, Mode::Running, Mode::Paused, Mode::Finished] {
        for tab in [Tab::Workbook, Tab::Code, Tab::Story] {
            places.push(lesson_in(mode, tab));
        }
    }
    let mut help = lesson_app();
    let _ = help.update(Action::ToggleHelp);
    places.push(help);
    let mut knobs = lesson_app();
    let _ = knobs.update(Action::OpenKnobs);
    places.push(knobs);
    for mode in [Mode::Ready, Mode::Running, Mode::Finished] {
        let mut present = lesson_in(mode, Tab::Code);
        present.present = Some(Pane::Code);
        places.push(present);
    }
    places
}

/// Presses that stand for `key` in the tests.
fn presses(key: Key) -> Vec<KeyEvent> {
    match key {
        Key::Char(c) => vec![press(KeyCode::Char(c))],
        Key::Chars(from, to) => (from..=to).map(|c| press(KeyCode::Char(c))).collect(),
        Key::Code(code) => vec![press(code)],
        Key::Ctrl(c) => vec![KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)],
        Key::OtherChar => "zZé中/1 ".chars().map(|c| press(KeyCode::Char(c))).collect(),
        Key::Other => vec![press(KeyCode::F(5)), press(KeyCode::Home), press(KeyCode::Char('z')), press(KeyCode::Esc)],
    }
}

/// The bindings that work in `app` and name `key` (wildcards aside).
fn named_here(app: &App, key: KeyEvent) -> Vec<&'static Binding> {
    let at = Place::of(app);
    KEYS.iter()
        .filter(|b| b.when.holds(&app.overlay, at))
        .filter(|b| b.keys.iter().any(|(k, _)| !k.is_wildcard() && k.matches(key)))
        .collect()
}

#[test]
fn every_key_the_table_lists_does_its_action_wherever_it_works() {
    let places = every_place();
    for b in KEYS {
        let mut worked = false;
        for app in places.iter().filter(|app| b.when.holds(&app.overlay, Place::of(app))) {
            worked = true;
            for (key, act) in b.keys {
                for pressed in presses(*key) {
                    if key.is_wildcard() && !named_here(app, pressed).is_empty() {
                        continue;
                    }
                    assert_eq!(
                        action_for(app, pressed),
                        act.action(pressed),
                        "{:?} at {:?} with {:?}",
                        pressed.code,
                        Place::of(app),
                        app.overlay
                    );
                }
            }
        }
        assert!(worked, "no place where {:?} ({}) works", b.when, b.label);
    }
}

#[test]
fn where_two_bindings_work_at_once_they_name_different_keys() {
    let every_key: Vec<KeyEvent> = KEYS.iter().flat_map(|b| b.keys).flat_map(|(k, _)| presses(*k)).collect();
    for app in every_place() {
        for &key in &every_key {
            let named = named_here(&app, key);
            assert!(named.len() <= 1, "{:?} at {:?}: {:?}", key.code, Place::of(&app), named);
        }
    }
}

#[test]
fn every_binding_has_a_label_and_help_in_both_languages_and_footer_words_when_offered() {
    // A key the catalog lacks looks itself up: `t` gives the key back.
    let in_catalog = |key: &'static str| [Lang::En, Lang::Zh].iter().all(|l| !l.t(key).is_empty() && l.t(key) != key);
    for b in KEYS {
        let wildcard = b.keys.iter().all(|(k, _)| k.is_wildcard());
        assert!(!b.label.is_empty() || wildcard, "{b:?}");
        assert!(in_catalog(b.help), "{b:?}");
        if let Some(h) = b.hint {
            assert!(in_catalog(h.words), "{b:?}");
        }
    }
    let m = KEYS.iter().find(|b| b.keys.iter().any(|(_, a)| matches!(a, Act::Is(Action::ManyRuns))));
    let says_how_many = |b: &Binding| [Lang::En, Lang::Zh].iter().all(|l| l.t(b.help).contains(&MANY_RUNS.to_string()));
    assert!(m.is_some_and(says_how_many), "{m:?}");
}

#[test]
fn the_footer_keeps_the_lowest_ranks_and_shows_them_in_table_order() {
    let at = Place::Lesson { mode: Mode::Running, tab: Tab::Code, present: false };
    let offered = KEYS.iter().filter(|b| b.offered_on(at));
    let kept = fitting(offered, 3, |chosen| chosen.len());
    let labels: Vec<&str> = kept.iter().map(|b| b.first_label()).collect();
    assert_eq!(labels, ["space", "?", "q"]);
}

#[test]
fn the_issue_keys_do_what_the_footer_says_in_a_lesson() {
    let app = lesson_app();
    assert_eq!(action_for(&app, press(KeyCode::Char(' '))), Some(Action::TogglePause));
    assert_eq!(action_for(&app, press(KeyCode::Char('n'))), Some(Action::Step));
    assert_eq!(action_for(&app, press(KeyCode::Right)), Some(Action::Rewind(Move::Events(1))));
    assert_eq!(action_for(&app, press(KeyCode::Left)), Some(Action::Rewind(Move::Events(-1))));
    assert_eq!(action_for(&app, press(KeyCode::Char('['))), Some(Action::Rewind(Move::Interesting(-1))));
    assert_eq!(action_for(&app, press(KeyCode::Char(']'))), Some(Action::Rewind(Move::Interesting(1))));
    assert_eq!(action_for(&app, press(KeyCode::End)), Some(Action::Rewind(Move::Live)));
    assert_eq!(action_for(&app, press(KeyCode::Char('u'))), Some(Action::Undo));
    assert_eq!(action_for(&app, press(KeyCode::Char('.'))), Some(Action::RunToInteresting));
    assert_eq!(action_for(&app, press(KeyCode::Char('p'))), Some(Action::TogglePresent));
    assert_eq!(action_for(&app, press(KeyCode::Tab)), Some(Action::NextLane(1)));
    assert_eq!(action_for(&app, press(KeyCode::Char('3'))), Some(Action::SelectLane(2)));
    assert_eq!(action_for(&app, press(KeyCode::Char('+'))), Some(Action::Faster));
    assert_eq!(action_for(&app, press(KeyCode::Char('-'))), Some(Action::Slower));
    assert_eq!(action_for(&app, press(KeyCode::Char('r'))), Some(Action::Restart));
    assert_eq!(action_for(&app, press(KeyCode::Char('k'))), Some(Action::OpenKnobs));
    assert_eq!(action_for(&app, press(KeyCode::Char('l'))), Some(Action::ToggleLang));
    assert_eq!(action_for(&app, press(KeyCode::Char('?'))), Some(Action::ToggleHelp));
    assert_eq!(action_for(&app, press(KeyCode::Char('q'))), Some(Action::Back));
}

#[test]
fn in_presenter_mode_digits_choose_a_pane_and_outside_it_a_process() {
    let mut app = lesson_app();
    assert_eq!(action_for(&app, press(KeyCode::Char('4'))), Some(Action::SelectLane(3)));
    let _ = app.update(Action::TogglePresent);
    assert_eq!(action_for(&app, press(KeyCode::Char('4'))), Some(Action::ShowPane(Pane::Timeline)));
    assert_eq!(action_for(&app, press(KeyCode::Char('9'))), None);
    let _ = app.update(Action::ShowPane(Pane::Output));
    assert_eq!(app.present, Some(Pane::Output));
    let _ = app.update(Action::TogglePresent);
    assert_eq!(app.present, None);
}

#[test]
fn typing_in_the_picker_filters_and_letters_stay_in_the_filter() {
    let mut app = picker_app();
    assert_eq!(action_for(&app, press(KeyCode::Char('s'))), Some(Action::FilterPush('s')));
    let _ = app.update(Action::FilterPush('s'));
    // With a filter typed, q is a letter of the filter, not quit.
    assert_eq!(action_for(&app, press(KeyCode::Char('q'))), Some(Action::FilterPush('q')));
    assert_eq!(action_for(&app, press(KeyCode::Esc)), Some(Action::FilterClear));
    // After `/`, even command letters are typed into the filter.
    let _ = app.update(Action::FilterClear);
    assert_eq!(action_for(&app, press(KeyCode::Char('l'))), Some(Action::ToggleLang));
    let _ = app.update(Action::StartFilter);
    assert_eq!(action_for(&app, press(KeyCode::Char('l'))), Some(Action::FilterPush('l')));
}

#[test]
fn the_knob_editor_takes_the_arrow_keys_while_open() {
    let mut app = lesson_app();
    let _ = app.update(Action::OpenKnobs);
    assert_eq!(action_for(&app, press(KeyCode::Down)), Some(Action::KnobMove(1)));
    assert_eq!(action_for(&app, press(KeyCode::Right)), Some(Action::KnobChange(1)));
    assert_eq!(action_for(&app, press(KeyCode::Enter)), Some(Action::KnobApply));
    assert_eq!(action_for(&app, press(KeyCode::Esc)), Some(Action::CloseOverlay));
    assert_eq!(action_for(&app, press(KeyCode::Char('x'))), None);
}

#[test]
fn before_the_run_keys_answer_the_workbook_and_n_starts_paused() {
    let mut app = picker_app();
    let _ = app.update(Action::PickerOpen);
    assert_eq!(action_for(&app, press(KeyCode::Char('7'))), Some(Action::AnswerDigit(Some('7'))));
    assert_eq!(action_for(&app, press(KeyCode::Down)), Some(Action::WorkbookMove(1)));
    assert_eq!(action_for(&app, press(KeyCode::Char('h'))), Some(Action::Hint));
    assert_eq!(action_for(&app, press(KeyCode::Char('m'))), Some(Action::ManyRuns));
    // Keys of a run do nothing before it.
    assert_eq!(action_for(&app, press(KeyCode::Char('r'))), None);
    assert_eq!(action_for(&app, press(KeyCode::Tab)), None);
    let effects = app.update(Action::Step);
    assert!(matches!(effects.as_slice(), [crate::tui::app::Effect::Start { paused: true, .. }]));
    assert_eq!(app.view().map(|v| v.mode), Some(Mode::Paused));
}

#[test]
fn after_the_run_the_arrows_choose_in_the_workbook_when_it_is_shown() {
    let app = lesson_in(Mode::Finished, Tab::Workbook);
    assert_eq!(action_for(&app, press(KeyCode::Up)), Some(Action::WorkbookMove(-1)));
    assert_eq!(action_for(&app, press(KeyCode::Tab)), Some(Action::NextLane(1)));
    let app = lesson_in(Mode::Finished, Tab::Code);
    assert_eq!(action_for(&app, press(KeyCode::Up)), Some(Action::NextLane(-1)));
}

#[test]
fn any_key_closes_the_help_but_l_and_on_the_picker_q() {
    let mut app = lesson_app();
    let _ = app.update(Action::ToggleHelp);
    assert_eq!(action_for(&app, press(KeyCode::Char('q'))), Some(Action::CloseOverlay));
    assert_eq!(action_for(&app, press(KeyCode::Char('l'))), Some(Action::ToggleLang));
    let mut app = picker_app();
    let _ = app.update(Action::ToggleHelp);
    assert_eq!(action_for(&app, press(KeyCode::Char('q'))), Some(Action::Back));
    assert_eq!(action_for(&app, press(KeyCode::Enter)), Some(Action::CloseOverlay));
}

#[test]
fn ctrl_c_quits_from_anywhere() {
    for app in every_place() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(action_for(&app, ctrl_c), Some(Action::Quit), "{:?}", Place::of(&app));
    }
}

#[test]
fn after_the_run_n_starts_the_next_one_paused_and_page_keys_scroll_the_output() {
    let app = lesson_in(Mode::Finished, Tab::Code);
    assert_eq!(action_for(&app, press(KeyCode::Char('n'))), Some(Action::Step));
    assert_eq!(action_for(&app, press(KeyCode::Right)), Some(Action::Rewind(Move::Events(1))));
    assert_eq!(action_for(&app, press(KeyCode::PageUp)), Some(Action::ScrollOutput(-3)));
    assert_eq!(action_for(&app, press(KeyCode::PageDown)), Some(Action::ScrollOutput(3)));
    let footer: Vec<&str> =
        KEYS.iter().filter(|b| b.offered_on(Place::of(&app))).filter_map(|b| b.hint.map(|h| h.words)).collect();
    assert!(footer.contains(&"keys.hint.start_paused"), "{footer:?}");
}

#[test]
fn question_mark_in_the_help_box_turns_its_page() {
    let mut app = lesson_app();
    let _ = app.update(Action::ToggleHelp);
    assert_eq!(action_for(&app, press(KeyCode::Char('?'))), Some(Action::HelpPage));
    let _ = app.update(Action::HelpPage);
    assert_eq!(action_for(&app, press(KeyCode::Char('?'))), Some(Action::HelpPage));
    assert_eq!(action_for(&app, press(KeyCode::Char('l'))), Some(Action::ToggleLang));
    assert_eq!(action_for(&app, press(KeyCode::Enter)), Some(Action::CloseOverlay));
}
