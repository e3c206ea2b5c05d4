//! Keys and clicks become actions, in one place, depending only on what is open. Pure: tested
//! without a terminal.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::app::{Action, App, Mode, Overlay, Screen, Tab};

/// The action for a key press, if it means anything here.
pub fn action_for(app: &App, key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && matches!(key.code, KeyCode::Char('c')) {
        return Some(Action::Quit);
    }
    match &app.overlay {
        Overlay::Help => {
            return match key.code {
                KeyCode::Char('l') => Some(Action::ToggleLang),
                KeyCode::Char('q') if matches!(app.screen, Screen::Picker) => Some(Action::Back),
                _ => Some(Action::CloseOverlay),
            };
        }
        Overlay::Knobs(_) => {
            return match key.code {
                KeyCode::Up | KeyCode::Char('k') => Some(Action::KnobMove(-1)),
                KeyCode::Down | KeyCode::Char('j') => Some(Action::KnobMove(1)),
                KeyCode::Left | KeyCode::Char('h') | KeyCode::Char('-') => Some(Action::KnobChange(-1)),
                KeyCode::Right | KeyCode::Char('l') | KeyCode::Char('+') | KeyCode::Char(' ') => {
                    Some(Action::KnobChange(1))
                }
                KeyCode::Enter => Some(Action::KnobApply),
                KeyCode::Esc | KeyCode::Char('q') => Some(Action::CloseOverlay),
                _ => None,
            };
        }
        Overlay::None => {}
    }
    match &app.screen {
        Screen::Picker => match key.code {
            KeyCode::Up => Some(Action::PickerMove(-1)),
            KeyCode::Down => Some(Action::PickerMove(1)),
            KeyCode::Enter => Some(Action::PickerOpen),
            KeyCode::Backspace => Some(Action::FilterPop),
            KeyCode::Esc if app.picker.typing || !app.picker.filter.is_empty() => Some(Action::FilterClear),
            KeyCode::Esc => Some(Action::Back),
            // While filtering every letter goes to the filter; otherwise j, k, q, ?, l are
            // commands and any other letter starts a filter.
            KeyCode::Char(c) if (app.picker.typing || !app.picker.filter.is_empty()) && !c.is_control() => {
                Some(Action::FilterPush(c))
            }
            KeyCode::Char('/') => Some(Action::StartFilter),
            KeyCode::Char('k') => Some(Action::PickerMove(-1)),
            KeyCode::Char('j') => Some(Action::PickerMove(1)),
            KeyCode::Char('q') => Some(Action::Back),
            KeyCode::Char('?') => Some(Action::ToggleHelp),
            KeyCode::Char('l') => Some(Action::ToggleLang),
            KeyCode::Char(c) if !c.is_control() => Some(Action::FilterPush(c)),
            _ => None,
        },
        Screen::Lesson(view) if view.mode == Mode::Ready => match key.code {
            KeyCode::Up => Some(Action::WorkbookMove(-1)),
            KeyCode::Down => Some(Action::WorkbookMove(1)),
            KeyCode::Left => Some(Action::AnswerChange(-1)),
            KeyCode::Right => Some(Action::AnswerChange(1)),
            KeyCode::Char(c @ '0'..='9') => Some(Action::AnswerDigit(Some(c))),
            KeyCode::Backspace => Some(Action::AnswerDigit(None)),
            KeyCode::Char(' ') | KeyCode::Enter => Some(Action::TogglePause),
            KeyCode::Char('n') => Some(Action::Step),
            _ => lesson_key(key.code),
        },
        Screen::Lesson(view)
            if view.mode == Mode::Finished
                && view.tab == Tab::Workbook
                && matches!(key.code, KeyCode::Up | KeyCode::Down) =>
        {
            Some(Action::WorkbookMove(if key.code == KeyCode::Up { -1 } else { 1 }))
        }
        Screen::Lesson(_) => match key.code {
            KeyCode::Char('x') => Some(Action::KillLane),
            KeyCode::Char(' ') => Some(Action::TogglePause),
            KeyCode::Char('n') | KeyCode::Right => Some(Action::Step),
            KeyCode::Tab => Some(Action::NextLane(1)),
            KeyCode::BackTab => Some(Action::NextLane(-1)),
            KeyCode::Down => Some(Action::NextLane(1)),
            KeyCode::Up => Some(Action::NextLane(-1)),
            KeyCode::Char(c @ '1'..='9') => Some(Action::SelectLane(c as usize - '1' as usize)),
            KeyCode::Char('+') | KeyCode::Char('=') => Some(Action::Faster),
            KeyCode::Char('-') | KeyCode::Char('_') => Some(Action::Slower),
            KeyCode::Char('r') => Some(Action::Restart),
            _ => lesson_key(key.code),
        },
    }
}

/// Keys that mean the same in a lesson whatever its mode.
fn lesson_key(code: KeyCode) -> Option<Action> {
    match code {
        KeyCode::Char('m') => Some(Action::ManyRuns),
        KeyCode::Char('h') => Some(Action::Hint),
        KeyCode::Char('k') => Some(Action::OpenKnobs),
        KeyCode::Char('s') => Some(Action::SwitchTab),
        KeyCode::Char('l') => Some(Action::ToggleLang),
        KeyCode::Char('?') => Some(Action::ToggleHelp),
        KeyCode::Char('q') | KeyCode::Esc => Some(Action::Back),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Lang;
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
        assert_eq!(app.view().map(|v| v.mode), Some(crate::tui::app::Mode::Running));
        app
    }

    #[test]
    fn the_issue_keys_do_what_the_footer_says_in_a_lesson() {
        let app = lesson_app();
        assert_eq!(action_for(&app, press(KeyCode::Char(' '))), Some(Action::TogglePause));
        assert_eq!(action_for(&app, press(KeyCode::Char('n'))), Some(Action::Step));
        assert_eq!(action_for(&app, press(KeyCode::Right)), Some(Action::Step));
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
    }

    #[test]
    fn before_the_run_keys_answer_the_workbook_and_n_starts_paused() {
        let mut app = picker_app();
        let _ = app.update(Action::PickerOpen);
        assert_eq!(action_for(&app, press(KeyCode::Char('7'))), Some(Action::AnswerDigit(Some('7'))));
        assert_eq!(action_for(&app, press(KeyCode::Down)), Some(Action::WorkbookMove(1)));
        assert_eq!(action_for(&app, press(KeyCode::Char('h'))), Some(Action::Hint));
        assert_eq!(action_for(&app, press(KeyCode::Char('m'))), Some(Action::ManyRuns));
        let effects = app.update(Action::Step);
        assert!(matches!(effects.as_slice(), [crate::tui::app::Effect::Start { paused: true, .. }]));
        assert_eq!(app.view().map(|v| v.mode), Some(crate::tui::app::Mode::Paused));
    }

    #[test]
    fn ctrl_c_quits_from_anywhere() {
        let app = lesson_app();
        assert_eq!(action_for(&app, KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)), Some(Action::Quit));
    }
}
