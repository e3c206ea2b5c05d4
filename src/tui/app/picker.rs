//! The picker's state: the filter typed, whether letters go into it, the highlighted lesson,
//! and which lessons match. Opening the highlighted lesson is here too; drawing the picker is
//! `screens::picker`.

use std::sync::Arc;

use super::{App, Effect};
use crate::lesson::{KnobValues, Lesson};

/// What the picker remembers between keys.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Picker {
    /// Typed filter text (matches id, concept and title in both languages, and the name of a
    /// lesson folder).
    pub filter: String,
    /// True after `/`: every key types into the filter until Esc or Enter.
    pub typing: bool,
    /// Index into `filtered(..)` of the highlighted lesson.
    pub selected: usize,
}

/// The lessons (indices into the catalogue) that match the filter, in chapter order.
pub fn filtered(lessons: &[Arc<Lesson>], filter: &str) -> Vec<usize> {
    let f = filter.to_lowercase();
    (0..lessons.len())
        .filter(|&i| {
            let l = &lessons[i];
            let folder = l.folder_name().unwrap_or_default();
            f.is_empty()
                || [&l.id, &l.concept.en, &l.concept.zh, &l.title.en, &l.title.zh, &folder]
                    .iter()
                    .any(|s| s.to_lowercase().contains(&f))
        })
        .collect()
}

impl Picker {
    /// Whether letters go into the filter (after `/`, or once something is typed) rather than
    /// being commands.
    pub fn filtering(&self) -> bool {
        self.typing || !self.filter.is_empty()
    }

    pub(super) fn push(&mut self, c: char) {
        self.filter.push(c);
        self.selected = 0;
    }

    /// Backspace: the filter's last letter goes; on an empty filter, typing stops.
    pub(super) fn pop(&mut self) {
        if self.filter.pop().is_none() {
            self.typing = false;
        }
        self.selected = 0;
    }
}

impl App {
    /// Moves the highlight through the lessons that match, wrapping around.
    pub(super) fn picker_move(&mut self, d: i32) -> Vec<Effect> {
        let n = filtered(&self.catalog, &self.picker.filter).len();
        if n > 0 {
            self.picker.selected = (self.picker.selected as i64 + i64::from(d)).rem_euclid(n as i64) as usize;
        }
        Vec::new()
    }

    /// Changes the filter (typing, deleting, clearing).
    pub(super) fn edit_filter(&mut self, edit: impl FnOnce(&mut Picker)) -> Vec<Effect> {
        edit(&mut self.picker);
        Vec::new()
    }

    /// Opens the highlighted lesson.
    pub(super) fn open_picked(&mut self) -> Vec<Effect> {
        let matches = filtered(&self.catalog, &self.picker.filter);
        let Some(&at) = matches.get(self.picker.selected) else { return Vec::new() };
        // Back in the picker later, the list is whole again with this lesson selected.
        self.picker = Picker { selected: at, ..Picker::default() };
        match self.catalog.get(at).cloned() {
            Some(lesson) => self.open(lesson, KnobValues::new(), 1.0),
            None => Vec::new(),
        }
    }
}
