//! The lesson picker: lessons grouped by chapter, typing filters, a preview of the story.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use crate::lesson::Lesson;
use crate::text::Lang;
use crate::tui::theme::Theme;

/// What the picker remembers between keys.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Picker {
    /// Typed filter text (matches id, concept and title in both languages).
    pub filter: String,
    /// Index into `filtered(..)` of the highlighted lesson.
    pub selected: usize,
}

/// The lessons (indices into the catalogue) that match the filter, in chapter order.
pub fn filtered(lessons: &[Lesson], filter: &str) -> Vec<usize> {
    let f = filter.to_lowercase();
    (0..lessons.len())
        .filter(|&i| {
            let l = &lessons[i];
            f.is_empty()
                || [&l.id, &l.concept.en, &l.concept.zh, &l.title.en, &l.title.zh]
                    .iter()
                    .any(|s| s.to_lowercase().contains(&f))
        })
        .collect()
}

/// The picker screen.
pub struct PickerScreen<'a> {
    pub lessons: &'a [Lesson],
    pub picker: &'a Picker,
    pub theme: &'a Theme,
    pub lang: Lang,
}

impl Widget for &PickerScreen<'_> {
    fn render(self, _area: Rect, _buf: &mut Buffer) {}
}
