//! Presenter mode (`--present`, `p`): one pane fills the screen, `1`–`5` choose which, for a
//! classroom projector and a large font. And `.`'s stop: the next interesting event pauses the
//! run, so a presenter can walk the class through it event by event.

use super::{App, Effect, LessonView, Mode, interesting};

/// The pane presenter mode shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    Code,
    Lanes,
    Objects,
    Timeline,
    Output,
}

impl Pane {
    /// Every pane, in the order of the keys `1`–`5`.
    pub const ALL: [Pane; 5] = [Pane::Code, Pane::Lanes, Pane::Objects, Pane::Timeline, Pane::Output];

    /// The catalog key of its title.
    pub fn title(self) -> &'static str {
        match self {
            Pane::Code => "lesson.tab_python",
            Pane::Lanes => "lesson.processes",
            Pane::Objects => "lesson.objects",
            Pane::Timeline => "lesson.timeline",
            Pane::Output => "lesson.output",
        }
    }
}

impl LessonView {
    /// After `.`: pauses the run at an interesting event (the one just folded).
    pub(super) fn stop_if_interesting(&mut self) -> Vec<Effect> {
        let last_interesting = self.history.events().last().is_some_and(|ev| interesting(&ev.kind));
        if !self.until_interesting || !last_interesting || self.mode != Mode::Running {
            return Vec::new();
        }
        self.until_interesting = false;
        self.go(Mode::Paused);
        vec![Effect::Pause]
    }
}

impl App {
    /// `p`: presenter mode on (showing the code) or off.
    pub(super) fn toggle_present(&mut self) -> Vec<Effect> {
        self.present = match self.present {
            Some(_) => None,
            None => Some(Pane::Code),
        };
        Vec::new()
    }

    pub(super) fn show_pane(&mut self, pane: Pane) -> Vec<Effect> {
        if self.present.is_some() {
            self.present = Some(pane);
        }
        Vec::new()
    }
}
