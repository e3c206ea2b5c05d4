//! Keys become actions, in one place: one table (keys/table.rs) says for every key what it
//! does, where it works, how the help explains it and whether the footer offers it. Key
//! handling, the footer and the `?` help all read that table, so they cannot drift apart.
//! The table's words are catalog keys (`keys.*`), looked up when drawn. Pure: tested without
//! a terminal.

mod table;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::app::{Action, App, Mode, Overlay, Screen, Tab};

pub use table::KEYS;

/// Where the student is, as far as keys care: the screen, and on it whether a filter is being
/// typed or the lesson's mode and tab.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Picker { filtering: bool },
    Lesson { mode: Mode, tab: Tab, present: bool },
}

impl Place {
    pub fn of(app: &App) -> Place {
        match &app.screen {
            Screen::Picker => Place::Picker { filtering: app.picker.filtering() },
            Screen::Lesson(view) => Place::Lesson { mode: view.mode, tab: view.tab, present: app.present.is_some() },
        }
    }
}

/// Where a binding works.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// Everywhere, over any overlay.
    Always,
    /// The help box is open (either page, over either screen).
    HelpBox,
    /// The help box is open over the picker.
    HelpOverPicker,
    /// The knob editor is open.
    KnobBox,
    /// The picker, filter or not.
    Picker,
    /// The picker with no filter typed: letters are commands.
    Browsing,
    /// The picker while a filter is typed: letters go into it.
    Filtering,
    /// A lesson, in any mode.
    Lesson,
    /// A lesson before its run, waiting for the predictions.
    Ready,
    /// A lesson running, paused or finished.
    Run,
    /// A lesson running or paused.
    Live,
    /// A lesson waiting for its run or finished.
    Idle,
    /// Where ↑↓ choose in the workbook: before the run, or after it with the workbook shown.
    Workbook,
    /// Where ↑↓ choose a process: wherever the workbook does not take them.
    Lanes,
    /// Where 1-9 choose a process: running, paused or finished, outside presenter mode.
    Choosing,
    /// A lesson in presenter mode, past the predictions (whose digits are answers).
    Present,
}

impl When {
    /// Whether these keys work now.
    pub fn holds(self, overlay: &Overlay, at: Place) -> bool {
        match self {
            When::Always => true,
            When::HelpBox => overlay.is_help(),
            When::HelpOverPicker => overlay.is_help() && matches!(at, Place::Picker { .. }),
            When::KnobBox => matches!(overlay, Overlay::Knobs(_)),
            _ => *overlay == Overlay::None && self.on(at),
        }
    }

    /// Whether these keys belong to the screen at `at`, overlays aside: what its footer offers.
    pub fn on(self, at: Place) -> bool {
        let present = matches!(at, Place::Lesson { present: true, .. });
        // Presenter mode shows no workbook after the run: ↑↓ choose a process there.
        let workbook =
            |mode: Mode, tab: Tab| mode == Mode::Ready || (mode == Mode::Finished && tab == Tab::Workbook && !present);
        match (self, at) {
            (When::Always, _) => true,
            (When::HelpBox | When::HelpOverPicker | When::KnobBox, _) => false,
            (When::Picker, Place::Picker { .. }) => true,
            (When::Browsing, Place::Picker { filtering }) => !filtering,
            (When::Filtering, Place::Picker { filtering }) => filtering,
            (When::Lesson, Place::Lesson { .. }) => true,
            (When::Ready, Place::Lesson { mode, .. }) => mode == Mode::Ready,
            (When::Run, Place::Lesson { mode, .. }) => mode != Mode::Ready,
            (When::Live, Place::Lesson { mode, .. }) => matches!(mode, Mode::Running | Mode::Paused),
            (When::Idle, Place::Lesson { mode, .. }) => matches!(mode, Mode::Ready | Mode::Finished),
            (When::Workbook, Place::Lesson { mode, tab, .. }) => workbook(mode, tab),
            (When::Lanes, Place::Lesson { mode, tab, .. }) => !workbook(mode, tab),
            (When::Choosing, Place::Lesson { mode, .. }) => mode != Mode::Ready && !present,
            (When::Present, Place::Lesson { mode, .. }) => present && mode != Mode::Ready,
            _ => false,
        }
    }

    /// Whether the `?` help of the screen at `at` lists these keys. The overlays' keys are
    /// listed on a line of their own box instead; the predicting keys and presenter mode's
    /// only where they work.
    pub fn listed_on(self, at: Place) -> bool {
        match self {
            When::Always => true,
            When::HelpBox | When::HelpOverPicker | When::KnobBox => false,
            When::Picker | When::Browsing | When::Filtering => matches!(at, Place::Picker { .. }),
            When::Present => matches!(at, Place::Lesson { present: true, .. }),
            // Predicting keys only before the run, where they work.
            When::Ready => matches!(at, Place::Lesson { mode: Mode::Ready, .. }),
            _ => matches!(at, Place::Lesson { .. }),
        }
    }
}

