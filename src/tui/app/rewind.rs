//! The rewind cursor: ←/→ move it one event, `[`/`]` to the previous / next interesting event,
//! Home/End to the start and back to live. The view's `world()` is the run's World after the
//! cursor's event (from `History`), so every pane shows the run as it was then. Rewinding a
//! running run pauses it; bringing the cursor back to the end resumes it.

use std::collections::HashMap;

use super::{App, Effect, LessonView, Mode, touched_object};
use crate::event::{Event, EventKind};

/// How far the cursor moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    /// This many events on (back when negative).
    Events(i32),
    /// To the next (previous when negative) interesting event.
    Interesting(i32),
    /// Before the first event.
    Start,
    /// To the end: following the run live again.
    Live,
}

/// Whether an event is one a student watches for: a lock or semaphore taken or given back, an
/// item put or got, a print, a process's code ending, or the run ending (a deadlock).
pub fn interesting(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Acquired { .. }
            | EventKind::Released { .. }
            | EventKind::Put { .. }
            | EventKind::Got { .. }
            | EventKind::Printed { .. }
            | EventKind::PrintedPart { .. }
            | EventKind::Exiting { .. }
            | EventKind::RunEnded { .. }
    )
}

/// How far back the highlights of changed objects look (they fade in well under this).
const TOUCHED_LOOKBACK: usize = 256;

impl LessonView {
    /// How many events the panes show: the cursor, or every event so far.
    pub fn shown_events(&self) -> usize {
        self.cursor.unwrap_or(self.history.len())
    }

    /// The lesson time the panes show: the cursor's event's, or now.
    pub fn shown_now(&self) -> u64 {
        match self.cursor {
            Some(_) => self.world().now_ns,
            None => self.now_ns,
        }
    }

    /// Puts the cursor after event `i`; at or past the end it follows the run live again.
    pub(super) fn set_cursor(&mut self, i: usize) -> Vec<Effect> {
        if i >= self.history.len() {
            return self.follow_live();
        }
        let mut effects = Vec::new();
        if self.mode == Mode::Running {
            // Paused without becoming "stepping": the end of the cursor's road resumes it.
            self.mode = Mode::Paused;
            self.resume_at_end = true;
            self.until_interesting = false;
            effects.push(Effect::Pause);
        }
        self.cursor = Some(i);
        self.rewound = Some(self.history.world_at(i));
        self.touched = touched_by(&self.history.events()[..i]);
        effects
    }

    /// Shows the live World again; resumes the run if rewinding paused it.
    pub(super) fn follow_live(&mut self) -> Vec<Effect> {
        self.show_live();
        if std::mem::take(&mut self.resume_at_end) && self.mode == Mode::Paused {
            self.mode = Mode::Running;
            return vec![Effect::Resume];
        }
        Vec::new()
    }

    /// Shows the live World again, changing nothing about the run (an action on the run
    /// itself acts on what is live).
    pub(super) fn show_live(&mut self) {
        if self.cursor.take().is_some() {
            self.rewound = None;
            self.touched = touched_by(self.history.events());
        }
    }

    /// Where `m` takes the cursor.
    fn target(&self, m: Move) -> usize {
        let (at, len) = (self.shown_events(), self.history.len());
        let events = self.history.events();
        let after_interesting = |j: &usize| *j == 0 || events.get(j - 1).is_some_and(|e| interesting(&e.kind));
        match m {
            Move::Events(d) => at.saturating_add_signed(d as isize).min(len),
            Move::Interesting(d) if d > 0 => (at + 1..=len).find(after_interesting).unwrap_or(len),
            Move::Interesting(_) => (0..at).rev().find(after_interesting).unwrap_or(0),
            Move::Start => 0,
            Move::Live => len,
        }
    }
}

/// When each object last changed in `events`, as far back as a highlight can show.
fn touched_by(events: &[Event]) -> HashMap<String, u64> {
    let mut touched = HashMap::new();
    for ev in events.iter().rev().take(TOUCHED_LOOKBACK) {
        if let Some(object) = touched_object(&ev.kind) {
            touched.entry(object.to_string()).or_insert(ev.t_ns);
        }
    }
    touched
}

impl App {
    /// Moves the open lesson's rewind cursor.
    pub(super) fn rewind(&mut self, m: Move) -> Vec<Effect> {
        let Some(v) = self.view_mut() else { return Vec::new() };
        if v.mode == Mode::Ready {
            return Vec::new();
        }
        let to = v.target(m);
        v.set_cursor(to)
    }
}

#[cfg(test)]
mod tests;
