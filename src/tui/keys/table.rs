//! The key table: every key of the TUI, where it works, what it does, how the help explains it
//! and how the footer offers it. Its order is the order of the help and of the footer.
//! Rules kept by tests: where two bindings work at once they name different keys (a wildcard
//! yields to a named key), and a help line fits 80 columns.

use crossterm::event::KeyCode::{
    BackTab, Backspace, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right, Tab, Up,
};

use super::Act::{Is, Typed};
use super::Key::{Char, Chars, Code, Ctrl, Other, OtherChar};
use super::{Binding, When};
use crate::tui::app::{Action, Move, Pane};

/// Lines of output one PgUp / PgDn scrolls.
const OUTPUT_PAGE: i32 = 3;

const LANG: &str = "keys.lang";
const LANG_HINT: &str = "keys.hint.lang";
/// Tab, 1-9 and (where the workbook does not take them) ↑↓ share one row of the help.
const CHOOSE_PROCESS: &str = "keys.choose_process";
/// `r` (run again) and `w` (save the run) share one row of the help.
const RESTART_SAVE: &str = "keys.restart_save";
/// `e` (edit the program) and `E` (the lesson's own again) share one row of the help.
const EDIT: &str = "keys.edit";

/// Every key binding, picker first, then the lesson, the boxes drawn over them, and Ctrl-C.
pub static KEYS: &[Binding] = &[
    // The picker.
    Binding::new(
        When::Browsing,
        &[
            (Code(Up), Is(Action::PickerMove(-1))),
            (Char('k'), Is(Action::PickerMove(-1))),
            (Code(Down), Is(Action::PickerMove(1))),
            (Char('j'), Is(Action::PickerMove(1))),
        ],
        "↑↓/jk",
        "keys.picker_move",
    )
    .hint(1, "keys.hint.move"),
    Binding::new(
        When::Filtering,
        &[(Code(Up), Is(Action::PickerMove(-1))), (Code(Down), Is(Action::PickerMove(1)))],
        "↑↓",
        "keys.picker_move_matching",
    )
    .hint(1, "keys.hint.move"),
    Binding::new(When::Picker, &[(Code(Enter), Is(Action::PickerOpen))], "Enter", "keys.picker_open")
        .hint(1, "keys.hint.open"),
    Binding::new(When::Browsing, &[(Char('/'), Is(Action::StartFilter))], "/", "keys.filter")
        .hint(2, "keys.hint.filter"),
    Binding::new(When::Browsing, &[(OtherChar, Typed(Action::FilterPush))], "abc…", "keys.filter_start"),
    Binding::new(When::Filtering, &[(OtherChar, Typed(Action::FilterPush))], "abc…", "keys.filter_type"),
    Binding::new(When::Picker, &[(Code(Backspace), Is(Action::FilterPop))], "Backspace", "keys.filter_pop").hint_only(
        2,
        "keys.hint.delete",
        When::Filtering,
    ),
    Binding::new(When::Filtering, &[(Code(Esc), Is(Action::FilterClear))], "Esc", "keys.filter_clear")
        .hint(1, "keys.hint.clear"),
    Binding::new(When::Browsing, &[(Char('l'), Is(Action::ToggleLang))], "l", LANG).hint(3, LANG_HINT),
    Binding::new(When::Browsing, &[(Char('?'), Is(Action::ToggleHelp))], "?", "keys.help").hint(0, "keys.hint.help"),
    Binding::new(When::Browsing, &[(Char('q'), Is(Action::Back)), (Code(Esc), Is(Action::Back))], "q Esc", "keys.quit")
        .hint(0, "keys.hint.quit"),
    // A lesson: the workbook before the run, then the run.
    Binding::new(
        When::Workbook,
        &[(Code(Up), Is(Action::WorkbookMove(-1))), (Code(Down), Is(Action::WorkbookMove(1)))],
        "↑↓",
        "keys.workbook_move",
    )
    .hint(2, "keys.hint.question"),
    Binding::new(
        When::Ready,
        &[
            (Code(Left), Is(Action::AnswerChange(-1))),
            (Code(Right), Is(Action::AnswerChange(1))),
            (Chars('0', '9'), Typed(|c| Action::AnswerDigit(Some(c)))),
            (Code(Backspace), Is(Action::AnswerDigit(None))),
        ],
        "←→/0-9",
        "keys.answer",
    )
    .hint(2, "keys.hint.answer"),
    Binding::new(When::Lesson, &[(Char(' '), Is(Action::TogglePause))], "space", "keys.pause")
        .hint(1, "keys.hint.run_pause"),
    Binding::new(When::Ready, &[(Code(Enter), Is(Action::TogglePause))], "Enter", "keys.start"),
    Binding::new(When::Idle, &[(Char('n'), Is(Action::Step))], "n", "keys.start_paused")
        .hint(3, "keys.hint.start_paused"),
    Binding::new(When::Live, &[(Char('n'), Is(Action::Step))], "n", "keys.step").hint(1, "keys.hint.step"),
    Binding::new(When::Live, &[(Char('u'), Is(Action::Undo))], "u", "keys.step").hint(3, "keys.hint.undo"),
    Binding::new(When::Run, &[(Char('.'), Is(Action::RunToInteresting))], ".", "keys.run_to")
        .hint(3, "keys.hint.run_to"),
    Binding::new(
        When::Run,
        &[
            (Code(Left), Is(Action::Rewind(Move::Events(-1)))),
            (Code(Right), Is(Action::Rewind(Move::Events(1)))),
            (Char('['), Is(Action::Rewind(Move::Interesting(-1)))),
            (Char(']'), Is(Action::Rewind(Move::Interesting(1)))),
            (Code(Home), Is(Action::Rewind(Move::Start))),
            (Code(End), Is(Action::Rewind(Move::Live))),
        ],
        "←→/[]",
        "keys.rewind",
    )
    .hint(2, "keys.hint.rewind"),
    Binding::new(
        When::Run,
        &[(Code(Tab), Is(Action::NextLane(1))), (Code(BackTab), Is(Action::NextLane(-1)))],
        "Tab",
        CHOOSE_PROCESS,
    )
    .hint(3, "keys.hint.choose_process"),
    Binding::new(
        When::Choosing,
        &[(Chars('1', '9'), Typed(|c| Action::SelectLane(c as usize - '1' as usize)))],
        "1-9",
        CHOOSE_PROCESS,
    ),
    Binding::new(
        When::Lanes,
        &[(Code(Up), Is(Action::NextLane(-1))), (Code(Down), Is(Action::NextLane(1)))],
        "↑↓",
        CHOOSE_PROCESS,
    ),
    Binding::new(
        When::Run,
        &[
            (Char('+'), Is(Action::Faster)),
            (Char('='), Is(Action::Faster)),
            (Char('-'), Is(Action::Slower)),
            (Char('_'), Is(Action::Slower)),
        ],
        "+/-",
        "keys.speed",
    )
    .hint_only(3, "keys.hint.speed", When::Live),
    Binding::new(When::Run, &[(Char('x'), Is(Action::KillLane))], "x", "keys.kill").hint_only(
        3,
        "keys.hint.kill",
        When::Live,
    ),
    Binding::new(When::Run, &[(Char('r'), Is(Action::Restart))], "r", RESTART_SAVE).hint(2, "keys.hint.restart"),
    Binding::new(When::Run, &[(Char('w'), Is(Action::SaveRun))], "w", RESTART_SAVE),
    Binding::new(
        When::Run,
        &[
            (Code(PageUp), Is(Action::ScrollOutput(-OUTPUT_PAGE))),
            (Code(PageDown), Is(Action::ScrollOutput(OUTPUT_PAGE))),
        ],
        "PgUp/PgDn",
        "keys.scroll_output",
    ),
    // A lesson: whatever its mode.
    Binding::new(When::Lesson, &[(Char('h'), Is(Action::Hint))], "h", "keys.next_hint").hint(3, "keys.hint.next_hint"),
    Binding::new(When::Lesson, &[(Char('m'), Is(Action::ManyRuns))], "m", "keys.many_runs").hint_only(
        2,
        "keys.hint.many_runs",
        When::Idle,
    ),
    Binding::new(When::Lesson, &[(Char('k'), Is(Action::OpenKnobs))], "k", "keys.knobs").hint(4, "keys.hint.knobs"),
    Binding::new(When::Lesson, &[(Char('e'), Is(Action::EditProgram))], "e", EDIT).hint(4, "keys.hint.edit"),
    Binding::new(When::Lesson, &[(Char('E'), Is(Action::ResetProgram))], "E", EDIT),
    Binding::new(When::Lesson, &[(Char('s'), Is(Action::SwitchTab))], "s", "keys.switch_tab"),
    Binding::new(When::Lesson, &[(Char('p'), Is(Action::TogglePresent))], "p", "keys.switch_tab")
        .hint(4, "keys.hint.present"),
    Binding::new(
        When::Present,
        &[(Chars('1', '5'), Typed(|c| Action::ShowPane(Pane::ALL[(c as usize - '1' as usize).min(4)])))],
        "1-5",
        "keys.pane",
    )
    .hint(1, "keys.hint.pane"),
    Binding::new(When::Lesson, &[(Char('l'), Is(Action::ToggleLang))], "l", LANG).hint(5, LANG_HINT),
    Binding::new(When::Lesson, &[(Char('?'), Is(Action::ToggleHelp))], "?", "keys.help").hint(0, "keys.hint.help"),
    Binding::new(When::Lesson, &[(Char('q'), Is(Action::Back)), (Code(Esc), Is(Action::Back))], "q Esc", "keys.back")
        .hint(0, "keys.hint.back"),
    // The help box.
    Binding::new(When::HelpBox, &[(Char('l'), Is(Action::ToggleLang))], "l", LANG).hint(1, LANG_HINT),
    Binding::new(When::HelpBox, &[(Char('?'), Is(Action::HelpPage))], "?", "keys.help_page")
        .hint(1, "keys.hint.help_page"),
    Binding::new(When::HelpOverPicker, &[(Char('q'), Is(Action::Back))], "q", "keys.quit").hint(1, "keys.hint.quit"),
    Binding::new(When::HelpBox, &[(Other, Is(Action::CloseOverlay))], "", "keys.close_help").hint(1, "keys.hint.close"),
    // The knob editor.
    Binding::new(
        When::KnobBox,
        &[
            (Code(Up), Is(Action::KnobMove(-1))),
            (Char('k'), Is(Action::KnobMove(-1))),
            (Code(Down), Is(Action::KnobMove(1))),
            (Char('j'), Is(Action::KnobMove(1))),
        ],
        "↑↓",
        "keys.knob_move",
    )
    .hint(1, "keys.hint.knob_move"),
    Binding::new(
        When::KnobBox,
        &[
            (Code(Left), Is(Action::KnobChange(-1))),
            (Char('h'), Is(Action::KnobChange(-1))),
            (Char('-'), Is(Action::KnobChange(-1))),
            (Code(Right), Is(Action::KnobChange(1))),
            (Char('l'), Is(Action::KnobChange(1))),
            (Char('+'), Is(Action::KnobChange(1))),
            (Char(' '), Is(Action::KnobChange(1))),
        ],
        "←→",
        "keys.knob_change",
    )
    .hint(1, "keys.hint.knob_change"),
    Binding::new(When::KnobBox, &[(Code(Enter), Is(Action::KnobApply))], "Enter", "keys.knob_apply")
        .hint(1, "keys.hint.knob_apply"),
    Binding::new(
        When::KnobBox,
        &[(Code(Esc), Is(Action::CloseOverlay)), (Char('q'), Is(Action::CloseOverlay))],
        "Esc q",
        "keys.knob_cancel",
    )
    .hint(1, "keys.hint.knob_cancel"),
    // Everywhere.
    Binding::new(When::Always, &[(Ctrl('c'), Is(Action::Quit))], "Ctrl-C", "keys.quit_now"),
];