/// A key as the table names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// This character (modifiers aside).
    Char(char),
    /// Any character from the first to the second.
    Chars(char, char),
    /// A key without a character: arrows, Enter, Esc, Tab, Backspace.
    Code(KeyCode),
    /// Ctrl and this letter.
    Ctrl(char),
    /// Any printable character no other binding that works here takes.
    OtherChar,
    /// Any key no other binding that works here takes.
    Other,
}

impl Key {
    /// A key that stands for whatever else is pressed: it yields to every named key.
    pub fn is_wildcard(self) -> bool {
        matches!(self, Key::OtherChar | Key::Other)
    }

    pub fn matches(self, key: KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match (self, key.code) {
            (Key::Char(c), KeyCode::Char(k)) => k == c,
            (Key::Chars(from, to), KeyCode::Char(k)) => (from..=to).contains(&k),
            (Key::Code(code), k) => k == code,
            (Key::Ctrl(c), KeyCode::Char(k)) => ctrl && k == c,
            (Key::OtherChar, KeyCode::Char(k)) => !k.is_control(),
            (Key::Other, _) => true,
            _ => false,
        }
    }
}

/// What a key does: always the same action, or one made from the character typed.
#[derive(Clone, Debug)]
pub enum Act {
    Is(Action),
    Typed(fn(char) -> Action),
}

impl Act {
    pub fn action(&self, key: KeyEvent) -> Option<Action> {
        match (self, key.code) {
            (Act::Is(action), _) => Some(action.clone()),
            (Act::Typed(make), KeyCode::Char(c)) => Some(make(c)),
            (Act::Typed(_), _) => None,
        }
    }
}

/// How the footer offers a binding.
#[derive(Clone, Copy, Debug)]
pub struct Hint {
    /// The catalog key of the footer's word for it (`keys.hint.move`).
    pub words: &'static str,
    /// When the footer is short of room, lower ranks stay.
    pub rank: u8,
    /// Where the footer offers it, when that is narrower than where the keys work.
    pub only: Option<When>,
}

/// One row of the key table.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    pub when: When,
    /// Each key and what it does.
    pub keys: &'static [(Key, Act)],
    /// How the keys are written: alternatives separated by spaces, of which the footer shows
    /// the first. Empty for "any other key".
    pub label: &'static str,
    /// The catalog key of what they do, for the help (`keys.picker_move`).
    pub help: &'static str,
    pub hint: Option<Hint>,
}

impl Binding {
    pub const fn new(when: When, keys: &'static [(Key, Act)], label: &'static str, help: &'static str) -> Binding {
        Binding { when, keys, label, help, hint: None }
    }

    /// The same binding, offered by the footer with these words (a catalog key) at this rank.
    pub const fn hint(self, rank: u8, words: &'static str) -> Binding {
        Binding { hint: Some(Hint { words, rank, only: None }), ..self }
    }

    /// The same binding, offered by the footer only where `when` holds.
    pub const fn hint_only(self, rank: u8, words: &'static str, when: When) -> Binding {
        Binding { hint: Some(Hint { words, rank, only: Some(when) }), ..self }
    }

    /// The keys as the footer writes them: the first of the label's alternatives.
    pub fn first_label(&self) -> &'static str {
        self.label.split(' ').next().unwrap_or("")
    }

    /// Whether the footer of the screen at `at` offers this binding.
    pub fn offered_on(&self, at: Place) -> bool {
        self.hint.is_some_and(|h| self.when.on(at) && h.only.is_none_or(|w| w.on(at)))
    }
}

/// The action for a key press, if it means anything here. A named key wins over a wildcard.
pub fn action_for(app: &App, key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let at = Place::of(app);
    let pressed = |wildcard: bool| {
        KEYS.iter()
            .filter(|b| b.when.holds(&app.overlay, at))
            .flat_map(|b| b.keys)
            .find(|(k, _)| k.is_wildcard() == wildcard && k.matches(key))
    };
    pressed(false).or_else(|| pressed(true)).and_then(|(_, act)| act.action(key))
}

/// Of the `offered` bindings, those the footer keeps when each takes `width_of` columns and
/// there are `room`: lowest rank first, then table order; returned in table order.
pub fn fitting(
    offered: impl IntoIterator<Item = &'static Binding>,
    room: usize,
    width_of: impl Fn(&[&Binding]) -> usize,
) -> Vec<&'static Binding> {
    let offered: Vec<&'static Binding> = offered.into_iter().filter(|b| b.hint.is_some()).collect();
    let mut by_rank: Vec<usize> = (0..offered.len()).collect();
    by_rank.sort_by_key(|&i| (offered[i].hint.map_or(u8::MAX, |h| h.rank), i));
    let mut kept: Vec<usize> = Vec::new();
    for i in by_rank {
        let at = kept.partition_point(|&k| k < i);
        kept.insert(at, i);
        let chosen: Vec<&Binding> = kept.iter().map(|&k| offered[k]).collect();
        if width_of(&chosen) > room {
            kept.remove(at);
        }
    }
    kept.into_iter().map(|k| offered[k]).collect()
}

#[cfg(test)]
mod tests;
